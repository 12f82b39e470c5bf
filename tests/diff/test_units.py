"""The pieces of the diff: value comparison, rename detection, error-handling flags, imports."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from compiler.diff.machines import diff_machine
from compiler.diff.records import FieldChange
from compiler.diff.values import diff_values


def test_values_ignore_key_order_and_integral_floats() -> None:
    assert list(diff_values({"a": 1, "b": [2.0]}, {"b": [2], "a": 1.0})) == []


def test_removing_the_first_list_entry_is_one_removal() -> None:
    before = [{"ErrorEquals": ["A"]}, {"ErrorEquals": ["B"]}, {"ErrorEquals": ["C"]}]
    changes = list(diff_values(before, before[1:], "/Catch"))
    assert changes == [FieldChange("removed", "/Catch/0", {"ErrorEquals": ["A"]}, None)]


def test_pointer_escapes_slashes() -> None:
    [change] = diff_values({"a/b": 1}, {"a/b": 2})
    assert change.path == "/a~1b"


def chain(names: list[str], result_paths: dict[str, str] | None = None) -> dict[str, Any]:
    states: dict[str, Any] = {}
    for i, name in enumerate(names):
        state: dict[str, Any] = {"Type": "Pass", "ResultPath": (result_paths or {}).get(name, f"$.r{i}")}
        if i + 1 < len(names):
            state["Next"] = names[i + 1]
        else:
            state["End"] = True
        states[name] = state
    return {"StartAt": names[0], "States": states}


def test_chained_renames_confirm_each_other() -> None:
    base = chain(["A", "B", "C", "D"])
    head = chain(["A", "B2", "C2", "D"])
    change, _ = diff_machine("m", "m", base, head)
    assert change is not None
    assert [(s.kind, s.old_name, s.name) for s in change.states] == [
        ("renamed", "B", "B2"), ("renamed", "C", "C2")]
    assert all(not s.transitions for s in change.states)


def test_a_different_body_is_remove_and_add() -> None:
    base = chain(["A", "B", "C"])
    head = chain(["A", "X", "C"])
    head["States"]["X"] = {"Type": "Wait", "Seconds": 3, "Next": "C"}
    change, _ = diff_machine("m", "m", base, head)
    assert change is not None
    assert sorted((s.kind, s.name) for s in change.states) == [("added", "X"), ("changed", "A"), ("removed", "B")]


def test_same_body_elsewhere_in_the_graph_is_not_a_rename() -> None:
    # X has B's body but is reached from C, not from A: the transitions did not follow it.
    base = chain(["A", "B", "C"])
    head = chain(["A", "C", "X"], {"X": "$.r1", "C": "$.r2"})
    change, _ = diff_machine("m", "m", base, head)
    assert change is not None
    assert "renamed" not in {s.kind for s in change.states}


def test_renamed_and_edited_state_shows_both() -> None:
    base = chain(["A", "B", "C"])
    head = chain(["A", "B2", "C"])
    head["States"]["B2"]["Comment"] = "now with a comment"
    change, _ = diff_machine("m", "m", base, head)
    assert change is not None
    [state] = change.states
    assert (state.kind, state.old_name) == ("renamed", "B")
    assert state.fields == (FieldChange("added", "/Comment", None, "now with a comment"),)


def test_error_equals_narrowed_is_flagged() -> None:
    base = chain(["A", "B"])
    base["States"]["A"]["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": "B"}]
    head = chain(["A", "B"])
    head["States"]["A"]["Catch"] = [{"ErrorEquals": ["States.Timeout"], "Next": "B"}]
    _, flags = diff_machine("m", "m", base, head)
    assert [(f.category, f.subject) for f in flags] == [("error_handling", "m › A")]
    assert "narrowed" in flags[0].message and "States.ALL" in flags[0].message


def test_retry_removed_is_flagged_but_widened_is_not() -> None:
    base = chain(["A", "B"])
    base["States"]["A"]["Retry"] = [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}]
    head = chain(["A", "B"])
    _, flags = diff_machine("m", "m", base, head)
    assert [f.message for f in flags] == ["Retry removed (States.Timeout)"]
    head["States"]["A"]["Retry"] = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]
    assert diff_machine("m", "m", base, head)[1] == []


def test_rename_detection_scales_to_a_thousand_states() -> None:
    names = [f"S{i:04d}" for i in range(1000)]
    renamed = [f"{n} renamed" if i % 20 == 5 else n for i, n in enumerate(names)]
    base, head = chain(names), chain(renamed)
    change, _ = diff_machine("m", "m", base, head)
    assert change is not None
    # Its time is measured by bench/bench_diff.py, not asserted here.
    assert {s.kind for s in change.states} == {"renamed"} and len(change.states) == 50


def test_diff_and_graph_never_import_aws_cdk() -> None:
    code = (
        "import sys\n"
        "from compiler.cli import main\n"
        "main(['diff', 'workflow.yaml', 'workflow.yaml', '--format', 'markdown'])\n"
        "main(['graph', 'workflow.yaml', '--format', 'dot'])\n"
        "import compiler.diff, compiler.graph, compiler.diff.graphs, compiler.diff.revisions\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'constructs', 'jsii'))\n"
        "assert not bad, bad\n"
    )
    from tests.conftest import REPO

    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr

"""The ``jsonata`` and ``variables`` recordings of shared/conformance/asl, run by compiler.run.execute.

Until the runner evaluates JSONata (QueryLanguage) and workflow variables (Assign), every case skips
with a reason that says which part is missing; a probe decides, so nothing here needs editing when
the integration lands. The comparison is the runner suite's own (tests/run/test_conformance.py),
plus the recorded ``assigned_variables`` of each state when the runner records them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "asl"
CATEGORIES = ("jsonata", "variables")

# case id -> why it cannot match AWS locally (fill in once the runner is integrated).
EXPECTED_FAILURES: dict[str, str] = {}

_JSONATA_PROBE = {
    "QueryLanguage": "JSONata",
    "StartAt": "P",
    "States": {"P": {"Type": "Pass", "Output": "{% $states.input.a + 1 %}", "End": True}},
}
_VARIABLES_PROBE = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Assign": {"x": 41}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": True},
    },
}


@cache
def _missing() -> str | None:
    """Why the runner cannot run these cases yet, or None when it can."""
    try:
        from compiler.run import execute
    except ImportError as exc:
        return f"compiler.run.execute is not available yet ({exc})"
    try:
        jsonata = execute(_JSONATA_PROBE, {"a": 1})
    except Exception as exc:  # DefinitionError today: 'JSONata is not supported by the local runner yet'
        return f"JSONata is not integrated in the runner yet ({type(exc).__name__}: {exc})"
    if jsonata.output != 2:
        return f"JSONata is not integrated in the runner yet (probe gave {jsonata.output!r}, expected 2)"
    try:
        variables = execute(_VARIABLES_PROBE, {})
    except Exception as exc:
        return f"variables (Assign) are not integrated in the runner yet ({type(exc).__name__}: {exc})"
    if variables.output != {"v": 41}:
        return f"variables (Assign) are not integrated in the runner yet (probe gave {variables.output!r})"
    return None


def _cases() -> list[Any]:
    return [
        pytest.param(path, id=f"{path.parent.name}/{path.stem}")
        for category in CATEGORIES
        for path in sorted((CORPUS / category).glob("*.json"))
    ]


def _assigned_problems(case: dict[str, Any]) -> list[str]:
    """Compare each state's recorded ``assigned_variables`` when the runner records them."""
    from compiler.run import execute
    from tests.run.placeholders import Matcher

    wanted = [s for s in case.get("expected_states") or [] if "assigned_variables" in s]
    if not wanted:
        return []
    execution = execute(case["definition"], case["input"], name="conformance-execution",
                        state_machine_name="ConformanceMachine", state_machine_type=case["state_machine_type"])
    records = [r for r in execution.states if hasattr(r, "assigned_variables")]
    if not records:
        return []  # the runner does not record assignments (yet): nothing to compare
    match = Matcher(case.get("placeholders", ()))
    problems = []
    for want in wanted:
        got = [getattr(r, "assigned_variables", None) for r in records if r.name == want["name"]]
        if not any(match.match(want["assigned_variables"], g) for g in got):
            problems.append(f"{want['name']}: assigned {got!r}, AWS {want['assigned_variables']!r}")
    return problems


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/conformance/asl is not checked out next to the repo")
@pytest.mark.parametrize("path", _cases())
def test_jsonata_and_variables_conformance(path: Path) -> None:
    reason = _missing()
    if reason is not None:
        pytest.skip(reason)
    from tests.run.test_conformance import run_case

    case = json.loads(path.read_text(encoding="utf-8"))
    case_id = f"{path.parent.name}/{path.stem}"
    problems = run_case(case) + _assigned_problems(case)
    if case_id in EXPECTED_FAILURES:
        if not problems:
            pytest.fail(f"{case_id} now passes: remove it from EXPECTED_FAILURES")
        pytest.xfail(EXPECTED_FAILURES[case_id])
    assert not problems, "\n".join(problems)

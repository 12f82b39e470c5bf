"""``compiler import`` on the command line: output targets, --force, --into merging, exit codes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from compiler.cli import main
from tests.importer.conftest import FIXTURES, REPO

SUB = FIXTURES / "seed-asl" / "sub.asl.json"
MAIN = FIXTURES / "seed-asl" / "main.asl.json"


def test_writes_to_stdout_and_reports_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SUB)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# yaml-language-server") and "invoke: sfn_second_lambda" in out
    assert "import: sub: imported from sub.asl.json" in err


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "spec.yaml"
    assert main(["import", str(SUB), "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert main(["import", str(MAIN), "-o", str(out)]) == 2
    assert "M506" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == first
    assert main(["import", str(MAIN), "-o", str(out), "--force"]) == 0
    assert "start_execution" in out.read_text(encoding="utf-8")


def test_refused_import_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.asl.json"
    bad.write_text('{"StartAt": "A", "States": {"A": {"Type": "Nope"}}}', encoding="utf-8")
    out = tmp_path / "spec.yaml"
    assert main(["import", str(bad), "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "error[M503]" in err and "Traceback" not in err
    assert main(["import", str(tmp_path / "missing.json")]) == 2


def test_into_merges_without_disturbing_comments_or_formatting(tmp_path: Path) -> None:
    spec = tmp_path / "workflow.yaml"
    original = (REPO / "workflow.yaml").read_text(encoding="utf-8")
    spec.write_text(original, encoding="utf-8")
    assert main(["import", str(SUB), "--into", str(spec), "--name", "sub_copy"]) == 0
    merged = spec.read_text(encoding="utf-8")
    # Only insertions: every original line (comments, anchors, quoting) is still there, in order.
    ops = difflib.SequenceMatcher(a=original.splitlines(), b=merged.splitlines(), autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops), [op for op in ops if op[0] != "equal"]
    added = merged[len(original):]
    # The functions of workflow.yaml are recognised by name; nothing new under resources.
    assert "invoke: second" in added and "invoke: third" in added and "invoke: error" in added
    assert merged.count("type: function") == original.count("type: function")


def test_into_refuses_a_key_collision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "workflow.yaml"
    original = (REPO / "workflow.yaml").read_text(encoding="utf-8")
    spec.write_text(original, encoding="utf-8")
    assert main(["import", str(SUB), "--into", str(spec), "--name", "sub"]) == 1
    err = capsys.readouterr().err
    assert "error[M505]" in err and "'sub'" in err and f"{spec}:" in err
    assert spec.read_text(encoding="utf-8") == original


def test_into_adds_resources_and_parameters_sections(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("# mine\nversion: 1  # keep me\nstate_machines:\n  other:\n    states:\n"
                    "      Done: {type: succeed}\n", encoding="utf-8")
    # Written, but exit 1: the template's ${OrdersTable} became a parameter without a default (E364).
    assert main(["import", str(FIXTURES / "import" / "sam" / "template.yaml"), "--into", str(spec)]) == 1
    merged = spec.read_text(encoding="utf-8")
    assert merged.startswith("# mine\nversion: 1  # keep me\n")
    assert "Done: {type: succeed}" in merged
    assert merged.index("parameters:") < merged.index("resources:") < merged.index("state_machines:")

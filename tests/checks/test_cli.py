"""``compiler validate`` from the command line: exit codes, the text format and the machine formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main
from tests.checks.conftest import CASES, SEED

TYPO = "'context_name','const_value']"
TYPO_BROKEN = "'context_name','const_value]"


def _seed_copy(tmp_path: Path, old: str | None = None, new: str = "") -> Path:
    text = SEED.read_text(encoding="utf-8")
    if old is not None:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "workflow.yaml"
    path.write_text(text, encoding="utf-8")
    # The copy's handlers are the project's: the handlers check resolves code folders beside the spec.
    (tmp_path / "handlers").symlink_to(SEED.parent / "handlers", target_is_directory=True)
    (tmp_path / "layers").symlink_to(SEED.parent / "layers", target_is_directory=True)
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_seed_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")


def test_acceptance_seed_typo_is_one_error_at_the_input_path_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _seed_copy(tmp_path, TYPO, TYPO_BROKEN)
    line = _line_of(path, "input_path:")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    heads = [row for row in out.splitlines() if row.startswith(str(path))]
    assert len(heads) == 1, out
    assert heads[0].startswith(f"{path}:{line}:")
    assert "error[E320]" in heads[0]
    assert "1 error(s), 0 warning(s)" in out


def test_acceptance_catch_typo_names_the_line_and_the_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _seed_copy(tmp_path, "next: Error Task", "next: Eror Task")
    line = _line_of(path, "next: Eror Task")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{line}:19: error[E302] 'next' names 'Eror Task'" in out
    assert "= hint: did you mean 'Error Task'?" in out
    assert "E310" not in out  # the state it meant is not also reported as unreachable


def test_text_format_has_source_line_caret_and_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _seed_copy(tmp_path, "next: Error Task", "next: Eror Task")
    main(["validate", str(path)])
    lines = capsys.readouterr().out.splitlines()
    head = next(i for i, row in enumerate(lines) if "error[E302]" in row)
    assert lines[head + 1].rstrip().endswith("| " + "            next: Eror Task")
    caret = lines[head + 2]
    assert caret.strip() == "^" * len("Eror Task")
    assert caret.index("^") == lines[head + 1].index("Eror Task")
    assert lines[head + 3] == "      = hint: did you mean 'Error Task'?"


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert "error[Y111]" in capsys.readouterr().out


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(CASES / "invalid" / "w401_unused.yaml")
    assert main(["validate", spec]) == 0
    assert "warning[W401]" in capsys.readouterr().out
    assert main(["validate", "--strict", spec]) == 1


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    spec = CASES / "invalid" / "e302_unknown_state.yaml"
    assert main(["validate", "--no-nag", "--format", "json", str(spec)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"] == {"errors": 1, "warnings": 0}
    (item,) = doc["diagnostics"]
    assert (item["code"], item["line"], item["hint"]) == ("E302", 11, "did you mean 'Cancel Order'?")
    assert item["path"] == ["state_machines", "main", "states", "Check Stock", "default"]


def test_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    spec = CASES / "invalid" / "e310_unreachable.yaml"
    assert main(["validate", "--no-nag", "--format", "github", str(spec)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"::error file={spec},line=8,col=7,")
    assert "title=E310::" in out


def test_sarif_format_shape(capsys: pytest.CaptureFixture[str]) -> None:
    specs = [str(CASES / "invalid" / name) for name in ("e330_states_all.yaml", "w401_unused.yaml")]
    assert main(["validate", "--no-nag", "--format", "sarif", *specs]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(set(ids)) == ["E330", "W401"]
    assert all(rule["shortDescription"]["text"] and rule["helpUri"].endswith(rule["id"].lower()) for rule in rules)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"E330": "error", "W401": "warning"}
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["message"]["text"]


def test_several_files_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = CASES / "invalid" / "e312_next_and_end.yaml"
    assert main(["validate", str(SEED), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "error[E312]" in out and str(SEED) in out

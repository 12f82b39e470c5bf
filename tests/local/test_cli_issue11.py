"""CLI behaviour a new user tripped over (issue 11): stdin, warnings, --seed, missing files, import, SARIF."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.cli import main
from tests.local.conftest import Ran

SPEC = """\
version: 1
parameters:
  unused: {default: x}
resources:
  draw:
    type: function
    code: handlers/draw
    handler: app.handler
state_machines:
  main:
    states:
      Draw:
        type: task
        invoke: draw
"""
HANDLER = """\
import random

import numpy


def handler(event, context):
    return {"random": random.random(), "numpy": float(numpy.random.rand())}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "handlers" / "draw").mkdir(parents=True)
    (tmp_path / "handlers" / "draw" / "app.py").write_text(HANDLER, "utf-8")
    (tmp_path / "workflow.yaml").write_text(SPEC, "utf-8")
    return tmp_path


def test_seed_makes_handlers_randomness_repeat(project: Path, run_cli: Callable[..., Ran]) -> None:
    outputs = [run_cli("--format", "json", "--seed", "7").json()["output"] for _ in range(2)]
    assert outputs[0] == outputs[1]
    assert run_cli("--format", "json", "--seed", "8").json()["output"] != outputs[0]


def test_run_shows_validation_warnings(project: Path, run_cli: Callable[..., Ran]) -> None:
    ran = run_cli()
    assert ran.code == 0
    assert "warning[W403]" in ran.err


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def test_run_reads_a_spec_from_stdin(project: Path, run_cli: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, SPEC)
    ran = run_cli("-", "--format", "json")
    assert ran.code == 0, ran.err
    assert set(ran.json()["output"]) == {"random", "numpy"}


def test_graph_reads_a_spec_from_stdin(project: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, SPEC)
    assert main(["graph", "-"]) == 0
    assert '"Draw"' in capsys.readouterr().out


def test_diff_reads_one_side_from_stdin(project: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, SPEC.replace("default: x", "default: y"))
    assert main(["diff", "workflow.yaml", "-", "--exit-code"]) == 1
    assert "params.unused" in capsys.readouterr().out


def test_diff_of_a_missing_file_says_it_is_missing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "nosuch.yaml", "workflow.yaml"]) == 2
    err = capsys.readouterr().err
    assert "'nosuch.yaml': no such file" in err and "git" not in err


def test_import_of_a_definition_with_errors_exits_non_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = {"StartAt": "Pick", "States": {
        "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEquals": "x", "Next": "Done"}],
                 "Default": "Nowhere"},
        "Done": {"Type": "Succeed"}}}
    (project / "bad.asl.json").write_text(json.dumps(definition), "utf-8")
    assert main(["import", "bad.asl.json", "-o", "imported.yaml"]) == 1
    err = capsys.readouterr().err
    assert "imported.yaml:" in err and "error[E302]" in err
    assert (project / "imported.yaml").is_file()  # written, so it can be fixed


def test_sarif_rules_have_no_relative_help_uri(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from urllib.parse import urlsplit

    main(["validate", "--format", "sarif", "workflow.yaml"])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    # SARIF 2.1.0: helpUri is absolute or absent (a relative one breaks code-scanning uploads).
    assert rules and all("helpUri" not in rule or urlsplit(rule["helpUri"]).scheme for rule in rules)


def test_synth_context_close_to_a_parameter_says_did_you_mean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "-c", "unsused=1", "-o", str(project / "out")]) == 2
    err = capsys.readouterr().err
    assert "'unsused' is not a parameter" in err and "did you mean 'unused'?" in err

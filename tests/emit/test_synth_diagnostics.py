"""What CDK or cdk-nag refuse after a clean validate: C700 and C701, as diagnostics, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main

HEAD = """version: 1
state_machines:
  m:
    state_machine_name: glue_runner
    states:
"""


def synth(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    spec = tmp_path / "workflow.yaml"
    spec.write_text(text, encoding="utf-8")
    code = main(["synth", str(spec), "-o", str(tmp_path / "out"), *flags])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_an_integration_without_iam_knowledge_is_refused_at_validate(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # Validate runs the IAM registry: synth never gets as far as CDK (no C700 at 1:1).
    text = HEAD + "      Run:\n        type: task\n        resource: arn:aws:states:::glue:startJobRunz.sync\n" \
        "        parameters: {JobName: nightly}\n"
    code, output = synth(tmp_path, text, capsys, "--no-nag")
    assert code == 1
    assert "workflow.yaml:8:19: error[E380]" in output and "arn:aws:states:::glue:startJobRun" in output
    assert "C700" not in output


def test_an_unacknowledged_nag_finding_fails_the_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = synth(tmp_path, HEAD + "      Done: {type: succeed}\n", capsys)
    assert code == 1
    # One diagnostic per finding, at the machine's entry in the spec, with the rule to acknowledge.
    assert "workflow.yaml:4:5: error[C701] AwsSolutions-SF1 on 'm'" in output
    assert "workflow.yaml:4:5: error[C701] AwsSolutions-SF2 on 'm'" in output
    # The entry to paste, scoped to the machine; validate said the same first (W411, at the line).
    assert '{rule: AwsSolutions-SF1, reason: "TODO: say why this is acceptable here", resources: [m]}' in output
    assert "warning[W411] cdk-nag AwsSolutions-SF1 on 'm'" in output


def test_nag_findings_come_from_this_synths_validation_report(tmp_path: Path) -> None:
    # What CDK reports, not the error's text: a report older than the synth is a previous run's.
    import json
    import os
    import time

    from compiler.emit.stack_app import nag_findings
    from compiler.pipeline import compile_spec

    spec = tmp_path / "workflow.yaml"
    spec.write_text(HEAD + "      Done: {type: succeed}\n", encoding="utf-8")
    program = compile_spec(spec).program
    assert program is not None
    report = {"pluginReports": [{"violations": [{"ruleName": "AwsSolutions-SF1", "description": "d",
                                                 "violatingConstructs": [{"constructPath": "stack/m/Resource"}]}]}]}
    (tmp_path / "validation-report.json").write_text(json.dumps(report), encoding="utf-8")
    [finding] = nag_findings(tmp_path, program, since=0)
    assert (finding.code, finding.path) == ("C701", ("state_machines", "m"))
    os.utime(tmp_path / "validation-report.json", ns=(1, 1))
    assert list(nag_findings(tmp_path, program, since=time.time_ns())) == []


def test_a_template_validation_finding_says_it_cannot_be_acknowledged(tmp_path: Path) -> None:
    """CDK's own template validation (cfn-lint rules such as E3510) is not cdk-nag: the hint must not
    offer an acknowledgement the schema would refuse (S203), as it did."""
    import json

    from compiler.emit.stack_app import nag_findings
    from compiler.pipeline import compile_spec

    spec = tmp_path / "workflow.yaml"
    spec.write_text(HEAD + "      Done: {type: succeed}\n", encoding="utf-8")
    program = compile_spec(spec).program
    assert program is not None
    report = {"pluginReports": [{"violations": [{"ruleName": "E3510", "description": "d",
                                                 "violatingConstructs": [{"constructPath": "stack/m/Resource"}]}]}]}
    (tmp_path / "validation-report.json").write_text(json.dumps(report), encoding="utf-8")
    [finding] = nag_findings(tmp_path, program, since=0)
    assert finding.hint is not None and "cannot be acknowledged" in finding.hint and "{rule:" not in finding.hint

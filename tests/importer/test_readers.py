"""Each reader: bare ASL (JSON/YAML), CloudFormation (Definition, DefinitionString plain/Fn::Sub/
Fn::Join), SAM (DefinitionUri + DefinitionSubstitutions), serverless.yml; and their refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.importer.session import Outcome, import_file
from compiler.pipeline import compile_spec
from tests.importer.conftest import FIXTURES

IMPORT = FIXTURES / "import"


def _codes(outcome: Outcome) -> list[str]:
    return [d.code for r in outcome.reports.values() for d in r.sorted()]


def _diags(outcome: Outcome) -> list[str]:
    return [f"{d.span.file}:{d.span.line}:{d.span.col} {d.code} {d.message}"
            for r in outcome.reports.values() for d in r.sorted()]


def _compiles(text: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    compiled = compile_spec(spec)
    assert compiled.ok, [f"{d.code} {d.message}" for d in compiled.report.sorted()]


def test_bare_asl_json_and_yaml(tmp_path: Path) -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}
    (tmp_path / "flow.asl.json").write_text(json.dumps(definition), encoding="utf-8")
    (tmp_path / "flow.asl.yaml").write_text("StartAt: A\nStates:\n  A: {Type: Pass, Next: B}\n  B: {Type: Succeed}\n",
                                            encoding="utf-8")
    for name in ("flow.asl.json", "flow.asl.yaml"):
        outcome = import_file(tmp_path / name)
        assert outcome.ok, _diags(outcome)
        assert outcome.text is not None
        assert "  flow:\n" in outcome.text and "next:" not in outcome.text and "end:" not in outcome.text


def test_cfn_definition_mapping_with_intrinsics(tmp_path: Path) -> None:
    outcome = import_file(IMPORT / "cfn.yaml")
    assert outcome.ok, _diags(outcome)
    text = outcome.text
    assert text is not None
    # !GetAtt Worker.Arn of an AWS::Lambda::Function: one resource, shared by all three machines.
    assert text.count("function_name: worker-fn") == 1
    assert "invoke: worker_fn" in text and "type: express" in text
    # Pseudo parameters stay verbatim, with a warning each.
    assert "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alerts" in text
    messages = _diags(outcome)
    assert any("cfn.yaml:28:" in m and "AWS::Region" in m for m in messages)
    assert any("RoleArn" in m for m in messages)


def test_cfn_definition_string_sub_and_join() -> None:
    outcome = import_file(IMPORT / "cfn.yaml")
    assert outcome.text is not None
    # Fn::Sub's literal variable is inlined where JSON needs a number, as CloudFormation does.
    assert "max_attempts: 3" in outcome.text
    assert "state_machine_name: subbed" in outcome.text
    # Fn::Join with a GetAtt part.
    assert "  joined:\n" in outcome.text and "invoke: worker_fn  #" in outcome.text.split("joined:")[1]


def test_sam_definition_uri_and_substitutions() -> None:
    outcome = import_file(IMPORT / "sam" / "template.yaml")
    assert outcome.ok, _diags(outcome)
    text = outcome.text
    assert text is not None
    assert "invoke: check_function" in text and "function_name: CheckFunction" in text
    assert "start_execution: child" in text and "integration: sync" in text
    assert "state_machine_arn: arn:aws:states:us-east-1:123456789012:stateMachine:child" in text
    # A template parameter with a default becomes a spec parameter with that default; a !Ref to a
    # table becomes a parameter without one (warned), referenced as ${params.NAME}.
    assert "  Stage:\n    default: dev" in text
    assert "TableName: ${params.OrdersTable}" in text
    messages = _diags(outcome)
    assert any("order.asl.json:14:" in m and "OrdersTable" in m for m in messages)
    assert any("template.yaml:25:" in m and "Policies" in m for m in messages)


def test_serverless_yml(tmp_path: Path) -> None:
    outcome = import_file(IMPORT / "serverless.yml")
    assert outcome.ok, _diags(outcome)
    assert outcome.text is not None
    assert "invoke: hello" in outcome.text and "state_machine_name: hello-machine" in outcome.text
    assert "result: ${self:service}" in outcome.text
    _compiles(outcome.text, tmp_path)


@pytest.mark.parametrize(
    ("template", "code", "where"),
    [
        ("Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
         "      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n"
         "            Result: !If [IsProd, a, b]\n            End: true\n", "M502", ":10:21"),
        ("Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
         "      DefinitionS3Location: {Bucket: b, Key: k}\n", "M502", ":5:"),
        ("Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
         "      DefinitionUri: missing.asl.json\n", "M507", ":5:22"),
        ("Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
         "      DefinitionString: '{\"StartAt\": '\n", "M500", ":5:"),
        ("Resources:\n  B:\n    Type: AWS::S3::Bucket\n", "M501", ":2:"),
    ],
)
def test_template_refusals(tmp_path: Path, template: str, code: str, where: str) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(template, encoding="utf-8")
    outcome = import_file(path)
    assert not outcome.ok and outcome.text is None
    assert _codes(outcome) == [code], _diags(outcome)
    assert where in _diags(outcome)[0], _diags(outcome)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"StartAt": "A",\n "States": {', "M500"),
        (b"\xff\xfe", "Y102"),
        (b'{"StartAt": "A", "StartAt": "B", "States": {}}', "M500"),
        (b"key: [unclosed\n", "M500"),
        (b"just text\n", "M501"),
        (b'{"StartAt": "A", "States": {"A": {"Type": "Pass", "Bogus": 1, "End": true}}}', "M503"),
        # The models are strict: a string where AWS wants a number is not read as one.
        (b'{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",'
         b' "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": "3"}], "End": true}}}', "M503"),
        (b'{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",'
         b' "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": null}], "End": true}}}', "M504"),
        (b'{"StartAt": "A", "States": {"A": {"Type": "Pass"}, "B": {"Type": "Succeed"}}}', "M503"),
    ],
)
def test_bad_inputs_are_diagnostics(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "in.asl.json"
    path.write_bytes(content)
    outcome = import_file(path)
    assert not outcome.ok
    assert _codes(outcome) == [code], _diags(outcome)


def test_round_trip_refusal_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "in.asl.json"
    # The model takes an explicit null; the emitter leaves the field out: refused, not changed.
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",'
                    '\n "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": null}], "End": true}}}',
                    encoding="utf-8")
    outcome = import_file(path)
    (message,) = _diags(outcome)
    assert "States.A.Retry[0].IntervalSeconds" in message and "in.asl.json:2:" in message

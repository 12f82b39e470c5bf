"""The IR built by lower: parameter values with their origin, every Task classified with its target."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.ir import ParameterValue, RefTarget, TaskTarget
from compiler.pipeline import compile_spec
from compiler.refs import Ref

SPEC = """version: 1
parameters:
  stage: {default: dev}
  account: {default: "123456789012"}
resources:
  work: {type: function, code: handlers/work, handler: app.handler}
  other: {type: function, existing: {function_arn: "arn:aws:lambda:us-east-1:123456789012:function:other"}}
state_machines:
  child:
    states:
      Done: {type: succeed}
  main:
    states:
      Direct: {type: task, invoke: work}
      Optimized: {type: task, invoke: other, invoke_style: lambda_invoke}
      Start: {type: task, start_execution: child, integration: sync}
      Queue:
        type: task
        resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken
        parameters: {QueueUrl: "https://sqs.us-east-1.amazonaws.com/${params.account}/jobs-${params.stage}", MessageBody: {token.$: $$.Task.Token}}
      Dynamic:
        type: task
        resource: arn:aws:states:::lambda:invoke
        parameters: {FunctionName.$: $.fn}
      Fan:
        type: parallel
        branches:
          - states:
              Sdk: {type: task, resource: "arn:aws:states:::aws-sdk:s3:listBuckets", parameters: {}}
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    (tmp_path / "handlers" / "work").mkdir(parents=True)
    (tmp_path / "handlers" / "work" / "app.py").write_text("def handler(event, context):\n    return event\n")
    path = tmp_path / "workflow.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_parameters_carry_their_origin(spec: Path) -> None:
    program = compile_spec(spec, overrides={"stage": "prod", "not_a_parameter": "x"}).program
    assert program is not None
    assert dict(program.parameters) == {
        "stage": ParameterValue("stage", "prod", "override", ("parameters", "stage")),
        "account": ParameterValue("account", "123456789012", "default", ("parameters", "account", "default")),
    }
    # The origin's path locates the line a diagnostic should point at.
    source = compile_spec(spec).report.source
    assert source.locate(program.parameters["account"].path).line == 4
    assert program.with_parameters({"name": "orders-${params.stage}"}) == {"name": "orders-prod"}


def test_every_task_is_classified_once_with_its_target(spec: Path) -> None:
    program = compile_spec(spec).program
    assert program is not None
    tasks = {t.state: t for t in program.machines["main"].tasks}
    assert list(tasks) == ["Direct", "Optimized", "Start", "Queue", "Dynamic", "Sdk"]
    summary = {name: (t.integration.service, t.integration.action, t.integration.pattern) for name, t in tasks.items()}
    assert summary == {
        "Direct": ("lambda", "function", "request-response"),
        "Optimized": ("lambda", "invoke", "request-response"),
        "Start": ("states", "startExecution", "sync:2"),
        "Queue": ("sqs", "sendMessage", "waitForTaskToken"),
        "Dynamic": ("lambda", "invoke", "request-response"),
        "Sdk": ("aws-sdk:s3", "listBuckets", "request-response"),
    }
    assert tasks["Direct"].target == TaskTarget("Resource", "spec", ref=Ref("work", "arn"))
    assert tasks["Optimized"].target == TaskTarget("FunctionName", "spec", ref=Ref("other", "arn"))
    assert tasks["Start"].target == TaskTarget("StateMachineArn", "spec", ref=Ref("child", "arn"))
    # Parameters are substituted: the literal is what synth would deploy.
    assert tasks["Queue"].target == TaskTarget(
        "QueueUrl", "literal", value="https://sqs.us-east-1.amazonaws.com/123456789012/jobs-dev")
    assert tasks["Dynamic"].target == TaskTarget("FunctionName", "run_time", value="$.fn")
    assert tasks["Dynamic"].target is not None and not tasks["Dynamic"].target.known_at_synth
    assert tasks["Sdk"].target is None
    assert tasks["Sdk"].path == ("state_machines", "main", "states", "Fan", "branches", 0, "states", "Sdk")
    assert tasks["Direct"].integration.resource == "${work.arn}"


def test_references_resolve_to_typed_targets(spec: Path) -> None:
    program = compile_spec(spec).program
    assert program is not None
    assert program.resolve(Ref("work", "arn")) == RefTarget(Ref("work", "arn"), "function", existing=False)
    assert program.resolve(Ref("other", "arn")) == RefTarget(Ref("other", "arn"), "function", existing=True)
    assert program.resolve(Ref("child", "arn")) == RefTarget(Ref("child", "arn"), "state_machine")
    assert program.resolve(Ref("params", "stage")) == RefTarget(Ref("params", "stage"), "parameter")
    with pytest.raises(KeyError):
        program.resolve(Ref("params", "missing"))


def test_the_program_cannot_be_changed(spec: Path) -> None:
    program = compile_spec(spec).program
    assert program is not None
    with pytest.raises(TypeError):
        program.machines["x"] = program.machines["main"]  # type: ignore[index]
    with pytest.raises(TypeError):
        program.parameters["stage"] = program.parameters["stage"]  # type: ignore[index]

"""Our state machine roles against the ones CDK's typed task constructs generate.

For the seed, the hand-written typed app (bench/seed_cdk_app/app.py, LambdaInvoke with
payload_response_only and StepFunctionsStartExecution) is synthesized beside ours and the policy
documents of the machine roles are compared as sets of (action, resource): ours must be neither
broader nor missing anything. A second case runs the `.sync:2` pattern, where ours is narrower on
purpose (``execution:NAME:*`` instead of CDK's ``execution:NAME*``).
"""

from __future__ import annotations

import fnmatch
import importlib.util
from pathlib import Path
from typing import Any

import pytest

from tests.emit.conftest import REPO, Synth

Pairs = set[tuple[str, str]]


def _names(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> the physical name both apps give a resource (their logical ids differ)."""
    fields = ("FunctionName", "StateMachineName", "BucketName", "RoleName")
    out = {}
    for logical, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        for field in fields:
            if isinstance(props.get(field), str):
                out[logical] = props[field]
    return out


def _text(value: Any, names: dict[str, str]) -> str:
    if isinstance(value, str):
        return value
    if "Fn::GetAtt" in value:
        logical, attr = value["Fn::GetAtt"]
        return f"<{names.get(logical, logical)}.{attr}>"
    if "Ref" in value:
        return f"<{names.get(value['Ref'], value['Ref'])}>"
    if "Fn::Join" in value:
        sep, parts = value["Fn::Join"]
        return sep.join(_text(p, names) for p in parts)
    if "Fn::Select" in value:
        index, inner = value["Fn::Select"]
        split = inner.get("Fn::Split") if isinstance(inner, dict) else None
        if index == 6 and split and split[0] == ":" and "Ref" in split[1]:
            # CDK's way to a state machine's name: the 7th ':'-part of its ARN (Ref).
            return f"<{names.get(split[1]['Ref'], split[1]['Ref'])}.Name>"
        return f"<select {value['Fn::Select'][0]} of {_text(value['Fn::Select'][1], names)}>"
    if "Fn::Split" in value:
        return f"<split {value['Fn::Split'][0]} {_text(value['Fn::Split'][1], names)}>"
    raise AssertionError(f"unexpected intrinsic {value}")


def machine_policies(template: dict[str, Any]) -> dict[str, Pairs]:
    """State machine name -> the (action, resource) pairs its role's inline policies allow."""
    names = _names(template)
    resources = template["Resources"]
    out: dict[str, Pairs] = {}
    for props in (r["Properties"] for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine"):
        role = props["RoleArn"]["Fn::GetAtt"][0]
        pairs: Pairs = set()
        for policy in resources.values():
            if policy["Type"] != "AWS::IAM::Policy" or {"Ref": role} not in policy["Properties"]["Roles"]:
                continue
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                assert statement["Effect"] == "Allow"
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                pairs |= {(a, _text(t, names)) for a in actions for t in targets}
        out[props["StateMachineName"]] = pairs
    return out


def covered(pair: tuple[str, str], by: Pairs) -> bool:
    """Whether ``by`` allows ``pair``: same action, a resource pattern matching ours."""
    action, resource = pair
    return any(a == action and fnmatch.fnmatchcase(resource, r) for a, r in by)


def typed_seed_template(outdir: Path) -> dict[str, Any]:
    from aws_cdk import App

    from compiler.packaged import cdk_context

    spec = importlib.util.spec_from_file_location("seed_cdk_app", REPO / "bench" / "seed_cdk_app" / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = App(outdir=str(outdir), context=cdk_context())
    stack = module.StepFunctionsStack(app, "StepFunctionsStack")
    app.synth()
    from aws_cdk.assertions import Template

    template: dict[str, Any] = Template.from_stack(stack).to_json()
    return template


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pairs]:
    return machine_policies(typed_seed_template(tmp_path_factory.mktemp("typed")))


def test_seed_machine_roles_equal_cdk_typed_constructs(seed: Synth, typed: dict[str, Pairs]) -> None:
    ours = machine_policies(seed.template)
    assert set(ours) == set(typed) == {"sfn_main_state_machine", "sfn_sub_state_machine"}
    for name in ours:
        broader = {p for p in ours[name] if not covered(p, typed[name])}
        missing = {p for p in typed[name] if not covered(p, ours[name])}
        assert not broader, f"{name}: ours allows more than CDK: {broader}"
        assert not missing, f"{name}: ours misses what CDK allows: {missing}"
        assert ours[name] == typed[name]


SYNC_SPEC = """
version: 1
stack: {name: sync-case}
resources:
  child_fn: {type: function, function_name: child_fn, code: handlers/second, handler: lambda_function.lambda_handler}
state_machines:
  child:
    state_machine_name: child
    states:
      Work: {type: task, invoke: child_fn, invoke_style: lambda_invoke}
  parent:
    state_machine_name: parent
    states:
      Run Child: {type: task, start_execution: child, integration: sync}
"""


def test_sync_pattern_is_never_broader_than_cdk(tmp_path: Path) -> None:
    from aws_cdk import App, Duration, Stack
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks
    from aws_cdk.assertions import Template

    from compiler.emit.stack import WorkflowStack
    from compiler.packaged import cdk_context
    from compiler.pipeline import compile_spec

    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "second").symlink_to(REPO / "handlers" / "second")
    spec_path = tmp_path / "sync.yaml"
    spec_path.write_text(SYNC_SPEC, encoding="utf-8")
    compiled = compile_spec(spec_path)
    assert compiled.program is not None, [d.message for d in compiled.report.diagnostics]
    app = App(outdir=str(tmp_path / "out"), context=cdk_context())
    ours = machine_policies(Template.from_stack(WorkflowStack(app, compiled.program, tmp_path)).to_json())

    stack = Stack(App(outdir=str(tmp_path / "typed"), context=cdk_context()), "typed")
    fn = lambda_.Function(stack, "fn", function_name="child_fn", runtime=lambda_.Runtime.PYTHON_3_12,
                          handler="lambda_function.lambda_handler", timeout=Duration.seconds(3),
                          code=lambda_.Code.from_asset(str(REPO / "handlers" / "second")))
    child = sfn.StateMachine(stack, "child", state_machine_name="child", definition_body=sfn.DefinitionBody.from_chainable(
        tasks.LambdaInvoke(stack, "Work", lambda_function=fn, retry_on_service_exceptions=False)))
    sfn.StateMachine(stack, "parent", state_machine_name="parent", definition_body=sfn.DefinitionBody.from_chainable(
        tasks.StepFunctionsStartExecution(stack, "Run Child", state_machine=child,
                                          integration_pattern=sfn.IntegrationPattern.RUN_JOB)))
    theirs = machine_policies(Template.from_stack(stack).to_json())

    for name in ("child", "parent"):
        broader = {p for p in ours[name] if not covered(p, theirs[name])}
        missing = {a for a, _ in theirs[name]} - {a for a, _ in ours[name]}
        assert not broader, f"{name}: ours allows more than CDK: {broader}"
        assert not missing, f"{name}: actions CDK grants that ours lacks: {missing}"
    executions = "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<child.Name>:*"
    assert ("states:DescribeExecution", executions) in ours["parent"]
    assert ("states:StopExecution", executions) in ours["parent"]

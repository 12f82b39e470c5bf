"""The machine's role and activities: a kms: grant for an activity encrypted with a spec key, for
that activity only (the encryption context Step Functions uses), and nothing for any other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compiler.iam import Context, machine_statements, statements
from compiler.iam.activity import CONTEXT_KEY
from compiler.pipeline import compile_spec
from compiler.refs import Ref

CASE = Path(__file__).resolve().parents[1] / "cases" / "valid" / "activities.yaml"


def _orders() -> list[object]:
    compiled = compile_spec(CASE)
    assert compiled.program is not None
    return list(machine_statements(compiled.program, compiled.program.machines["orders"]))


def test_the_encrypted_activity_gets_its_key_conditioned_on_its_arn() -> None:
    (grant,) = _orders()
    assert grant.actions == ("kms:Decrypt", "kms:GenerateDataKey")
    assert grant.resources == ("${approval_key.arn}",)
    assert grant.condition_block() == {"StringEquals": {CONTEXT_KEY: "${approve.arn}"}}
    assert grant.states == ("Approve",)  # not Pack (AWS-owned key) nor Ship (imported)


def _task(resource: str) -> dict[str, object]:
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": True}}}


def test_an_activity_under_an_aws_owned_key_or_a_literal_arn_needs_nothing() -> None:
    ctx = Context(machine="m", kinds={"act": "activity", "k": "key"}, keys={})
    assert statements(_task("${act}"), {"act": Ref("act", "arn")}, ctx) == []
    assert statements(_task("arn:aws:states:us-east-1:111122223333:activity:a"), {}, ctx) == []


def test_the_grant_follows_the_key_of_the_activity_the_task_names() -> None:
    ctx = Context(machine="m", kinds={"a": "activity", "b": "activity", "k": "key"}, keys={"b": "k"})
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "${a}", "Next": "B"},
        "B": {"Type": "Task", "Resource": "${b}", "End": True},
    }}
    (grant,) = statements(definition, {"a": Ref("a", "arn"), "b": Ref("b", "arn")}, ctx)
    assert grant.resources == ("${k.arn}",)
    assert grant.condition_block() == {"StringEquals": {CONTEXT_KEY: "${b.arn}"}}


def test_an_activitys_name_as_the_resource_is_refused_with_its_arn_as_the_fix() -> None:
    case = CASE.parents[1] / "invalid" / "e380_activity_name_as_resource.yaml"
    (finding,) = [d for d in compile_spec(case).report.diagnostics if d.code == "E380"]
    assert "an activity task's resource is the activity's ARN" in finding.message
    assert finding.hint == "did you mean '${approve.arn}'?"


def test_ours_is_the_grant_cdks_step_functions_invoke_activity_gives() -> None:
    """CDK's typed task for an encrypted activity, synthesized, against our template's grant."""
    import json

    from aws_cdk import App, Duration, Stack
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks

    from tests.golden.regen import case_template_path

    app = App()
    stack = Stack(app, "s")
    key = kms.Key(stack, "approval_key")
    activity = sfn.Activity(stack, "approve", activity_name="approve-order",
                            encryption_configuration=sfn.CustomerManagedEncryptionConfiguration(key, Duration.seconds(120)))
    sfn.StateMachine(stack, "orders", definition_body=sfn.DefinitionBody.from_chainable(
        tasks.StepFunctionsInvokeActivity(stack, "Approve", activity=activity)))
    theirs = app.synth().get_stack_by_name("s").template["Resources"]
    ours = json.loads(case_template_path("activities").read_text(encoding="utf-8"))["Resources"]

    def grant(resources: dict[str, Any]) -> dict[str, Any]:
        (found,) = [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                    for s in r["Properties"]["PolicyDocument"]["Statement"]]
        return found

    def shape(statement: dict[str, Any], resources: dict[str, Any]) -> tuple[Any, ...]:
        # Logical ids differ between the two stacks: compare what each one names.
        (context_ref,) = statement["Condition"]["StringEquals"][CONTEXT_KEY].values()
        key_ref = statement["Resource"]["Fn::GetAtt"]
        return (sorted(statement["Action"]), statement["Effect"], resources[context_ref]["Type"],
                resources[key_ref[0]]["Type"], key_ref[1])

    assert shape(grant(ours), ours) == shape(grant(theirs), theirs) == (
        ["kms:Decrypt", "kms:GenerateDataKey"], "Allow", "AWS::StepFunctions::Activity", "AWS::KMS::Key", "Arn")

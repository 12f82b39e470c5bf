"""The machine's role and activities: a kms: grant for an activity encrypted with a spec key, for
that activity only (the encryption context Step Functions uses), and nothing for any other."""

from __future__ import annotations

from pathlib import Path

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

"""An ECS task definition declared in the spec, in the template: nothing is built for it, the task's
``TaskDefinition`` is its ARN, and the machine's role runs exactly that revision and passes exactly
its two roles (a new spec role by its ``Fn::GetAtt``, an ARN as written), only to ECS tasks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.emit.test_stack_ops import _template, of

SPEC = """\
version: 1
parameters:
  etl_revision: {default: "7"}
resources:
  etl_task_role: {type: role, assumed_by: ecs-tasks.amazonaws.com}
  etl:
    type: task_definition
    existing: {family: etl, revision: "${params.etl_revision}"}
    task_role: etl_task_role
    execution_role: arn:aws:iam::123456789012:role/etl-exec
state_machines:
  main:
    states:
      Run:
        type: task
        resource: arn:aws:states:::ecs:runTask.sync
        parameters: {Cluster: jobs, LaunchType: FARGATE, TaskDefinition: "${etl.arn}"}
"""


def _policy(template: dict[str, Any]) -> list[dict[str, Any]]:
    (machine_policy,) = [p for p in of(template, "AWS::IAM::Policy") if "main" in json.dumps(p["Properties"]["Roles"]).lower()]
    statements: list[dict[str, Any]] = machine_policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def test_the_task_runs_the_declared_revision_and_passes_exactly_its_roles(tmp_path: Path) -> None:
    template = _template(tmp_path, SPEC)
    assert not of(template, "AWS::ECS::TaskDefinition")  # registered elsewhere: nothing built
    (machine,) = of(template, "AWS::StepFunctions::StateMachine")
    assert "task-definition/etl:7" in json.dumps(machine["Properties"])
    statements = _policy(template)
    (run,) = [s for s in statements if s["Action"] == "ecs:RunTask"]
    assert "task-definition/etl:7" in json.dumps(run["Resource"]) and "*" not in json.dumps(run["Resource"])
    (passes,) = [s for s in statements if s["Action"] == "iam:PassRole"]
    role_id = next(k for k, r in template["Resources"].items() if r["Type"] == "AWS::IAM::Role" and "etltaskrole" in k.lower())
    assert sorted(passes["Resource"], key=json.dumps) == sorted(
        [{"Fn::GetAtt": [role_id, "Arn"]}, "arn:aws:iam::123456789012:role/etl-exec"], key=json.dumps)
    assert passes["Condition"] == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}

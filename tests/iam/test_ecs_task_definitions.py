"""``ecs:runTask`` with the task definition declared in the spec: the grant follows the declaration.

The declared revision is the one run (``${etl.arn}``) and the only one allowed; ``${etl.family}``
runs the latest ACTIVE revision, so any of the family's (with its reason). The declared roles are
passed exactly, only to ECS tasks; a role the state's ``Overrides`` name replaces the declared
one; a declaration without roles passes none. W422 is said only where neither names the roles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.iam import machine_statements
from compiler.iam.wildcards import wildcards
from compiler.pipeline import compile_spec

FAMILY = "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/etl"
ANY_ROLE = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"
TASK, EXEC = "arn:aws:iam::123456789012:role/etl-task", "arn:aws:iam::123456789012:role/etl-exec"


def _spec(existing: str, roles: str, task_definition: str, overrides: str = "") -> str:
    return f"""\
version: 1
resources:
  etl_task: {{type: role, assumed_by: ecs-tasks.amazonaws.com}}
  etl:
    type: task_definition
    existing: {existing}
{roles}
state_machines:
  main:
    states:
      Run:
        type: task
        resource: arn:aws:states:::ecs:runTask
        parameters: {{Cluster: jobs, TaskDefinition: "{task_definition}"{overrides}}}
"""


def _grants(tmp_path: Path, text: str) -> tuple[dict[str, set[str]], list[str], list[str]]:
    """(action -> resources, the W-codes validate says, the reasons of the wildcards)."""
    spec = tmp_path / "workflow.yaml"
    spec.write_text(text, encoding="utf-8")
    compiled = compile_spec(spec)
    assert compiled.program is not None
    found = machine_statements(compiled.program, compiled.program.machines["main"])
    grants: dict[str, set[str]] = {}
    for statement in found:
        for action in statement.actions:
            grants.setdefault(action, set()).update(statement.resources)
    if "iam:PassRole" in grants:
        assert all(s.condition_block() == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
                   for s in found if "iam:PassRole" in s.actions)
    codes = sorted(d.code for d in compiled.report.sorted() if d.code.startswith(("W42", "E")))  # not W401 (unused)
    return grants, codes, [r for w in wildcards(found) for r in w["reasons"]]


BOTH = f"    task_role: etl_task\n    execution_role: {EXEC}"


@pytest.mark.parametrize(("existing", "roles", "task_definition", "overrides", "run", "passed", "said"), [
    ("{family: etl, revision: 3}", BOTH, "${etl.arn}", "", f"{FAMILY}:3", {"${etl_task.arn}", EXEC}, []),
    ('{task_definition_arn: "arn:aws:ecs:eu-west-1:111122223333:task-definition/etl:5"}', BOTH, "${etl.arn}", "",
     "arn:aws:ecs:eu-west-1:111122223333:task-definition/etl:5", {"${etl_task.arn}", EXEC}, []),
    # The family alone: ECS runs its latest ACTIVE revision.
    ("{family: etl, revision: 3}", BOTH, "${etl.family}", "", f"{FAMILY}:*", {"${etl_task.arn}", EXEC}, []),
    ("{family: etl}", BOTH, "${etl.arn}", "", f"{FAMILY}:*", {"${etl_task.arn}", EXEC}, []),
    # Overrides replace the declared role they name.
    ("{family: etl, revision: 3}", BOTH, "${etl.arn}", f", Overrides: {{TaskRoleArn: '{TASK}'}}", f"{FAMILY}:3",
     {TASK, EXEC}, []),
    # A definition without roles: nothing to pass.
    ("{family: etl, revision: 3}", "", "${etl.arn}", "", f"{FAMILY}:3", set(), []),
    # Not declared: any role, to ECS tasks only, and W422 says what to declare.
    ("{family: etl, revision: 3}", BOTH, "etl:3", "", f"{FAMILY}:3", {ANY_ROLE}, ["W422"]),
])
def test_the_declaration_decides_the_grant(tmp_path: Path, existing: str, roles: str, task_definition: str,
                                           overrides: str, run: str, passed: set[str], said: list[str]) -> None:
    grants, codes, reasons = _grants(tmp_path, _spec(existing, roles, task_definition, overrides))
    assert grants["ecs:RunTask"] == {run}
    assert grants.get("iam:PassRole", set()) == passed
    assert codes == said
    if run.endswith(":*"):
        assert any("latest ACTIVE revision" in r for r in reasons), reasons
    if ANY_ROLE in passed:
        assert any("roles are not named" in r for r in reasons), reasons


@pytest.mark.parametrize(("cluster", "tasks"), [
    ("jobs", "task/jobs/*"),
    ("arn:aws:ecs:us-east-1:123456789012:cluster/jobs", "task/jobs/*"),  # the name in the cluster's ARN
    ("arn:aws:ecs:us-east-1:123456789012:service/jobs", "task/*/*"),  # not a cluster's ARN: any cluster
])
def test_the_sync_poller_stops_and_describes_tasks_of_the_named_cluster_only(cluster: str, tasks: str) -> None:
    from compiler.iam import Context, statements

    state = {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": True,
             "Parameters": {"Cluster": cluster, "TaskDefinition": "etl:3"}}
    found = statements({"StartAt": "S", "States": {"S": state}}, {}, Context("m"))
    polled = {r for s in found if set(s.actions) & {"ecs:StopTask", "ecs:DescribeTasks"} for r in s.resources}
    assert polled == {f"arn:${{AWS::Partition}}:ecs:${{AWS::Region}}:${{AWS::AccountId}}:{tasks}"}

"""Amazon ECS / Fargate: ``ecs:runTask`` (request-response, ``.sync``, ``.waitForTaskToken``) on the
task definition; ``.sync`` stops and describes the task through a managed rule.

The task definition's roles are passed to ECS. The ASL names only the definition's family (and
maybe its revision), not its roles, so they come from the spec: a ``task_definition`` resource
(``TaskDefinition: ${etl.arn}``) says which roles it runs with, and the role passes exactly those
(as CDK's ``EcsRunTask`` does for a definition it builds). ``Overrides.TaskRoleArn`` and
``ExecutionRoleArn`` replace them. A role neither names is any role of the account, passed only
to ``ecs-tasks.amazonaws.com``; ``notes`` says so (W422 at the task's line).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from compiler.iam import calls
from compiler.iam.base import ACCOUNT, PARTITION, REGION, Context, Statement, Task, TaskDefinitionFacts, arn
from compiler.iam.calls import RR, SYNC, WAIT, Call
from compiler.model.resources_compute import TaskDefinition, family_arn
from compiler.refs import REFERENCE

SERVICE = "ecs"
CALLS = {
    "runTask": Call(("ecs:RunTask",), (RR, SYNC, WAIT), sync=("ecs:StopTask", "ecs:DescribeTasks"),
                    rule="StepFunctionsGetEventsForECSTaskRule"),
}
ACTIONS = calls.patterns(CALLS)
TASK_DEF_ARN = re.compile(r"^(arn:[^:]+:ecs:[^:]*:[^:]*:task-definition/[^:]+)(:\d+)?$")
ECS_TASKS = "ecs-tasks.amazonaws.com"
TO_ECS = (("StringEquals", "iam:PassedToService", (ECS_TASKS,)),)
ROLES = (("TaskRoleArn", "task_role"), ("ExecutionRoleArn", "execution_role"))
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")  # a spec key (model.base.ResourceKey); an ARN has ':'s


def facts(definition: TaskDefinition, substitute: Callable[[str], str]) -> TaskDefinitionFacts:
    """A spec ``task_definition`` as the registry reads it (``substitute`` puts in spec parameters)."""
    arn_template, _, revision = family_arn(definition.existing, PARTITION, REGION, ACCOUNT)
    return TaskDefinitionFacts(substitute(arn_template), substitute(revision) if revision else None,
                               role_arn(definition.task_role, substitute), role_arn(definition.execution_role, substitute))


def role_arn(value: str | None, substitute: Callable[[str], str]) -> str | None:
    """A role field's ARN template: a spec role's key is ``${key.arn}``; an ARN stays as written."""
    if value is None:
        return None
    return f"${{{value}.arn}}" if _KEY.fullmatch(value) else substitute(value)


def role_key(value: str | None) -> str | None:
    """The spec key a role field names (``etl_role`` or ``${etl_role.arn}``), else None."""
    if value is None:
        return None
    if _KEY.fullmatch(value):
        return value
    match = REFERENCE.fullmatch(value)
    return match.group(1) if match and match.group(1) != "params" else None


def statements(task: Task, ctx: Context) -> list[Statement]:
    declared = _declared(task, ctx)
    out = [_run_task(task, declared)]
    if task.sync:
        found = calls.statements(Call((), sync=CALLS["runTask"].sync, rule=CALLS["runTask"].rule), task, ctx)
        out.extend(found)
    unknown = False
    for field_name, attr in ROLES:
        named = calls.pass_role(task, ("Overrides", field_name), ECS_TASKS)
        if named is not None:
            out.append(named)
        elif declared is None:
            unknown = True
        elif getattr(declared, attr) is not None:
            out.append(Statement(("iam:PassRole",), (getattr(declared, attr),), TO_ECS))
    if unknown:
        out.append(Statement(("iam:PassRole",), (f"arn:{PARTITION}:iam::{ACCOUNT}:role/*",), TO_ECS,
                             reasons=(f"state '{task.name}': the task definition's roles are not named in the "
                                      "spec; passed only to ecs-tasks.amazonaws.com",)))
    return out


def notes(task: Task, ctx: Context) -> list[tuple[str, str]]:
    """(message, hint) when the roles passed are not named: the spec could say which they are."""
    if _declared(task, ctx) is not None:
        return []
    if all(task.at("Overrides", field_name) is not None for field_name, _ in ROLES):
        return []
    definition = task.get("TaskDefinition")
    written = definition.template if definition is not None and definition.template else "my-family"
    match = TASK_DEF_ARN.match(written)
    family, _, revision = (match.group(1).rsplit("/", 1)[1] + (match.group(2) or "") if match else written).partition(":")
    existing = f"{{family: {family}" + (f", revision: {revision}" if revision else "") + "}"
    return [(
        f"state '{task.name}': ecs:runTask passes the task definition's roles, which neither the state nor "
        "the spec names, so iam:PassRole is granted on every role of the account (passed only to ecs-tasks.amazonaws.com)",
        f"declare the task definition with its roles under 'resources' (e.g. {family.replace('-', '_')}: {{type: "
        f"task_definition, existing: {existing}, task_role: <role key or ARN>, execution_role: <role key or "
        f"ARN>}}) and write 'TaskDefinition: ${{{family.replace('-', '_')}.arn}}'",
    )]


def _declared(task: Task, ctx: Context) -> TaskDefinitionFacts | None:
    definition = task.get("TaskDefinition")
    ref = definition.ref if definition is not None else None
    if ref is None or ref.is_parameter:
        return None
    found = ctx.task_definitions.get(ref.key)
    if found is not None and ref.attr == "family":
        return TaskDefinitionFacts(found.family_arn, None, found.task_role, found.execution_role)
    return found


def _run_task(task: Task, declared: TaskDefinitionFacts | None) -> Statement:
    if declared is not None:
        if declared.revision is not None:
            return Statement(("ecs:RunTask",), (f"{declared.family_arn}:{declared.revision}",))
        return Statement(("ecs:RunTask",), (f"{declared.family_arn}:*",), reasons=(
            f"state '{task.name}': the task definition names no revision, so ECS runs the family's latest "
            "ACTIVE revision",))
    definition = task.get("TaskDefinition")
    if definition is None or definition.template is None:
        return Statement(("ecs:RunTask",), (arn("ecs", "task-definition/*"),),
                         reasons=(task.runtime("TaskDefinition"),), runtime=("TaskDefinition",))
    text = definition.template
    match = TASK_DEF_ARN.match(text)
    if match:
        target = text if match.group(2) else f"{text}:*"
    else:
        family, _, revision = text.partition(":")
        target = arn("ecs", f"task-definition/{family}:{revision or '*'}")
    reasons = () if target.rsplit(":", 1)[1] != "*" else (
        f"state '{task.name}': the task definition names no revision, so ECS runs the family's latest ACTIVE revision",)
    return Statement(("ecs:RunTask",), (target,), reasons=reasons)

"""Amazon ECS / Fargate: ``ecs:runTask`` (request-response, ``.sync``, ``.waitForTaskToken``) on the
task definition; ``.sync`` stops and describes the task through a managed rule. The task
definition's roles are passed to ECS: named when ``Overrides`` gives them, otherwise any role of
the account, but only to ``ecs-tasks.amazonaws.com`` (the definition does not say which)."""

from __future__ import annotations

import re

from compiler.iam import calls
from compiler.iam.base import ACCOUNT, PARTITION, Context, Statement, Task, arn
from compiler.iam.calls import RR, SYNC, WAIT, Call

SERVICE = "ecs"
CALLS = {
    "runTask": Call(("ecs:RunTask",), (RR, SYNC, WAIT), sync=("ecs:StopTask", "ecs:DescribeTasks"),
                    rule="StepFunctionsGetEventsForECSTaskRule"),
}
ACTIONS = calls.patterns(CALLS)
TASK_DEF_ARN = re.compile(r"^(arn:[^:]+:ecs:[^:]*:[^:]*:task-definition/[^:]+)(:\d+)?$")
TO_ECS = (("StringEquals", "iam:PassedToService", ("ecs-tasks.amazonaws.com",)),)


def statements(task: Task, ctx: Context) -> list[Statement]:
    definition = task.get("TaskDefinition")
    reasons: tuple[str, ...] = ()
    runtime: tuple[str, ...] = ()
    if definition is None or definition.template is None:
        target = arn("ecs", "task-definition/*")
        reasons, runtime = (task.runtime("TaskDefinition"),), ("TaskDefinition",)
    else:
        text = definition.template
        match = TASK_DEF_ARN.match(text)
        if match:
            target = text if match.group(2) else f"{text}:*"
        else:
            family, _, revision = text.partition(":")
            target = arn("ecs", f"task-definition/{family}:{revision or '*'}")
    out = [Statement(("ecs:RunTask",), (target,), reasons=reasons, runtime=runtime)]
    if task.sync:
        found = calls.statements(Call((), sync=CALLS["runTask"].sync, rule=CALLS["runTask"].rule), task, ctx)
        out.extend(found)
    overrides = [task.at("Overrides", name) for name in ("TaskRoleArn", "ExecutionRoleArn")]
    named = [calls.pass_role(task, ("Overrides", name), "ecs-tasks.amazonaws.com") for name in ("TaskRoleArn", "ExecutionRoleArn")]
    out.extend(s for s in named if s is not None)
    if any(o is None for o in overrides):
        # A role the overrides leave out is the task definition's, which the ASL does not name.
        out.append(Statement(("iam:PassRole",), (f"arn:{PARTITION}:iam::{ACCOUNT}:role/*",), TO_ECS,
                             reasons=(f"state '{task.name}': the task definition's roles are not named in the "
                                      "definition; passed only to ecs-tasks.amazonaws.com",)))
    return out

"""Nested state machines: ``arn:aws:states:::states:startExecution`` and its patterns.

- request/response and ``.waitForTaskToken``: ``states:StartExecution`` on the child machine;
- ``.sync`` and ``.sync:2`` (run job) also: ``states:DescribeExecution``/``StopExecution`` on the
  child's executions (``execution:NAME:*``, narrower than CDK's ``execution:NAME*``) and
  ``events:PutTargets``/``PutRule``/``DescribeRule`` on the managed rule Step Functions uses to
  learn that the child finished.
"""

from __future__ import annotations

import re

from compiler.emit.iam.base import Context, Statement, Task, Value, arn
from compiler.refs import Ref

START = re.compile(r"^arn:aws[a-z-]*:states:::states:startExecution(\.sync(:2)?|\.waitForTaskToken)?$")
MACHINE_ARN = re.compile(r"^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$")
EVENTS_RULE = "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"


def matches(task: Task, ctx: Context) -> bool:
    return bool(START.match(task.resource))


def statements(task: Task, ctx: Context) -> list[Statement]:
    match = START.match(task.resource)
    assert match is not None
    target = task.get("StateMachineArn")
    value = target if target is not None else Value(None)
    machine, executions = machine_resources(value, ctx)
    out = [Statement(("states:StartExecution",), (machine,))]
    if (match.group(1) or "").startswith(".sync"):
        out.append(Statement(("states:DescribeExecution", "states:StopExecution"), (executions,)))
        out.append(
            Statement(
                ("events:DescribeRule", "events:PutRule", "events:PutTargets"),
                (arn("events", EVENTS_RULE),),
            )
        )
    return out


def machine_resources(value: Value, ctx: Context) -> tuple[str, str]:
    """(the state machine ARN, the ARN pattern of its executions)."""
    if value.template is None:
        return arn("states", "stateMachine:*"), arn("states", "execution:*")
    ref = value.ref
    if ref is not None and ctx.kind(ref) == "state_machine":
        return str(Ref(ref.key, "arn")), arn("states", f"execution:{Ref(ref.key, 'name')}:*")
    match = MACHINE_ARN.match(value.template)
    if match:
        return value.template, f"{match.group(1)}:execution:{match.group(2)}:*"
    # Anything else (a name is not accepted by StartExecution): allow exactly what was written.
    return value.template, arn("states", "execution:*")

"""Nested state machines: ``arn:aws:states:::states:startExecution`` and its patterns.

- request/response and ``.waitForTaskToken``: ``states:StartExecution`` on the child machine;
- ``.sync`` and ``.sync:2`` (run job) also: ``states:DescribeExecution``/``StopExecution`` on the
  child's executions (``execution:NAME:*``, narrower than CDK's ``execution:NAME*``) and
  ``events:PutTargets``/``PutRule``/``DescribeRule`` on the managed rule Step Functions uses to
  learn that the child finished.
"""

from __future__ import annotations

import re

from compiler.iam.base import Condition, Context, Statement, Task, Value, arn
from compiler.refs import Ref

SERVICE = "states"
ACTIONS = {"startExecution": ("", ".sync", ".sync:2", ".waitForTaskToken")}
MACHINE_ARN = re.compile(r"^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$")
# ``${machine.arn}:ALIAS`` (a task's ``alias:``) or a literal ARN with a version or alias qualifier.
QUALIFIED = re.compile(r"(\$\{[A-Za-z0-9_]+\.arn\}|arn:[^:]+:states:[^:]*:[^:]*:stateMachine:[^:]+):([A-Za-z0-9_-]+)")
EVENTS_RULE = "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"


def statements(task: Task, ctx: Context) -> list[Statement]:
    target = task.get("StateMachineArn")
    value = target if target is not None else Value(None, "StateMachineArn")
    qualifier = QUALIFIED.fullmatch(value.template or "")
    conditions: tuple[Condition, ...] = ()
    if qualifier is not None:
        # An alias or version: AWS authorizes against the machine's own ARN; the qualifier narrows it.
        value = Value(qualifier.group(1), value.name)
        conditions = (("StringEquals", "states:StateMachineQualifier", (qualifier.group(2),)),)
    machine, executions = machine_resources(value, ctx)
    why = (task.runtime(value.name),) if value.template is None else ()
    runtime = (value.name,) if why else ()
    out = [Statement(("states:StartExecution",), (machine,), conditions, reasons=why, runtime=runtime)]
    if task.sync:
        out.append(Statement(("states:DescribeExecution", "states:StopExecution"), (executions,), reasons=why, runtime=runtime))
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

"""The shape most optimized integrations share: a call, more actions for ``.sync``, the managed
EventBridge rule ``.sync`` uses to learn that a job finished, and roles the call passes on.

A family module declares its calls in a table (``CALLS``) and hands the task to ``statements``;
the resources of every action come from AWS's data (``arns.for_action``), so a table row names
IAM actions only, each checked to exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from compiler.iam.arns import Resources, for_action
from compiler.iam.base import ACCOUNT, PARTITION, Context, Statement, Task, arn
from compiler.iam.data import index

RR, SYNC, SYNC2, WAIT = "", ".sync", ".sync:2", ".waitForTaskToken"


class Call(NamedTuple):
    actions: tuple[str, ...]  # IAM actions of the call itself
    patterns: tuple[str, ...] = (RR,)
    sync: tuple[str, ...] = ()  # more actions when the task waits for the job (``.sync``)
    rule: str | None = None  # the managed rule ``.sync`` needs (events:PutTargets/PutRule/DescribeRule)
    pass_role: tuple[tuple[str, ...], ...] = ()  # parameter paths of roles the call passes
    passed_to: str | None = None  # the service principal the role is passed to (iam:PassedToService)
    scope: Mapping[str, tuple[str, ...]] | None = None  # action -> the resource types to use (else all)


def statements(call: Call, task: Task, ctx: Context) -> list[Statement]:
    names = call.actions + (call.sync if task.sync else ())
    out = [action_statement(name, task, ctx, (call.scope or {}).get(name)) for name in names]
    if task.sync and call.rule:
        out.append(rule_statement(call.rule))
    for path in call.pass_role:
        found = pass_role(task, path, call.passed_to)
        if found is not None:
            out.append(found)
    return out


def action_statement(name: str, task: Task, ctx: Context, use: tuple[str, ...] | None = None) -> Statement:
    action = index().action(name)
    if action is None:
        raise ValueError(f"IAM action {name!r} is not in AWS's authorization data")
    found = for_action(task, action, ctx, use=use)
    return statement((str(action),), found)


def statement(actions: tuple[str, ...], found: Resources) -> Statement:
    return Statement(actions, tuple(found.arns), reasons=tuple(found.reasons), runtime=tuple(found.runtime))


def rule_statement(rule: str) -> Statement:
    return Statement(("events:DescribeRule", "events:PutRule", "events:PutTargets"), (arn("events", f"rule/{rule}"),))


def pass_role(task: Task, path: tuple[str, ...], passed_to: str | None = None) -> Statement | None:
    """``iam:PassRole`` on the role a parameter names; None when the call names none."""
    value = task.at(*path)
    if value is None:
        return None
    conditions = (("StringEquals", "iam:PassedToService", (passed_to,)),) if passed_to else ()
    if value.template is None:
        return Statement(("iam:PassRole",), (f"arn:{PARTITION}:iam::{ACCOUNT}:role/*",), conditions,
                         reasons=(task.runtime(value.name),), runtime=(value.name,))
    ref = value.ref
    if ref is not None and not ref.is_parameter:
        return Statement(("iam:PassRole",), (f"${{{ref.key}.arn}}",), conditions)
    target = value.template if value.template.startswith("arn:") else f"arn:{PARTITION}:iam::{ACCOUNT}:role/{value.template}"
    return Statement(("iam:PassRole",), (target,), conditions)


def patterns(calls: Mapping[str, Call]) -> dict[str, tuple[str, ...]]:
    return {name: call.patterns for name, call in calls.items()}


def kms_for(task: Task, ctx: Context, parameter: str, actions: tuple[str, ...]) -> list[Statement]:
    """The KMS grants a call needs when the parameter names a spec resource encrypted with a spec ``key``."""
    value = task.get(parameter)
    ref = value.ref if value is not None else None
    if ref is None or ref.is_parameter or ref.key not in ctx.keys:
        return []
    return [Statement(actions, (f"${{{ctx.keys[ref.key]}.arn}}",))]

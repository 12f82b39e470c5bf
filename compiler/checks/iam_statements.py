"""User-written IAM statements (managed policies, roles, a machine's ``statements:``) against AWS's
authorization data: each action must exist (E381, with the closest one), a wildcard action is a
warning (W421), and each resource must be one the action can be scoped to (E382) — an action
that takes no resource-level permission needs ``*``, and an ARN of another resource type never
matches, so the statement would silently allow nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.iam.data import Action, index
from compiler.refs import REFERENCE
from compiler.source import Path

ACTION = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")
VARIABLE = re.compile(r"\$\{([A-Za-z0-9]+)\}")
# What a ``${key.arn}`` stands for, to test it against the action's ARN formats.
SAMPLE_ARN = {
    "bucket": "arn:aws:s3:::sample",
    "function": "arn:aws:lambda:us-east-1:123456789012:function:sample",
    "role": "arn:aws:iam::123456789012:role/sample",
    "managed_policy": "arn:aws:iam::123456789012:policy/sample",
    "state_machine": "arn:aws:states:us-east-1:123456789012:stateMachine:sample",
    "layer": "arn:aws:lambda:us-east-1:123456789012:layer:sample:1",
    "table": "arn:aws:dynamodb:us-east-1:123456789012:table/sample",
    "queue": "arn:aws:sqs:us-east-1:123456789012:sample",
    "topic": "arn:aws:sns:us-east-1:123456789012:sample",
    "event_bus": "arn:aws:events:us-east-1:123456789012:event-bus/sample",
    "key": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "log_group": "arn:aws:logs:us-east-1:123456789012:log-group:sample",
    "secret": "arn:aws:secretsmanager:us-east-1:123456789012:secret:sample-AbCdEf",
    "connection": "arn:aws:events:us-east-1:123456789012:connection/sample/1c3e5a7b-0000-4000-8000-000000000000",
    "task_definition": "arn:aws:ecs:us-east-1:123456789012:task-definition/sample:1",
    "activity": "arn:aws:states:us-east-1:123456789012:activity:sample",
}
PSEUDO = {"${AWS::Partition}": "aws", "${AWS::Region}": "us-east-1", "${AWS::AccountId}": "123456789012"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    kinds: dict[str, str] = {key: resource.type for key, resource in ctx.spec.resources.items()}
    kinds.update({key: "state_machine" for key in ctx.spec.state_machines})
    for key, resource in ctx.spec.resources.items():
        for i, statement in enumerate(getattr(resource, "statements", None) or []):
            yield from _statement(statement, ("resources", key, "statements", i), kinds)
    for key, machine in ctx.spec.state_machines.items():
        for i, statement in enumerate(getattr(machine, "statements", None) or []):
            yield from _statement(statement, ("state_machines", key, "statements", i), kinds)


def _statement(statement: Any, path: Path, kinds: dict[str, str]) -> Iterator[Finding]:
    data = index()
    known: list[tuple[int, Action]] = []
    for j, action in enumerate(statement.actions):
        if "${" in action or not ACTION.fullmatch(action):
            continue  # E341 reports a malformed action
        if "*" in action or "?" in action:
            matched = data.matching(action)
            if not matched:
                yield Finding(codes.E_IAM_UNKNOWN_ACTION, f"'{action}' matches no action of AWS's authorization data",
                              (*path, "actions", j), "check the service prefix and the pattern")
            else:
                yield Finding(codes.W_IAM_WILDCARD_ACTION,
                              f"'{action}' is a wildcard: it allows {len(matched)} action(s), including future ones",
                              (*path, "actions", j), f"list the actions the workflow needs, e.g. '{matched[0]}'")
            continue
        found = data.action(action)
        if found is None:
            suggestion = data.suggest(action)
            yield Finding(codes.E_IAM_UNKNOWN_ACTION, f"'{action}' is not an action of AWS's authorization data",
                          (*path, "actions", j),
                          f"did you mean '{suggestion}'?" if suggestion else "see the Service Authorization Reference")
            continue
        known.append((j, found))
    if statement.effect != "allow" or not known:
        return
    # A statement may mix bucket- and object-level actions over both ARNs (AWS's own examples do):
    # what never works is an action no resource fits, or a resource no action applies to.
    samples: list[tuple[int, str, str]] = []
    for k, resource in enumerate(statement.resources):
        sample = _sample(resource, kinds)
        if sample is not None:
            samples.append((k, resource, sample))
    if not samples:
        return
    fits = {(j, k): _misfit(action, sample) is None for j, action in known for k, _, sample in samples}
    for j, action in known:
        if not any(fits[(j, k)] for k, _, _ in samples):
            k, resource, sample = samples[0]
            problem = _misfit(action, sample)
            yield Finding(codes.E_IAM_RESOURCE_FIT, f"'{resource}' {problem}", (*path, "resources", k),
                          _fit_hint(action))
    for k, resource, sample in samples:
        if not any(fits[(j, k)] for j, _ in known):
            action = known[0][1]
            yield Finding(codes.E_IAM_RESOURCE_FIT, f"'{resource}' {_misfit(action, sample)}",
                          (*path, "resources", k), _fit_hint(action))


def _sample(resource: str, kinds: dict[str, str]) -> str | None:
    """The resource with references and wildcards replaced by sample text; None if unknowable."""
    if resource == "*":
        return "*"
    text = resource
    for pseudo, value in PSEUDO.items():
        text = text.replace(pseudo, value)
    for match in REFERENCE.finditer(resource):
        kind = kinds.get(match.group(1))
        if match.group(2) != "arn" or kind not in SAMPLE_ARN:
            return None  # a parameter or a name: its value is not known here
        text = text.replace(match.group(0), SAMPLE_ARN[kind])
    if "${" in text:
        return None
    return text.replace("*", "x").replace("?", "x")


def _misfit(action: Action, sample: str) -> str | None:
    if sample == "*":
        return None
    if not action.takes_resources:
        return f"cannot scope {action}: it takes no resource-level permission, so only '*' matches"
    formats = [index().arn_format(action.prefix, kind) for kind, _ in action.resource_types]
    for fmt in formats:
        if fmt is not None and _pattern(fmt).fullmatch(sample):
            return None
    kinds = ", ".join(kind for kind, _ in action.resource_types)
    return f"is not a resource {action} applies to (its resource types: {kinds})"


def _pattern(fmt: str) -> re.Pattern[str]:
    parts = []
    last = 0
    for match in VARIABLE.finditer(fmt):
        parts.append(re.escape(fmt[last:match.start()]))
        name = match.group(1)
        parts.append("[^:]+" if name == "Partition" else "[^:]*" if name in ("Region", "Account") else ".+")
        last = match.end()
    parts.append(re.escape(fmt[last:]))
    return re.compile("".join(parts))


def _fit_hint(action: Action) -> str:
    if not action.takes_resources:
        return f"use resources: ['*'] for {action} (in a statement of its own)"
    formats = [f for f in (index().arn_format(action.prefix, kind) for kind, _ in action.resource_types) if f]
    return f"{action} applies to: " + "; ".join(formats[:3])

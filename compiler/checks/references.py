"""References: resource keys, ``${key.attr}`` in strings, and state names in transitions.

Also W401 for a resource nothing uses. A resource counts as used when a field names it (role,
layers, managed_policies, invoke, start_execution) or any string references it (``${key.attr}``).
Likewise W403 for a spec parameter no ``${params.NAME}`` reads: a value overridden with
``cdk synth -c NAME=VALUE`` that changes nothing is a mistake waiting to surprise someone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.walk import Scope, reference_strings, scopes, states, states_in, transitions
from compiler.diagnostics import Finding, did_you_mean
from compiler.iam.ecs import role_key
from compiler.model.resources import ATTRIBUTES, ENCRYPTED_KINDS
from compiler.model.states import TaskState
from compiler.refs import PARAMS, refs_in
from compiler.source import Path

# Attributes of the state machines the spec defines (the emitter references them as ``key.arn``).
MACHINE_ATTRIBUTES = ("arn", "name")
# Something shaped like a reference that the strict pattern in compiler.refs does not accept:
# ``${bucket}``, ``${ bucket.arn }``, ``${bucket.arn.x}``. Left alone it would reach AWS verbatim.
_LOOSE_REF = re.compile(r"\$\{\s*([A-Za-z_][\w.\-]*)\s*\}")

_KIND_WORDS = {
    "bucket": "a bucket", "managed_policy": "a managed policy", "role": "a role", "layer": "a layer",
    "function": "a function", "state_machine": "a state machine", "table": "a table", "queue": "a queue",
    "topic": "a topic", "event_bus": "an event bus", "key": "a KMS key", "log_group": "a log group",
    "secret": "a secret", "connection": "an EventBridge connection", "task_definition": "an ECS task definition",
    "activity": "an activity",
}


def check(ctx: CheckContext) -> Iterator[Finding]:
    used: set[str] = set()
    used_params: set[str] = set()
    yield from _resource_fields(ctx, used)
    yield from _string_references(ctx, used, used_params)
    yield from _transitions(ctx)
    yield from _unused(ctx, used)
    yield from _unused_parameters(ctx, used_params)


# Fields that name a resource ----------------------------------------------------------------


def _kinds(ctx: CheckContext) -> dict[str, str]:
    return {key: resource.type for key, resource in ctx.spec.resources.items()}


def _expect(
    ctx: CheckContext, key: str, want: tuple[str, ...], path: Path, field: str, used: set[str]
) -> Iterator[Finding]:
    """``key`` must name a resource of one of the kinds in ``want`` (``machine``: a state machine)."""
    kinds = _kinds(ctx)
    machines = ctx.spec.state_machines
    used.add(key)
    if key in kinds and kinds[key] in want:
        return
    if "machine" in want and key in machines:
        return
    words = " or ".join(_KIND_WORDS.get(w, "a state machine") for w in want)
    candidates = [k for k, kind in kinds.items() if kind in want]
    if "machine" in want:
        candidates += list(machines)
    if key in machines:  # a machine of this spec where something else is needed
        yield Finding(codes.E_WRONG_KIND, f"'{key}' is a state machine, but '{field}' needs {words}", path,
                      did_you_mean(key, candidates) or f"define {words} under 'resources'")
        return
    if key in kinds:
        hint = did_you_mean(key, candidates) or (
            f"candidates: {', '.join(sorted(candidates))}" if candidates else f"define {words} under 'resources'"
        )
        yield Finding(codes.E_WRONG_KIND, f"'{key}' is {_KIND_WORDS[kinds[key]]}, but '{field}' needs {words}",
                      path, hint)
        return
    close = did_you_mean(key, candidates) or did_you_mean(key, [*kinds, *machines])
    if close:
        used.add(close.split("'")[1])  # the typo meant that one: do not also call it unused
    yield Finding(codes.E_UNKNOWN_RESOURCE, f"unknown resource '{key}' in '{field}'", path,
                  close or f"define it under 'resources' as {words}")


def _resource_fields(ctx: CheckContext, used: set[str]) -> Iterator[Finding]:
    for key, resource in ctx.spec.resources.items():
        base: Path = ("resources", key)
        if resource.type == "function":
            if resource.role is not None:
                yield from _expect(ctx, resource.role, ("role",), (*base, "role"), "role", used)
            for i, layer in enumerate(resource.layers):
                yield from _expect(ctx, layer, ("layer",), (*base, "layers", i), "layers", used)
        elif resource.type == "role":
            for i, policy in enumerate(resource.managed_policies):
                yield from _expect(ctx, policy, ("managed_policy",), (*base, "managed_policies", i),
                                   "managed_policies", used)
        encrypted_by = getattr(resource, "key", None) if resource.type in ENCRYPTED_KINDS else None
        if isinstance(encrypted_by, str):
            yield from _expect(ctx, encrypted_by, ("key",), (*base, "key"), "key", used)
        authorization = getattr(resource, "authorization", None) if resource.type == "connection" else None
        if authorization is not None:
            yield from _expect(ctx, authorization.secret, ("secret",), (*base, "authorization", "secret"),
                               "authorization.secret", used)
        if resource.type == "task_definition":
            for field in ("task_role", "execution_role"):
                role = role_key(getattr(resource, field))
                if role is not None and (role == getattr(resource, field) or role in ctx.spec.resources):
                    yield from _expect(ctx, role, ("role",), (*base, field), field, used)
        if resource.type == "activity" and resource.encryption is not None:
            yield from _expect(ctx, resource.encryption.key, ("key",), (*base, "encryption", "key"), "key", used)
        if resource.type == "queue" and resource.dead_letter is not None:
            yield from _expect(ctx, resource.dead_letter.queue, ("queue",), (*base, "dead_letter", "queue"),
                               "dead_letter.queue", used)
    for key, machine in ctx.spec.state_machines.items():
        if machine.role is not None:
            yield from _expect(ctx, machine.role, ("role",), ("state_machines", key, "role"), "role", used)
        if machine.encryption is not None:
            yield from _expect(ctx, machine.encryption.key, ("key",), ("state_machines", key, "encryption", "key"),
                               "key", used)
        if machine.logging is not None and machine.logging.log_group is not None:
            yield from _expect(ctx, machine.logging.log_group, ("log_group",),
                               ("state_machines", key, "logging", "log_group"), "logging.log_group", used)
        for name, alarm in machine.alarms.items():
            for i, action in enumerate(alarm.actions):
                yield from _expect(ctx, action, ("topic",), ("state_machines", key, "alarms", name, "actions", i),
                                   "actions", used)
        for name, notification in machine.notifications.items():
            for i, target in enumerate(notification.targets):
                yield from _expect(ctx, target, ("topic", "queue", "function", "state_machine", "machine"),
                                   ("state_machines", key, "notifications", name, "targets", i), "targets", used)
        for name, trigger in machine.triggers.items():
            if trigger.type == "s3_object_created":
                yield from _expect(ctx, trigger.bucket, ("bucket",), ("state_machines", key, "triggers", name, "bucket"),
                                   "bucket", used)
    for info in states(ctx.spec):
        state = info.state
        if not isinstance(state, TaskState):
            continue
        if state.invoke is not None:
            yield from _expect(ctx, state.invoke, ("function",), (*info.path, "invoke"), "invoke", used)
        if state.start_execution is not None:
            yield from _expect(ctx, state.start_execution, ("state_machine", "machine"),
                               (*info.path, "start_execution"), "start_execution", used)


# ${key.attr} inside strings -------------------------------------------------------------------


def _string_references(ctx: CheckContext, used: set[str], used_params: set[str]) -> Iterator[Finding]:
    """References in the sections the emitter resolves them in (resources, state_machines, stack)."""
    kinds = _kinds(ctx)
    machines = ctx.spec.state_machines
    params = ctx.spec.parameters
    for path, text in reference_strings(ctx.data):
        yield from _loose(text, path, kinds, machines)
        for ref, offset in refs_in(text):
            where = f" (at character {offset + 1})" if offset else ""
            if ref.key == PARAMS:
                used_params.add(ref.attr)
                if ref.attr not in params:
                    close = did_you_mean(ref.attr, params)
                    if close:
                        used_params.add(close.split("'")[1])  # the typo meant that one: not also unused
                    hint = close or f"declare it under 'parameters:' as '{ref.attr}: {{default: ...}}'"
                    yield Finding(codes.E_UNKNOWN_PARAMETER, f"unknown spec parameter '{ref.attr}' in {ref}{where}",
                                  path, hint)
                continue
            used.add(ref.key)
            if ref.key in kinds:
                attrs = ATTRIBUTES[kinds[ref.key]]
            elif ref.key in machines:
                attrs = MACHINE_ATTRIBUTES
            else:
                close = did_you_mean(ref.key, [*kinds, *machines, PARAMS])
                if close:
                    used.add(close.split("'")[1])
                yield Finding(codes.E_UNKNOWN_RESOURCE, f"unknown resource '{ref.key}' in {ref}{where}", path,
                              close or "define it under 'resources'")
                continue
            if ref.attr not in attrs:
                hint = did_you_mean(ref.attr, attrs) or f"'{ref.key}' has: {', '.join(attrs)}"
                yield Finding(codes.E_UNKNOWN_ATTRIBUTE, f"'{ref.key}' has no attribute '{ref.attr}' in {ref}{where}",
                              path, hint)


def _loose(text: str, path: Path, kinds: dict[str, str], machines: Iterable[str]) -> Iterator[Finding]:
    for match in _LOOSE_REF.finditer(text):
        body = match.group(1)
        parts = body.split(".")
        if len(parts) == 2 and match.group(0) == f"${{{body}}}" and all(parts):
            continue  # well-formed; refs_in judged it
        key = parts[0]
        attrs = ATTRIBUTES.get(kinds.get(key, ""), MACHINE_ATTRIBUTES if key in set(machines) else ())
        example = f"${{{key}.{attrs[0]}}}" if attrs else "${key.attribute}"
        where = f" (at character {match.start() + 1})" if match.start() else ""
        yield Finding(codes.E_UNKNOWN_ATTRIBUTE, f"'{match.group(0)}' is not a reference{where}", path,
                      f"write a reference as {example}")


# State names in transitions -------------------------------------------------------------------


def resolve(scope: Scope, target: str) -> str | None:
    """The state a transition means: the name itself, or its close match when it is a typo.

    Used by the graph check too, so that one typo is one error and the state it meant to reach
    is not also reported as unreachable.
    """
    if target in scope.states:
        return target
    close = did_you_mean(target, scope.states)
    return close.split("'")[1] if close else None


def _transitions(ctx: CheckContext) -> Iterator[Finding]:
    names_by_machine: dict[str, set[str]] = {}
    all_scopes = list(scopes(ctx.spec))
    for scope in all_scopes:
        names_by_machine.setdefault(scope.machine, set()).update(scope.states)
    for scope in all_scopes:
        if scope.start_at is not None and scope.start_at not in scope.states:
            yield _unknown(scope, scope.start_at, (*scope.path, "start_at"), names_by_machine, "start_at")
        for info in states_in(scope):
            for target, path in transitions(info):
                if target not in scope.states:
                    yield _unknown(scope, target, path, names_by_machine, path[-1] if path != info.path else "next")


def _unknown(scope: Scope, target: str, path: Path, names: dict[str, set[str]], field: Any) -> Finding:
    hint = did_you_mean(target, scope.states)
    where = {"machine": f"machine '{scope.machine}'", "branch": "this branch",
             "processor": "this item processor"}[scope.kind]
    if hint is None and target in names.get(scope.machine, set()):
        kind = {"machine": "machine", "branch": "branch", "processor": "item processor"}[scope.kind]
        hint = (f"'{target}' belongs to another scope; a {kind} cannot jump out of itself "
                "(end it instead and let the enclosing state go on)")
    if hint is None:
        hint = f"states here: {', '.join(list(scope.states)[:8])}"
    return Finding(codes.E_UNKNOWN_STATE, f"'{field}' names '{target}', which is not a state of {where}", path, hint)


# Unused resources -------------------------------------------------------------------------------


def _unused(ctx: CheckContext, used: set[str]) -> Iterator[Finding]:
    for key, resource in ctx.spec.resources.items():
        if key in used:
            continue
        what = _KIND_WORDS[resource.type]
        needs = {
            "bucket": f"reference it, e.g. '${{{key}.arn}}' in a policy statement",
            "managed_policy": "attach it to a role under 'managed_policies'",
            "role": "give it to a function or state machine with 'role:'",
            "layer": "add it to a function's 'layers'",
            "function": f"invoke it from a task ('invoke: {key}') or reference '${{{key}.arn}}'",
            "state_machine": f"start it from a task ('start_execution: {key}')",
            "table": f"name it in a task ('TableName: ${{{key}.name}}')",
            "queue": f"name it in a task ('QueueUrl: ${{{key}.url}}') or as a 'dead_letter' queue",
            "topic": f"name it in a task ('TopicArn: ${{{key}.arn}}')",
            "event_bus": f"name it in a task's entries ('EventBusName: ${{{key}.name}}')",
            "key": "encrypt a table, queue, topic, event bus, machine or activity with it ('key: " + key + "')",
            "log_group": f"name it in a task ('LogGroupName: ${{{key}.name}}')",
            "secret": f"give it to a connection ('secret: {key}') or name it in a task ('SecretId: ${{{key}.arn}}')",
            "connection": f"authenticate an http:invoke task with it ('ConnectionArn: ${{{key}.arn}}')",
            "task_definition": f"run it from an ecs:runTask task ('TaskDefinition: ${{{key}.arn}}')",
            "activity": f"run it from a task ('resource: ${{{key}.arn}}')",
        }[resource.type]
        yield Finding(codes.W_UNUSED_RESOURCE, f"{what} '{key}' is defined but never used", ("resources", key),
                      f"{needs}, or remove it", on_key=True)


def _unused_parameters(ctx: CheckContext, used: set[str]) -> Iterator[Finding]:
    for name in ctx.spec.parameters:
        if name not in used:
            yield Finding(codes.W_UNUSED_PARAMETER, f"spec parameter '{name}' is defined but never used",
                          ("parameters", name),
                          f"reference it as '${{params.{name}}}' where the value belongs, or remove it",
                          on_key=True)

"""How CloudFormation applies a change of a machine's triggers: updated in place, or replaced.

Each trigger field maps to the CloudFormation property the emitter writes it to
(``compiler/emit/stack_triggers.py``). Whether a property change replaces the resource is read from
the resource's CloudFormation schema as cfn-lint ships it: a ``createOnlyProperties`` entry is
replaced, a ``conditionalCreateOnlyProperties`` entry is replaced when the service cannot update it
(the schema's own definition), anything else is updated in place (for a schedule, Scheduler's
``UpdateSchedule``; for a rule, EventBridge's ``PutRule``/``PutTargets``), keeping its ARN.

The stack never sets a schedule's or a rule's ``Name``, so editing a trigger never replaces it;
what does is a new logical id (the trigger's key renamed), another resource type (``type``
changed), or, for an ``event_rule``, another ``event_bus``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.checks.overrides import resource_schema
from compiler.diff.records import Flag
from compiler.diff.values import canonical, diff_values

# trigger type -> the CloudFormation resources it is emitted as (the first one is "the" trigger).
RESOURCES = {
    "schedule": ("AWS::Scheduler::Schedule",),
    "event_rule": ("AWS::Events::Rule",),
    "s3_object_created": ("AWS::Events::Rule",),
    "http_api": ("AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Route",
                 "AWS::ApiGatewayV2::Stage"),
}
# trigger type -> spec field -> (CloudFormation type, property) it is written to.
PROPERTIES: dict[str, dict[str, tuple[str, str]]] = {
    "schedule": {
        "expression": ("AWS::Scheduler::Schedule", "ScheduleExpression"),
        "time_zone": ("AWS::Scheduler::Schedule", "ScheduleExpressionTimezone"),
        "flexible_window_minutes": ("AWS::Scheduler::Schedule", "FlexibleTimeWindow"),
        "enabled": ("AWS::Scheduler::Schedule", "State"),
        "description": ("AWS::Scheduler::Schedule", "Description"),
        "input": ("AWS::Scheduler::Schedule", "Target"),
        "alias": ("AWS::Scheduler::Schedule", "Target"),
    },
    "event_rule": {
        "event_pattern": ("AWS::Events::Rule", "EventPattern"),
        "event_bus": ("AWS::Events::Rule", "EventBusName"),
        "enabled": ("AWS::Events::Rule", "State"),
        "description": ("AWS::Events::Rule", "Description"),
        "input": ("AWS::Events::Rule", "Targets"),
        "input_transformer": ("AWS::Events::Rule", "Targets"),
        "alias": ("AWS::Events::Rule", "Targets"),
    },
    "s3_object_created": {
        "bucket": ("AWS::Events::Rule", "EventPattern"),
        "prefix": ("AWS::Events::Rule", "EventPattern"),
        "suffix": ("AWS::Events::Rule", "EventPattern"),
        "description": ("AWS::Events::Rule", "Description"),
        "input": ("AWS::Events::Rule", "Targets"),
        "input_transformer": ("AWS::Events::Rule", "Targets"),
        "alias": ("AWS::Events::Rule", "Targets"),
    },
    "http_api": {
        "route": ("AWS::ApiGatewayV2::Route", "RouteKey"),
        "authorization": ("AWS::ApiGatewayV2::Route", "AuthorizationType"),
        "description": ("AWS::ApiGatewayV2::Api", "Description"),
        "alias": ("AWS::ApiGatewayV2::Integration", "RequestParameters"),
    },
}


def trigger_changes(machine: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[list[str], list[Flag]]:
    """What happens to each trigger of ``machine`` (old and new are its ``triggers`` dumps): one
    sentence per trigger touched, and a replacement flag for each trigger resource replaced."""
    lines: list[str] = []
    flags: list[Flag] = []
    removed = {name: t for name, t in old.items() if name not in new}
    added = {name: t for name, t in new.items() if name not in old}
    renamed = _renamed(removed, added)
    for name, trigger in new.items():
        subject = f"trigger {machine}.{name}"
        kind = trigger["type"]
        if name in old:
            line, flag = _changed(subject, old[name], trigger)
            if line:
                lines.append(line)
            if flag:
                flags.append(flag)
        elif name in renamed.values():
            was = next(k for k, v in renamed.items() if v == name)
            cost = (f"replaced: its key was `{was}`, so its logical id changes: CloudFormation creates a new "
                    f"{_types(kind)} (another generated name and ARN) and deletes the old one")
            lines.append(f"{subject} ({_types(kind)}): {cost}")
            flags.append(Flag("replacement", subject, cost))
        else:
            lines.append(f"{subject} ({_types(kind)}): added")
    for name, trigger in old.items():
        if name not in new and name not in renamed:
            lines.append(f"trigger {machine}.{name} ({_types(trigger['type'])}): removed, so nothing starts the "
                         "machine this way any more")
    return lines, flags


def _renamed(removed: Mapping[str, Any], added: Mapping[str, Any]) -> dict[str, str]:
    pool: dict[str, list[str]] = {}
    for name, trigger in added.items():
        pool.setdefault(canonical(trigger), []).append(name)
    return {name: pool[canonical(t)].pop(0) for name, t in removed.items() if pool.get(canonical(t))}


def _changed(subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str | None, Flag | None]:
    if old["type"] != new["type"]:
        cost = (f"replaced: `type` {old['type']} → {new['type']}, so CloudFormation deletes the {_types(old['type'])} "
                f"and creates a {_types(new['type'])} (nothing carries over between them)")
        return f"{subject}: {cost}", Flag("replacement", subject, cost)
    kind = new["type"]
    fields = sorted({change.path.split("/")[1] for change in diff_values(dict(old), dict(new))})
    if not fields:
        return None, None
    by_property: dict[tuple[str, str], list[str]] = {}
    for field in fields:
        by_property.setdefault(PROPERTIES[kind].get(field, (RESOURCES[kind][0], field)), []).append(field)
    verdicts: dict[str | None, list[str]] = {"always": [], "conditional": [], None: []}
    for (cfn_type, prop), names in by_property.items():
        where = f"{cfn_type} " if len(RESOURCES[kind]) > 1 else ""
        verdicts[_create_only(cfn_type, prop)].append(f"{where}{prop} ← {', '.join(f'`{n}`' for n in names)}")
    parts = []
    if verdicts["always"]:
        parts.append("replaced, create-only in its CloudFormation schema: " + ", ".join(verdicts["always"]))
    if verdicts["conditional"]:
        parts.append("replaced if the service cannot update it in place, conditionally create-only in its "
                     "CloudFormation schema: " + ", ".join(verdicts["conditional"]))
    if verdicts[None]:
        parts.append("updated in place, same name and ARN: " + ", ".join(verdicts[None]))
    text = "; ".join(parts)
    flag = Flag("replacement", subject, f"{_types(kind)} {text}") if verdicts["always"] or verdicts["conditional"] \
        else None
    return f"{subject} ({_types(kind)}): {text}", flag


def _create_only(kind: str, prop: str) -> str | None:
    """``always``, ``conditional`` or None, from the resource's CloudFormation schema."""
    schema = resource_schema(kind) or {}
    pointer = f"/properties/{prop}"
    if pointer in schema.get("createOnlyProperties", ()):
        return "always"
    if pointer in schema.get("conditionalCreateOnlyProperties", ()):
        return "conditional"
    return None


def _types(kind: str) -> str:
    return RESOURCES[kind][0] if len(RESOURCES[kind]) == 1 else "HTTP API (" + ", ".join(
        t.rsplit("::", 1)[1] for t in RESOURCES[kind]) + ")"


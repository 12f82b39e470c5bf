"""Triggers: what EventBridge, EventBridge Scheduler and API Gateway refuse, found at validate time.

- a trigger's ``alias`` is one of the machine's aliases;
- an S3 trigger's bucket is created by this stack (an existing bucket's notifications are not ours
  to turn on);
- an input transformer's template uses only names its paths map defines, and each path is a JSONPath;
- a schedule's rate/cron expression and time zone are ones Scheduler accepts;
- two HTTP triggers of one machine do not claim the same route.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from compiler import diagnostics as codes
from compiler.asl.jsonpath import parse_path
from compiler.checks import CheckContext
from compiler.diagnostics import Finding, did_you_mean
from compiler.model.resources import Bucket
from compiler.model.triggers import EventInput, InputTransformer, S3ObjectCreatedTrigger, ScheduleTrigger
from compiler.triggers.events import RESERVED, placeholders

RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
AT = re.compile(r"^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$")


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, machine in ctx.spec.state_machines.items():
        for name, trigger in machine.triggers.items():
            path = ("state_machines", key, "triggers", name)
            if trigger.alias is not None and trigger.alias not in machine.aliases:
                yield Finding(codes.E_TRIGGER_ALIAS, f"trigger '{name}' starts alias '{trigger.alias}', which "
                              f"machine '{key}' does not have", (*path, "alias"),
                              did_you_mean(trigger.alias, machine.aliases) or "declare it under the machine's 'aliases'")
            if isinstance(trigger, S3ObjectCreatedTrigger):
                bucket = ctx.spec.resources.get(trigger.bucket)
                if isinstance(bucket, Bucket) and bucket.existing is not None:
                    yield Finding(codes.E_TRIGGER_BUCKET,
                                  f"bucket '{trigger.bucket}' exists outside this stack: its EventBridge notifications "
                                  "cannot be turned on here", (*path, "bucket"),
                                  "turn them on for that bucket yourself and use an event_rule trigger on "
                                  "'Object Created' events")
            if isinstance(trigger, EventInput) and trigger.input_transformer is not None:
                yield from transformer_findings(trigger.input_transformer, (*path, "input_transformer"))
            if isinstance(trigger, ScheduleTrigger):
                yield from _schedule(trigger, path)
        routes = [(n, t.route) for n, t in machine.triggers.items() if t.type == "http_api"]
        seen: dict[str, str] = {}
        for name, route in routes:
            if route in seen:
                yield Finding(codes.E_TRIGGER_INPUT, f"triggers '{seen[route]}' and '{name}' both claim '{route}'",
                              ("state_machines", key, "triggers", name, "route"), "give each its own route")
            seen.setdefault(route, name)


def transformer_findings(transformer: InputTransformer, path: tuple[str | int, ...]) -> Iterator[Finding]:
    """An EventBridge input transformer's paths and placeholders (a trigger's or a notification's)."""
    for name, json_path in transformer.input_paths_map.items():
        try:
            parse_path(json_path)
        except Exception as exc:
            yield Finding(codes.E_TRIGGER_INPUT, f"input path '{name}' is not a JSONPath: {exc}",
                          (*path, "input_paths_map", name), "write a path into the event, e.g. '$.detail.object.key'")
    for used in placeholders(transformer.input_template):
        if used not in transformer.input_paths_map and used not in RESERVED:
            yield Finding(codes.E_TRIGGER_INPUT, f"input_template uses <{used}>, which input_paths_map does not define",
                          (*path, "input_template"),
                          did_you_mean(used, [*transformer.input_paths_map, *RESERVED])
                          or f"add '{used}: $.detail...' to input_paths_map")


def _schedule(trigger: ScheduleTrigger, path: tuple[str | int, ...]) -> Iterator[Finding]:
    expression = trigger.expression
    problem = None
    if expression.startswith("rate("):
        match = RATE.match(expression)
        if match is None:
            problem = "a rate is 'rate(N minutes|hours|days)'"
        elif (match.group(1) == "1") != (not match.group(2).endswith("s")):
            problem = "Scheduler wants the singular unit for 1 and the plural otherwise ('rate(1 hour)', 'rate(5 hours)')"
    elif expression.startswith("cron("):
        fields = expression[5:-1].split()
        if len(fields) != 6:
            problem = f"a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not {len(fields)}"
        elif "?" not in (fields[2], fields[4]):
            problem = "one of day-of-month and day-of-week must be '?'"
    elif not AT.match(expression):
        problem = "a one-time schedule is 'at(yyyy-mm-ddThh:mm:ss)'"
    if problem:
        yield Finding(codes.E_SCHEDULE, f"schedule expression '{expression}': {problem}", (*path, "expression"),
                      "e.g. 'rate(5 minutes)' or 'cron(0 9 ? * MON-FRI *)'")
    if trigger.time_zone is not None:
        try:
            ZoneInfo(trigger.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            yield Finding(codes.E_SCHEDULE, f"unknown time zone '{trigger.time_zone}'", (*path, "time_zone"),
                          "an IANA name such as 'Asia/Tokyo' or 'UTC'")

"""Building a trigger's event and applying EventBridge's input transformer to it."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from compiler.asl.jsonpath import evaluate
from compiler.model.triggers import (
    EventRuleTrigger,
    HttpApiTrigger,
    InputTransformer,
    S3ObjectCreatedTrigger,
    ScheduleTrigger,
)

ACCOUNT, REGION = "123456789012", "us-east-1"
TIME = "2026-01-01T00:00:00Z"
PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.-]+)>")
RESERVED = {"aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event",
            "aws.events.event.json"}


class TransformError(Exception):
    pass


class Delivery(NamedTuple):
    event: Any  # what the service emits (None for a schedule: it sends its input)
    input: Any  # what the execution starts with


def deliver(trigger: Any, bucket_name: str | None = None, body: Any = None) -> Delivery:
    if isinstance(trigger, ScheduleTrigger):
        return Delivery(None, {} if trigger.input is None else trigger.input)
    if isinstance(trigger, HttpApiTrigger):
        return Delivery({"body": body}, {} if body is None else body)
    if isinstance(trigger, S3ObjectCreatedTrigger):
        event = s3_event(bucket_name or trigger.bucket, trigger.prefix, trigger.suffix)
    else:
        assert isinstance(trigger, EventRuleTrigger)
        event = matching_event(trigger.event_pattern)
    if trigger.input is not None:
        return Delivery(event, trigger.input)
    if trigger.input_transformer is not None:
        return Delivery(event, transform(trigger.input_transformer, event))
    return Delivery(event, event)


def envelope(source: str, detail_type: str, detail: Any, resources: list[str] | None = None) -> dict[str, Any]:
    return {"version": "0", "id": "00000000-0000-0000-0000-000000000000", "detail-type": detail_type,
            "source": source, "account": ACCOUNT, "time": TIME, "region": REGION,
            "resources": resources or [], "detail": detail}


def s3_event(bucket: str, prefix: str | None, suffix: str | None) -> dict[str, Any]:
    key = f"{prefix or ''}example{suffix or '.json'}"
    detail = {"version": "0", "bucket": {"name": bucket},
              "object": {"key": key, "size": 1024, "etag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "0"},
              "request-id": "LOCAL", "requester": ACCOUNT, "source-ip-address": "127.0.0.1",
              "reason": "PutObject"}
    return envelope("aws.s3", "Object Created", detail, [f"arn:aws:s3:::{bucket}"])


def matching_event(pattern: dict[str, Any]) -> dict[str, Any]:
    """An event that the pattern matches: each field takes the first value the pattern allows."""
    event = envelope("local.trigger", "Local Event", {})
    built = _fill(pattern)
    if isinstance(built, dict):
        event.update(built)
    return event


def _fill(pattern: Any) -> Any:
    if isinstance(pattern, dict):
        return {key: _fill(value) for key, value in pattern.items()}
    if isinstance(pattern, list) and pattern:
        return _value(pattern[0])
    return pattern


def _value(matcher: Any) -> Any:
    if not isinstance(matcher, dict):
        return matcher
    if "prefix" in matcher:
        prefix = matcher["prefix"]
        return (prefix.get("equals-ignore-case", "") if isinstance(prefix, dict) else prefix) + "example"
    if "suffix" in matcher:
        suffix = matcher["suffix"]
        return "example" + (suffix.get("equals-ignore-case", "") if isinstance(suffix, dict) else suffix)
    if "equals-ignore-case" in matcher:
        return matcher["equals-ignore-case"]
    if "wildcard" in matcher:
        return str(matcher["wildcard"]).replace("*", "example")
    if "numeric" in matcher:
        ops = matcher["numeric"]
        return ops[1] + (1 if ops[0] == ">" else 0) if len(ops) >= 2 else 0
    if "exists" in matcher:
        return "example" if matcher["exists"] else None
    if "anything-but" in matcher:
        return "something-else"
    if "cidr" in matcher:
        return str(matcher["cidr"]).split("/")[0]
    return _fill(matcher)


def transform(transformer: InputTransformer, event: Any) -> Any:
    """EventBridge's InputTransformer: each ``<name>`` of the template becomes its path's value.

    A placeholder inside a JSON string takes the value's text; elsewhere the value's JSON. The
    result is JSON when it parses as JSON, else the text itself (a string input).
    """
    values: dict[str, Any] = {}
    for name, path in transformer.input_paths_map.items():
        try:
            values[name] = evaluate(path, event)
        except Exception:  # a path the event lacks: EventBridge passes null
            values[name] = None
    values.setdefault("aws.events.event", event)
    values.setdefault("aws.events.event.json", event)
    values.setdefault("aws.events.rule-arn", f"arn:aws:events:{REGION}:{ACCOUNT}:rule/local")
    values.setdefault("aws.events.rule-name", "local")
    values.setdefault("aws.events.event.ingestion-time", TIME)
    text = transformer.input_template
    out, last, in_string = [], 0, False
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in values:
            raise TransformError(f"input_template uses <{match.group(1)}>, which input_paths_map does not define")
        before = text[last:match.start()]
        in_string ^= _unescaped_quotes(before) % 2 == 1
        value = values[match.group(1)]
        if in_string:
            out.append(before + (value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))))
        else:
            out.append(before + json.dumps(value, separators=(",", ":")))
        last = match.end()
    out.append(text[last:])
    result = "".join(out)
    try:
        return json.loads(result)
    except ValueError:
        return result


def _unescaped_quotes(text: str) -> int:
    return len(re.findall(r'(?<!\\)"', text))


def placeholders(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)

"""What a run changed in the embedded emulator: S3 objects, table items, queue messages, and the SNS
messages and EventBridge events its tasks published, each under the spec's resource key.

The emulator's state is read before and after the run (S3 and DynamoDB through boto3; SQS messages
and SNS notifications from moto's own records, since receiving a message would change it) and the
two are compared. EventBridge keeps no record of events without a rule, so events are the ones put
while the run went on (``compiler.local.event_log``), each with the state that put it when a task
did (``ServiceInvoker.published``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from compiler.aws_env import REGION
from compiler.run.aws_invoke import Published

ACCOUNT = "123456789012"


@dataclass
class Snapshot:
    objects: dict[tuple[str, str], str] = field(default_factory=dict)  # (bucket, key) -> ETag
    sizes: dict[tuple[str, str], int] = field(default_factory=dict)
    items: dict[tuple[str, str], Any] = field(default_factory=dict)  # (table, key as JSON) -> item
    messages: dict[tuple[str, str], str] = field(default_factory=dict)  # (queue URL, message id) -> body
    notifications: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (topic ARN, id) -> message


def take(clients: Any = None) -> Snapshot:
    """The embedded emulator's state now, read from moto's own records (no requests: a few ms less
    per run than listing through boto3). ``clients`` is unused; kept for callers that pass one."""
    shot = Snapshot()
    from moto.dynamodb.models import dynamodb_backends
    from moto.s3.models import s3_backends

    for name, bucket in sorted(s3_backends[ACCOUNT]["aws"].buckets.items()):
        for object_key, obj in bucket.keys.items():
            if obj is None:
                continue
            shot.objects[(name, object_key)] = str(obj.etag)
            shot.sizes[(name, object_key)] = int(obj.size)
    for name, table in dynamodb_backends[ACCOUNT][REGION].tables.items():
        keys = [k for k in (table.hash_key_attr, table.range_key_attr) if k]
        for item in table.all_items():
            attributes = item.to_json()["Attributes"]
            item_key = {k: attributes.get(k) for k in keys}
            shot.items[(name, json.dumps(item_key, sort_keys=True))] = attributes
    _moto_records(shot)
    return shot


def _moto_records(shot: Snapshot) -> None:
    from moto.sns.models import sns_backends
    from moto.sqs.models import sqs_backends

    for queue in sqs_backends[ACCOUNT][REGION].queues.values():
        url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{queue.name}"
        for message in list(getattr(queue, "_messages", [])):
            shot.messages[(url, message.id)] = message.body
    for arn, topic in sns_backends[ACCOUNT][REGION].topics.items():
        for sent in topic.sent_notifications:
            message_id, message, subject = sent[0], sent[1], sent[2]
            entry: dict[str, Any] = {"message": message}
            if subject:
                entry["subject"] = subject
            shot.notifications[(arn, message_id)] = entry


def changes(before: Snapshot, after: Snapshot, published: Sequence[Published], names: Mapping[str, str],
            events: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What changed, each entry with ``resource`` (the spec's key for the name, or null); ``events`` are
    the events put during the run (``compiler.local.event_log``)."""
    out: dict[str, list[dict[str, Any]]] = {
        "s3_objects": [], "table_items": [], "queue_messages": [], "sns_messages": [], "events": []}
    for where in sorted(set(before.objects) | set(after.objects)):
        change = _change(before.objects.get(where), after.objects.get(where))
        if change:
            entry: dict[str, Any] = {"resource": names.get(where[0]), "bucket": where[0], "key": where[1],
                                     "change": change}
            if where in after.sizes:
                entry["size"] = after.sizes[where]
            out["s3_objects"].append(entry)
    for where in sorted(set(before.items) | set(after.items)):
        old, new = before.items.get(where), after.items.get(where)
        change = _change(old, new)
        if change:
            entry = {"resource": names.get(where[0]), "table": where[0], "key": json.loads(where[1]),
                     "change": change}
            if new is not None:
                entry["item"] = new
            if old is not None and new is not None:
                entry["before"] = old
            out["table_items"].append(entry)
    for where in after.messages:
        if where not in before.messages:
            queue = where[0].rsplit("/", 1)[-1]
            out["queue_messages"].append({"resource": names.get(queue), "queue": where[0], "message_id": where[1],
                                          "body": _parsed(after.messages[where])})
    for where in after.notifications:
        if where not in before.notifications:
            topic = where[0].rsplit(":", 1)[-1]
            out["sns_messages"].append({"resource": names.get(topic), "topic": where[0], "message_id": where[1],
                                        **{k: _parsed(v) for k, v in after.notifications[where].items()}})
    states = {sent.event_id: sent.state for sent in published if sent.kind == "events"}
    for event in events:
        bus = str(event["EventBusName"])
        # A handler's own put_events has no state of its own: null.
        out["events"].append({"resource": names.get(bus), "event_bus": bus, "state": states.get(event["EventId"]),
                              **{k: v for k, v in event.items() if k not in ("EventId", "EventBusName")},
                              "event_id": event["EventId"]})
    return out


def _change(old: Any, new: Any) -> str | None:
    if old is None and new is not None:
        return "added"
    if old is not None and new is None:
        return "deleted"
    return "modified" if old != new else None


def _parsed(text: Any) -> Any:
    """JSON message bodies as JSON values, other text as it is."""
    if isinstance(text, str):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def summary(found: Mapping[str, list[dict[str, Any]]]) -> list[str]:
    """The text view's lines: one per change."""
    lines: list[str] = []
    for entry in found.get("table_items", []):
        lines.append(f"  table {entry['resource'] or entry['table']}: item {entry['change']} "
                     f"{json.dumps(entry['key'], ensure_ascii=False, sort_keys=True)}")
    for entry in found.get("queue_messages", []):
        lines.append(f"  queue {entry['resource'] or entry['queue'].rsplit('/', 1)[-1]}: message "
                     f"{_short(entry['body'])}")
    for entry in found.get("sns_messages", []):
        lines.append(f"  topic {entry['resource'] or entry['topic'].rsplit(':', 1)[-1]}: published "
                     f"{_short(entry['message'])}")
    for entry in found.get("events", []):
        lines.append(f"  event bus {entry['resource'] or entry['event_bus']}: {entry.get('Source')} "
                     f"{entry.get('DetailType')} {_short(entry.get('Detail'))}")
    return lines


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= width else text[: width - 1] + "…"

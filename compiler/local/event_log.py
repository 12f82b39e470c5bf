"""The EventBridge events put during a run in the embedded moto, whoever put them.

EventBridge keeps no record of an event no rule matches, and moto neither: an event put on a bus
without rules would leave no trace to compare before and after the run. So for the run's duration
moto's ``PutEvents`` is wrapped and every accepted entry is kept, whether a Task state put it
(``events:putEvents``, ``aws-sdk:eventbridge:putEvents``) or a handler's own boto3 call did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def recorded_events(*, enabled: bool = True) -> Iterator[list[dict[str, Any]]]:
    """Yields the list the events are appended to: ``EventId``, ``EventBusName`` (the bus's name),
    ``Source``, ``DetailType``, ``Detail`` (parsed) and ``Resources`` when given. Not ``enabled``
    (another emulator serves the run), the list stays empty."""
    found: list[dict[str, Any]] = []
    if not enabled:
        yield found
        return
    from moto.events.models import EventsBackend

    original = EventsBackend.put_events

    def put_events(self: EventsBackend, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        entries = original(self, events)
        # One result per entry, in order (moto's own contract, as EventBridge's).
        for event, entry in zip(events, entries, strict=False):
            if "EventId" in entry:
                found.append(_record(entry["EventId"], event))
        return entries

    EventsBackend.put_events = put_events  # type: ignore[method-assign]
    try:
        yield found
    finally:
        EventsBackend.put_events = original  # type: ignore[method-assign]


def _record(event_id: str, event: dict[str, Any]) -> dict[str, Any]:
    bus = str(event.get("EventBusName") or "default")
    record: dict[str, Any] = {"EventId": event_id, "EventBusName": bus.split("/", 1)[1] if bus.startswith("arn:") else bus,
                              "Source": event.get("Source"), "DetailType": event.get("DetailType")}
    try:
        record["Detail"] = json.loads(event.get("Detail") or "")
    except ValueError:
        record["Detail"] = event.get("Detail")
    if event.get("Resources"):
        record["Resources"] = list(event["Resources"])
    return record

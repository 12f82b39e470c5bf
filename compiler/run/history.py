"""The event history, in the shape of Step Functions' GetExecutionHistory.

Events keep references to the (never mutated) JSON values that flowed through
the states; they are turned into JSON text only when someone asks for the
API shape, so recording costs one small object per event.
"""

from __future__ import annotations

import json
from typing import Any

from compiler.run.clock import VirtualClock, iso

# Events whose details object is not named after the event type.
_DETAILS_KEY = {"Entered": "stateEnteredEventDetails", "Exited": "stateExitedEventDetails"}
# Events that carry no details at all in AWS's history.
_NO_DETAILS = frozenset(
    {
        "LambdaFunctionStarted",
        "ParallelStateStarted",
        "ParallelStateSucceeded",
        "ParallelStateFailed",
        "ParallelStateAborted",
        "MapStateSucceeded",
        "MapStateFailed",
        "MapStateAborted",
        "MapRunSucceeded",
    }
)
# Detail fields that GetExecutionHistory returns as JSON text.
_JSON_TEXT_FIELDS = ("input", "output", "parameters")


class HistoryEvent:
    __slots__ = ("details", "id", "previous_event_id", "timestamp", "type")

    def __init__(
        self, event_id: int, previous: int, timestamp: float, event_type: str, details: dict[str, Any] | None
    ) -> None:
        self.id = event_id
        self.previous_event_id = previous
        self.timestamp = timestamp
        self.type = event_type
        self.details = details

    @property
    def details_key(self) -> str | None:
        if self.type in _NO_DETAILS:
            return None
        if self.type.endswith("StateEntered"):
            return _DETAILS_KEY["Entered"]
        if self.type.endswith("StateExited"):
            return _DETAILS_KEY["Exited"]
        return self.type[0].lower() + self.type[1:] + "EventDetails"

    def to_dict(self, *, json_text: bool = True) -> dict[str, Any]:
        """The event as GetExecutionHistory returns it (``json_text``: payloads as JSON text)."""
        out: dict[str, Any] = {
            "id": self.id,
            "previousEventId": self.previous_event_id,
            "timestamp": iso(self.timestamp),
            "type": self.type,
        }
        key = self.details_key
        if key is not None:
            details = dict(self.details or {})
            if json_text:
                for field in _JSON_TEXT_FIELDS:
                    if field in details:
                        details[field] = to_json_text(details[field])
                if "assignedVariables" in details:
                    # Each variable's value is JSON text of its own.
                    details["assignedVariables"] = {k: to_json_text(v) for k, v in details["assignedVariables"].items()}
            out[key] = details
        return out

    def __repr__(self) -> str:
        return f"HistoryEvent({self.id}, {self.type})"


def to_json_text(value: Any) -> str:
    # Step Functions writes payloads compactly.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class History:
    """All events of one execution (a Distributed Map run keeps its own)."""

    __slots__ = ("events",)

    def __init__(self) -> None:
        self.events: list[HistoryEvent] = []

    def add(self, previous: int, timestamp: float, event_type: str, details: dict[str, Any] | None) -> int:
        event_id = len(self.events) + 1
        self.events.append(HistoryEvent(event_id, previous, timestamp, event_type, details))
        return event_id


class Lane:
    """One thread of control (the execution, a branch, an iteration).

    ``previousEventId`` links events within a lane; each lane has its own
    virtual clock.
    """

    __slots__ = ("clock", "history", "last")

    def __init__(self, history: History, clock: VirtualClock, last: int) -> None:
        self.history = history
        self.clock = clock
        self.last = last

    def add(self, event_type: str, details: dict[str, Any] | None = None) -> int:
        self.last = self.history.add(self.last, self.clock.now(), event_type, details)
        return self.last

    def fork(self, history: History | None = None) -> Lane:
        return Lane(history or self.history, self.clock.fork(), self.last)

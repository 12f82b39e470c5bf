"""Service limits that change how an execution ends."""

from __future__ import annotations

import json
from typing import Any

from compiler.run.errors import DATA_LIMIT_EXCEEDED, RUNTIME, StatesError

# 256 KiB, counted in UTF-8 bytes of the JSON text.
MAX_PAYLOAD_BYTES = 256 * 1024
# Generous for a Map over tens of thousands of items, yet a runaway loop of
# Pass states (~10 µs each) still stops within seconds.
DEFAULT_MAX_TRANSITIONS = 250_000


def payload_size(value: Any) -> int:
    """UTF-8 size of ``value`` as compact JSON."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def exceeds_payload_limit(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return False
    if isinstance(value, str):
        # A str of n chars takes at most 4n UTF-8 bytes (+2 quotes, escapes aside).
        if len(value) * 4 < MAX_PAYLOAD_BYTES - 1024:
            return False
        return payload_size(value) > MAX_PAYLOAD_BYTES
    # The ASCII-escaped text is never shorter than the UTF-8 bytes, and it is
    # the fastest thing json can produce; only near the limit do we count exactly.
    rough = len(json.dumps(value, separators=(",", ":")))
    if rough <= MAX_PAYLOAD_BYTES:
        return False
    return payload_size(value) > MAX_PAYLOAD_BYTES


def check_result_size(state_name: str, value: Any) -> None:
    if exceeds_payload_limit(value):
        raise StatesError(
            DATA_LIMIT_EXCEEDED,
            f"The state/task '{state_name}' returned a result with a size exceeding "
            "the maximum number of bytes service limit.",
        )


class TransitionGuard:
    """Stops endless loops: every state entered anywhere in the execution counts."""

    __slots__ = ("count", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def enter(self, state_name: str) -> None:
        self.count += 1
        if self.count > self.limit:
            # States.Runtime on purpose: no Retry or Catch may swallow it and loop on.
            raise StatesError(
                RUNTIME,
                f"The execution entered more than {self.limit} states (last: '{state_name}'); "
                "the state machine probably loops forever. Raise max_transitions if the run is "
                "meant to be this long.",
            )

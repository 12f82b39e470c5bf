"""Virtual time: waits, back-offs and task durations move a clock, nothing sleeps.

A run must be fast and repeatable, so time is a number we advance. Parallel
branches and Map iterations run one after another, but each gets its own fork
of the clock that starts where the parent stood; the parent then jumps to the
latest fork, which is what concurrent execution would have taken.
"""

from __future__ import annotations

from datetime import UTC, datetime


class VirtualClock:
    __slots__ = ("_now",)

    def __init__(self, start: float) -> None:
        self._now = start

    @classmethod
    def at(cls, moment: datetime) -> VirtualClock:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return cls(moment.timestamp())

    def now(self) -> float:
        """Seconds since the epoch."""
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds > 0:
            self._now += seconds

    def advance_to(self, moment: float) -> None:
        if moment > self._now:
            self._now = moment

    def fork(self) -> VirtualClock:
        return VirtualClock(self._now)


def to_datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def iso(seconds: float) -> str:
    """The ISO-8601 form Step Functions uses in the context object (millisecond precision)."""
    moment = to_datetime(seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

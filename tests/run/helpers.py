"""Small builders shared by the runner's tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from compiler.run import StatesError, TaskContext

START = datetime(2025, 1, 1, tzinfo=UTC)
T0 = START.timestamp()


def machine(*states: tuple[str, dict[str, Any]], **top: Any) -> dict[str, Any]:
    """A definition from (name, state) pairs; the first is StartAt."""
    return {"StartAt": states[0][0], "States": dict(states), **top}


def flaky(failures: int, error: str = "Boom", result: Any = "ok") -> Callable[[Any, TaskContext], Any]:
    """A mock task that fails ``failures`` times, then returns ``result``."""
    calls = {"n": 0}

    def task(parameters: Any, context: TaskContext) -> Any:
        calls["n"] += 1
        if calls["n"] <= failures:
            raise StatesError(error, f"failure {calls['n']}")
        return result

    return task


def event_times(execution: Any, event_type: str) -> list[float]:
    return [e.timestamp - T0 for e in execution.events if e.type == event_type]

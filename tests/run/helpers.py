"""Small builders shared by the runner's tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

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


def record_outcome(case_id: str, problems: list[str], tally: Counter[str], expected_failures: Mapping[str, str]) -> None:
    """Pass, fail or xfail a corpus case and count it in its summary row; an expected failure that
    now passes fails, so the list of expected failures stays true."""
    if case_id in expected_failures:
        if not problems:
            tally["failed"] += 1
            pytest.fail(f"{case_id} now passes: remove it from EXPECTED_FAILURES")
        tally["xfailed"] += 1
        pytest.xfail(expected_failures[case_id])
    tally["failed" if problems else "passed"] += 1
    assert not problems, "\n".join(problems)

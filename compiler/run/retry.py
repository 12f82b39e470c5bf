"""Retry: which errors a retrier takes, and the back-off on the virtual clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from compiler.asl.errors import StatesError
from compiler.run.errors import ALL, DATA_LIMIT_EXCEEDED, RUNTIME, TASK_FAILED, TIMEOUT, error_of
from compiler.run.runtime import Step

T = TypeVar("T")


def error_matches(error_equals: Sequence[str], err: StatesError, *, from_task: bool) -> bool:
    """Does a Retry/Catch entry's ErrorEquals take this error?

    States.Runtime is never caught or retried; States.ALL does not take
    States.DataLimitExceeded (it must be named); States.TaskFailed stands for
    any error of a task except a timeout.
    """
    name = error_of(err)
    if name == RUNTIME:
        return False
    for wanted in error_equals:
        if wanted == name:
            return True
        if wanted == ALL and name != DATA_LIMIT_EXCEEDED:
            return True
        if wanted == TASK_FAILED and from_task and name not in (TIMEOUT, DATA_LIMIT_EXCEEDED):
            return True
    return False


def backoff_seconds(retrier: dict[str, Any], attempt: int, step: Step) -> float:
    """Delay before retry number ``attempt + 1`` of this retrier."""
    interval = float(retrier.get("IntervalSeconds", 1))
    rate = float(retrier.get("BackoffRate", 2.0))
    delay = interval * rate**attempt
    max_delay = retrier.get("MaxDelaySeconds")
    if max_delay is not None:
        delay = min(delay, float(max_delay))
    if retrier.get("JitterStrategy") == "FULL":
        # Seeded: the same seed gives the same waits.
        delay = step.runtime.rng.uniform(0, delay)
    return delay


def with_retry(step: Step, attempt: Callable[[], T], *, from_task: bool = False) -> T:
    retriers: list[dict[str, Any]] = step.state.get("Retry") or []
    if not retriers:
        return attempt()
    used = [0] * len(retriers)
    while True:
        try:
            return attempt()
        except StatesError as err:
            index = next(
                (i for i, r in enumerate(retriers) if error_matches(r.get("ErrorEquals", ()), err, from_task=from_task)),
                None,
            )
            # The first matching retrier decides, even when it is exhausted.
            if index is None or used[index] >= int(retriers[index].get("MaxAttempts", 3)):
                raise
            step.lane.clock.advance(backoff_seconds(retriers[index], used[index], step))
            used[index] += 1
            step.retried.append(index)
            step.retry_count += 1
            step.reset_context()

"""Wait: advance the virtual clock (Seconds, SecondsPath, Timestamp, TimestampPath)."""

from __future__ import annotations

from typing import Any

from compiler.asl.choice import parse_timestamp
from compiler.asl.errors import PathNotFoundError
from compiler.asl.jsonata import JsonataError
from compiler.asl.jsonpath import evaluate, to_json
from compiler.run import query
from compiler.run.io import effective_input, pass_through
from compiler.run.runtime import Step


def _show(value: Any) -> str:
    return value if isinstance(value, str) else to_json(value)


def _read(step: Step, path: str, data: Any, field: str) -> Any:
    try:
        return evaluate(path, data, step.context() if "$$" in path else None, step.scope.variables)
    except PathNotFoundError:
        raise step.runtime_error(f"The {field} parameter does not reference an input value: {path}") from None


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    data = effective_input(step)
    if step.jsonata:
        _wait_jsonata(step)
        return pass_through(step, data), state.get("Next")
    clock = step.lane.clock
    if "Seconds" in state:
        clock.advance(float(state["Seconds"]))
    elif "SecondsPath" in state:
        path = state["SecondsPath"]
        value = _read(step, path, data, "SecondsPath")
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise step.runtime_error(
                f"The SecondsPath parameter cannot be parsed as a long value: {path} == {_show(value)}"
            )
        if value < 0:
            raise step.runtime_error(f"The SecondsPath parameter references a negative value: {path} == {_show(value)}")
        clock.advance(float(value))
    elif "Timestamp" in state:
        _wait_until(step, state["Timestamp"], "Timestamp", state["Timestamp"])
    elif "TimestampPath" in state:
        path = state["TimestampPath"]
        value = _read(step, path, data, "TimestampPath")
        _wait_until(step, value, "TimestampPath", f"{path} == {_show(value)}")
    return pass_through(step, data), state.get("Next")


def _wait_jsonata(step: Step) -> None:
    state = step.state
    if "Seconds" in state:
        seconds = query.value(step, state["Seconds"], "Seconds", "number")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds != int(seconds) or seconds < 0:
            raise JsonataError(f"The Seconds field must be a non-negative integer, but was: {_show(seconds)}")
        step.lane.clock.advance(float(seconds))
    elif "Timestamp" in state:
        text = query.value(step, state["Timestamp"], "Timestamp")
        moment = parse_timestamp(text) if isinstance(text, str) else None
        if moment is None:
            # Recorded wording (base_scenarios__wait_timestamp_jsonata__*).
            raise JsonataError(
                "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                f"{_show(text)}"
            )
        step.lane.clock.advance_to(moment.epoch_seconds + moment.nanos / 1e9)


def _wait_until(step: Step, text: Any, field: str, shown: Any) -> None:
    moment = parse_timestamp(text) if isinstance(text, str) else None
    if moment is None:
        raise step.runtime_error(
            f"The {field} parameter does not reference a valid ISO-8601 extended offset date-time "
            f"format string: {shown}"
        )
    # A moment in the past means no wait at all.
    step.lane.clock.advance_to(moment.epoch_seconds + moment.nanos / 1e9)

"""Catch: turn a state's error into output and a transition."""

from __future__ import annotations

from typing import Any

from compiler.asl.errors import StatesError
from compiler.asl.jsonpath import apply_result_path
from compiler.run.errors import error_output
from compiler.run.retry import error_matches
from compiler.run.runtime import Step


def catch(step: Step, err: StatesError) -> tuple[Any, str] | None:
    """``(output, next state)`` from the first matching catcher, or None."""
    catchers = step.state.get("Catch")
    if not catchers:
        return None
    from_task = step.state.get("Type") == "Task"
    for catcher in catchers:
        if error_matches(catcher.get("ErrorEquals", ()), err, from_task=from_task):
            # Only ResultPath applies to a caught error; OutputPath does not.
            output = apply_result_path(step.input, catcher.get("ResultPath", "$"), error_output(err))
            return output, catcher["Next"]
    return None

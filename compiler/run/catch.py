"""Catch: turn a state's error into output and a transition."""

from __future__ import annotations

from typing import Any

from compiler.asl.errors import StatesError
from compiler.asl.jsonpath import apply_result_path
from compiler.run import query
from compiler.run.errors import error_output
from compiler.run.io import assign
from compiler.run.retry import error_matches
from compiler.run.runtime import Step


def catch(step: Step, err: StatesError) -> tuple[Any, str] | None:
    """``(output, next state)`` from the first matching catcher, or None.

    The state's own Assign does not apply to a caught error; the catcher's
    does (JSONPath: over the error output; JSONata: ``$states.errorOutput``).
    """
    catchers = step.state.get("Catch")
    if not catchers:
        return None
    from_task = step.state.get("Type") == "Task"
    for index, catcher in enumerate(catchers):
        if error_matches(catcher.get("ErrorEquals", ()), err, from_task=from_task):
            step.assigned = None
            step.caught_by = index
            details = error_output(err)
            if step.jsonata:
                return query.caught(step, catcher, details), catcher["Next"]
            assign(step, catcher, details)
            # Only ResultPath applies to a caught error; OutputPath does not.
            return apply_result_path(step.input, catcher.get("ResultPath", "$"), details), catcher["Next"]
    return None

"""Succeed and Fail."""

from __future__ import annotations

from typing import Any

from compiler.asl.jsonpath import to_json
from compiler.asl.payload import evaluate_value_expression
from compiler.run import query
from compiler.run.errors import FailError
from compiler.run.io import effective_input, pass_through
from compiler.run.runtime import Step


def run_succeed(step: Step) -> tuple[Any, str | None]:
    return pass_through(step, effective_input(step)), None


def run_fail(step: Step) -> tuple[Any, str | None]:
    state = step.state
    error = _field(step, state, "Error")
    cause = _field(step, state, "Cause")
    raise FailError(error, cause)


def _field(step: Step, state: Any, name: str) -> str | None:
    if name in state:
        if step.jsonata:
            return str(query.value(step, state[name], name, "string"))
        return str(state[name])
    path = state.get(f"{name}Path")
    if path is None:
        return None
    # ErrorPath/CausePath read the raw state input; InputPath does not apply to Fail.
    value = evaluate_value_expression(
        path, step.input, step.context(), step.scope.variables, field=f"{name}Path", rng=step.runtime.rng
    )
    return value if isinstance(value, str) else to_json(value)

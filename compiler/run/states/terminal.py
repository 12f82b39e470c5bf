"""Succeed and Fail."""

from __future__ import annotations

from typing import Any

from compiler.asl.errors import PathNotFoundError
from compiler.asl.intrinsics import evaluate_intrinsic, is_intrinsic
from compiler.asl.jsonpath import evaluate, to_json
from compiler.run.errors import FailError
from compiler.run.io import effective_input, select
from compiler.run.runtime import Step


def run_succeed(step: Step) -> tuple[Any, str | None]:
    return select(step, step.state.get("OutputPath", "$"), effective_input(step)), None


def run_fail(step: Step) -> tuple[Any, str | None]:
    state = step.state
    error = _field(step, state, "Error")
    cause = _field(step, state, "Cause")
    raise FailError(error, cause)


def _field(step: Step, state: Any, name: str) -> str | None:
    if name in state:
        return str(state[name])
    path = state.get(f"{name}Path")
    if path is None:
        return None
    # ErrorPath/CausePath read the raw state input; InputPath does not apply to Fail.
    try:
        if is_intrinsic(path):
            value = evaluate_intrinsic(path, step.input, step.context())
        else:
            value = evaluate(path, step.input, step.context() if path.startswith("$$") else None)
    except PathNotFoundError:
        raise step.runtime_error(
            f"The JSONPath '{path}' specified for the field '{name}Path' could not be found "
            f"in the input '{to_json(step.input)}'"
        ) from None
    return value if isinstance(value, str) else to_json(value)

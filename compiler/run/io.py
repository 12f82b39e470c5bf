"""Input and output processing, in AWS's order.

InputPath -> Parameters -> (the work) -> ResultSelector -> ResultPath -> OutputPath.
ResultPath merges into the *raw* state input, not the effective one. Values
are never mutated, so stages share structure instead of copying it.
"""

from __future__ import annotations

from typing import Any

from compiler.asl.jsonpath import apply_input_path, apply_result_path
from compiler.asl.payload import evaluate_payload
from compiler.run.runtime import Step

_MISSING = object()


def _context_for(step: Step, path: Any) -> Any:
    # Building $$ costs a few dicts; only context paths need it.
    return step.context() if isinstance(path, str) and path.startswith("$$") else None


def select(step: Step, path: Any, data: Any) -> Any:
    """Apply an InputPath-like field (null gives ``{}``)."""
    if path == "$":
        return data
    return apply_input_path(path, data, _context_for(step, path))


def effective_input(step: Step) -> Any:
    path = step.state.get("InputPath", "$")
    return select(step, path, step.input)


def payload(step: Step, template: Any, data: Any, context: Any = None) -> Any:
    """Parameters / ResultSelector / ItemSelector with their ``.$`` keys resolved."""
    return evaluate_payload(template, data, step.context() if context is None else context)


def parameters(step: Step, data: Any) -> Any:
    template = step.state.get("Parameters", _MISSING)
    if template is _MISSING:
        return data
    return payload(step, template, data)


def select_result(step: Step, result: Any) -> Any:
    template = step.state.get("ResultSelector", _MISSING)
    if template is _MISSING:
        return result
    return payload(step, template, result)


def place_result(step: Step, result: Any, result_path: Any = _MISSING) -> Any:
    """ResultPath then OutputPath: the state's output."""
    if result_path is _MISSING:
        result_path = step.state.get("ResultPath", "$")
    merged = result if result_path == "$" else apply_result_path(step.input, result_path, result)
    return select(step, step.state.get("OutputPath", "$"), merged)

"""JSONata states: what ``$states`` holds in each field, and the fields' defaults.

A JSONata state has no InputPath/Parameters/ResultSelector/ResultPath/OutputPath:
``Arguments`` (Task, Parallel; default: the input) shapes what the work gets,
``Assign`` stores variables, ``Output`` shapes what the state passes on
(default: the result for Task/Parallel/Map, the input otherwise, the error
output in a Catch). ``$states.result`` exists only in Output and Assign of a
state with a result, ``$states.errorOutput`` only in a catcher. All fields read
the variables as they were when the state was entered (``step.scope.variables``
does not change until the engine applies ``step.assigned`` at exit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.asl.jsonata import (
    JsonataBindings,
    JsonataError,
    evaluate_expression,
    evaluate_template,
    is_expression,
    json_type,
    require_type,
)
from compiler.asl.jsonpath import to_json
from compiler.asl.variables import evaluate_assign
from compiler.run.runtime import Step

_MISSING = object()


def bindings(step: Step, context: Any = None) -> JsonataBindings:
    """``$states.input``, ``$states.context`` and the variables of ``step`` (no result yet)."""
    return JsonataBindings(
        states_input=step.input,
        states_context=step.context() if context is None else context,
        variables=step.scope.variables,
        rng=step.runtime.rng,
    )


def arguments(step: Step, holder: Mapping[str, Any], default: Any) -> Any:
    """``holder["Arguments"]`` evaluated (Task, Parallel, ItemReader, ResultWriter), else ``default``."""
    template = holder.get("Arguments", _MISSING)
    if template is _MISSING:
        return default
    return evaluate_template(template, bindings(step), "Arguments")


def finish(step: Step, result: Any) -> Any:
    """Assign, then Output (default: ``result``) of a Task, Parallel or Map."""
    state = step.state
    _assign(step, state, states_result=result)
    template = state.get("Output", _MISSING)
    if template is _MISSING:
        return result
    return evaluate_template(template, bindings(step).with_result(result), "Output")


def output(step: Step, holder: Mapping[str, Any]) -> Any:
    """Assign, then Output (default: the input) of a state without a result; ``holder``: the state or a Choice rule."""
    _assign(step, holder)
    template = holder.get("Output", _MISSING)
    if template is _MISSING:
        return step.input
    return evaluate_template(template, bindings(step), "Output")


def caught(step: Step, catcher: Mapping[str, Any], error_output: dict[str, Any]) -> Any:
    """A catcher's Assign, then its Output (default: the error output ``{"Error", "Cause"}``)."""
    _assign(step, catcher, states_error_output=error_output)
    template = catcher.get("Output", _MISSING)
    if template is _MISSING:
        return error_output
    return evaluate_template(template, bindings(step).with_error_output(error_output), "Output")


def _assign(step: Step, holder: Mapping[str, Any], **states: Any) -> None:
    block = holder.get("Assign")
    if block:
        step.assigned = evaluate_assign(
            block, jsonata=True, variables=step.scope.variables, states_input=step.input,
            context=step.context(), rng=step.runtime.rng, **states,
        )


def value(step: Step, raw: Any, field: str, expected: str | None = None) -> Any:
    """A field that is a literal or a whole ``{% %}`` expression (Seconds, MaxConcurrency, Error ...).

    ``expected`` (a JSON type name) checks an evaluated result the way AWS does.
    """
    if not is_expression(raw):
        return raw
    result = evaluate_expression(raw, bindings(step), field)
    return require_type(result, expected, raw, field) if expected is not None else result


def condition(step: Step, raw: Any, bound: JsonataBindings) -> bool:
    """A Choice rule's Condition: a boolean, or an expression that must give one."""
    if not is_expression(raw):
        if isinstance(raw, bool):
            return raw
        raise JsonataError(f"The Condition field must be a boolean or a JSONata expression, not {to_json(raw)}")
    result = require_type(evaluate_expression(raw, bound, "Condition"), "boolean", raw, "Condition")
    return bool(result)


def items(step: Step) -> list[Any]:
    """A JSONata Map's items: its Items field (literal or expressions), else the input itself."""
    raw = step.state.get("Items", _MISSING)
    if raw is _MISSING:
        found = step.input
        if not isinstance(found, list):
            raise JsonataError(f"Map state input must be an array but was: {to_json(found)}")
        return found
    found = evaluate_template(raw, bindings(step), "Items")
    if not isinstance(found, list):
        if is_expression(raw):
            require_type(found, "array", raw, "Items")
        raise JsonataError(f"The Items field must be an array, but was '{json_type(found)}': {to_json(found)}")
    return found

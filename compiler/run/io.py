"""Input and output processing, in AWS's order, for both query languages.

JSONPath: InputPath -> Parameters -> (the work) -> ResultSelector -> Assign ->
ResultPath -> OutputPath. ResultPath merges into the *raw* state input, not
the effective one. JSONata (compiler.run.query): Arguments -> (the work) ->
Assign -> Output. Values are never mutated, so stages share structure instead
of copying it. Every field reads the variables the state was entered with:
the engine applies ``step.assigned`` only when the state exits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.asl.jsonpath import apply_input_path, apply_result_path
from compiler.asl.payload import evaluate_payload
from compiler.asl.variables import evaluate_assign
from compiler.run import query
from compiler.run.runtime import Step

_MISSING = object()


def _context_for(step: Step, path: Any) -> Any:
    # Building $$ costs a few dicts; only context paths need it.
    return step.context() if isinstance(path, str) and "$$" in path else None


def select(step: Step, path: Any, data: Any) -> Any:
    """Apply an InputPath-like field (null gives ``{}``; ``$name`` reads a variable)."""
    if path == "$":
        return data
    return apply_input_path(path, data, _context_for(step, path), step.scope.variables)


def effective_input(step: Step) -> Any:
    """What the state works on: InputPath applied (JSONata has none: the raw input)."""
    if step.jsonata:
        return step.input
    path = step.state.get("InputPath", "$")
    return select(step, path, step.input)


def payload(step: Step, template: Any, data: Any, context: Any = None) -> Any:
    """Parameters / ResultSelector / ItemSelector with their ``.$`` keys resolved."""
    return evaluate_payload(
        template, data, step.context() if context is None else context, step.scope.variables, step.runtime.rng
    )


def parameters(step: Step, data: Any) -> Any:
    """The state's Parameters over ``data`` (JSONata: its Arguments); ``data`` when absent."""
    if step.jsonata:
        return query.arguments(step, step.state, data)
    template = step.state.get("Parameters", _MISSING)
    if template is _MISSING:
        return data
    return payload(step, template, data)


def arguments_of(step: Step, holder: Mapping[str, Any], data: Any) -> Any:
    """Parameters (JSONPath) or Arguments (JSONata) of a sub-object: ItemReader, ResultWriter."""
    if step.jsonata:
        return query.arguments(step, holder, {})
    return payload(step, holder.get("Parameters", {}), data)


def place_result(step: Step, result: Any, result_path: Any = _MISSING) -> Any:
    """ResultPath then OutputPath: the state's output."""
    if result_path is _MISSING:
        result_path = step.state.get("ResultPath", "$")
    merged = result if result_path == "$" else apply_result_path(step.input, result_path, result)
    return select(step, step.state.get("OutputPath", "$"), merged)


def finish(step: Step, result: Any) -> Any:
    """The output of a state that produced ``result`` (Task, Parallel, Map, Pass); its Assign is kept.

    JSONPath: ResultSelector, then Assign over the selected result, then
    ResultPath and OutputPath. JSONata: Assign, then Output (default: the result).
    """
    if step.jsonata:
        return query.finish(step, result)
    state = step.state
    # Membership tests first: most states have neither field, and this runs for every one.
    if "ResultSelector" in state:
        result = payload(step, state["ResultSelector"], result)
    if "Assign" in state:
        assign(step, state, result)
    return place_result(step, result)


def pass_through(step: Step, data: Any, holder: Mapping[str, Any] | None = None) -> Any:
    """The output of a state without a result (Choice, Wait, Succeed; a JSONata Pass).

    ``holder`` has the Assign (and, in JSONata, the Output) to use: a Choice
    rule, or by default the state. JSONPath: OutputPath over ``data``.
    """
    fields = step.state if holder is None else holder
    if step.jsonata:
        return query.output(step, fields)
    if "Assign" in fields:
        assign(step, fields, data)
    return select(step, step.state.get("OutputPath", "$"), data)


def assign(step: Step, holder: Mapping[str, Any], data: Any) -> None:
    """Evaluate a JSONPath Assign (``$`` is ``data``); the engine applies it when the state exits."""
    block = holder.get("Assign")
    if block:
        step.assigned = evaluate_assign(
            block, jsonata=False, variables=step.scope.variables, data=data, context=step.context(),
            rng=step.runtime.rng,
        )

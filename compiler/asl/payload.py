"""Payload templates: Parameters, ResultSelector, ItemSelector, Input.

A key ending in ``.$`` takes its value from a path (``$...``), a context
path (``$$...``), a variable (``$name...``, only with ``variables``) or an
intrinsic call; the ``.$`` is dropped from the key. Everything else is
literal, recursively through objects and arrays. (``Result`` of a Pass state
is NOT a template: recorded, its ``x.$`` keys stay as they are.)
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from compiler.asl.errors import RUNTIME, PathNotFoundError, StatesError
from compiler.asl.intrinsics import evaluate_intrinsic, is_intrinsic
from compiler.asl.jsonpath import parse_path, to_json, variable_path

__all__ = ["evaluate_payload", "evaluate_value_expression"]

# ``$.x``, ``$[0]``, ``$`` and ``$$.x`` are paths: the hot case, tested inline.
_PATH_SECOND = frozenset(("", ".", "[", "$"))



def evaluate_payload(
    template: Any,
    data: Any,
    context: Any = None,
    variables: Mapping[str, Any] | None = None,
    rng: random.Random | None = None,
) -> Any:
    """Resolve a payload template against the effective input ``data``.

    ``variables`` (any mapping, e.g. a VariableScope) serves ``$name`` paths;
    ``rng`` is the random source of States.UUID / States.MathRandom.
    Raises StatesError("States.Runtime") when a path matches nothing, with
    AWS's wording: ``The JSONPath '$.x' specified for the field 'x.$' could
    not be found in the input '<input JSON>'``.
    """
    if isinstance(template, dict):
        out: dict[str, Any] = {}
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                out[key[:-2]] = evaluate_value_expression(value, data, context, variables, field=key, rng=rng)
            else:
                out[key] = evaluate_payload(value, data, context, variables, rng)
        return out
    if isinstance(template, list):
        return [evaluate_payload(item, data, context, variables, rng) for item in template]
    return template


def evaluate_value_expression(
    expression: str,
    data: Any,
    context: Any = None,
    variables: Mapping[str, Any] | None = None,
    field: str | None = None,
    rng: random.Random | None = None,
) -> Any:
    """One ``.$`` value: a path, a context path, a variable or an intrinsic.

    Also what ErrorPath/CausePath (Fail state) accept. With ``field`` (e.g.
    ``"ErrorPath"`` or ``"value.$"``) a path that matches nothing fails with
    AWS's wording naming that field (recorded for both cases).
    """
    if field is not None:
        try:
            return evaluate_value_expression(expression, data, context, variables, rng=rng)
        except PathNotFoundError as exc:
            if exc.path != expression:  # a path argument inside an intrinsic call
                raise
            raise StatesError(
                RUNTIME,
                f"The JSONPath '{expression}' specified for the field '{field}' could not be found "
                f"in the input '{to_json(data)}'",
            ) from None
    if not (expression[:1] == "$" and expression[1:2] in _PATH_SECOND):
        if is_intrinsic(expression):
            return evaluate_intrinsic(expression, data, context, variables, rng)
        var = variable_path(expression)
        if var is not None:
            return var.evaluate(variables)
        if not expression.lstrip().startswith("$"):
            raise StatesError(RUNTIME, f"The value '{expression}' is neither a JSONPath nor an intrinsic function")
    return parse_path(expression).evaluate(data, context)

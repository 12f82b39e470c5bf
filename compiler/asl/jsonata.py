"""JSONata in Step Functions: ``{% ... %}`` strings, ``$states`` bindings, AWS's extra functions.

Pure Python on jsonata-python (a port of the reference jsonata-js); shared by the validator
(``parse_errors``, ``free_variables``, ``states_fields``) and the local interpreter
(``evaluate_template``, ``evaluate_expression``). Semantics are pinned by the recorded executions in
shared/conformance/asl (``jsonata``, ``variables``):

* a string is an expression only when it is exactly ``{% expr %}``; any other string is literal;
* expressions inside objects and arrays are evaluated recursively; a field whose expression yields
  nothing (JSONata's *undefined*) is an error, not a missing key;
* every failure is ``States.QueryEvaluationError`` with AWS's wording, naming the field as
  ``Output/result`` (the path of keys below the top-level field);
* AWS adds ``$partition``, ``$range``, ``$hash``, ``$random([seed])``, ``$uuid`` and ``$parse``;
  functions it does not define (``$randomSeeded``) fail with JSONata's T1006.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from compiler.asl._jsonata_functions import AWS_FUNCTIONS, FunctionError, aws_functions, to_jsonata
from compiler.asl._jsonata_lib import lib
from compiler.asl.errors import StatesError

__all__ = [
    "QUERY_EVALUATION_ERROR",
    "UNSET",
    "JsonataBindings",
    "JsonataError",
    "evaluate_expression",
    "evaluate_template",
    "expression_body",
    "free_variables",
    "is_expression",
    "iter_expressions",
    "parse_errors",
    "require_type",
    "states_fields",
]

QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"
STATES_FIELDS = ("input", "result", "errorOutput", "context")
# A runaway expression (endless recursion) must not hang a local run: AWS cuts evaluation off too.
_TIMEOUT_MS = 5000
_MAX_DEPTH = 500


class _Unset:
    """Marks a ``$states`` field that does not exist in this evaluation (e.g. ``result`` in Arguments)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class JsonataError(StatesError):
    """``States.QueryEvaluationError`` with AWS's cause; the interpreter adds the state prefix."""

    def __init__(self, cause: str) -> None:
        super().__init__(QUERY_EVALUATION_ERROR, cause)


@dataclass(frozen=True)
class JsonataBindings:
    """What an expression can see: ``$states.*`` and the workflow variables (``$name``).

    ``states_result`` / ``states_error_output`` stay UNSET where AWS does not offer them (Arguments,
    or a state without a result); ``rng`` makes ``$random``/``$uuid`` reproducible in a local run.
    """

    states_input: Any
    states_result: Any = UNSET
    states_error_output: Any = UNSET
    states_context: Any = UNSET
    variables: Mapping[str, Any] = field(default_factory=dict)
    rng: random.Random | None = None

    def with_result(self, result: Any) -> JsonataBindings:
        return JsonataBindings(self.states_input, result, self.states_error_output, self.states_context,
                               self.variables, self.rng)

    def with_error_output(self, error_output: Any) -> JsonataBindings:
        return JsonataBindings(self.states_input, UNSET, error_output, self.states_context,
                               self.variables, self.rng)


# Recognising expressions ----------------------------------------------------------------------


def is_expression(value: object) -> bool:
    """AWS evaluates a string only when it starts with ``{%`` and ends with ``%}``."""
    return isinstance(value, str) and len(value) >= 4 and value.startswith("{%") and value.endswith("%}")


def expression_body(value: str) -> str:
    """The JSONata text between the delimiters, as AWS quotes it in causes (trimmed)."""
    return value[2:-2].strip()


def body_offset(value: str) -> int:
    """Where ``expression_body(value)`` starts inside ``value`` (for pointing at a column)."""
    inner = value[2:-2]
    return 2 + len(inner) - len(inner.lstrip())


def iter_expressions(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every ``{% %}`` string in a template with its path below the template (keys, indexes)."""
    if is_expression(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_expressions(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_expressions(item, (*path, index))


# Static analysis (validate) ----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _compile(text: str) -> Any:
    compiled = lib().Jsonata(text, timeout=_TIMEOUT_MS, stack=_MAX_DEPTH)
    # Keep JSON null (NULL_VALUE) apart from undefined (None): only undefined is an error.
    compiled.set_output_convert_nulls(False)
    # The input is JSON by construction (states exchange JSON values): skip the per-call walk that
    # checks it (~10% of an evaluation).
    compiled.validate_input = False
    return compiled


def parse_errors(text: str) -> list[tuple[str, int]]:
    """Syntax errors of a JSONata text (the body, without ``{% %}``): ``(message, offset)``.

    The offset is 0-based in ``text``; JSONata reports the position just after the offending token.
    """
    if not text.strip():
        return [("empty JSONata expression", 0)]
    try:
        _compile(text)
    except lib().JException as exc:
        offset = max(0, min(int(exc.location or 0), len(text)) - 1)
        return [(f"{exc.error}: {exc}", offset)]
    except Exception as exc:  # the parser has other failure modes on odd input; report, never crash
        return [(f"{type(exc).__name__}: {exc}", 0)]
    return []


def _children(node: Any) -> Iterator[Any]:
    for name, value in vars(node).items():
        if name.startswith("_"):
            continue
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, list | tuple):
                stack.extend(item)
            elif hasattr(item, "type") and hasattr(item, "position"):
                yield item


def _walk(text: str) -> Iterator[Any]:
    seen: set[int] = set()
    stack = [_compile(text).ast]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(_children(node))


def _bound_names(text: str) -> set[str]:
    """Names the expression binds itself (``$x := ...``, lambda parameters, ``@$x``, ``#$i``)."""
    bound: set[str] = set()
    for node in _walk(text):
        if node.type == "bind" and getattr(node.lhs, "type", None) == "variable":
            bound.add(node.lhs.value)
        elif node.type == "lambda":
            bound.update(arg.value for arg in node.arguments or [] if getattr(arg, "type", None) == "variable")
        for attr in ("focus", "index"):
            name = getattr(node, attr, None)
            if isinstance(name, str):
                bound.add(name)
    return bound


def _builtin_names() -> frozenset[str]:
    frame = lib().Jsonata.static_frame
    names = set(frame.bindings) if frame is not None else set()
    return frozenset(names | set(AWS_FUNCTIONS))


def free_variables(text: str) -> list[tuple[str, int]]:
    """Workflow variables an expression reads: ``(name, offset)``, in text order.

    Conservative on purpose (no false alarms): a name bound anywhere in the expression, a JSONata
    built-in function and ``$states`` are not workflow variables. Empty on a syntax error.
    """
    if parse_errors(text):
        return []
    skip = _bound_names(text) | _builtin_names() | {"states", "", "$"}
    found = [
        (node.value, max(0, node.position - len(node.value) - 1))
        for node in _walk(text)
        if node.type == "variable" and isinstance(node.value, str) and node.value not in skip
    ]
    return sorted(set(found), key=lambda item: item[1])


def states_fields(text: str) -> list[tuple[str, int]]:
    """The ``$states.<field>`` reads of an expression: ``(field, offset)``; ``""`` for bare ``$states``."""
    if parse_errors(text) or "states" in _bound_names(text):
        return []
    found: list[tuple[str, int]] = []
    for node in _walk(text):
        if node.type != "path":
            continue
        steps = node.steps or []
        if steps and steps[0].type == "variable" and steps[0].value == "states":
            start = max(0, steps[0].position - len("states") - 1)
            name = steps[1].value if len(steps) > 1 and steps[1].type == "name" else ""
            found.append((str(name), start))
    plain = [
        ("", max(0, node.position - len("states") - 1))
        for node in _walk(text)
        if node.type == "variable" and node.value == "states"
    ]
    # A bare ``$states`` (not the head of a path) is also a read of the whole object.
    heads = {offset for _, offset in found}
    found.extend(item for item in plain if item[1] not in heads)
    return sorted(set(found), key=lambda item: item[1])


# Evaluation (run) ------------------------------------------------------------------------------

_LOCK = threading.RLock()  # a compiled Jsonata keeps per-evaluation state (timebox, timestamp)


def evaluate_template(value: Any, bindings: JsonataBindings, field: str = "Output") -> Any:
    """A JSONata-state field (Arguments, Output, Assign, Items, ...): expressions evaluated, recursively.

    ``field`` names the top-level field for causes; nested keys are appended as ``Output/key``.
    """
    if is_expression(value):
        return evaluate_expression(value, bindings, field)
    if isinstance(value, dict):
        return {key: evaluate_template(item, bindings, f"{field}/{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [evaluate_template(item, bindings, f"{field}/{index}") for index, item in enumerate(value)]
    return value


def evaluate_expression(expr: str, bindings: JsonataBindings, field: str = "Output") -> Any:
    """One expression, given as ``{% body %}`` or as the bare body; its JSON value.

    Raises JsonataError when it fails, returns nothing (undefined) or returns a function.
    """
    text = expression_body(expr) if is_expression(expr) else expr
    prefix = f"The JSONata expression '{text}' specified for the field '{field}'"
    try:
        compiled = _compile(text)
    except lib().JException as exc:
        raise JsonataError(f"{prefix} could not be parsed. {exc.error}: {exc}") from None
    env = _environment(bindings)
    try:
        with _LOCK:
            # jsonata-python starts the timeout clock and the depth count when the expression is
            # compiled, and a failed evaluation never unwinds the count: a cached expression would
            # time out 5 s after its first use, or after a few hundred failures. Restart both.
            compiled.environment.set_runtime_bounds(_TIMEOUT_MS, _MAX_DEPTH)
            raw = compiled.evaluate(to_jsonata(bindings.states_input), env)
    except lib().JException as exc:
        raise JsonataError(f"{prefix} threw an error during evaluation. {exc.error}: {exc}") from None
    except RecursionError:
        raise JsonataError(f"{prefix} threw an error during evaluation. U1001: Stack overflow") from None
    except ZeroDivisionError:  # JavaScript gives Infinity, which JSONata rejects as out of range
        raise JsonataError(f"{prefix} threw an error during evaluation. D1001: Number out of range") from None
    except FunctionError as exc:
        raise JsonataError(f"{prefix} threw an error during evaluation. {exc}") from None
    except Exception as exc:  # jsonata-python has Python-level failure modes (1/0, odd input)
        raise JsonataError(f"{prefix} threw an error during evaluation. {type(exc).__name__}: {exc}") from None
    if raw is None:
        raise JsonataError(f"{prefix} returned nothing (undefined).")
    try:
        return _from_jsonata(raw)
    except _Unsupported:
        raise JsonataError(f"{prefix} returned an unsupported result type.") from None


def require_type(value: Any, expected: str, expr: str, field: str) -> Any:
    """AWS's check of a result's type (Items must be an array, MaxConcurrency a number, ...)."""
    if json_type(value) == expected:
        return value
    text = expression_body(expr) if is_expression(expr) else expr
    raise JsonataError(
        f"The JSONata expression '{text}' specified for the field '{field}' returned an unexpected result "
        f"type. Expected '{expected}', but was '{json_type(value)}' for value: {_compact(value)}"
    )


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Unsupported(Exception):
    """A result JSON cannot hold (a function)."""


def _environment(bindings: JsonataBindings) -> dict[str, Any]:
    states: dict[str, Any] = {"input": bindings.states_input}
    for name, value in (("result", bindings.states_result), ("errorOutput", bindings.states_error_output),
                        ("context", bindings.states_context)):
        if value is not UNSET:
            states[name] = value
    env: dict[str, Any] = {name: to_jsonata(value) for name, value in bindings.variables.items()}
    env.update(aws_functions(bindings.rng))
    env["states"] = to_jsonata(states)
    return env


def _from_jsonata(value: Any) -> Any:
    """jsonata-python -> JSON: sequences to lists, NULL_VALUE to None, undefined members dropped."""
    if value is lib().Utils.NULL_VALUE:
        return None
    if isinstance(value, dict):
        return {key: _from_jsonata(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_from_jsonata(item) for item in value if item is not None]
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # JSON has one number type; AWS prints 3.0 as 3 (JavaScript numbers).
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    raise _Unsupported(type(value).__name__)

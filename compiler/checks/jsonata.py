"""JSONata in the spec: expression syntax and ``$states`` fields, and fields out of place.

* every ``{% ... %}`` string of a JSONata state parses (J600), at the line of the string;
* ``$states.result`` only in ``output``/``assign`` of task, parallel and map states;
  ``$states.errorOutput`` only in a catcher's ``output``/``assign``; no other field but
  ``input`` and ``context`` exists (J601);
* JSONata states have no ``.$`` keys (J602); in JSONPath states a ``{% %}`` string is plain text (J603);
* fields the state-level language check in asl_rules does not see (J604): Pass ``result`` and
  ItemReader/ResultWriter ``parameters`` in JSONata, their ``arguments`` in JSONPath, and
  ``arguments`` on a Lambda or state-machine task (those take ``payload``/``input``, which the
  emitter writes as ``Arguments`` in JSONata states);
* ``assign`` keys are valid variable names (J605).

The walk over a state's fields (``expression_sites``) is shared with checks/variables.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from compiler import diagnostics as codes
from compiler.asl.jsonata import (
    body_offset,
    expression_body,
    is_expression,
    iter_expressions,
    parse_errors,
    states_fields,
)
from compiler.checks import CheckContext
from compiler.checks.walk import StateInfo, states
from compiler.diagnostics import Finding, did_you_mean
from compiler.model.states import ChoiceState, MapState, ParallelState, PassState, TaskState
from compiler.source import Path

# What ``$states`` offers where: "input" fields see input/context, "result" fields also the result,
# "catch" fields the error output instead.
Where = Literal["input", "result", "catch"]
STATES_FIELDS = ("input", "result", "errorOutput", "context")

# Fields that never hold data templates or expressions.
_STRUCTURAL = frozenset({
    "type", "comment", "query_language", "next", "end", "branches", "item_processor", "iterator", "catch",
    "retry", "choices", "default", "invoke", "start_execution", "resource", "integration", "invoke_style",
    "retry_on_service_exceptions", "associate_with_parent", "label", "alias",
})
_NESTED = ("item_reader", "result_writer", "item_batcher")
# Fields whose values are data templates: a key ending in '.$' means something only in JSONPath.
# (parameters/result_selector are reported as a whole by asl_rules in JSONata states.)
_TEMPLATES = ("arguments", "output", "assign", "payload", "input", "item_selector", "credentials")


class Site(NamedTuple):
    """One ``{% %}`` string: where it is in the document, its text, and what ``$states`` offers there."""

    path: Path
    text: str
    where: Where

    @property
    def body(self) -> str:
        return expression_body(self.text)

    def column(self, offset: int) -> int:
        """1-based position in the YAML string of an offset in the body."""
        return body_offset(self.text) + offset + 1


def check(ctx: CheckContext) -> Iterator[Finding]:
    for info in states(ctx.spec):
        if info.jsonata:
            for site in expression_sites(info):
                yield from _expression(site)
            yield from _dollar_keys(info)
        else:
            yield from _literal_expressions(info)
        yield from _fields(info)
        for path, assign in assign_blocks(info):
            yield from _names(path, assign, info.jsonata)


# Where expressions stand ----------------------------------------------------------------------


def expression_sites(info: StateInfo) -> Iterator[Site]:
    """Every ``{% %}`` string of a state (catchers and choice rules included), in document order."""
    state = info.state
    result_fields = ("output", "assign") if isinstance(state, TaskState | ParallelState | MapState) else ()
    for name in type(state).model_fields:
        if name in _STRUCTURAL or not state.given(name):
            continue
        value = getattr(state, name)
        if name in _NESTED:
            if value is not None:
                for sub in type(value).model_fields:
                    yield from _sites(getattr(value, sub), (*info.path, name, sub), "input")
            continue
        yield from _sites(value, (*info.path, name), "result" if name in result_fields else "input")
    for i, catcher in enumerate(getattr(state, "catch", None) or []):
        for name in ("output", "assign"):
            yield from _sites(getattr(catcher, name), (*info.path, "catch", i, name), "catch")
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            for name in ("condition", "output", "assign"):
                yield from _sites(getattr(rule, name), (*info.path, "choices", i, name), "input")


def _sites(value: Any, path: Path, where: Where) -> Iterator[Site]:
    for sub, text in iter_expressions(value):
        yield Site((*path, *sub), text, where)


def assign_blocks(info: StateInfo) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each ``assign`` mapping of a state, its catchers and its choice rules, with its path."""
    state = info.state
    assign = getattr(state, "assign", None)
    if isinstance(assign, dict):
        yield (*info.path, "assign"), assign
    for i, catcher in enumerate(getattr(state, "catch", None) or []):
        if isinstance(catcher.assign, dict):
            yield (*info.path, "catch", i, "assign"), catcher.assign
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            if isinstance(rule.assign, dict):
                yield (*info.path, "choices", i, "assign"), rule.assign


# Expressions ----------------------------------------------------------------------------------


def _expression(site: Site) -> Iterator[Finding]:
    problems = parse_errors(site.body)
    for message, offset in problems:
        yield Finding(codes.J_SYNTAX, f"JSONata syntax error: {message} (at character {site.column(offset)})",
                      site.path, "see https://docs.jsonata.org; the expression is the text between '{%' and '%}'")
    if problems:
        return
    for name, offset in states_fields(site.body):
        yield from _states_field(site, name, offset)


def _states_field(site: Site, name: str, offset: int) -> Iterator[Finding]:
    at = f"(at character {site.column(offset)})"
    if name == "" or name in ("input", "context"):
        return
    if name not in STATES_FIELDS:
        yield Finding(codes.J_STATES_FIELD, f"'$states.{name}' does not exist {at}", site.path,
                      did_you_mean(name, STATES_FIELDS) or "$states has input, result, errorOutput and context")
    elif name == "result" and site.where != "result":
        hint = ("a catcher sees the error as '$states.errorOutput'" if site.where == "catch" else
                "the state's result exists only in 'output' and 'assign' of task, parallel and map states; "
                "read '$states.input' here")
        yield Finding(codes.J_STATES_FIELD, f"'$states.result' is not available here {at}", site.path, hint)
    elif name == "errorOutput" and site.where != "catch":
        yield Finding(codes.J_STATES_FIELD, f"'$states.errorOutput' is only available in a catcher {at}",
                      site.path, "use it in 'output' or 'assign' of a 'catch' entry")


def _dollar_keys(info: StateInfo) -> Iterator[Finding]:
    for name in _TEMPLATES:
        if info.state.given(name):
            yield from _dollar_keys_in(getattr(info.state, name), (*info.path, name))
    for i, catcher in enumerate(getattr(info.state, "catch", None) or []):
        for name in ("output", "assign"):
            yield from _dollar_keys_in(getattr(catcher, name), (*info.path, "catch", i, name))


def _dollar_keys_in(value: Any, path: Path) -> Iterator[Finding]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.endswith(".$"):
                yield Finding(codes.J_DOLLAR_KEY, f"'{key}': JSONata states have no '.$' keys", (*path, key),
                              f"write '{key[:-2]}: \"{{% ... %}}\"', e.g. '{{% $states.input.field %}}'", on_key=True)
            yield from _dollar_keys_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _dollar_keys_in(item, (*path, index))


def _literal_expressions(info: StateInfo) -> Iterator[Finding]:
    for site in expression_sites(info):
        yield Finding(codes.J_IN_JSONPATH, "this state uses JSONPath, so '{% ... %}' is passed on as plain text",
                      site.path, "set 'query_language: jsonata' on the state or machine to evaluate it")


# Fields -------------------------------------------------------------------------------------


# Number fields that take a '{% %}' expression in JSONata states (the model lets a string through).
_NUMBERS = ("timeout_seconds", "heartbeat_seconds", "max_concurrency", "tolerated_failure_percentage",
            "tolerated_failure_count")


def _fields(info: StateInfo) -> Iterator[Finding]:
    state = info.state
    for name in _NUMBERS:
        value = getattr(state, name, None)
        if isinstance(value, str) and not (info.jsonata and is_expression(value)):
            hint = ("write a number, or '{% ... %}' for a computed one" if info.jsonata else
                    f"write a number, or '{name}_path: $.field' to read it from the input")
            yield Finding(codes.J_FIELD, f"'{name}' must be a number" + ("" if info.jsonata else
                          " (expressions need 'query_language: jsonata')"), (*info.path, name), hint)
    if isinstance(state, TaskState) and state.given("arguments") and state.resource is None:
        target, instead = ("invoke", "payload") if state.invoke is not None else ("start_execution", "input")
        yield Finding(codes.J_FIELD, f"a task with '{target}' takes '{instead}', not 'arguments'",
                      (*info.path, "arguments"),
                      f"rename it to '{instead}'; in JSONata states it is written as 'Arguments'", on_key=True)
    if info.jsonata and isinstance(state, PassState) and state.given("result"):
        yield Finding(codes.J_FIELD, "'result' is not available in JSONata states", (*info.path, "result"),
                      "use 'output' (a value or '{% ... %}')", on_key=True)
    if isinstance(state, MapState):
        wrong, right = ("parameters", "arguments") if info.jsonata else ("arguments", "parameters")
        for name in ("item_reader", "result_writer"):
            sub = getattr(state, name)
            if sub is not None and sub.given(wrong):
                yield Finding(codes.J_FIELD,
                              f"'{wrong}' is not available in {'JSONata' if info.jsonata else 'JSONPath'} states",
                              (*info.path, name, wrong), f"use '{right}'", on_key=True)
        batcher = state.item_batcher
        if info.jsonata and batcher is not None:
            for name in ("max_items_per_batch_path", "max_input_bytes_per_batch_path"):
                if getattr(batcher, name) is not None:
                    yield Finding(codes.J_FIELD, f"'{name}' is not available in JSONata states",
                                  (*info.path, "item_batcher", name),
                                  f"use '{name.removesuffix('_path')}' with a '{{% ... %}}' expression", on_key=True)


def _names(path: Path, assign: dict[str, Any], jsonata: bool) -> Iterator[Finding]:
    for key in assign:
        name = str(key)
        if jsonata and name.endswith(".$"):
            continue  # J602 says it
        name = name.removesuffix(".$")
        problem = variable_name_problem(name)
        if problem:
            yield Finding(codes.J_VARIABLE_NAME, f"'{key}' is not a valid variable name: {problem}", (*path, key),
                          "a variable name starts with a letter or '_' and goes on with letters, digits or '_'",
                          on_key=True)


def variable_name_problem(name: str) -> str | None:
    if name.startswith("$"):
        return "write the name without '$' (it is read as '$name')"
    if not name.isidentifier():
        return "it is not an identifier"
    if name == "states":
        return "'$states' is reserved by Step Functions"
    return None

"""Paths in JSONPath states: I/O paths, reference paths, ``.$`` keys, context fields, intrinsics.

Syntax comes from compiler.asl (Step Functions' own JSONPath grammar, parsed once and cached);
this module adds the rules of where each kind of path may stand:

* InputPath/OutputPath, Choice ``Variable`` and the ``*Path`` comparisons: any path (E320);
* ResultPath: a reference path -- single names and indexes only, never the context (E321);
  ItemsPath and the ``*SecondsPath``/``*Path`` number fields: a reference path, context allowed;
* a ``.$`` key in a payload template: a path, a context path with a known field (E323), a
  variable, or an intrinsic call with a known name and arity (E324); never a non-string (E322);
* a plain key whose value looks like a path is likely a forgotten ``.$`` (W400);
* ``$$.Map.Item...`` only in a Map state's own ``item_selector`` (or legacy ``parameters``): the
  context has a Map item only while the Map builds each iteration's input. The states of the item
  processor do not see it (docs: "Context object data for Map states"), nor do the Map's other
  fields (E325). ``item_batcher.batch_input`` is left alone: no document says what it sees.

JSONata states have none of these (their fields are reported by asl_rules when misplaced).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from compiler import diagnostics as codes
from compiler.asl import PathSyntaxError, check_intrinsic, is_intrinsic, parse_intrinsic, parse_path
from compiler.asl.intrinsics import Call, PathArg
from compiler.asl.jsonpath import Path as AslPath
from compiler.checks import CheckContext
from compiler.checks.walk import StateInfo, states
from compiler.diagnostics import Finding, describe_value, did_you_mean
from compiler.model.states import ChoiceRule, ChoiceState, MapState
from compiler.model.states.choice import PATH_OPS
from compiler.source import Path

Kind = Literal["path", "reference", "result", "error"]

# The context object (docs: "Accessing execution data from the Context object").
CONTEXT: dict[str, tuple[str, ...]] = {
    "Execution": ("Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount", "RedriveTime"),
    "State": ("EnteredTime", "Name", "RetryCount"),
    "StateMachine": ("Id", "Name"),
    "Task": ("Token",),
    "Map": ("Item",),
}
MAP_ITEM = ("Index", "Value", "Key", "Source")
# The Map state fields evaluated once per item, where ``$$.Map.Item`` exists.
MAP_ITEM_FIELDS = ("item_selector", "parameters")

# State fields that hold one path, and what kind of path.
STATE_PATHS: dict[str, Kind] = {
    "input_path": "path",
    "output_path": "path",
    "items_path": "reference",
    "result_path": "result",
    "timeout_seconds_path": "reference",
    "heartbeat_seconds_path": "reference",
    "seconds_path": "reference",
    "timestamp_path": "reference",
    "max_concurrency_path": "reference",
    "tolerated_failure_percentage_path": "reference",
    "tolerated_failure_count_path": "reference",
    "error_path": "error",
    "cause_path": "error",
}
BATCHER_PATHS = ("max_items_per_batch_path", "max_input_bytes_per_batch_path")
# Fields whose value is a payload template: ``.$`` keys in them are evaluated.
TEMPLATES = ("parameters", "payload", "input", "result_selector", "item_selector", "credentials", "assign")

_VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LOOKS_LIKE_PATH = re.compile(r"^(?:\$\$?[.\[]|States\.[A-Za-z]+\s*\()")


def check(ctx: CheckContext) -> Iterator[Finding]:
    for info in states(ctx.spec):
        if not info.jsonata:
            yield from _state(info)


def _state(info: StateInfo) -> Iterator[Finding]:
    checker = _Checker(_map_context_hint(info))
    item_checker = _Checker(None)  # for the fields that build a Map iteration's input
    state = info.state
    # The field values as stored: getattr on a field a state type lacks takes pydantic's slow path.
    fields: dict[str, Any] = vars(state)
    for field, kind in STATE_PATHS.items():
        value = fields.get(field)
        if isinstance(value, str):
            yield from checker.path(value, kind, (*info.path, field), field)
    for field in TEMPLATES:
        if state.given(field):
            item_input = isinstance(state, MapState) and field in MAP_ITEM_FIELDS
            yield from (item_checker if item_input else checker).template(fields.get(field), (*info.path, field))
    for i, catcher in enumerate(fields.get("catch") or []):
        base = (*info.path, "catch", i)
        if catcher.result_path is not None:
            yield from checker.path(catcher.result_path, "result", (*base, "result_path"), "result_path")
        if catcher.assign is not None:
            yield from checker.template(catcher.assign, (*base, "assign"))
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            yield from _rule(checker, rule, (*info.path, "choices", i))
    if isinstance(state, MapState):
        for field in ("item_reader", "result_writer"):
            sub = getattr(state, field)
            if sub is not None and sub.given("parameters"):
                yield from checker.template(sub.parameters, (*info.path, field, "parameters"))
        batcher = state.item_batcher
        if batcher is not None:
            for field in BATCHER_PATHS:
                value = getattr(batcher, field)
                if value is not None:
                    yield from checker.path(value, "reference", (*info.path, "item_batcher", field), field)
            if batcher.given("batch_input"):
                yield from item_checker.template(batcher.batch_input, (*info.path, "item_batcher", "batch_input"))


def _rule(checker: _Checker, rule: ChoiceRule, path: Path) -> Iterator[Finding]:
    if rule.variable is not None:
        yield from checker.path(rule.variable, "path", (*path, "variable"), "variable")
    for op in PATH_OPS:
        value = vars(rule).get(op)
        if value is not None:
            yield from checker.path(value, "path", (*path, op), op)
    if rule.assign is not None:
        yield from checker.template(rule.assign, (*path, "assign"))
    for key, items in (("and", rule.and_), ("or", rule.or_)):
        for i, sub in enumerate(items or []):
            yield from _rule(checker, sub, (*path, key, i))
    if rule.not_ is not None:
        yield from _rule(checker, rule.not_, (*path, "not"))


def _map_context_hint(info: StateInfo) -> str:
    """What to do instead of reading ``$$.Map`` in this state's fields."""
    if isinstance(info.state, MapState):
        return "read it in this Map's 'item_selector' (e.g. 'index.$: $$.Map.Item.Index'), which builds each " \
               "item's input"
    if info.scope.kind == "processor":
        return "the states of an item processor do not see it: pass it in through the Map's 'item_selector' " \
               "('index.$: $$.Map.Item.Index', 'value.$: $$.Map.Item.Value') and read '$.index' here"
    return "$$.Map.Item exists only in the 'item_selector' of a Map state, while it builds each item's input"


class _Checker:
    def __init__(self, map_context_hint: str | None) -> None:
        # None where ``$$.Map`` exists; elsewhere the hint for E325.
        self.map_context_hint = map_context_hint

    def path(self, text: str, kind: Kind, path: Path, field: str) -> Iterator[Finding]:
        if kind == "error" and is_intrinsic(text):
            yield from self.intrinsic(text, path, field)
            return
        var = _VARIABLE.match(text)  # never '$$...': a variable name starts with a letter or '_'
        if var:
            if kind == "result":
                yield Finding(codes.E_REFERENCE_PATH, f"'{field}' cannot be a variable ('{text}')", path,
                              "ResultPath places the result in the state's input: write '$.name'")
                return
            yield from _variable(text, var, path, field)
            return
        try:
            parsed = parse_path(text)
        except PathSyntaxError as exc:
            yield _syntax(exc, text, path, field)
            return
        if kind == "result" and (parsed.context or not parsed.is_reference_path):
            yield Finding(codes.E_REFERENCE_PATH, f"'{field}' must be a reference path, not '{text}'", path,
                          _reference_hint(parsed, allow_context=False))
            return
        if kind == "reference" and not parsed.is_reference_path:
            yield Finding(codes.E_REFERENCE_PATH, f"'{field}' must be a reference path, not '{text}'", path,
                          _reference_hint(parsed, allow_context=True))
            return
        if parsed.context:
            yield from _context(parsed, path, field, self.map_context_hint)

    def intrinsic(self, text: str, path: Path, field: str) -> Iterator[Finding]:
        problems = check_intrinsic(text)
        for message, offset in problems:
            where = f" (at character {offset + 1})" if offset else ""
            yield Finding(codes.E_INTRINSIC, f"'{field}': {message}{where}", path,
                          "see the intrinsic functions of Step Functions: States.Format, States.Array, "
                          "States.StringToJson, ...")
        if problems:
            return
        for arg in _path_args(parse_intrinsic(text)):
            if arg.path.context:
                yield from _context(arg.path, path, field, self.map_context_hint)

    def template(self, value: Any, path: Path) -> Iterator[Finding]:
        """Walk a payload template; ``.$`` keys hold paths, other keys hold literals."""
        stack: list[tuple[Any, Path]] = [(value, path)]
        while stack:
            node, where = stack.pop()
            if isinstance(node, list):
                stack.extend((item, (*where, i)) for i, item in enumerate(node))
                continue
            if not isinstance(node, dict):
                continue
            for key, item in node.items():
                key_path = (*where, key)
                if isinstance(key, str) and key.endswith(".$"):
                    yield from self.dollar(key, item, key_path)
                elif isinstance(item, str) and _LOOKS_LIKE_PATH.match(item):
                    yield Finding(codes.W_PATH_WITHOUT_DOLLAR,
                                  f"'{key}' holds '{item}' as a literal string; its key has no '.$'", key_path,
                                  f"rename the key to '{key}.$' to use the value at that path", on_key=True)
                else:
                    stack.append((item, key_path))

    def dollar(self, key: str, value: Any, path: Path) -> Iterator[Finding]:
        if not isinstance(value, str):
            yield Finding(codes.E_DOLLAR_KEY, f"'{key}' ends in '.$' but holds {describe_value(value)}, not a path",
                          path, f"write a path such as '$.field', or drop the '.$': '{key[:-2]}'")
            return
        if is_intrinsic(value):
            yield from self.intrinsic(value, path, key)
            return
        if not value.startswith("$"):
            field_hint = f"write '$.{value}' for a field of the input, or " if value.isidentifier() else ""
            yield Finding(codes.E_PATH,
                          f"'{key}' ends in '.$', so its value must be a path or an intrinsic call, not '{value}'",
                          path, f"{field_hint}drop the '.$' to keep the text as it is: '{key[:-2]}'")
            return
        yield from self.path(value, "path", path, key)


def _variable(text: str, var: re.Match[str], path: Path, field: str) -> Iterator[Finding]:
    """``$name.field``: a workflow variable; the part after the name must be a path.

    Whether some state assigns the variable, in scope and on every path, is for checks/variables.py
    (J610-J612), which judges every read the same way: plain paths, intrinsic arguments, JSONata.
    """
    name = var.group(1)
    try:
        parse_path("$" + text[var.end():])
    except PathSyntaxError as exc:
        yield _syntax(PathSyntaxError(exc.message, exc.offset + len(name), text), text, path, field)


def _path_args(call: Call) -> Iterator[PathArg]:
    for arg in call.args:
        if isinstance(arg, PathArg):
            yield arg
        elif isinstance(arg, Call):
            yield from _path_args(arg)


_UNQUOTED = re.compile(r"unquoted string '([^']*)'")
_OPERATOR_BEFORE = re.compile(r"(==|!=|<=|>=|=~|<|>)\s*$")


def _syntax(exc: PathSyntaxError, text: str, path: Path, field: str) -> Finding:
    hint = "a path starts with '$', e.g. '$.field' or \"$['a','b']\""
    if "unterminated" in exc.message or "unclosed" in exc.message:
        hint = "check the quotes and brackets around the names"
    unquoted = _UNQUOTED.search(exc.message)
    if unquoted is not None:
        operator = _OPERATOR_BEFORE.search(text[: exc.offset])
        written = f"{operator.group(1) if operator else ''}'{unquoted.group(1)}'"
        hint = (f"quote the string: {written} (Step Functions' JSONPath, Jayway's, has no unquoted strings: "
                "the state would fail when it reads the path)")
    return Finding(codes.E_PATH, f"'{field}' is not a valid JSONPath: {exc.message} (at character {exc.offset + 1} "
                   f"of '{text}')", path, hint)


def _reference_hint(parsed: AslPath, allow_context: bool) -> str:
    if parsed.context and not allow_context:
        return "the context object is read-only; write the result under '$', e.g. '$.result'"
    return "a reference path uses single names and indexes only ('$.a.b', '$.list[0]'): no filters, " \
           "wildcards, unions, slices or '..'"


def _context(parsed: AslPath, path: Path, field: str, map_context_hint: str | None) -> Iterator[Finding]:
    names: list[str] = []
    for seg in parsed.segments[:3]:
        seg_names = getattr(seg, "names", None)  # only Field segments carry names
        if not seg_names or len(seg_names) != 1:
            return
        names.append(seg_names[0])
    if not names:
        return  # '$$' alone: the whole context object
    root = names[0]
    if root == "Map" and map_context_hint is not None:
        yield Finding(codes.E_MAP_CONTEXT, f"'{field}': '{parsed.text}' is not available here; the context object "
                      "has a Map item only while a Map state builds an item's input", path, map_context_hint)
        return
    if root not in CONTEXT:
        hint = _full_hint("$$.", root, CONTEXT) or f"the context object has: {', '.join(CONTEXT)}"
        yield Finding(codes.E_CONTEXT_FIELD, f"'{field}': the context object has no field '{root}' ('{parsed.text}')",
                      path, hint)
        return
    if len(names) > 1 and names[1] not in CONTEXT[root]:
        hint = _full_hint(f"$$.{root}.", names[1], CONTEXT[root]) or f"$$.{root} has: {', '.join(CONTEXT[root])}"
        yield Finding(codes.E_CONTEXT_FIELD,
                      f"'{field}': the context object has no field '{root}.{names[1]}' ('{parsed.text}')", path, hint)
        return
    if root == "Map" and len(names) > 2 and names[2] not in MAP_ITEM:
        hint = _full_hint("$$.Map.Item.", names[2], MAP_ITEM) or f"$$.Map.Item has: {', '.join(MAP_ITEM)}"
        yield Finding(codes.E_CONTEXT_FIELD,
                      f"'{field}': the context object has no field 'Map.Item.{names[2]}' ('{parsed.text}')", path, hint)


def _full_hint(prefix: str, word: str, choices: Any) -> str | None:
    close = did_you_mean(word, choices)
    return f"did you mean '{prefix}{close.split(chr(39))[1]}'?" if close else None

"""Every path field of every state: an invalid value is reported, at that field, with the right code.

Parametrized over checks.paths' own tables (STATE_PATHS, BATCHER_PATHS) and the fields outside them
(a catcher's result_path, a choice rule's variable and ``*_path`` comparisons), so that a field
dropped from a table, or a table entry with no case here, fails a test.
"""

from __future__ import annotations

import json
import re

import pytest

from compiler.asl import check_intrinsic
from compiler.checks.paths import BATCHER_PATHS, STATE_PATHS, Kind
from compiler.model.states.choice import PATH_OPS
from compiler.pipeline import compile_spec
from tests.checks.conftest import ROOT


def _task(field: str) -> dict[str, object]:
    return {"type": "task", "resource": "arn:aws:states:::sqs:sendMessage", field: None}


def _map(field: str) -> dict[str, object]:
    # distributed: the tolerated-failure fields and the item batcher exist only there
    processor = {"processor_config": {"mode": "distributed", "execution_type": "standard"},
                 "states": {"W": {"type": "pass"}}}
    return {"type": "map", field: None, "item_processor": processor}


def _fail(field: str) -> dict[str, object]:
    return {"type": "fail", field: None}


def _wait(field: str) -> dict[str, object]:
    return {"type": "wait", field: None}


# Every path field of a state, written out here (not read from the checker's table): which state
# type has it, and the kind of path Step Functions allows there.
HOLDER = {
    "input_path": (_task, "path"), "output_path": (_task, "path"), "result_path": (_task, "result"),
    "timeout_seconds_path": (_task, "reference"), "heartbeat_seconds_path": (_task, "reference"),
    "items_path": (_map, "reference"), "max_concurrency_path": (_map, "reference"),
    "tolerated_failure_percentage_path": (_map, "reference"), "tolerated_failure_count_path": (_map, "reference"),
    "seconds_path": (_wait, "reference"), "timestamp_path": (_wait, "reference"),
    "error_path": (_fail, "error"), "cause_path": (_fail, "error"),
}


def _spec(state: dict[str, object]) -> str:
    """A machine with the state under test ``S``, which goes on to ``Done`` (a Fail state ends it)."""
    states = {"S": state} if state["type"] == "fail" else {"S": state, "Done": {"type": "succeed"}}
    return json.dumps({"version": 1, "state_machines": {"m": {"states": states}}})


def _placed(state: dict[str, object], value: str) -> dict[str, object]:
    """``state`` with its one None (at any depth) replaced by ``value``."""
    out: dict[str, object] = {}
    for key, item in state.items():
        if item is None:
            out[key] = value
        elif isinstance(item, dict):
            out[key] = _placed(item, value)
        elif isinstance(item, list):
            out[key] = [_placed(x, value) if isinstance(x, dict) else x for x in item]
        else:
            out[key] = item
    return out


def _findings(state: dict[str, object], value: str) -> list[tuple[str, tuple[str | int, ...]]]:
    report = compile_spec(ROOT / "inline.yaml", text=_spec(_placed(state, value)).encode()).report
    return [(d.code, tuple(d.path)) for d in report.sorted()]


def _cases() -> list[tuple[str, Kind, dict[str, object], tuple[str | int, ...]]]:
    cases = []
    for field, (holder, kind) in HOLDER.items():
        cases.append((field, kind, holder(field), (field,)))
    for field in ("max_items_per_batch_path", "max_input_bytes_per_batch_path"):
        state = _map("item_batcher")
        state["item_batcher"] = {field: None}
        cases.append((field, "reference", state, ("item_batcher", field)))
    catcher = _task("input_path")
    del catcher["input_path"]
    catcher["catch"] = [{"errors": ["States.ALL"], "next": "Done", "result_path": None}]
    cases.append(("catch.result_path", "result", catcher, ("catch", 0, "result_path")))
    for op in ("variable", *PATH_OPS):
        rule: dict[str, object] = {"variable": "$.x", "is_present": True, "next": "Done"}
        if op != "variable":
            del rule["is_present"]
        rule[op] = None
        cases.append((f"choices.{op}", "path", {"type": "choice", "choices": [rule], "default": "Done"},
                      ("choices", 0, op)))
    return cases


CASES = _cases()
SYNTAX_ERROR = "$.a['b"  # unterminated quote: no kind of path accepts it


def test_every_path_field_of_the_checker_has_a_case() -> None:
    covered = {field for field, *_ in CASES}
    assert set(STATE_PATHS) | set(BATCHER_PATHS) <= covered
    assert set(HOLDER) == set(STATE_PATHS), "add the new path field to HOLDER (which state type has it)"
    assert {field: kind for field, (_, kind) in HOLDER.items()} == STATE_PATHS


@pytest.mark.parametrize(("field", "kind", "state", "where"), CASES, ids=[c[0] for c in CASES])
def test_a_valid_reference_path_is_accepted(field: str, kind: Kind, state: dict[str, object],
                                            where: tuple[str | int, ...]) -> None:
    assert _findings(state, "$.a.b[0]") == []


@pytest.mark.parametrize(("field", "kind", "state", "where"), CASES, ids=[c[0] for c in CASES])
def test_a_syntax_error_is_reported_at_the_field(field: str, kind: Kind, state: dict[str, object],
                                                 where: tuple[str | int, ...]) -> None:
    assert _findings(state, SYNTAX_ERROR) == [("E320", ("state_machines", "m", "states", "S", *where))]


@pytest.mark.parametrize(("field", "kind", "state", "where"), CASES, ids=[c[0] for c in CASES])
def test_a_wildcard_is_refused_where_a_reference_path_is_required(
        field: str, kind: Kind, state: dict[str, object], where: tuple[str | int, ...]) -> None:
    expected = [] if kind in ("path", "error") else [("E321", ("state_machines", "m", "states", "S", *where))]
    assert _findings(state, "$.items[*].id") == expected


@pytest.mark.parametrize(("field", "kind", "state", "where"), CASES, ids=[c[0] for c in CASES])
def test_the_context_object_is_read_only_for_result_paths(
        field: str, kind: Kind, state: dict[str, object], where: tuple[str | int, ...]) -> None:
    expected = [("E321", ("state_machines", "m", "states", "S", *where))] if kind == "result" else []
    assert _findings(state, "$$.Execution.Id") == expected


@pytest.mark.parametrize(("field", "kind", "state", "where"), CASES, ids=[c[0] for c in CASES])
def test_an_unknown_context_field_is_reported_at_the_field(
        field: str, kind: Kind, state: dict[str, object], where: tuple[str | int, ...]) -> None:
    code = "E321" if kind == "result" else "E323"
    assert _findings(state, "$$.Execution.Nme") == [(code, ("state_machines", "m", "states", "S", *where))]


# The whole diagnostic (message and hint) for each kind of mistake: what the user reads.
MESSAGES = [
    ("input_path", "$.a['b", "E320",
     "'input_path' is not a valid JSONPath: unterminated string (missing closing ') (at character 5 of '$.a['b')",
     "check the quotes and brackets around the names"),
    ("input_path", "a.b", "E320",
     "'input_path' is not a valid JSONPath: a path must start with '$', found 'a' (at character 1 of 'a.b')",
     "a path starts with '$', e.g. '$.field' or \"$['a','b']\""),
    ("result_path", "$$.Execution.Id", "E321", "'result_path' must be a reference path, not '$$.Execution.Id'",
     "the context object is read-only; write the result under '$', e.g. '$.result'"),
    ("result_path", "$.a[*]", "E321", "'result_path' must be a reference path, not '$.a[*]'",
     "a reference path uses single names and indexes only ('$.a.b', '$.list[0]'): no filters, wildcards, "
     "unions, slices or '..'"),
    ("result_path", "$x", "E321", "'result_path' cannot be a variable ('$x')",
     "ResultPath places the result in the state's input: write '$.name'"),
    ("input_path", "$$.Execution.Nme", "E323",
     "'input_path': the context object has no field 'Execution.Nme' ('$$.Execution.Nme')",
     "did you mean '$$.Execution.Name'?"),
    ("input_path", "$$.Exection.Id", "E323",
     "'input_path': the context object has no field 'Exection' ('$$.Exection.Id')", "did you mean '$$.Execution'?"),
    ("input_path", "$$.Foo", "E323", "'input_path': the context object has no field 'Foo' ('$$.Foo')",
     "the context object has: Execution, State, StateMachine, Task, Map"),
    ("input_path", "$$.State.Nope", "E323",
     "'input_path': the context object has no field 'State.Nope' ('$$.State.Nope')",
     "$$.State has: EnteredTime, Name, RetryCount"),
    # Three published AWS samples write filter strings unquoted; Jayway (Step Functions' JSONPath) has
    # no such literal (FilterCompiler.readLiteral reads a number, boolean or null and fails), and AWS's
    # own fix of the same mistake says the states failed (aws-samples/aws-batch-runtime-monitoring#6).
    ("input_path", "$.x[?(@.TargetLanguageCode==fr)]", "E320",
     "'input_path' is not a valid JSONPath: unquoted string 'fr' in the filter (at character 29 of "
     "'$.x[?(@.TargetLanguageCode==fr)]')",
     "quote the string: =='fr' (Step Functions' JSONPath, Jayway's, has no unquoted strings: the state would "
     "fail when it reads the path)"),
    ("input_path", "$.a[?(@.name != ecs.availability-zone)]", "E320",
     "'input_path' is not a valid JSONPath: unquoted string 'ecs.availability-zone' in the filter (at character "
     "17 of '$.a[?(@.name != ecs.availability-zone)]')",
     "quote the string: !='ecs.availability-zone' (Step Functions' JSONPath, Jayway's, has no unquoted strings: "
     "the state would fail when it reads the path)"),
    ("input_path", "$$.Map.Item.Valu", "E325",
     "'input_path': '$$.Map.Item.Valu' is not available here; the context object has a Map item only while a "
     "Map state builds an item's input",
     "$$.Map.Item exists only in the 'item_selector' of a Map state, while it builds each item's input"),
]


@pytest.mark.parametrize(("field", "value", "code", "message", "hint"), MESSAGES, ids=[m[1] for m in MESSAGES])
def test_the_message_and_hint(field: str, value: str, code: str, message: str, hint: str) -> None:
    spec = _spec({"type": "pass", field: value})
    report = compile_spec(ROOT / "inline.yaml", text=spec.encode()).report
    assert [(d.code, d.message, d.hint) for d in report.sorted()] == [(code, message, hint)]


@pytest.mark.parametrize(("value", "message", "hint"), [
    ("$$.Map.Item.Valu", "'v.$': the context object has no field 'Map.Item.Valu' ('$$.Map.Item.Valu')",
     "did you mean '$$.Map.Item.Value'?"),
    ("$$.Map.Item.Zzz", "'v.$': the context object has no field 'Map.Item.Zzz' ('$$.Map.Item.Zzz')",
     "$$.Map.Item has: Index, Value, Key, Source"),
])
def test_map_item_fields_in_the_item_selector(value: str, message: str, hint: str) -> None:
    spec = _spec({"type": "map", "item_selector": {"v.$": value},
                  "item_processor": {"states": {"W": {"type": "pass"}}}})
    report = compile_spec(ROOT / "inline.yaml", text=spec.encode()).report
    assert [(d.code, d.message, d.hint) for d in report.sorted()] == [("E323", message, hint)]


def _choice(rule: dict[str, object]) -> dict[str, object]:
    return {"type": "choice", "choices": [rule], "default": "Done"}


@pytest.mark.parametrize(("rule", "where"), [
    # nested rules: each finding at the nested rule's own field
    ({"and": [{"variable": SYNTAX_ERROR, "is_present": True}], "next": "Done"}, ("and", 0, "variable")),
    ({"or": [{"variable": "$.x", "is_present": True}, {"variable": SYNTAX_ERROR, "is_present": True}],
      "next": "Done"}, ("or", 1, "variable")),
    ({"not": {"variable": SYNTAX_ERROR, "is_present": True}, "next": "Done"}, ("not", "variable")),
    ({"not": {"or": [{"variable": "$.x", "string_equals_path": SYNTAX_ERROR}]}, "next": "Done"},
     ("not", "or", 0, "string_equals_path")),
    # a rule's assign is a payload template: its '.$' keys hold paths
    ({"variable": "$.x", "is_present": True, "next": "Done", "assign": {"y.$": SYNTAX_ERROR}}, ("assign", "y.$")),
])
def test_paths_inside_choice_rules_are_reported_where_they_are_written(
        rule: dict[str, object], where: tuple[str | int, ...]) -> None:
    assert _findings(_choice(rule), "unused") == [("E320", ("state_machines", "m", "states", "S", "choices", 0, *where))]


def test_a_context_path_that_is_no_reference_path_gets_the_reference_path_hint() -> None:
    # items_path may read the context (a reference path into it), so the hint is about the shape,
    # not the "read-only" one a result_path gets.
    spec = _spec({"type": "map", "items_path": "$$.Execution.Input.items[*]",
                  "item_processor": {"states": {"W": {"type": "pass"}}}})
    report = compile_spec(ROOT / "inline.yaml", text=spec.encode()).report
    assert [(d.code, d.hint) for d in report.sorted()] == [
        ("E321", "a reference path uses single names and indexes only ('$.a.b', '$.list[0]'): no filters, "
                 "wildcards, unions, slices or '..'")]


@pytest.mark.parametrize(("state", "hint_starts"), [
    # in a Map's own fields other than item_selector: read it in item_selector instead
    ({"type": "map", "items_path": "$$.Map.Item.Value", "item_processor": {"states": {"W": {"type": "pass"}}}},
     "read it in this Map's 'item_selector' (e.g. 'index.$: $$.Map.Item.Index'), which builds each item's input"),
    # in a state of the item processor: pass it in through the Map's item_selector
    ({"type": "map", "item_processor": {"states": {"W": {"type": "pass", "input_path": "$$.Map.Item.Value"}}}},
     "the states of an item processor do not see it: pass it in through the Map's 'item_selector'"),
])
def test_map_context_outside_the_item_selector_says_where_to_read_it(state: dict[str, object], hint_starts: str) -> None:
    report = compile_spec(ROOT / "inline.yaml", text=_spec(state).encode()).report
    found = [(d.code, d.hint or "") for d in report.sorted()]
    assert len(found) == 1 and found[0][0] == "E325" and found[0][1].startswith(hint_starts), found


def _diagnostics(state: dict[str, object]) -> list[tuple[str, tuple[str | int, ...], str, str | None]]:
    report = compile_spec(ROOT / "inline.yaml", text=_spec(state).encode()).report
    return [(d.code, tuple(d.path)[4:], d.message, d.hint) for d in report.sorted()]


def _with_catcher(**catcher: object) -> dict[str, object]:
    return {"type": "task", "resource": "arn:aws:states:::sqs:sendMessage",
            "catch": [{"errors": ["States.ALL"], "next": "Done", **catcher}]}


def test_a_catchers_result_path_is_named_in_its_message() -> None:
    assert _diagnostics(_with_catcher(result_path="$.a[*]")) == [
        ("E321", ("catch", 0, "result_path"), "'result_path' must be a reference path, not '$.a[*]'",
         "a reference path uses single names and indexes only ('$.a.b', '$.list[0]'): no filters, wildcards, "
         "unions, slices or '..'")]


def test_a_catchers_assign_is_a_payload_template() -> None:
    [(code, where, _, _)] = _diagnostics(_with_catcher(assign={"y.$": SYNTAX_ERROR}))
    assert (code, where) == ("E320", ("catch", 0, "assign", "y.$"))


@pytest.mark.parametrize("field", ["item_reader", "result_writer"])
def test_the_parameters_of_a_maps_item_reader_and_result_writer_are_payload_templates(field: str) -> None:
    sub = {"resource": "arn:aws:states:::s3:getObject" if field == "item_reader" else "arn:aws:states:::s3:putObject",
           "parameters": {"Bucket": "b", "Key.$": SYNTAX_ERROR}}
    if field == "item_reader":
        sub["reader_config"] = {"input_type": "JSON"}
    state = {"type": "map", field: sub,
             "item_processor": {"processor_config": {"mode": "distributed", "execution_type": "standard"},
                                "states": {"W": {"type": "pass"}}}}
    assert [(c, w) for c, w, _, _ in _diagnostics(state)] == [("E320", (field, "parameters", "Key.$"))]


@pytest.mark.parametrize(("value", "message"), [
    # offset 0: the whole call is wrong, so no position is given
    ("States.Foo()", "'error_path': unknown intrinsic function 'States.Foo'; did you mean 'States.Format'?"),
    ("States.Format('a',", "'error_path': expected an argument, found end of text (at character 19)"),
])
def test_an_intrinsic_error_gives_the_position_of_the_mistake_inside_the_call(value: str, message: str) -> None:
    [(code, where, got, hint)] = _diagnostics({"type": "fail", "error_path": value})
    assert (code, where, got) == ("E324", ("error_path",), message)
    # the hint's examples are intrinsic functions that exist, spelled as Step Functions spells them
    named = re.findall(r"states\.\w+", hint or "", re.IGNORECASE)
    assert named and not [name for name in named
                          if any("unknown intrinsic function" in m for m, _ in check_intrinsic(f"{name}()"))], hint


def test_a_path_without_dollar_in_a_plain_key_is_reported_on_the_key() -> None:
    text = ("version: 1\nstate_machines:\n  m:\n    states:\n      S:\n        type: pass\n"
            "        parameters:\n          id:     $.order.id\n")
    [diagnostic] = compile_spec(ROOT / "inline.yaml", text=text.encode()).report.sorted()
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.col) == ("W400", 8, 11)
    assert diagnostic.hint == "rename the key to 'id.$' to use the value at that path"


@pytest.mark.parametrize(("parameters", "message", "hint"), [
    ({"n.$": 3}, "'n.$' ends in '.$' but holds the number 3, not a path",
     "write a path such as '$.field', or drop the '.$': 'n'"),
    ({"id.$": "order"}, "'id.$' ends in '.$', so its value must be a path or an intrinsic call, not 'order'",
     "write '$.order' for a field of the input, or drop the '.$' to keep the text as it is: 'id'"),
    ({"id.$": "not a name"}, "'id.$' ends in '.$', so its value must be a path or an intrinsic call, not 'not a name'",
     "drop the '.$' to keep the text as it is: 'id'"),
])
def test_a_dollar_key_that_holds_no_path_says_how_to_fix_it(parameters: dict[str, object], message: str,
                                                            hint: str) -> None:
    [(_, where, got, got_hint)] = _diagnostics({"type": "pass", "parameters": parameters})
    assert (where, got, got_hint) == (("parameters", next(iter(parameters))), message, hint)


def test_a_syntax_error_after_a_variable_name_is_reported_at_its_character() -> None:
    # '$order.[' : the error is at the '[' after the '.', character 8 of the whole text (J610 also
    # says that no state assigns $order)
    [(code, where, message, _)] = [d for d in _diagnostics({"type": "pass", "input_path": "$order.["})
                                   if d[0] != "J610"]
    assert (code, where) == ("E320", ("input_path",))
    assert message.startswith("'input_path' is not a valid JSONPath: ") and message.endswith(
        "(at character 8 of '$order.[')"), message


def test_an_unclosed_bracket_gets_the_quotes_and_brackets_hint() -> None:
    [(code, _, message, hint)] = _diagnostics({"type": "pass", "input_path": "$.a[0"})
    assert code == "E320" and "unclosed '['" in message
    assert hint == "check the quotes and brackets around the names"


@pytest.mark.parametrize("value", ["$$", "$$.Execution", "$$.Execution.Input[0]", "$$.Execution.Input.items[0].id",
                                   "$$['Execution']['Id']"])
def test_valid_context_paths_of_any_shape_are_accepted(value: str) -> None:
    assert _diagnostics({"type": "pass", "input_path": value}) == []


def test_an_item_batchers_batch_input_is_a_payload_template() -> None:
    state = _map("item_batcher")
    state["item_batcher"] = {"max_items_per_batch": 10, "batch_input": {"x.$": SYNTAX_ERROR}}
    assert [(c, w) for c, w, _, _ in _diagnostics(state)] == [("E320", ("item_batcher", "batch_input", "x.$"))]

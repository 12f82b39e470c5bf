"""The models: shape errors become located findings with useful hints."""

from __future__ import annotations

import pathlib
import re

from compiler.loader import load_text
from compiler.model import build_spec


def findings(text: str) -> list[tuple[str, int, str, str | None]]:
    loaded = load_text(text, "t.yaml")
    spec, found = build_spec(loaded.data)
    assert spec is None
    loaded.report.extend(found)
    return [(d.code, d.span.line, d.message, d.hint) for d in loaded.report.sorted()]


HEAD = "version: 1\nstate_machines:\n  m:\n    states:\n"


def test_all_shape_errors_are_reported_at_once() -> None:
    text = (
        "version: 1\n"
        "resources:\n"
        "  b: {type: buckt}\n"
        "  f: {type: function, code: x, handlr: y}\n"
        "state_machines:\n"
        "  m:\n"
        "    states:\n"
        "      A: {type: task, invoke: f, input_pth: $}\n"
        "      B: {type: wait, seconds: [1]}\n"
    )
    assert findings(text) == [
        ("S204", 3, "unknown type 'buckt'", "did you mean 'bucket'?"),
        ("S201", 4, "unknown field 'handlr'", "did you mean 'handler'?"),
        ("S201", 8, "unknown field 'input_pth'", "did you mean 'input_path'?"),
        ("S202", 9, "'seconds' must be an integer or a string, not a sequence", None),
    ]


def test_a_type_error_in_a_union_field_names_every_accepted_type() -> None:
    # pydantic reports one error per union member; only the first one ("an integer") was kept,
    # so a numeric comparison that takes any number claimed to want an integer.
    text = HEAD + (
        "      C:\n"
        "        type: choice\n"
        "        choices:\n"
        "          - {variable: $.x, numeric_equals: abc, next: C}\n"
    )
    assert findings(text) == [("S202", 8, "'numeric_equals' must be a number, not the string 'abc'", None)]


def test_unknown_field_in_a_nested_branch_names_the_right_model() -> None:
    text = HEAD + "      P:\n        type: parallel\n        branches:\n          - states:\n              X: {type: wait, secs: 3}\n"
    [(code, line, _message, hint)] = findings(text)
    assert (code, line, hint) == ("S201", 9, "did you mean 'seconds'?")


def test_task_needs_exactly_one_target() -> None:
    [none] = findings(HEAD + "      A: {type: task}\n")
    assert none[0] == "S200" and "'invoke'" in none[2]
    [both] = findings(HEAD + "      A: {type: task, invoke: f, resource: arn:x}\n")
    assert both[0] == "S205"
    [misplaced] = findings(HEAD + "      A: {type: task, invoke: f, input: {a: 1}}\n")
    assert misplaced[0] == "S205" and "'input'" in misplaced[2]


def test_version_is_checked() -> None:
    [(code, _, _, hint)] = findings("version: 2\n")
    assert code == "S206" and hint == "this tool reads 'version: 1'"


def test_enum_values_get_a_hint() -> None:
    text = "version: 1\nresources:\n  b: {type: bucket, removal_policy: destory}\n"
    [(code, line, _, hint)] = findings(text)
    assert (code, line, hint) == ("S203", 3, "did you mean 'destroy'?")


def test_missing_type_is_reported() -> None:
    [(code, _, message, _)] = findings(HEAD + "      A: {comment: x}\n")
    assert code == "S200" and "'type'" in message


def test_existing_resources_exclude_new_ones() -> None:
    text = "version: 1\nresources:\n  b:\n    type: bucket\n    bucket_name: x\n    existing: {bucket_name: y}\n"
    [(code, line, _, _)] = findings(text)
    assert (code, line) == ("S205", 4)


def test_strings_are_not_read_as_numbers_or_booleans() -> None:
    # YAML says what a value is; '3' quoted is a string, and AWS would reject it in the definition.
    text = HEAD + "      A:\n        type: task\n        resource: arn:aws:states:::sqs:sendMessage\n" \
        "        retry: [{errors: [States.ALL], max_attempts: '3'}]\n      B: {type: pass, end: 'true'}\n"
    found = findings(text)
    assert [(code, line) for code, line, _, _ in found] == [("S202", 8), ("S202", 9)]


def test_model_modules_give_pydantic_annotation_objects_and_plain_empty_defaults() -> None:
    # Both cost a cold `compiler validate` per field (see compiler/model/__init__.py): string
    # annotations are compiled one by one, and default_factory=list/dict parses list's signature.
    model = pathlib.Path(__file__).resolve().parents[1] / "compiler" / "model"
    costly = re.compile(r"^from __future__ import annotations$|default_factory=(list|dict)[,)]", re.M)
    offenders = [f"{module.relative_to(model)}: {found.group(0)}"
                 for module in sorted(model.rglob("*.py"))
                 for found in costly.finditer(module.read_text(encoding="utf-8"))]
    assert offenders == []

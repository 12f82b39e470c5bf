"""JSONPath with AWS (Jayway) semantics: parsing, result shape, ResultPath."""

from __future__ import annotations

import contextlib
import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.asl import (
    PathNotFoundError,
    PathSyntaxError,
    StatesError,
    apply_input_path,
    apply_result_path,
    evaluate,
    parse_path,
)
from tests.fuzz import examples

SEED_INPUT_PATH = "$['first_result','parallel_no','message','context_name','const_value']"

DATA: dict[str, Any] = {
    "first_result": {"body": "ok", "message": "Hello world"},
    "parallel_no": 2,
    "message": "Hello world",
    "context_name": "Sub Task 2",
    "const_value": "ham",
    "ignore_value": "ignore",
    "a": [{"b": 1, "tag": "x"}, {"b": 2, "c": 3, "tag": "y"}, {"b": 3}],
    "nested": {"k": {"k": 5}},
    "with space": {"ü": "unicode"},
    "nothing": None,
    "users": [{"year": 1997, "status": 0}, {"year": 1998, "status": 1}],
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", DATA),
        ("$.parallel_no", 2),
        ("$['message']", "Hello world"),
        ('$["message"]', "Hello world"),
        ("$.a[0].b", 1),  # definite: the value, not [1]
        ("$.a[-1]", {"b": 3}),
        ("$.a[1]['c']", 3),
        ("$.nothing", None),  # present with a null value is not "missing"
        ("$['with space']['ü']", "unicode"),
        ("$.nested.k.k", 5),
        # The seed's multi-key InputPath: ONE object, keys in path order.
        (
            SEED_INPUT_PATH,
            {
                "first_result": {"body": "ok", "message": "Hello world"},
                "parallel_no": 2,
                "message": "Hello world",
                "context_name": "Sub Task 2",
                "const_value": "ham",
            },
        ),
        ("$['parallel_no','missing']", {"parallel_no": 2}),  # missing keys left out
        ("$.first_result['body','message']", {"body": "ok", "message": "Hello world"}),
        # Indefinite paths give lists.
        ("$.a[*].b", [1, 2, 3]),
        ("$.a[0,2].b", [1, 3]),
        ("$.a[0:2].b", [1, 2]),
        ("$.a[1:].b", [2, 3]),
        ("$.a[:1].b", [1]),
        ("$.a[-2:].b", [2, 3]),
        ("$.a[*].c", [3]),
        ("$..k", [{"k": 5}, 5]),
        ("$.a[?(@.b > 1)].b", [2, 3]),
        ("$.a[?(@.c)].tag", ["y"]),
        ("$.a[?(!@.c)].b", [1, 3]),
        ("$.a[?(@.b == 1 || @.c == 3)].b", [1, 2]),
        ("$.a[?(@.b >= 2 && @.tag == 'y')].b", [2]),
        ("$.a[?(@.tag != 'x')].b", [2, 3]),
        ("$.a[?(@.tag =~ /x|y/)].b", [1, 2]),
        ("$.a[?(@.tag in ['y', 'z'])].b", [2]),
        ("$.a[?(@.b == $.parallel_no)].c", [3]),
        ("$.users[?(@.status == 0)]", [{"year": 1997, "status": 0}]),
        ("$.*", list(DATA.values())),
        ("$.missing[*]", []),  # recorded: a fanned-out path never fails
        ("$.parallel_no[*]", []),
        ("$['first_result','message'].body", ["ok"]),  # multi-key in the middle fans out
    ],
)
def test_evaluate(path: str, expected: Any) -> None:
    assert evaluate(path, DATA) == expected


def test_context_path() -> None:
    ctx = {"State": {"Name": "Sub Task 1"}, "Execution": {"Input": {"x": 1}}}
    assert evaluate("$$.State.Name", DATA, ctx) == "Sub Task 1"
    assert evaluate("$$", DATA, ctx) == ctx
    assert evaluate("$$.Execution.Input.x", {}, ctx) == 1


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("$.missing", "Invalid path '$.missing' : No results for path: $['missing']"),
        ("$.missing.x", "Invalid path '$.missing.x' : Missing property in path $['missing']"),
        ("$.a[7]", "Invalid path '$.a[7]' : No results for path: $['a'][7]"),
        ("$.nothing[0]", "Invalid path '$.nothing[0]' : The path $['nothing'] is null"),
        ("$['missing','other']", None),  # multi-key on an object never fails
    ],
)
def test_missing_definite_path(path: str, cause: str | None) -> None:
    if cause is None:
        assert evaluate(path, DATA) == {}
        return
    with pytest.raises(PathNotFoundError) as info:
        evaluate(path, DATA)
    assert info.value.error == "States.Runtime"
    assert info.value.cause == cause
    assert isinstance(info.value, StatesError)


def test_property_of_a_scalar_is_an_error() -> None:
    with pytest.raises(PathNotFoundError, match=r"property \['x'\] in path \$\['message'\]"):
        evaluate("$.message.x", DATA)


@pytest.mark.parametrize(
    ("path", "definite", "reference"),
    [
        ("$", True, True),
        ("$.a.b", True, True),
        ("$['a'].b[0]", True, True),
        ("$.a[-1]", True, True),
        ("$$.Execution.Id", True, True),
        ("$['a','b']", True, False),
        ("$['a','b'].c", False, False),
        ("$.a[*]", False, False),
        ("$.a[0,1]", False, False),
        ("$.a[0:1]", False, False),
        ("$..a", False, False),
        ("$.a[?(@.x == 1)]", False, False),
        ("$.*", False, False),
    ],
)
def test_classification(path: str, definite: bool, reference: bool) -> None:
    parsed = parse_path(path)
    assert parsed.is_definite is definite
    assert parsed.is_reference_path is reference


def test_parse_is_cached() -> None:
    assert parse_path("$.cached.path") is parse_path("$.cached.path")


@pytest.mark.parametrize(
    ("path", "offset"),
    [
        ("", 0),
        ("a.b", 0),
        ("$.", 2),
        ("$..", 1),
        ("$[", 1),
        ("$[]", 2),
        # The seed's typo: the last name is never closed.
        ("$['first_result','parallel_no','message','context_name','const_value]", 56),  # the opening quote
        ("$['a' 'b']", 6),
        ("$.a.length()", 4),
        ("$.a[?(@.x ==)]", 12),
        ("$.a[?(@.x == 1]", 14),
        ("$.a b", 3),
        ("$.a[1:2:0]", 4),
        ("$.a[-]", 4),
    ],
)
def test_syntax_errors_have_offsets(path: str, offset: int) -> None:
    with pytest.raises(PathSyntaxError) as info:
        parse_path(path)
    assert info.value.offset == offset, info.value.message


def test_bracket_escapes_keep_the_backslash() -> None:
    # Recorded (io_processing ESCAPE_SEQUENCES_JSONPATH): the backslash is
    # part of the key; it only stops the quote from closing the name.
    data = {'Test\\""Name"': 'Value"\\'}
    assert evaluate("$['Test\\\"\"Name\"']", data) == 'Value"\\'


# ------------------------------------------------------------ Input/OutputPath


def test_input_path_null_gives_empty_object() -> None:
    assert apply_input_path(None, DATA) == {}
    assert apply_input_path("$.parallel_no", DATA) == 2


# ------------------------------------------------------------------ ResultPath


@pytest.mark.parametrize(
    ("state_input", "path", "result", "expected"),
    [
        ({"a": 1}, None, "r", {"a": 1}),
        ({"a": 1}, "$", "r", "r"),
        ({"a": 1}, "$.b", "r", {"a": 1, "b": "r"}),
        ({"a": 1}, "$.a", "r", {"a": "r"}),
        ({"a": 1}, "$.x.y.z", "r", {"a": 1, "x": {"y": {"z": "r"}}}),
        ({"a": {"k": 0}}, "$.a.m", 5, {"a": {"k": 0, "m": 5}}),
        ({"a": {"k": 0}}, "$['a']['k']", 5, {"a": {"k": 5}}),
        ({"l": [1, 2]}, "$.l[1]", 9, {"l": [1, 9]}),
        ({"l": [{"x": 1}]}, "$.l[0].y", 2, {"l": [{"x": 1, "y": 2}]}),
        ({"a": None}, "$.a.b", 1, {"a": {"b": 1}}),
    ],
)
def test_result_path(state_input: Any, path: str | None, result: Any, expected: Any) -> None:
    before = repr(state_input)
    assert apply_result_path(state_input, path, result) == expected
    assert repr(state_input) == before  # the input is never mutated


@pytest.mark.parametrize(
    ("state_input", "path"),
    [("text", "$.a"), ([1, 2], "$.a"), ({"a": "text"}, "$.a.b"), ({"l": [1]}, "$.l[3]"), ({"a": 1}, "$.a[0]")],
)
def test_result_path_match_failure(state_input: Any, path: str) -> None:
    with pytest.raises(StatesError) as info:
        apply_result_path(state_input, path, "r")
    assert info.value.error == "States.ResultPathMatchFailure"
    assert path in info.value.cause


def test_result_path_must_be_a_reference_path() -> None:
    with pytest.raises(StatesError):
        apply_result_path({"a": [1]}, "$.a[*]", 1)


# --------------------------------------------------------------- properties

_PATH_ALPHABET = string.ascii_letters + string.digits + "$.[]'\"*?@()=!<>&|,:-_ \\/~ü"


@settings(max_examples=examples(4), deadline=None)
@given(st.text(alphabet=_PATH_ALPHABET, max_size=40))
def test_parser_only_raises_path_syntax_error(text: str) -> None:
    try:
        path = parse_path(text)
    except PathSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    # Whatever parses must evaluate without crashing on arbitrary data.
    with contextlib.suppress(PathNotFoundError):
        path.evaluate(DATA, {"State": {}})


_names = st.text(alphabet=string.ascii_letters + "_ -ü", min_size=1, max_size=6)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_names, inner, max_size=3),
    max_leaves=12,
)


@st.composite
def _paths_into(draw: st.DrawFn) -> tuple[Any, list[str | int]]:
    """A document and a list of steps that exist in it."""
    doc = draw(_json)
    steps: list[str | int] = []
    node = doc
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        if isinstance(node, dict):
            key = draw(st.sampled_from(sorted(node)))
            steps.append(key)
            node = node[key]
        else:
            idx = draw(st.integers(0, len(node) - 1))
            steps.append(idx)
            node = node[idx]
    return doc, steps


def _render(steps: list[str | int], dotted: bool) -> str:
    out = "$"
    for s in steps:
        if isinstance(s, int):
            out += f"[{s}]"
        elif dotted and s.replace("_", "").isalnum():
            out += f".{s}"
        else:
            out += f"['{s}']"
    return out


@settings(max_examples=examples(3), deadline=None)
@given(_paths_into(), st.booleans())
def test_generated_paths_round_trip(case: tuple[Any, list[str | int]], dotted: bool) -> None:
    doc, steps = case
    expected = doc
    for s in steps:
        expected = expected[s]  # type: ignore[index]
    text = _render(steps, dotted)
    path = parse_path(text)
    assert path.is_definite and path.is_reference_path
    assert path.evaluate(doc) == expected
    # The same location, written in the other notation, agrees.
    assert evaluate(_render(steps, not dotted), doc) == expected
    # Fanning out over it gives the same value wrapped in a list.
    if steps and isinstance(steps[-1], int):
        assert evaluate(text[: text.rfind("[")] + f"[{steps[-1]},{steps[-1]}]", doc) == [expected, expected]
    # ResultPath writes where evaluate reads.
    if steps and isinstance(doc, dict):
        assert apply_result_path(doc, text, "NEW") is not doc
        assert evaluate(text, apply_result_path(doc, text, "NEW")) == "NEW"


# ------------------------------------------------------------ blanks, variables


@pytest.mark.parametrize("path", ["$$.Execution.Name ", " $.a", "\t$['a']\n", "$.a\x00"])
def test_surrounding_blanks_are_trimmed_as_jayway_does(path: str) -> None:
    # Jayway's PathCompiler trims (Java's String.trim: every character up to U+0020).
    ctx = {"Execution": {"Name": "run"}}
    assert evaluate(path, {"a": 1}, ctx) == ("run" if "$$" in path else 1)
    assert parse_path(path).text == path  # messages quote the path as written


def test_syntax_error_offsets_count_the_leading_blanks() -> None:
    with pytest.raises(PathSyntaxError) as info:
        parse_path("  $.a b")
    assert info.value.offset == 5 and info.value.text == "  $.a b"


@pytest.mark.parametrize(
    ("path", "expected"),
    [("$x", 42), ("$obj.k[1]", 20), ("$obj['k'][0]", 10), ("$obj", {"k": [10, 20]}), (" $x ", 42), ("$é", "u")],
)
def test_variable_paths_read_the_variables(path: str, expected: Any) -> None:
    variables = {"x": 42, "obj": {"k": [10, 20]}, "é": "u"}
    assert evaluate(path, {"x": "input"}, None, variables) == expected
    assert apply_input_path(path, {}, None, variables) == expected


def test_an_unassigned_variable_is_a_runtime_error() -> None:
    with pytest.raises(StatesError, match=r"The variable '\$nope' used in '\$nope.a' is not defined") as info:
        evaluate("$nope.a", {}, None, {"x": 1})
    assert info.value.error == "States.Runtime"
    with pytest.raises(PathNotFoundError):
        evaluate("$x.missing", {}, None, {"x": {}})

"""The JSONPath AST's nodes compare like records: by type and fields, never as bare tuples."""

from __future__ import annotations

from compiler.asl._path_ast import Exists, Field, Filter, Literal, Not, Operand, Scan, Slice, Wildcard
from compiler.asl.jsonpath import parse_path


def test_a_node_equals_a_node_of_its_type_with_the_same_fields() -> None:
    assert Field(("a",)) == Field(("a",))
    assert hash(Field(("a",))) == hash(Field(("a",)))
    assert Slice(1, None, 2) != Slice(1, None, 3)


def test_nodes_of_different_types_with_the_same_fields_differ() -> None:
    operand = Operand(False, (Field(("a",)),), True)
    assert Not(Exists(operand)) != Filter(Exists(operand))
    assert Literal(1) != Exists(Literal(1))
    assert Field(("a",)) != ("a",)
    assert Field(("a",)) != (("a",),)
    assert (Field(("a",)) == (("a",),)) is False


def test_markers_are_truthy_and_equal_only_to_their_own_kind() -> None:
    assert Wildcard() == Wildcard() and Scan() == Scan()
    assert Wildcard() != Scan()
    assert bool(Wildcard()) and bool(Scan())
    assert {Wildcard(), Wildcard(), Scan()} == {Wildcard(), Scan()}


def test_parsed_segments_compare_by_meaning() -> None:
    def segments(text: str) -> object:
        return parse_path(text).segments

    assert segments("$['a']") == segments("$.a")
    assert segments("$.a[*]") != segments("$.a..*")
    assert segments("$[0]") != segments("$['0']")


def test_intrinsic_arguments_compare_as_records_too() -> None:
    from compiler.asl.intrinsics import Call, ConstArg, StrArg

    assert StrArg("a", "a", 0) == StrArg("a", "a", 0)
    assert StrArg("a", "a", 0) != ("a", "a", 0)
    assert ConstArg(1, 0) != StrArg("1", "1", 0)
    assert Call("States.Array", (ConstArg(1, 0),), 0) != Call("States.Array", (ConstArg(2, 0),), 0)

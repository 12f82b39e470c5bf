"""The AST of Step Functions JSONPath (shared by the parser and the evaluator).

The nodes are named tuples, not dataclasses: this module is imported by every cold ``compiler
validate``, and a frozen dataclass costs about ten times as much to create as a named tuple (13 of
them were 2.5 % of the command). Equality stays that of records: a node equals only a node of the
same type (``compare_by_type`` below), never a tuple of the same fields.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# --------------------------------------------------------------------------- AST


class Field(NamedTuple):
    """``.a`` / ``['a']`` (one name) or ``['a','b']`` (several)."""

    names: tuple[str, ...]


class Index(NamedTuple):
    """``[0]``, ``[-1]`` (one index) or ``[0,2]`` (a union)."""

    indices: tuple[int, ...]


class Slice(NamedTuple):
    start: int | None
    end: int | None
    step: int | None


class _Marker:
    """A node without fields: equal to every node of its own type."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Wildcard(_Marker):
    """``.*`` or ``[*]``."""

    __slots__ = ()


class Scan(_Marker):
    """``..``: the next segment applies to every node below (and at) here."""

    __slots__ = ()


class Filter(NamedTuple):
    expr: Expr


Segment = Field | Index | Slice | Wildcard | Scan | Filter


class Operand(NamedTuple):
    """A path inside a filter: ``@...`` (current item) or ``$...`` (root)."""

    from_root: bool
    segments: tuple[Segment, ...]
    definite: bool


class Literal(NamedTuple):
    value: Any


class Regex(NamedTuple):
    pattern: str
    flags: str


class Compare(NamedTuple):
    op: str
    left: Operand | Literal
    right: Operand | Literal | Regex


class Exists(NamedTuple):
    operand: Operand | Literal


class Not(NamedTuple):
    inner: Expr


class BoolOp(NamedTuple):
    op: str  # "&&" or "||"
    items: tuple[Expr, ...]


Expr = Compare | Exists | Not | BoolOp


def _same_node(self: tuple[Any, ...], other: object) -> bool:
    return type(other) is type(self) and tuple.__eq__(self, other) is True


def _other_node(self: tuple[Any, ...], other: object) -> bool:
    return not _same_node(self, other)


def compare_by_type(*nodes: type[tuple[Any, ...]]) -> None:
    """Make named-tuple nodes equal only to nodes of their own type (as dataclasses are)."""
    for node in nodes:
        node.__eq__ = _same_node  # type: ignore[method-assign]
        node.__ne__ = _other_node  # type: ignore[method-assign,assignment]
        node.__hash__ = tuple.__hash__  # type: ignore[method-assign]


compare_by_type(Field, Index, Slice, Filter, Operand, Literal, Regex, Compare, Exists, Not, BoolOp)


def segments_definite(segments: tuple[Segment, ...]) -> bool:
    """Jayway's rule: definite iff every token selects at most one node.

    A multi-key selection is definite only as the last token (Jayway merges
    the keys into one object there); in the middle it fans out.
    """
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        if isinstance(seg, Field):
            if len(seg.names) > 1 and i != last:
                return False
        elif isinstance(seg, Index):
            if len(seg.indices) > 1:
                return False
        else:
            return False
    return True


def normalize(segments: tuple[Segment, ...], root: str = "$") -> str:
    """Jayway's canonical text of a path (used in its error messages)."""
    out = [root]
    for seg in segments:
        if isinstance(seg, Field):
            out.append("[" + ",".join(f"'{n}'" for n in seg.names) + "]")
        elif isinstance(seg, Index):
            out.append("[" + ",".join(str(i) for i in seg.indices) + "]")
        elif isinstance(seg, Slice):
            parts = ["" if v is None else str(v) for v in (seg.start, seg.end)]
            out.append("[" + ":".join(parts) + (f":{seg.step}" if seg.step is not None else "") + "]")
        elif isinstance(seg, Wildcard):
            out.append("[*]")
        elif isinstance(seg, Scan):
            out.append("..")
        else:
            out.append("[?]")
    return "".join(out)

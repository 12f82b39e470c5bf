"""The AST of Step Functions JSONPath (shared by the parser and the evaluator)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# --------------------------------------------------------------------------- AST


@dataclass(frozen=True, slots=True)
class Field:
    """``.a`` / ``['a']`` (one name) or ``['a','b']`` (several)."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Index:
    """``[0]``, ``[-1]`` (one index) or ``[0,2]`` (a union)."""

    indices: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Slice:
    start: int | None
    end: int | None
    step: int | None


@dataclass(frozen=True, slots=True)
class Wildcard:
    """``.*`` or ``[*]``."""


@dataclass(frozen=True, slots=True)
class Scan:
    """``..``: the next segment applies to every node below (and at) here."""


@dataclass(frozen=True, slots=True)
class Filter:
    expr: Expr


Segment = Field | Index | Slice | Wildcard | Scan | Filter


@dataclass(frozen=True, slots=True)
class Operand:
    """A path inside a filter: ``@...`` (current item) or ``$...`` (root)."""

    from_root: bool
    segments: tuple[Segment, ...]
    definite: bool


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any


@dataclass(frozen=True, slots=True)
class Regex:
    pattern: str
    flags: str


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Operand | Literal
    right: Operand | Literal | Regex


@dataclass(frozen=True, slots=True)
class Exists:
    operand: Operand | Literal


@dataclass(frozen=True, slots=True)
class Not:
    inner: Expr


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "&&" or "||"
    items: tuple[Expr, ...]


Expr = Compare | Exists | Not | BoolOp


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

"""Step Functions JSONPath: parsing (cached), evaluation, ResultPath.

Result shape follows AWS (Jayway), not jsonpath-ng:

* a *definite* path (only single names and single indexes, or a multi-key
  selection as the last step) yields the value itself; if it matches nothing
  the state fails with ``States.Runtime`` and Jayway's message;
* ``$['a','b']`` as the last step yields ONE object with the keys that exist
  (missing keys are left out, not an error; the seed relies on this);
* an *indefinite* path (wildcard, slice, union, filter, ``..``) yields a list,
  possibly empty, and never fails (recorded: ``$.items[*]`` on ``{}`` is
  ``[]``).

Context paths (``$$...``) are evaluated against the context object.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from compiler.asl._path_syntax import (
    Compare,
    Exists,
    Expr,
    Field,
    Filter,
    Index,
    Literal,
    Not,
    Operand,
    PathParser,
    Regex,
    Scan,
    Segment,
    Slice,
    Wildcard,
    normalize,
    segments_definite,
)
from compiler.asl.errors import (
    RESULT_PATH_MATCH_FAILURE,
    PathNotFoundError,
    PathSyntaxError,
    StatesError,
)

__all__ = [
    "Path",
    "PathSyntaxError",
    "apply_input_path",
    "apply_output_path",
    "apply_result_path",
    "evaluate",
    "json_equal",
    "parse_path",
    "to_json",
]


@dataclass(frozen=True, slots=True)
class Path:
    """A parsed path. Immutable and cached: parse once, evaluate many times."""

    text: str
    context: bool  # starts with ``$$``: evaluated against the context object
    segments: tuple[Segment, ...]
    is_definite: bool
    is_reference_path: bool
    # Only single names / single indexes: the hot path needs no recursion.
    _simple: bool = field(repr=False, compare=False)

    @property
    def normalized(self) -> str:
        return normalize(self.segments)

    def evaluate(self, data: Any, context: Any = None) -> Any:
        root = context if self.context else data
        if self._simple:
            return _get_simple(self, root)
        if self.is_definite:
            return _get_definite(self, root)
        out: list[Any] = []
        _walk(self.segments, 0, root, root, out)
        return out

    def exists(self, data: Any, context: Any = None) -> bool:
        """True if a definite path matches (IsPresent); indefinite: non-empty."""
        try:
            value = self.evaluate(data, context)
        except PathNotFoundError:
            return False
        return bool(value) if not self.is_definite else True


@functools.lru_cache(maxsize=8192)
def parse_path(text: str) -> Path:
    """Parse a JSONPath (``$...``) or context path (``$$...``).

    Raises PathSyntaxError with the offset of the offending character.
    """
    if not isinstance(text, str):
        raise PathSyntaxError(f"a path must be a string, not {type(text).__name__}", 0, str(text))
    context, segments = PathParser(text).parse()
    simple = all(
        (isinstance(s, Field) and len(s.names) == 1) or (isinstance(s, Index) and len(s.indices) == 1)
        for s in segments
    )
    return Path(
        text=text,
        context=context,
        segments=segments,
        is_definite=segments_definite(segments),
        is_reference_path=simple,
        _simple=simple,
    )


def evaluate(path_text: str, data: Any, context: Any = None) -> Any:
    """Evaluate a path with AWS's result shape (see module docstring).

    Raises PathNotFoundError (a StatesError, ``States.Runtime``) when a
    definite path matches nothing; its cause is AWS's InputPath/OutputPath
    wording ``Invalid path '<path>' : <detail>``.
    """
    return parse_path(path_text).evaluate(data, context)


def apply_input_path(path: str | None, data: Any, context: Any = None) -> Any:
    """InputPath/OutputPath: ``None`` (JSON null in ASL) gives ``{}``.

    Call it only when the field is present; an absent field means ``$``.
    """
    if path is None:
        return {}
    return parse_path(path).evaluate(data, context)


apply_output_path = apply_input_path


def apply_result_path(state_input: Any, result_path: str | None, result: Any) -> Any:
    """Place ``result`` into ``state_input`` as ResultPath says.

    ``None`` keeps the input, ``"$"`` replaces it, ``"$.a.b"`` sets the field
    (creating missing intermediate objects). The input is not mutated: the
    containers along the path are copied, everything else is shared.
    Raises StatesError(States.ResultPathMatchFailure) when a step meets a
    value that is not an object (or an index outside an array).
    """
    if result_path is None:
        return state_input
    path = parse_path(result_path)
    if not path.is_reference_path or path.context:
        # The validator rejects these; at run time AWS fails the state.
        raise StatesError(
            RESULT_PATH_MATCH_FAILURE,
            f"ResultPath '{result_path}' is not a reference path",
        )
    if not path.segments:
        return result
    return _set_at(state_input, path.segments, 0, result, path.text, state_input)


def _set_at(node: Any, segs: tuple[Segment, ...], k: int, value: Any, text: str, whole: Any) -> Any:
    seg = segs[k]
    last = k == len(segs) - 1
    if isinstance(seg, Field):
        if not isinstance(node, dict):
            raise _result_path_failure(text, whole)
        name = seg.names[0]
        new = dict(node)
        if last:
            new[name] = value
        else:
            child = node.get(name)
            new[name] = _set_at({} if child is None else child, segs, k + 1, value, text, whole)
        return new
    assert isinstance(seg, Index)
    idx = seg.indices[0]
    if not isinstance(node, list) or not -len(node) <= idx < len(node):
        raise _result_path_failure(text, whole)
    new_list = list(node)
    new_list[idx] = value if last else _set_at(node[idx], segs, k + 1, value, text, whole)
    return new_list


def _result_path_failure(text: str, whole: Any) -> StatesError:
    # AWS's wording for this failure (not in the corpus; kept close to what
    # the service reports): "Unable to apply ReferencePath $.x to input ..."
    return StatesError(RESULT_PATH_MATCH_FAILURE, f"Unable to apply ReferencePath {text} to input {to_json(whole)}")


# ------------------------------------------------------------------ evaluation


def to_json(value: Any) -> str:
    """Compact JSON as Java's Jackson writes it (AWS quotes inputs this way)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


_JAVA_TYPES = {str: "java.lang.String", bool: "java.lang.Boolean", int: "java.lang.Integer",
               float: "java.lang.Double", list: "net.minidev.json.JSONArray"}


def _java_type(value: Any) -> str:
    return "null" if value is None else _JAVA_TYPES.get(type(value), "java.util.LinkedHashMap")


def _get_simple(path: Path, root: Any) -> Any:
    cur = root
    segs = path.segments
    for k, seg in enumerate(segs):
        if isinstance(seg, Field):
            name = seg.names[0]
            if isinstance(cur, dict):
                if name in cur:
                    cur = cur[name]
                    continue
                raise _missing(path, k)
            raise _not_object(path, k, cur)
        assert isinstance(seg, Index)
        if isinstance(cur, list):
            i = seg.indices[0]
            if -len(cur) <= i < len(cur):
                cur = cur[i]
                continue
            raise PathNotFoundError(path.text, f"No results for path: {path.normalized}")
        raise _not_array(path, k, cur)
    return cur


def _get_definite(path: Path, root: Any) -> Any:
    # Definite but not simple: a multi-key selection as the last step.
    *head, last = path.segments
    prefix = Path(path.text, path.context, tuple(head), True, True, True)
    node = _get_simple(prefix, root) if head else root
    assert isinstance(last, Field)
    if not isinstance(node, dict):
        raise _not_object(path, len(head), node)
    return {name: node[name] for name in last.names if name in node}


def _missing(path: Path, k: int) -> PathNotFoundError:
    if k == len(path.segments) - 1:
        return PathNotFoundError(path.text, f"No results for path: {path.normalized}")
    return PathNotFoundError(path.text, f"Missing property in path {normalize(path.segments[: k + 1])}")


def _not_object(path: Path, k: int, value: Any) -> PathNotFoundError:
    seg = path.segments[k]
    assert isinstance(seg, Field)
    prop = "[" + ",".join(f"'{n}'" for n in seg.names) + "]"
    return PathNotFoundError(
        path.text,
        f"Expected to find an object with property {prop} in path "
        f"{normalize(path.segments[:k])} but found '{_java_type(value)}'. "
        "This is not a json object according to the JsonProvider: "
        "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
    )


def _not_array(path: Path, k: int, value: Any) -> PathNotFoundError:
    if value is None:
        return PathNotFoundError(path.text, f"The path {normalize(path.segments[:k])} is null")
    seg = path.segments[k]
    return PathNotFoundError(
        path.text,
        f"Filter: {normalize((seg,), '')} can only be applied to arrays. Current context is: {to_json(value)}",
    )


def _walk(segs: tuple[Segment, ...], k: int, node: Any, root: Any, out: list[Any]) -> None:
    """Collect every match of ``segs[k:]`` below ``node`` (indefinite paths).

    Misses are skipped silently, as Jayway does once a path fans out.
    """
    if k == len(segs):
        out.append(node)
        return
    seg = segs[k]
    nxt = k + 1
    if isinstance(seg, Field):
        if not isinstance(node, dict):
            return
        if len(seg.names) > 1 and nxt == len(segs):
            out.append({n: node[n] for n in seg.names if n in node})
            return
        for name in seg.names:
            if name in node:
                _walk(segs, nxt, node[name], root, out)
    elif isinstance(seg, Index):
        if isinstance(node, list):
            size = len(node)
            for i in seg.indices:
                if -size <= i < size:
                    _walk(segs, nxt, node[i], root, out)
    elif isinstance(seg, Slice):
        if isinstance(node, list):
            for item in node[seg.start : seg.end : seg.step]:
                _walk(segs, nxt, item, root, out)
    elif isinstance(seg, Wildcard):
        if isinstance(node, dict):
            for item in node.values():
                _walk(segs, nxt, item, root, out)
        elif isinstance(node, list):
            for item in node:
                _walk(segs, nxt, item, root, out)
    elif isinstance(seg, Scan):
        # The following segment applies at this node and at every container
        # below it, in document order (Jayway walks depth-first, pre-order).
        for container in _containers(node):
            _walk(segs, nxt, container, root, out)
    else:
        assert isinstance(seg, Filter)
        if isinstance(node, list):
            for item in node:
                if _accept(seg.expr, item, root):
                    _walk(segs, nxt, item, root, out)
        elif isinstance(node, dict) and _accept(seg.expr, node, root):
            # Jayway applies a filter on an object to the object itself.
            _walk(segs, nxt, node, root, out)


def _containers(node: Any) -> list[Any]:
    found: list[Any] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            found.append(cur)
            stack.extend(reversed(list(cur.values())))
        elif isinstance(cur, list):
            found.append(cur)
            stack.extend(reversed(cur))
    return found


# --------------------------------------------------------------------- filters

_UNDEFINED = object()


def _operand_value(op: Operand | Literal | Regex, current: Any, root: Any) -> Any:
    if isinstance(op, Literal):
        return op.value
    if isinstance(op, Regex):
        return op
    base = root if op.from_root else current
    if op.definite:
        cur = base
        for seg in op.segments:
            if isinstance(seg, Field):
                if not isinstance(cur, dict):
                    return _UNDEFINED
                if len(seg.names) > 1:
                    return {n: cur[n] for n in seg.names if n in cur}
                if seg.names[0] not in cur:
                    return _UNDEFINED
                cur = cur[seg.names[0]]
            else:
                assert isinstance(seg, Index)
                i = seg.indices[0]
                if not isinstance(cur, list) or not -len(cur) <= i < len(cur):
                    return _UNDEFINED
                cur = cur[i]
        return cur
    out: list[Any] = []
    _walk(op.segments, 0, base, root, out)
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value, but a boolean is never a number."""
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(json_equal(v, b[key]) for key, v in a.items())
    return bool(a == b)


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is _UNDEFINED or right is _UNDEFINED:
        return op == "!=" or op == "nin"
    if op == "==":
        return json_equal(left, right)
    if op == "!=":
        return not json_equal(left, right)
    if op == "=~":
        if not isinstance(left, str) or not isinstance(right, Regex):
            return False
        flags = re.IGNORECASE if "i" in right.flags else 0
        try:
            return re.fullmatch(right.pattern, left, flags) is not None
        except re.error:
            return False
    if op in ("in", "nin"):
        inside = isinstance(right, list) and any(json_equal(left, r) for r in right)
        return inside if op == "in" else not inside
    if (_is_number(left) and _is_number(right)) or (isinstance(left, str) and isinstance(right, str)):
        if op == "<":
            return bool(left < right)
        if op == "<=":
            return bool(left <= right)
        if op == ">":
            return bool(left > right)
        return bool(left >= right)
    return False


def _accept(expr: Expr, current: Any, root: Any) -> bool:
    if isinstance(expr, Compare):
        left = _operand_value(expr.left, current, root)
        right = _operand_value(expr.right, current, root)
        return _compare(expr.op, left, right)
    if isinstance(expr, Exists):
        value = _operand_value(expr.operand, current, root)
        if isinstance(expr.operand, Operand) and not expr.operand.definite:
            return bool(value)
        return value is not _UNDEFINED
    if isinstance(expr, Not):
        return not _accept(expr.inner, current, root)
    if expr.op == "&&":
        return all(_accept(e, current, root) for e in expr.items)
    return any(_accept(e, current, root) for e in expr.items)

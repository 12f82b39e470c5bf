"""Evaluation of parsed JSONPath with Jayway's rules and error messages.

Error details are Jayway's own texts (AWS passes them through, e.g.
``No results for path: $['x']``), so users can search for them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from compiler.asl._path_ast import (
    Compare,
    Exists,
    Expr,
    Field,
    Filter,
    Index,
    Literal,
    Not,
    Operand,
    Regex,
    Scan,
    Segment,
    Slice,
    Wildcard,
    normalize,
)
from compiler.asl.errors import PathNotFoundError

# ------------------------------------------------------------------ evaluation


def to_json(value: Any) -> str:
    """Compact JSON as Java's Jackson writes it (AWS quotes inputs this way)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


_JAVA_TYPES = {str: "java.lang.String", bool: "java.lang.Boolean", int: "java.lang.Integer",
               float: "java.lang.Double", list: "net.minidev.json.JSONArray"}


def _java_type(value: Any) -> str:
    return "null" if value is None else _JAVA_TYPES.get(type(value), "java.util.LinkedHashMap")


def get_simple(text: str, segs: tuple[Segment, ...], root: Any) -> Any:
    """A path of single names and single indexes (the hot path: no recursion)."""
    cur = root
    for k, seg in enumerate(segs):
        if isinstance(seg, Field):
            name = seg.names[0]
            if isinstance(cur, dict):
                if name in cur:
                    cur = cur[name]
                    continue
                raise _missing(text, segs, k)
            raise _not_object(text, segs, k, cur)
        assert isinstance(seg, Index)
        if isinstance(cur, list):
            i = seg.indices[0]
            if -len(cur) <= i < len(cur):
                cur = cur[i]
                continue
            raise PathNotFoundError(text, f"No results for path: {normalize(segs)}")
        raise _not_array(text, segs, k, cur)
    return cur


def get_definite(text: str, segs: tuple[Segment, ...], root: Any) -> Any:
    """Definite but not simple: a multi-key selection as the last step."""
    head, last = segs[:-1], segs[-1]
    node = get_simple(text, head, root)
    assert isinstance(last, Field)
    if not isinstance(node, dict):
        raise _not_object(text, segs, len(head), node)
    return {name: node[name] for name in last.names if name in node}


def _missing(text: str, segs: tuple[Segment, ...], k: int) -> PathNotFoundError:
    if k == len(segs) - 1:
        return PathNotFoundError(text, f"No results for path: {normalize(segs)}")
    return PathNotFoundError(text, f"Missing property in path {normalize(segs[: k + 1])}")


def _not_object(text: str, segs: tuple[Segment, ...], k: int, value: Any) -> PathNotFoundError:
    seg = segs[k]
    assert isinstance(seg, Field)
    prop = "[" + ",".join(f"'{n}'" for n in seg.names) + "]"
    return PathNotFoundError(
        text,
        f"Expected to find an object with property {prop} in path "
        f"{normalize(segs[:k])} but found '{_java_type(value)}'. "
        "This is not a json object according to the JsonProvider: "
        "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
    )


def _not_array(text: str, segs: tuple[Segment, ...], k: int, value: Any) -> PathNotFoundError:
    if value is None:
        return PathNotFoundError(text, f"The path {normalize(segs[:k])} is null")
    seg = segs[k]
    return PathNotFoundError(
        text,
        f"Filter: {normalize((seg,), '')} can only be applied to arrays. Current context is: {to_json(value)}",
    )


def walk(segs: tuple[Segment, ...], k: int, node: Any, root: Any, out: list[Any]) -> None:
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
                walk(segs, nxt, node[name], root, out)
    elif isinstance(seg, Index):
        if isinstance(node, list):
            size = len(node)
            for i in seg.indices:
                if -size <= i < size:
                    walk(segs, nxt, node[i], root, out)
    elif isinstance(seg, Slice):
        if isinstance(node, list):
            for item in node[seg.start : seg.end : seg.step]:
                walk(segs, nxt, item, root, out)
    elif isinstance(seg, Wildcard):
        if isinstance(node, dict):
            for item in node.values():
                walk(segs, nxt, item, root, out)
        elif isinstance(node, list):
            for item in node:
                walk(segs, nxt, item, root, out)
    elif isinstance(seg, Scan):
        # The following segment applies at this node and at every container
        # below it, in document order (Jayway walks depth-first, pre-order).
        for container in _containers(node):
            walk(segs, nxt, container, root, out)
    else:
        assert isinstance(seg, Filter)
        if isinstance(node, list):
            for item in node:
                if _accept(seg.expr, item, root):
                    walk(segs, nxt, item, root, out)
        elif isinstance(node, dict) and _accept(seg.expr, node, root):
            # Jayway applies a filter on an object to the object itself.
            walk(segs, nxt, node, root, out)


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
    walk(op.segments, 0, base, root, out)
    return out


def is_number(value: Any) -> bool:
    """A JSON number: an int or float, but not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value, but a boolean is never a number."""
    if is_number(a) and is_number(b):
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
    if (is_number(left) and is_number(right)) or (isinstance(left, str) and isinstance(right, str)):
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

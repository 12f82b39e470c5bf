"""Comparing JSON-like values by meaning: normalised numbers, JSON-pointer paths, list alignment."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

from compiler.diff.records import FieldChange


def normalize(value: Any) -> Any:
    """``2.0`` and ``2`` are the same JSON number; YAML and pydantic may give either."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): normalize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    return value


def canonical(value: Any) -> str:
    """Text that is equal exactly when two values mean the same (key order ignored)."""
    return json.dumps(normalize(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(base: str, token: str | int) -> str:
    return f"{base}/{escape(token)}"


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Each scalar inside ``value`` as (pointer, canonical text): the unit of similarity."""
    if isinstance(value, dict):
        if not value:
            yield path, "{}"
        for key, item in value.items():
            yield from leaves(item, pointer(path, key))
    elif isinstance(value, list):
        if not value:
            yield path, "[]"
        for index, item in enumerate(value):
            yield from leaves(item, pointer(path, index))
    else:
        yield path, canonical(value)


def similarity(a: Any, b: Any) -> float:
    """Dice coefficient over the leaves of two values: 1.0 identical, 0.0 nothing shared."""
    left, right = set(leaves(a)), set(leaves(b))
    if not left and not right:
        return 1.0
    return 2 * len(left & right) / (len(left) + len(right))


def diff_values(before: Any, after: Any, path: str = "") -> Iterator[FieldChange]:
    """The smallest changes turning ``before`` into ``after``, each at its JSON pointer.

    Mappings are compared key by key (order does not matter); lists keep their order, and when
    their lengths differ entries are aligned (difflib) so removing the first catcher reports one
    removal instead of a change at every later index.
    """
    if isinstance(before, dict) and isinstance(after, dict):
        for key, item in before.items():
            if key not in after:
                yield FieldChange("removed", pointer(path, key), normalize(item), None)
            else:
                yield from diff_values(item, after[key], pointer(path, key))
        for key, item in after.items():
            if key not in before:
                yield FieldChange("added", pointer(path, key), None, normalize(item))
        return
    if isinstance(before, list) and isinstance(after, list):
        yield from _diff_lists(before, after, path)
        return
    if canonical(before) != canonical(after):
        yield FieldChange("changed", path, normalize(before), normalize(after))


def _diff_lists(before: list[Any], after: list[Any], path: str) -> Iterator[FieldChange]:
    if len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            yield from diff_values(old, new, pointer(path, index))
        return
    old_keys = [canonical(v) for v in before]
    new_keys = [canonical(v) for v in after]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            # Report under the head's index: that is where a reader finds the entry now.
            yield from diff_values(before[i1 + k], after[j1 + k], pointer(path, j1 + k))
        for k in range(i1 + paired, i2):
            yield FieldChange("removed", pointer(path, k), normalize(before[k]), None)
        for k in range(j1 + paired, j2):
            yield FieldChange("added", pointer(path, k), None, normalize(after[k]))

"""Comparing JSON values exactly, and naming the first place where two differ.

Numbers compare by value (the models read ``BackoffRate: 2`` into a float and the emitter writes
``2.0``: the same JSON number); everything else compares by type and value, so a string ``"30"``
is not the number ``30`` and ``true`` is not ``1``.
"""

from __future__ import annotations

from typing import Any

from compiler.source import Path

_MISSING = object()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def first_difference(expected: Any, actual: Any, path: Path = ()) -> Path | None:
    """The path of the first difference (in ``expected``'s key order), or None when equal."""
    if _kind(expected) != _kind(actual):
        return path
    if isinstance(expected, dict):
        for key in expected:
            if key not in actual:
                return (*path, key)
            found = first_difference(expected[key], actual[key], (*path, key))
            if found is not None:
                return found
        for key in actual:
            if key not in expected:
                return (*path, key)
        return None
    if isinstance(expected, list):
        for index, (a, b) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(a, b, (*path, index))
            if found is not None:
                return found
        return None if len(expected) == len(actual) else (*path, min(len(expected), len(actual)))
    return None if expected == actual else path


def value_at(value: Any, path: Path) -> Any:
    """The value at ``path``, or a marker text when the path does not exist there."""
    for seg in path:
        value = _child(value, seg)
        if value is _MISSING:
            break
    return value


def _child(value: Any, seg: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(seg, _MISSING)
    if isinstance(value, list) and isinstance(seg, int) and 0 <= seg < len(value):
        return value[seg]
    return _MISSING


def describe(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."

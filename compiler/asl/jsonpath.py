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
from dataclasses import dataclass, field
from typing import Any

from compiler.asl._path_ast import Field, Index, Segment, normalize, segments_definite
from compiler.asl._path_eval import get_definite, get_simple, json_equal, to_json, walk
from compiler.asl._path_syntax import PathParser
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
            return get_simple(self.text, self.segments, root)
        if self.is_definite:
            return get_definite(self.text, self.segments, root)
        out: list[Any] = []
        walk(self.segments, 0, root, root, out)
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

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

Context paths (``$$...``) are evaluated against the context object; a
variable path (``$name...``, workflow variables set by ``Assign``) against the
variable's value. Surrounding whitespace is ignored, as Jayway trims a path
before compiling it (AWS accepts ``"$$.Execution.Name "``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from compiler.asl._path_ast import Field, Index, Segment, segments_definite
from compiler.asl._path_eval import get_definite, get_simple, is_number, json_equal, to_json, walk
from compiler.asl._path_syntax import PathParser
from compiler.asl.errors import (
    RESULT_PATH_MATCH_FAILURE,
    RUNTIME,
    PathNotFoundError,
    PathSyntaxError,
    StatesError,
)

__all__ = [
    "Path",
    "PathSyntaxError",
    "VariablePath",
    "apply_input_path",
    "apply_output_path",
    "apply_result_path",
    "evaluate",
    "is_number",
    "json_equal",
    "may_be_variable",
    "parse_path",
    "to_json",
    "variable_path",
]

# Java's String.trim(), which Jayway applies: every character up to U+0020.
_JAVA_BLANKS = "".join(chr(c) for c in range(0x21))
# ``$name`` / ``$name.field``: a workflow variable. ``$`` followed by ``.``,
# ``[`` or nothing is the state input and ``$$`` the context object, so a
# letter or ``_`` right after the ``$`` is what marks a variable.
_PATH_SECOND = frozenset(("", ".", "[", "$"))
_VARIABLE = re.compile(r"\$([^\W\d]\w*)(.*)\Z", re.DOTALL)


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
    trimmed = text.strip(_JAVA_BLANKS)
    if trimmed == text:
        context, segments = PathParser(text).parse()
    else:
        lead = len(text) - len(text.lstrip(_JAVA_BLANKS))
        try:
            context, segments = PathParser(trimmed).parse()
        except PathSyntaxError as exc:
            # Offsets stay in the coordinates of the text as written.
            raise PathSyntaxError(exc.message, exc.offset + lead, text) from None
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


class VariablePath(NamedTuple):
    """``$name`` followed by an optional path into the variable's value (``$name.a[0]``)."""

    text: str
    name: str
    path: Path  # the rest as a path over the value: ``$.a[0]`` for ``$name.a[0]``

    def evaluate(self, variables: Mapping[str, Any] | None) -> Any:
        """The value; StatesError(States.Runtime) when no enclosing scope assigned ``name``."""
        if variables is None or self.name not in variables:
            raise StatesError(RUNTIME, f"The variable '${self.name}' used in '{self.text}' is not defined")
        return self.path.evaluate(variables[self.name])


def may_be_variable(text: str) -> bool:
    """A cheap first test for the hot path: ``$.x``, ``$[0]``, ``$`` and ``$$.x`` are never variables."""
    return not (text[:1] == "$" and text[1:2] in _PATH_SECOND)


@functools.lru_cache(maxsize=4096)
def variable_path(text: str) -> VariablePath | None:
    """The parsed variable path if ``text`` reads a workflow variable, else None.

    Raises PathSyntaxError when the part after the name does not parse.
    """
    if not isinstance(text, str):
        return None
    trimmed = text.strip(_JAVA_BLANKS)
    m = _VARIABLE.match(trimmed)
    if m is None:
        return None
    return VariablePath(text, m.group(1), parse_path("$" + m.group(2)))


def evaluate(path_text: str, data: Any, context: Any = None, variables: Mapping[str, Any] | None = None) -> Any:
    """Evaluate a path with AWS's result shape (see module docstring).

    Raises PathNotFoundError (a StatesError, ``States.Runtime``) when a
    definite path matches nothing; its cause is AWS's InputPath/OutputPath
    wording ``Invalid path '<path>' : <detail>``. A variable path reads
    ``variables`` (any mapping, e.g. a VariableScope).
    """
    if not (path_text[:1] == "$" and path_text[1:2] in _PATH_SECOND):
        var = variable_path(path_text)
        if var is not None:
            return var.evaluate(variables)
    return parse_path(path_text).evaluate(data, context)


def apply_input_path(
    path: str | None, data: Any, context: Any = None, variables: Mapping[str, Any] | None = None
) -> Any:
    """InputPath/OutputPath/ItemsPath: ``None`` (JSON null in ASL) gives ``{}``.

    Call it only when the field is present; an absent field means ``$``.
    """
    if path is None:
        return {}
    return evaluate(path, data, context, variables)


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

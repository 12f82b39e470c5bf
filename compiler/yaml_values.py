"""Parser events to plain Python values with a span for every key and value.

Values are built straight from the event stream (no recursion, so nesting depth is checked rather
than crashing); aliases are counted as if expanded (billion-laughs documents stop early); merge
keys keep the anchored order; duplicate keys and non-plain tags are errors.

Events come from libyaml first (PyYAML's binding: its libyaml 0.2.6 reads ``[s3:PutObject]``, which
the older libyaml inside ruamel.yaml.clib refuses), and from ruamel's pure parser (YAML 1.2, the
error messages) whenever libyaml refuses the text. Both parsers' event classes come from PyYAML's
design and share their names and fields, so the builder reads either. ruamel is imported only for
that second reading: a cold ``validate`` of a readable spec never pays for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from compiler import diagnostics as codes
from compiler.diagnostics import Finding
from compiler.source import Path, Span

MAX_DEPTH = 64
MAX_NODES = 500_000

_NODE_EVENTS = frozenset({"ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"})
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


class LibyamlRefused(Exception):
    """libyaml could not read the text (a YAML 1.1 rule, or a real mistake): read it again with the
    pure parser, which says what is wrong when something is."""


class YamlSyntaxError(Exception):
    """The pure parser's verdict: what is wrong and, when it knows, where (1-based line, column)."""

    def __init__(self, problem: str, at: tuple[int, int] | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.at = at


class LoadError(Exception):
    """Stops loading; carries the diagnostic that explains why."""

    def __init__(self, finding: Finding, span: Span | None = None) -> None:
        super().__init__(finding.message)
        self.finding = finding
        self.span = span




def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def _typed_scalar(tag: str, text: str) -> Any:
    kind = tag.rsplit(":", 1)[-1]
    if kind == "str" or tag == "!":
        return text
    value: Any = resolve_plain(text)
    valid = {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "null": value is None,
    }[kind]
    if not valid:
        raise ValueError(f"'{text}' is not a valid !!{kind}")
    return float(value) if kind == "float" else value


@dataclass
class _Frame:
    kind: str  # "map" or "seq"
    value: Any
    path: Path
    anchor: str | None
    start: Span
    entries: list[Any] = field(default_factory=list)  # (path, span, is_key), or (prefix, nested entries)
    key: str | None = None
    key_span: Span | None = None
    merges: list[tuple[dict[str, Any], list[tuple[Path, Span, bool]]]] = field(default_factory=list)
    explicit: dict[str, Span] = field(default_factory=dict)
    size: int = 1
    pending_merge: bool = False
    merge_list: list[tuple[Any, list[tuple[Path, Span, bool]]]] | None = None


class _Builder:
    """Turns parser events into values, spans, and load errors."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, list[tuple[Path, Span, bool]], int]] = {}
        self.nodes = 0
        self.root: Any = None
        self.root_span: Span | None = None
        self.root_entries: list[Any] = []  # the root's entries, nested as ``place`` builds them
        self.documents = 0

    def span(self, event: Any) -> Span:
        start, end = event.start_mark, event.end_mark
        return Span(self.file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def fail(self, code: str, message: str, span: Span, hint: str | None = None) -> LoadError:
        return LoadError(Finding(code, message, (), hint), span)

    def count(self, n: int, span: Span) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fail(
                codes.Y_ALIAS_BOMB,
                f"the document expands to more than {MAX_NODES:,} nodes",
                span,
                "aliases that refer to aliases multiply; write the values out or reduce the nesting of anchors",
            )

    # Placing a finished value into its parent ------------------------------------------------

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.kind == "seq":
            return (*top.path, len(top.value))
        assert top.key is not None
        return (*top.path, top.key)

    def place(self, value: Any, span: Span, entries: list[tuple[Path, Span, bool]], size: int) -> None:
        """Attach a finished node; ``entries`` are spans relative to the node itself."""
        if not self.stack:
            self.root = value
            self.root_span, self.root_entries = span, entries
            return
        top = self.stack[-1]
        top.size += size
        if top.kind == "seq":
            rel: Path = (len(top.value),)
            top.value.append(value)
            if top.merge_list is not None:
                top.merge_list.append((value, entries))
        else:
            assert top.key is not None and top.key_span is not None
            rel = (top.key,)
            if top.pending_merge:
                self.add_merge(top, value, entries, span)
                top.key = None
                return
            top.value[top.key] = value
            top.explicit[top.key] = top.key_span
            top.entries.append((rel, top.key_span, True))
            top.key = None
        top.entries.append((rel, span, False))
        if entries:
            # Nested as is, prefixed once at the root (flatten_into): re-prefixing every descendant at
            # every level cost time quadratic in the depth, the loader's largest cost on big specs.
            top.entries.append((rel, entries))

    def add_merge(self, top: _Frame, value: Any, entries: list[tuple[Path, Span, bool]], span: Span) -> None:
        top.pending_merge = False
        sources: list[tuple[Any, list[tuple[Path, Span, bool]]]]
        if isinstance(value, list) and isinstance(value, _MergeList):
            sources = value.items
        else:
            sources = [(value, entries)]
        for item, item_entries in sources:
            if not isinstance(item, dict):
                raise self.fail(
                    codes.Y_SYNTAX,
                    "a merge key '<<' takes a mapping or a list of mappings",
                    span,
                    "write '<<: *anchor' where the anchor names a mapping",
                )
            top.merges.append((item, item_entries))

    # Events ----------------------------------------------------------------------------------

    def key_or_value(self, event: Any) -> bool:
        """True when the event is a mapping key (the caller handles it as such)."""
        return bool(self.stack) and self.stack[-1].kind == "map" and self.stack[-1].key is None

    def check_tag(self, event: Any, span: Span) -> None:
        tag = event.tag
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise self.fail(
                codes.Y_TAG,
                f"the tag '{tag}' is not allowed; only plain YAML values are",
                span,
                "remove the tag; CloudFormation short forms such as !Ref or !Sub have no meaning here, "
                "use ${resource.attribute} references instead",
            )

    def on_key(self, event: Any, span: Span) -> None:
        top = self.stack[-1]
        if type(event).__name__ != "ScalarEvent":
            raise self.fail(
                codes.Y_KEY_TYPE,
                "mapping keys must be plain text, not a mapping, sequence or alias",
                span,
                "write the key as a string",
            )
        self.check_tag(event, span)
        key = str(event.value)
        if key == "<<" and not event.style:
            top.pending_merge = True
            top.key = key
            top.key_span = span
            return
        if key in top.explicit:
            first = top.explicit[key]
            raise self.fail(
                codes.Y_DUPLICATE_KEY,
                f"duplicate key '{key}' (first written at line {first.line})",
                span,
                "YAML keeps only one of them; remove or rename one",
            )
        top.explicit[key] = span
        top.key = key
        top.key_span = span

    def handle(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    codes.Y_MULTI_DOC,
                    "the file holds more than one YAML document",
                    self.span(event),
                    "a spec is one document; remove the '---' separator and what follows",
                )
            return
        if kind == "MappingEndEvent" or kind == "SequenceEndEvent":
            self.close(event)
            return
        if kind not in _NODE_EVENTS:
            return
        span = self.span(event)
        if self.key_or_value(event):
            self.on_key(event, span)
            return
        if kind == "ScalarEvent":
            self.check_tag(event, span)
            if event.tag not in (None, "!"):
                try:
                    value = _typed_scalar(event.tag, event.value)
                except ValueError as exc:
                    raise self.fail(codes.Y_TAG, str(exc), span) from None
            elif event.style:
                value = event.value
            else:
                value = resolve_plain(event.value)
            if isinstance(value, float) and not math.isfinite(value):
                raise self.fail(
                    codes.Y_NOT_FINITE,
                    f"'{event.value}' is not a finite number; JSON, and so ASL and CloudFormation, "
                    "has no infinity or NaN",
                    span,
                    f"write a finite number, or quote it (\"{event.value}\") to keep it as text",
                )
            self.count(1, span)
            self.remember(event.anchor, value, [], 1)
            self.place(value, span, [], 1)
        elif kind == "AliasEvent":
            if event.anchor not in self.anchors:
                raise self.fail(codes.Y_SYNTAX, f"unknown alias '*{event.anchor}'", span)
            value, entries, size = self.anchors[event.anchor]
            self.count(size, span)
            self.place(value, span, entries, size)
        else:
            self.check_tag(event, span)
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(
                    codes.Y_TOO_DEEP,
                    f"the document nests deeper than {MAX_DEPTH} levels",
                    span,
                    "flatten the structure",
                )
            self.count(1, span)
            is_map = kind == "MappingStartEvent"
            parent_merge = bool(self.stack) and self.stack[-1].kind == "map" and self.stack[-1].pending_merge
            frame = _Frame(
                kind="map" if is_map else "seq",
                value={} if is_map else ([] if not parent_merge else _MergeList()),
                path=self.child_path() if not parent_merge else (),
                anchor=event.anchor,
                start=span,
            )
            if parent_merge and not is_map:
                frame.merge_list = frame.value.items
            self.stack.append(frame)

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        end = self.span(event)
        span = Span(self.file, frame.start.line, frame.start.col, end.end_line, end.end_col)
        value = frame.value
        entries = frame.entries
        if frame.kind == "map" and frame.merges:
            merged: dict[str, Any] = {}
            merged_entries: list[tuple[Path, Span, bool]] = []
            # Earlier merge sources win over later ones and explicit keys win over all; keys keep
            # the anchored order, so an override reads where the original stood.
            for source, source_entries in frame.merges:
                for k, v in source.items():
                    if k in merged:
                        continue
                    merged[k] = value.get(k, v)
                    if k not in value:
                        merged_entries.extend(e for e in source_entries if e[0] and e[0][0] == k)
            for k, v in value.items():
                merged.setdefault(k, v)
            value = merged
            entries = merged_entries + entries
        self.remember(frame.anchor, value, entries, frame.size)
        self.place(value, span, entries, frame.size)

    def remember(self, anchor: str | None, value: Any, entries: list[tuple[Path, Span, bool]], size: int) -> None:
        if anchor:
            self.anchors[anchor] = (value, entries, size)


def flatten_into(entries: list[Any], keys: dict[Path, Span], values: dict[Path, Span]) -> None:
    """Entries with absolute paths, into the source map's two tables; a nested ``(prefix, entries)``
    item holds its node's own. A later entry for the same path wins."""
    stack: list[tuple[Path, list[Any], int]] = [((), entries, 0)]
    prefix: Path = ()
    while stack:
        prefix, items, i = stack.pop()
        n = len(items)
        while i < n:
            item = items[i]
            i += 1
            if len(item) == 2:
                stack.append((prefix, items, i))
                prefix, items, i = prefix + item[0], item[1], 0
                n = len(items)
                continue
            path, span, is_key = item
            if prefix:
                path = prefix + path
            (keys if is_key else values)[path] = span


class _MergeList(list[Any]):
    """The sequence after '<<': kept apart so its items can be merged with their spans."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[Any, list[tuple[Path, Span, bool]]]] = []


def source_tables(builder: _Builder) -> tuple[dict[Path, Span], dict[Path, Span]]:
    """The ``(keys, values)`` spans of a built document, by absolute path."""
    keys: dict[Path, Span] = {}
    values: dict[Path, Span] = {}
    if builder.root_span is not None:
        values[()] = builder.root_span
    flatten_into(builder.root_entries, keys, values)
    return keys, values


def build_events(text: str, file: str, pure: bool) -> _Builder:
    """Parse ``text`` and build its values. Raises LoadError; with ``pure`` False, LibyamlRefused
    when libyaml cannot read the text; with ``pure`` True, YamlSyntaxError."""
    builder = _Builder(file)
    for event in _pure_events(text) if pure else _libyaml_events(text):
        builder.handle(event)
    return builder


def _libyaml_events(text: str) -> Iterator[Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # a PyYAML built without libyaml: ruamel's binding of its own copy
        yield from _ruamel_libyaml_events(text)
        return
    try:
        yield from yaml.parse(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise LibyamlRefused(str(exc)) from None


def _ruamel_libyaml_events(text: str) -> Iterator[Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        yield from YAML(typ="safe", pure=False).parse(text)
    except YAMLError as exc:
        raise LibyamlRefused(str(exc)) from None


def _pure_events(text: str) -> Iterator[Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        yield from YAML(typ="safe", pure=True).parse(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise YamlSyntaxError(problem, (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)) from None
    except YAMLError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise YamlSyntaxError(f"invalid YAML: {message}", None) from None

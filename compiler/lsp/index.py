"""Where each state, resource and spec parameter is defined and where it is named, as buffer offsets.

Built from the loaded document and its source map (not the models), so it works on a spec the
models refuse too. Specs and ASL files differ only in field names (``Dialect``). Values that an
alias or merge key copies point at the anchored text: one place in the buffer, counted once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from compiler.lsp.text import Lines
from compiler.refs import PARAMS, refs_in, walk_strings
from compiler.source import Path, SourceMap, Span

SymbolKind = Literal["state", "resource", "param"]


@dataclass(frozen=True)
class Dialect:
    states: str
    start_at: str
    next: str
    default: str
    catch: str
    choices: str
    branches: str
    processors: tuple[str, ...]
    type: str


SPEC = Dialect("states", "start_at", "next", "default", "catch", "choices", "branches",
               ("item_processor", "iterator"), "type")
ASL = Dialect("States", "StartAt", "Next", "Default", "Catch", "Choices", "Branches",
              ("ItemProcessor", "Iterator"), "Type")

# Fields of a resource or machine that name another resource, with the kinds they accept.
RESOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    "role": ("role",), "layers": ("layer",), "managed_policies": ("managed_policy",),
    "invoke": ("function",), "start_execution": ("state_machine", "machine"),
}


@dataclass(frozen=True)
class Symbol:
    kind: SymbolKind
    name: str
    scope: Path = ()  # for a state: the path of the object holding its ``states``


@dataclass(frozen=True)
class Occurrence:
    symbol: Symbol
    start: int  # offsets of the name itself in the buffer
    end: int
    definition: bool
    path: Path  # the document path of the key or value that holds the name
    field: str  # what names it: 'next', 'invoke', '${}', ... ('' for a definition)


@dataclass(frozen=True)
class ScopeInfo:
    path: Path
    machine: str
    states: dict[str, Any]


@dataclass
class Index:
    occurrences: list[Occurrence] = field(default_factory=list)
    scopes: list[ScopeInfo] = field(default_factory=list)
    resource_kinds: dict[str, str] = field(default_factory=dict)  # key -> type ('machine' for state_machines)

    def at(self, offset: int) -> Occurrence | None:
        """The occurrence under the cursor (its end counts: the cursor often sits right after a word)."""
        best = None
        for occurrence in self.occurrences:
            if occurrence.start <= offset <= occurrence.end and (
                    best is None or occurrence.end - occurrence.start < best.end - best.start):
                best = occurrence
        return best

    def of(self, symbol: Symbol) -> list[Occurrence]:
        return [o for o in self.occurrences if o.symbol == symbol]

    def definition(self, symbol: Symbol) -> Occurrence | None:
        return next((o for o in self.occurrences if o.symbol == symbol and o.definition), None)

    def scope_of(self, path: Path) -> ScopeInfo | None:
        """The innermost scope whose states contain ``path``."""
        best = None
        for scope in self.scopes:
            if path[: len(scope.path)] == scope.path and (best is None or len(scope.path) > len(best.path)):
                best = scope
        return best


class _Builder:
    def __init__(self, lines: Lines, source: SourceMap, dialect: Dialect) -> None:
        self.lines = lines
        self.source = source
        self.dialect = dialect
        self.index = Index()
        self.seen: set[tuple[Symbol, int, int]] = set()

    def add(self, symbol: Symbol, span: Span | None, path: Path, field: str, definition: bool = False,
            needle: str | None = None, nth: int = 0) -> None:
        if span is None:
            return
        start, end = self.lines.span_offsets(span)
        word = needle if needle is not None else symbol.name
        written = self.lines.text[start:end]
        at = -1
        for _ in range(nth + 1):
            at = written.find(word, at + 1)
            if at < 0:
                break
        if at >= 0:
            skip = word.find(symbol.name) if needle is not None else 0
            start, end = start + at + max(skip, 0), start + at + max(skip, 0) + len(symbol.name)
        key = (symbol, start, end)
        if key in self.seen:
            return
        self.seen.add(key)
        self.index.occurrences.append(Occurrence(symbol, start, end, definition, path, field))

    def key(self, symbol: Symbol, path: Path) -> None:
        self.add(symbol, self.source.keys.get(path), path, "", definition=True)

    def value(self, symbol: Symbol, path: Path, field: str) -> None:
        self.add(symbol, self.source.values.get(path), path, field)

    def references(self, root: Any, base: Path) -> None:
        """``${key.attr}`` and ``${params.x}`` inside every string under ``base``."""
        for path, text in walk_strings(root, base):
            if "${" not in text:
                continue
            counts: dict[str, int] = {}
            for ref, _offset in refs_in(text):
                written = str(ref)
                nth = counts.get(written, 0)
                counts[written] = nth + 1
                symbol = Symbol("param", ref.attr) if ref.key == PARAMS else Symbol("resource", ref.key)
                needle = f"{PARAMS}.{ref.attr}}}" if ref.key == PARAMS else f"${{{ref.key}."
                self.add(symbol, self.source.values.get(path), path, "${}", needle=needle, nth=nth)

    def scope(self, holder: Any, path: Path, machine: str) -> None:
        d = self.dialect
        states = holder.get(d.states) if isinstance(holder, dict) else None
        if not isinstance(states, dict):
            return
        self.index.scopes.append(ScopeInfo(path, machine, states))
        start_at = holder.get(d.start_at)
        if isinstance(start_at, str):
            self.value(Symbol("state", start_at, path), (*path, d.start_at), d.start_at)
        for name, state in states.items():
            state_path = (*path, d.states, name)
            self.key(Symbol("state", str(name), path), state_path)
            if isinstance(state, dict):
                self.state(state, state_path, path, machine)

    def state(self, state: dict[str, Any], path: Path, scope: Path, machine: str) -> None:
        d = self.dialect

        def target(value: Any, where: Path, field: str) -> None:
            if isinstance(value, str):
                self.value(Symbol("state", value, scope), where, field)

        target(state.get(d.next), (*path, d.next), d.next)
        target(state.get(d.default), (*path, d.default), d.default)
        for list_field in (d.catch, d.choices):
            items = state.get(list_field)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        target(item.get(d.next), (*path, list_field, i, d.next), d.next)
        if d is SPEC:
            for field in ("invoke", "start_execution"):
                value = state.get(field)
                if isinstance(value, str):
                    self.value(Symbol("resource", value), (*path, field), field)
        branches = state.get(d.branches)
        if isinstance(branches, list):
            for i, branch in enumerate(branches):
                self.scope(branch, (*path, d.branches, i), machine)
        for processor in d.processors:
            self.scope(state.get(processor), (*path, processor), machine)


def build_index(data: Any, source: SourceMap, lines: Lines, asl: bool = False) -> Index:
    builder = _Builder(lines, source, ASL if asl else SPEC)
    if not isinstance(data, dict):
        return builder.index
    if asl:
        builder.scope(data, (), "")
        return builder.index
    for section, kind in (("parameters", "param"), ("resources", "resource"), ("state_machines", "resource")):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        for name, body in entries.items():
            builder.key(Symbol(kind, str(name)), (section, name))  # type: ignore[arg-type]
            if kind == "resource":
                rtype = body.get("type") if isinstance(body, dict) else None
                builder.index.resource_kinds[str(name)] = "machine" if section == "state_machines" else str(rtype)
    for section in ("resources", "state_machines"):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        for name, body in entries.items():
            if not isinstance(body, dict):
                continue
            for field_name in ("role", "layers", "managed_policies"):
                _named(builder, body.get(field_name), (section, name, field_name), field_name)
            if section == "state_machines":
                builder.scope(body, (section, name), str(name))
    for section in ("resources", "state_machines", "stack"):
        if section in data:
            builder.references(data[section], (section,))
    return builder.index


def _named(builder: _Builder, value: Any, path: Path, field: str) -> None:
    if isinstance(value, str):
        builder.value(Symbol("resource", value), path, field)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                builder.value(Symbol("resource", item), (*path, i), field)


def iter_states(index: Index) -> Iterator[tuple[ScopeInfo, str, Any]]:
    for scope in index.scopes:
        for name, state in scope.states.items():
            yield scope, str(name), state

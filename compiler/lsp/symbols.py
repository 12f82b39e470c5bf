"""Document symbols: resources, parameters, machines, their states, and nested branches and item processors."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from compiler.lsp.documents import Analysis
from compiler.lsp.index import ASL, SPEC, Dialect
from compiler.source import Path

_KINDS = {
    "bucket": types.SymbolKind.Package, "managed_policy": types.SymbolKind.Key, "role": types.SymbolKind.Interface,
    "layer": types.SymbolKind.Module, "function": types.SymbolKind.Function, "state_machine": types.SymbolKind.Class,
}


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    data = analysis.data
    if not isinstance(data, dict):
        return []
    if analysis.kind == "asl":
        return _states(analysis, data, (), ASL)
    out: list[types.DocumentSymbol | None] = []
    for section, kind in (("parameters", types.SymbolKind.Constant), ("resources", None)):
        entries = data.get(section)
        if isinstance(entries, dict):
            children = [
                _symbol(analysis, (section, key), str(key), kind or _KINDS.get(_type(body), types.SymbolKind.Object),
                        _type(body) or None)
                for key, body in entries.items()
            ]
            out.append(_symbol(analysis, (section,), section, types.SymbolKind.Namespace, None,
                               [c for c in children if c is not None]))
    machines = data.get("state_machines")
    if isinstance(machines, dict):
        for key, body in machines.items():
            symbol = _symbol(analysis, ("state_machines", key), str(key), types.SymbolKind.Class, "state machine",
                             _states(analysis, body, ("state_machines", key), SPEC))
            out.append(symbol)
    return [s for s in out if s is not None]


def _type(body: Any) -> str:
    return str(body.get("type", "")) if isinstance(body, dict) else ""


def _states(analysis: Analysis, holder: Any, path: Path, d: Dialect) -> list[types.DocumentSymbol]:
    states = holder.get(d.states) if isinstance(holder, dict) else None
    if not isinstance(states, dict):
        return []
    out = []
    for name, state in states.items():
        state_path = (*path, d.states, name)
        children: list[types.DocumentSymbol] = []
        if isinstance(state, dict):
            branches = state.get(d.branches)
            if isinstance(branches, list):
                for i, branch in enumerate(branches):
                    child = _symbol(analysis, (*state_path, d.branches, i), f"branch {i + 1}",
                                    types.SymbolKind.Namespace, None,
                                    _states(analysis, branch, (*state_path, d.branches, i), d))
                    if child is not None:
                        children.append(child)
            for processor in d.processors:
                if isinstance(state.get(processor), dict):
                    child = _symbol(analysis, (*state_path, processor), processor, types.SymbolKind.Namespace, None,
                                    _states(analysis, state[processor], (*state_path, processor), d))
                    if child is not None:
                        children.append(child)
        symbol = _symbol(analysis, state_path, str(name), types.SymbolKind.Event, _type_of(state, d) or None, children)
        if symbol is not None:
            out.append(symbol)
    return out


def _type_of(state: Any, d: Dialect) -> str:
    return str(state.get(d.type, "")) if isinstance(state, dict) else ""


def _symbol(analysis: Analysis, path: Path, name: str, kind: types.SymbolKind, detail: str | None,
            children: list[types.DocumentSymbol] | None = None) -> types.DocumentSymbol | None:
    key = analysis.source.keys.get(path)
    value = analysis.source.values.get(path)
    if key is None and value is None:
        return None
    lines = analysis.lines
    first = key or value
    assert first is not None
    start = lines.span_offsets(first)[0]
    end = max(lines.span_offsets(s)[1] for s in (key, value) if s is not None)
    selection = lines.span_range(key) if key is not None else lines.range(start, start)
    return types.DocumentSymbol(name=name or "(empty)", kind=kind, detail=detail, range=lines.range(start, end),
                                selection_range=selection, children=children or None)

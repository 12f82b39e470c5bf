"""Go to definition, find references and rename for states, resources (and machines), spec
parameters, and a function's ``handler`` (which jumps to the Python function in its code folder)."""

from __future__ import annotations

import ast
import re
from pathlib import Path as FsPath
from typing import Any

from lsprotocol import types

from compiler.lsp.documents import Analysis
from compiler.lsp.index import Index, Occurrence

_RESOURCE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Characters that would change the YAML or JSON around a state name written without quotes.
_UNSAFE_STATE = re.compile(r"[:#{}\[\],&*!|>'\"%@`\\\n\r\t]")


def location(analysis: Analysis, occurrence: Occurrence) -> types.Location:
    return types.Location(uri=analysis.uri, range=analysis.lines.range(occurrence.start, occurrence.end))


def definition(analysis: Analysis, index: Index, offset: int) -> list[types.Location]:
    found = index.at(offset)
    if found is not None:
        target = index.definition(found.symbol)
        return [location(analysis, target)] if target is not None else []
    handler = handler_location(analysis, offset)
    return [handler] if handler is not None else []


def references(analysis: Analysis, index: Index, offset: int, include_declaration: bool) -> list[types.Location]:
    found = index.at(offset)
    if found is None:
        return []
    return [location(analysis, o) for o in index.of(found.symbol) if include_declaration or not o.definition]


def prepare_rename(analysis: Analysis, index: Index, offset: int) -> types.Range | None:
    found = index.at(offset)
    if found is None or (found.symbol.kind == "param" and index.definition(found.symbol) is None):
        return None
    return analysis.lines.range(found.start, found.end)


def rename(analysis: Analysis, index: Index, offset: int, new_name: str) -> types.WorkspaceEdit | None:
    found = index.at(offset)
    if found is None:
        return None
    symbol = found.symbol
    if symbol.kind in ("resource", "param") and not _RESOURCE_NAME.match(new_name):
        raise ValueError(f"'{new_name}' is not a valid key: a letter, then letters, digits and '_'")
    if symbol.kind == "state" and (not new_name.strip() or new_name != new_name.strip()
                                   or _UNSAFE_STATE.search(new_name)):
        raise ValueError(f"'{new_name}' cannot be written as a state name without quoting it")
    edits = [types.TextEdit(range=analysis.lines.range(o.start, o.end), new_text=new_name) for o in index.of(symbol)]
    return types.WorkspaceEdit(changes={analysis.uri: edits})


def handler_target(analysis: Analysis, offset: int) -> tuple[str, Any] | None:
    """The function resource whose ``handler`` value is under the cursor."""
    data = analysis.data
    if analysis.kind != "spec" or not isinstance(data, dict) or not isinstance(data.get("resources"), dict):
        return None
    for key, body in data["resources"].items():
        if not isinstance(body, dict) or not isinstance(body.get("handler"), str):
            continue
        span = analysis.source.values.get(("resources", key, "handler"))
        if span is None:
            continue
        start, end = analysis.lines.span_offsets(span)
        if start <= offset <= end:
            return str(key), body
    return None


def handler_file(folder: FsPath, body: dict[str, Any]) -> tuple[FsPath, str] | None:
    code, handler = body.get("code"), body.get("handler")
    if not isinstance(code, str) or not isinstance(handler, str):
        return None
    module, dot, function = handler.rpartition(".")
    if not dot or not module or not function:
        return None
    return folder / code / FsPath(*module.split(".")).with_suffix(".py"), function


def handler_location(analysis: Analysis, offset: int) -> types.Location | None:
    target = handler_target(analysis, offset)
    if target is None:
        return None
    found = handler_file(analysis.folder, target[1])
    if found is None or not found[0].is_file():
        return None
    source, function = found
    line, col = 0, 0
    try:
        tree = ast.parse(source.read_bytes(), filename=str(source))
    except (OSError, SyntaxError, ValueError):
        tree = None
    if tree is not None:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
                line, col = node.lineno - 1, node.col_offset + len("async def " if isinstance(
                    node, ast.AsyncFunctionDef) else "def ")
                break
    start = types.Position(line=line, character=col)
    end = types.Position(line=line, character=col + len(function) if (line, col) != (0, 0) else 0)
    return types.Location(uri=source.resolve().as_uri(), range=types.Range(start=start, end=end))

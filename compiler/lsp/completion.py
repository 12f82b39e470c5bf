"""Completion: the fields valid at the cursor (from the models; in ASL files, the ASL field names the
object under the cursor takes), state names, resource keys of the right kind, ``${key.``
attributes, intrinsic functions, ``$states.`` fields, Choice operators and error names.

The cursor's place is read from the buffer's text (``context``); names come from the latest
analysis, which may be a little older than the text: completion never waits for validation.
"""

from __future__ import annotations

import re

from lsprotocol import types

from compiler.asl.intrinsics import INTRINSICS
from compiler.checks.asl_rules import PREDEFINED_ERRORS
from compiler.checks.jsonata import STATES_FIELDS
from compiler.lsp import models
from compiler.lsp.asl_keys import json_key_at, keys_at
from compiler.lsp.context import Context, context_at
from compiler.lsp.documents import Analysis
from compiler.lsp.index import RESOURCE_FIELDS, Index
from compiler.lsp.text import Lines
from compiler.model.resources import ATTRIBUTES
from compiler.model.states.choice import OPERATORS
from compiler.refs import PARAMS
from compiler.source import Path

_REF_KEY = re.compile(r"\$\{([A-Za-z0-9_]*)$")
_REF_ATTR = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z0-9_]*)$")
_INTRINSIC = re.compile(r"(States\.[A-Za-z]*)$")
_STATES_FIELD = re.compile(r"\$states\.([A-Za-z]*)$")
_MACHINE_ATTRIBUTES = ("arn", "name")
_STATE_FIELDS = {"next", "default", "start_at", "Next", "Default", "StartAt"}
_STATES_DOCS = {
    "input": "the state's input", "result": "the task's or state's result (Output/Assign of a Task, Parallel, Map)",
    "errorOutput": "the error a Catcher caught (in the catcher's output/assign)", "context": "the context object",
}


def complete(analysis: Analysis, index: Index, text: str, offset: int) -> list[types.CompletionItem]:
    lines = Lines(text)
    line, col = lines.line_col(offset)
    before = lines.line(line)[:col]
    ctx = context_at(lines, offset)

    def edit(word: str) -> types.Range:
        return lines.range(offset - len(word), offset)

    # Inside a string: ${key.attr}, ${params.x}, intrinsics and $states. fields first.
    if (m := _REF_ATTR.search(before)) is not None:
        return _attributes(index, analysis, m.group(1), edit(m.group(2)))
    if (m := _REF_KEY.search(before)) is not None:
        items = [_item(key, types.CompletionItemKind.Reference, kind, edit(m.group(1)), sort="1")
                 for key, kind in index.resource_kinds.items()]
        return [*items, _item(PARAMS, types.CompletionItemKind.Module, "spec parameters", edit(m.group(1)), sort="2")]
    if (m := _STATES_FIELD.search(before)) is not None and "{%" in before:
        return [_item(name, types.CompletionItemKind.Field, "$states." + name, edit(m.group(1)), _STATES_DOCS[name])
                for name in STATES_FIELDS]
    if analysis.kind == "asl" and text.lstrip().startswith("{"):
        found = json_key_at(text, offset)
        if found is not None:
            return _asl_json_keys(analysis, lines, offset, *found)
    where = path_at(analysis, offset) if analysis.text == text else ()
    if ctx.key in ("errors", "ErrorEquals") or any(part in ("errors", "ErrorEquals") for part in where[-2:]):
        word = _word(ctx.prefix)
        return [_item(name, types.CompletionItemKind.EnumMember, "predefined error", edit(word)) for name in
                PREDEFINED_ERRORS]
    if (m := _INTRINSIC.search(before)) is not None:
        return [_intrinsic(name, edit(m.group(1))) for name in INTRINSICS]
    if ctx.key is not None:
        typed = _word(ctx.prefix) if ctx.in_list else ctx.prefix
        return _values(analysis, index, ctx, edit(typed.lstrip("\"'")), where)
    if analysis.kind == "asl":
        kind = ctx.siblings.get("Type", "").strip("\"' ") or None
        keys = keys_at(ctx.path, analysis.data, kind)
        return [_item(k, types.CompletionItemKind.Property, "ASL field", edit(ctx.prefix), sort="0" if k == "Type" else "1",
                      insert=f"{k}: ") for k in keys if k not in ctx.siblings]
    return _keys(ctx, edit(ctx.prefix))


def _asl_json_keys(analysis: Analysis, lines: Lines, offset: int, path: Path, typed: str | None, closed: bool,
                   siblings: dict[str, str]) -> list[types.CompletionItem]:
    """A key of an ASL JSON object: inside its quotes (``"Ty|``), or where one goes (no quote yet)."""
    where = lines.range(offset - len(typed or ""), offset + (1 if closed else 0))
    items = []
    for key in keys_at(path, analysis.data, siblings.get("Type")):
        if key in siblings:
            continue
        insert = key + ('"' if closed else '": ') if typed is not None else f'"{key}": '
        items.append(_item(key, types.CompletionItemKind.Property, "ASL field", where,
                           sort="0" if key == "Type" else "1", insert=insert))
    return items


def _word(text: str) -> str:
    return re.split(r"[\s,\[\]]", text)[-1]


def path_at(analysis: Analysis, offset: int) -> Path:
    """The innermost document path whose value is written around ``offset`` (in the analysed text)."""
    best: Path = ()
    best_size = len(analysis.text) + 1
    for path, span in analysis.source.values.items():
        start, end = analysis.lines.span_offsets(span)
        if start <= offset <= end and end - start < best_size:
            best, best_size = path, end - start
    return best


def _values(analysis: Analysis, index: Index, ctx: Context, where: types.Range,
            at: Path) -> list[types.CompletionItem]:
    key = ctx.key
    assert key is not None
    if key in _STATE_FIELDS:
        scope = _scope_path(index, ctx, at)
        names = next((list(s.states) for s in index.scopes if s.path == scope), [])
        return [_item(str(n), types.CompletionItemKind.EnumMember, "state", where) for n in names]
    if analysis.kind == "spec" and key in RESOURCE_FIELDS and _resource_field(ctx):
        want = RESOURCE_FIELDS[key]
        return [_item(k, types.CompletionItemKind.Reference, kind, where)
                for k, kind in index.resource_kinds.items() if kind in want]
    if analysis.kind != "spec":
        return []
    if key == "type":
        options = {value for m in models.models_at(ctx.path) for value in models.literal_values(models.fields(m).get("type"))}
        return [_item(v, types.CompletionItemKind.EnumMember, "type", where, (m.__doc__ or "").strip())
                for m in models.models_at(ctx.path) for v in models.literal_values(models.fields(m).get("type"))
                if v in options]
    found = models.models_at(ctx.path, ctx.siblings.get("type"))
    info = next((models.fields(m)[key] for m in found if key in models.fields(m)), None)
    return [_item(v, types.CompletionItemKind.EnumMember, key, where) for v in models.literal_values(info)]


def _resource_field(ctx: Context) -> bool:
    """``role:`` names a resource in a function, a machine or ... a Choice rule never has it: any mapping counts."""
    return bool(ctx.path) and ctx.path[0] in ("resources", "state_machines")


def _scope_path(index: Index, ctx: Context, at: Path) -> Path | None:
    """The scope whose states a transition may name: from the analysed document when the cursor is in
    it (JSON has no indentation to go by), else from the indentation."""
    if at and at[-1] in ("start_at", "StartAt"):
        return at[:-1]
    if at:
        scope = index.scope_of(at)
        if scope is not None:
            return scope.path
    if ctx.key in ("start_at", "StartAt"):
        return ctx.path
    scope = index.scope_of(ctx.path)
    return scope.path if scope is not None else None


def _keys(ctx: Context, where: types.Range) -> list[types.CompletionItem]:
    found = models.models_at(ctx.path, ctx.siblings.get("type"))
    items: dict[str, types.CompletionItem] = {}
    for model in found:
        for name, info in models.fields(model).items():
            if name in ctx.siblings or name in items:
                continue
            operator = name in OPERATORS
            detail = ("Choice operator: " if operator else "") + models.describe(models.annotation(model, info))
            doc = info.description or (model.__doc__ or "").strip() or None
            items[name] = types.CompletionItem(
                label=name, kind=types.CompletionItemKind.Property, detail=detail,
                documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc) if doc else None,
                text_edit=types.TextEdit(range=where, new_text=f"{name}: "),
                sort_text=("0" if name == "type" else "2" if operator else "1") + name,
                filter_text=name,
            )
    return list(items.values())


def _attributes(index: Index, analysis: Analysis, key: str, where: types.Range) -> list[types.CompletionItem]:
    if key == PARAMS:
        data = analysis.data if isinstance(analysis.data, dict) else {}
        params = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
        return [_item(str(name), types.CompletionItemKind.Variable, "spec parameter", where) for name in params or {}]
    kind = index.resource_kinds.get(key)
    attrs = _MACHINE_ATTRIBUTES if kind == "machine" else ATTRIBUTES.get(kind or "", ())
    return [_item(a, types.CompletionItemKind.Property, f"attribute of {kind} '{key}'", where) for a in attrs]


def _intrinsic(name: str, where: types.Range) -> types.CompletionItem:
    low, high = INTRINSICS[name]
    arity = f"{low}" if low == high else f"{low}+" if high is None else f"{low}-{high}"
    return types.CompletionItem(label=name, kind=types.CompletionItemKind.Function,
                                detail=f"intrinsic function, {arity} argument(s)",
                                text_edit=types.TextEdit(range=where, new_text=name), filter_text=name)


def _item(label: str, kind: types.CompletionItemKind, detail: str, where: types.Range, doc: str | None = None,
          sort: str = "", insert: str | None = None) -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail,
                                documentation=doc or None,
                                text_edit=types.TextEdit(range=where, new_text=label if insert is None else insert),
                                sort_text=sort + label, filter_text=label)

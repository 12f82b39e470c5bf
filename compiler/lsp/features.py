"""The request handlers, one thin function per LSP method, each delegating to its feature module.

Every handler runs through ``server.guarded``: a bug answers "nothing here" and is logged; the
server keeps serving.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from lsprotocol import types

from compiler.lsp import actions, completion, hover, navigation, symbols
from compiler.lsp.documents import Analysis
from compiler.lsp.index import Index, build_index
from compiler.lsp.text import Lines

if TYPE_CHECKING:
    from compiler.lsp.server import WorkflowServer


@lru_cache(maxsize=16)
def _index(analysis: Analysis) -> Index:
    return build_index(analysis.data, analysis.source, analysis.lines, asl=analysis.kind == "asl")


def index_of(analysis: Analysis) -> Index:
    return _index(analysis)


def register(server: WorkflowServer) -> None:
    def at(uri: str, position: types.Position) -> tuple[Analysis, Index, int] | None:
        analysis = server.current(uri)
        if analysis is None:
            return None
        return analysis, index_of(analysis), analysis.lines.from_position(position)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: WorkflowServer, params: types.DefinitionParams) -> list[types.Location]:
        def run() -> list[types.Location]:
            found = at(params.text_document.uri, params.position)
            return navigation.definition(*found) if found else []

        return ls.guarded("definition", [], run)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: WorkflowServer, params: types.ReferenceParams) -> list[types.Location]:
        def run() -> list[types.Location]:
            found = at(params.text_document.uri, params.position)
            return navigation.references(*found, params.context.include_declaration) if found else []

        return ls.guarded("references", [], run)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: WorkflowServer, params: types.PrepareRenameParams) -> types.Range | None:
        def run() -> types.Range | None:
            found = at(params.text_document.uri, params.position)
            return navigation.prepare_rename(*found) if found else None

        return ls.guarded("prepareRename", None, run)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls: WorkflowServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = at(params.text_document.uri, params.position)
        if found is None:
            return None
        # A refused name (ValueError) goes back to the client as an error it shows to the user.
        return navigation.rename(*found, params.new_name)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: WorkflowServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        def run() -> list[types.DocumentSymbol]:
            analysis = server.current(params.text_document.uri)
            return symbols.document_symbols(analysis) if analysis else []

        return ls.guarded("documentSymbol", [], run)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[".", "{", "$", " ", "[", ","]))
    def complete(ls: WorkflowServer, params: types.CompletionParams) -> types.CompletionList:
        def run() -> types.CompletionList:
            uri = params.text_document.uri
            analysis = server.latest(uri)
            if analysis is None:
                return types.CompletionList(is_incomplete=False, items=[])
            text = ls.workspace.get_text_document(uri).source
            offset = Lines(text).from_position(params.position)
            items = completion.complete(analysis, index_of(analysis), text, offset)
            return types.CompletionList(is_incomplete=False, items=items)

        return ls.guarded("completion", types.CompletionList(is_incomplete=False, items=[]), run)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: WorkflowServer, params: types.HoverParams) -> types.Hover | None:
        def run() -> types.Hover | None:
            found = at(params.text_document.uri, params.position)
            return hover.hover(*found) if found else None

        return ls.guarded("hover", None, run)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: WorkflowServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        def run() -> list[types.CodeAction]:
            analysis = server.current(params.text_document.uri)
            return actions.code_actions(analysis, list(params.context.diagnostics)) if analysis else []

        return ls.guarded("codeAction", [], run)

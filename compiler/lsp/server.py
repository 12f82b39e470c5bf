"""The language server: document sync, debounced diagnostics, and the feature modules' handlers."""

from __future__ import annotations

import asyncio
import gc
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from compiler import __version__
from compiler.lsp.diagnostics import to_lsp
from compiler.lsp.documents import Analysis, analyze

NAME = "compiler-lsp"
DEBOUNCE_SECONDS = 0.15
T = TypeVar("T")
log = logging.getLogger(__name__)


class WorkflowServer(LanguageServer):
    """Keeps the latest analysis of each open buffer; features read it (recomputing when stale)."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.analyses: dict[str, Analysis] = {}
        self.readable: dict[str, Analysis] = {}  # the last analysis that could read each buffer
        self.languages: dict[str, str] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def current(self, uri: str) -> Analysis | None:
        """The analysis of the buffer's text as it is now (computed here when it is stale)."""
        document = self.workspace.get_text_document(uri)
        latest = self.analyses.get(uri)
        if latest is not None and latest.text == document.source:
            return latest
        return self.refresh(uri)

    def latest(self, uri: str) -> Analysis | None:
        """The last analysis that could read the document, maybe of an older text: completion must not
        wait for a full validation, and a half-typed line often makes the whole file unreadable."""
        latest = self.analyses.get(uri) or self.current(uri)
        if latest is not None and latest.data is None:
            return self.readable.get(uri, latest)
        return latest

    def refresh(self, uri: str) -> Analysis | None:
        document = self.workspace.get_text_document(uri)
        try:
            analysis = analyze(uri, document.source, document.version, self.languages.get(uri))
        except Exception:  # a bug in the pipeline must not take the editor's server down
            self.report_bug(f"validating {uri}")
            return None
        self.analyses[uri] = analysis
        if analysis.data is not None:
            self.readable[uri] = analysis
        return analysis

    def publish(self, uri: str) -> None:
        analysis = self.refresh(uri)
        if analysis is None:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=analysis.version, diagnostics=to_lsp(analysis))
        )

    def schedule(self, uri: str) -> None:
        """Publish after ``debounce`` seconds without another change of the same buffer."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(self.debounce)
            self.pending.pop(uri, None)
            self.publish(uri)

        self.pending[uri] = asyncio.get_running_loop().create_task(later())

    def report_bug(self, what: str) -> None:
        detail = traceback.format_exc()
        log.error("%s failed:\n%s", what, detail)
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                       message=f"{NAME}: {what} failed:\n{detail}"))

    def guarded(self, what: str, default: T, fn: Callable[[], T]) -> T:
        """Run a feature; a crash is logged and answered with ``default`` instead of an error."""
        try:
            return fn()
        except Exception:
            self.report_bug(what)
            return default


def build_server(debounce: float = DEBOUNCE_SECONDS) -> WorkflowServer:
    server = WorkflowServer(debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: WorkflowServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.languages[params.text_document.uri] = params.text_document.language_id
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: WorkflowServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: WorkflowServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)  # handler files may have changed on disk: check again

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: WorkflowServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.analyses.pop(uri, None)
        ls.readable.pop(uri, None)
        ls.languages.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    _register_features(server)
    return server


def _register_features(server: WorkflowServer) -> None:
    """Navigation, completion, hover, symbols and code actions (each module registers its handlers)."""
    from compiler.lsp import features

    features.register(server)


# The smallest buffers that take each path through the pipeline (a spec, an ASL file).
_WARM_UP = (
    ("untitled:warm-up.yaml", "version: 1\nstate_machines:\n  m:\n    states:\n      A: {type: succeed}\n"),
    ("untitled:warm-up.asl.json", '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'),
)


def warm_up() -> None:
    """Pay before the first buffer what it would pay: the pipeline's imports and the models'
    validators. Those objects live as long as the server, so the collector then leaves them alone
    (``gc.freeze``): otherwise every full collection walks them again, a fifth of the time of a
    1,000-state buffer's diagnostics."""
    from compiler.lsp.documents import analyze

    for uri, text in _WARM_UP:
        analyze(uri, text)
    gc.collect()
    gc.freeze()


def serve(tcp: int | None = None, host: str = "127.0.0.1", **options: Any) -> None:
    warm_up()
    server = build_server(**options)
    if tcp is None:
        server.start_io()
    else:
        server.start_tcp(host, tcp)

"""A real LSP client (pytest-lsp) talking to ``compiler lsp`` over stdio, one server per test module."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "workflow.yaml"
SEED_URI = SEED.as_uri()
# The seed post's typo: the quote before ']' is missing in Second Task's input_path.
GOOD_INPUT_PATH = "$['first_result','parallel_no','message','context_name','const_value']"
TYPO_INPUT_PATH = "$['first_result','parallel_no','message','context_name','const_value]"

SERVER = [sys.executable, "-m", "compiler", "lsp"]
TIMEOUT = 60


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="module")
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=ROOT.as_uri())
    )
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
    finally:
        server = lsp_client._server
        if server is not None and server.returncode is None:
            server.kill()  # never leave a language server behind


class Session:
    """Open, change and close buffers and wait for the diagnostics each publishes."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.versions: dict[str, int] = {}

    async def _published(self, uri: str, send: object) -> list[types.Diagnostic]:
        while True:
            future = asyncio.wrap_future(self.client.protocol.wait_for_notification(
                types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
            if send is not None:
                send_fn, send = send, None
                send_fn()  # type: ignore[operator]
            params: types.PublishDiagnosticsParams = await asyncio.wait_for(future, TIMEOUT)
            if params.uri == uri and params.version == self.versions.get(uri):
                return list(params.diagnostics)

    async def open(self, uri: str, text: str, language: str = "yaml") -> list[types.Diagnostic]:
        self.versions[uri] = 1
        return await self._published(uri, lambda: self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1,
                                                                    text=text))))

    async def change(self, uri: str, *changes: types.TextDocumentContentChangeEvent) -> list[types.Diagnostic]:
        self.versions[uri] += 1
        version = self.versions[uri]
        return await self._published(uri, lambda: self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                                              list(changes))))

    def replace_all(self, text: str) -> types.TextDocumentContentChangeWholeDocument:
        return types.TextDocumentContentChangeWholeDocument(text=text)

    async def close(self, uri: str) -> None:
        """Close and wait for the server's clearing of the diagnostics (version-less), so that it cannot
        arrive while the next ``open`` waits for its own."""
        self.versions[uri] = None  # type: ignore[assignment]
        await self._published(uri, lambda: self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri))))
        self.versions.pop(uri, None)


def position_of(text: str, needle: str, nth: int = 0, delta: int = 0) -> types.Position:
    """The position of the ``nth`` occurrence of ``needle`` (plus ``delta`` characters) in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    return types.Position(line=line, character=at - (text.rfind("\n", 0, at) + 1))

"""The request handlers, one thin function per LSP method, each delegating to its feature module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compiler.lsp.server import WorkflowServer


def register(server: WorkflowServer) -> None:
    """Nothing yet beyond diagnostics."""

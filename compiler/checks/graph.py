"""Placeholder: the graph check is being written."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks import CheckContext
from compiler.diagnostics import Finding


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from ()

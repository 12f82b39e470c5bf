"""Renderings of a ``Diff``: one small module per format."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from compiler.diff.formats import json_format, markdown, text
from compiler.diff.records import Diff

# Each takes the diff and the Mermaid graphs of the changed machines (used by Markdown only).
FORMATTERS: dict[str, Callable[[Diff, Mapping[str, str]], str]] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json_format.render,
}

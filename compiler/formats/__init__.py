"""Output formats for diagnostics, one small module each."""

from __future__ import annotations

from collections.abc import Callable

from compiler.diagnostics import Report
from compiler.formats import github, json_format, sarif, text

FORMATTERS: dict[str, Callable[[list[Report], bool], str]] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
}

"""Compiling one side of a diff.

Checks of the working tree's files (handler folders and functions, E35x) are left out: at a git
revision the spec is compared, not the handler files on disk (which are the working tree's), and
a missing handler folder changes nothing in what the spec means. Every other error still stops
the diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.diagnostics import E_CODE_FOLDER, E_HANDLER_FILE, E_HANDLER_FUNCTION, Report
from compiler.ir import Program
from compiler.lower import lower
from compiler.pipeline import compile_spec

FILESYSTEM_CODES = frozenset({E_HANDLER_FILE, E_HANDLER_FUNCTION, E_CODE_FOLDER})


@dataclass
class Loaded:
    program: Program | None
    report: Report

    @property
    def ok(self) -> bool:
        return self.program is not None


def load_side(path: Path, text: bytes | None, display: str) -> Loaded:
    compiled = compile_spec(path, text=text, display=display)
    if compiled.program is not None:
        return Loaded(compiled.program, compiled.report)
    report = compiled.report
    report.diagnostics = [d for d in report.diagnostics if d.code not in FILESYSTEM_CODES]
    if compiled.spec is not None and not report.has_errors:
        return Loaded(lower(compiled.spec), report)
    return Loaded(None, report)

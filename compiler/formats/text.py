"""``workflow.yaml:12:9: error[E302] message``, the source line with a caret, then the hint."""

from __future__ import annotations

from compiler.diagnostics import Diagnostic, Report


def render_one(diag: Diagnostic, report: Report, color: bool = False) -> str:
    span = diag.span
    head = f"{span.file}:{span.line}:{span.col}: {diag.severity.value}[{diag.code}] {diag.message}"
    if color:
        tint = "\033[31m" if diag.is_error else "\033[33m"
        head = f"\033[1m{span.file}:{span.line}:{span.col}:\033[0m {tint}{diag.severity.value}[{diag.code}]\033[0m {diag.message}"
    lines = [head]
    source = report.source.line_text(span.line)
    if source:
        width = span.end_col - span.col if span.end_line == span.line and span.end_col > span.col else 1
        width = max(1, min(width, len(source) - span.col + 1))
        shown, col, width = _window(source, span.col, width)
        gutter = f"{span.line:>5} | "
        lines.append(f"{gutter}{shown}")
        lines.append(" " * (len(gutter) + col - 1) + "^" * width)
    if diag.hint:
        lines.append(f"      = hint: {diag.hint}")
    return "\n".join(lines)


WINDOW = 120  # longest source line printed whole; a longer one (a one-line JSON file) is cut around the column
_CONTEXT = 40  # characters kept before the column


def _window(source: str, col: int, width: int) -> tuple[str, int, int]:
    """The part of ``source`` to print, the caret's column in it and the caret's width."""
    if len(source) <= WINDOW:
        return source, col, width
    start = max(0, col - 1 - _CONTEXT)
    end = min(len(source), start + WINDOW)
    start = max(0, end - WINDOW)
    lead = "..." if start else ""
    shown = lead + source[start:end] + ("..." if end < len(source) else "")
    return shown, col - start + len(lead), max(1, min(width, end - (col - 1)))


def render(reports: list[Report], color: bool = False) -> str:
    blocks: list[str] = []
    errors = warnings = 0
    for report in reports:
        for diag in report.sorted():
            blocks.append(render_one(diag, report, color))
            if diag.is_error:
                errors += 1
            else:
                warnings += 1
    files = ", ".join(r.source.file for r in reports)
    if errors or warnings:
        blocks.append(f"{errors} error(s), {warnings} warning(s) in {files}")
    else:
        blocks.append(f"{files}: ok")
    return "\n".join(blocks) + "\n"

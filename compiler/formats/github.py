"""GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request."""

from __future__ import annotations

from compiler.diagnostics import Report


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def render(reports: list[Report], color: bool = False) -> str:
    lines = []
    for report in reports:
        for d in report.sorted():
            level = "error" if d.is_error else "warning"
            message = d.message + (f" (hint: {d.hint})" if d.hint else "")
            props = (
                f"file={_escape_property(d.span.file)},line={d.span.line},col={d.span.col},"
                f"endLine={d.span.end_line},endColumn={d.span.end_col},title={_escape_property(d.code)}"
            )
            lines.append(f"::{level} {props}::{_escape(message)}")
    return "\n".join(lines) + ("\n" if lines else "")

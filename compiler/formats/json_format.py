"""A JSON document of every diagnostic, for scripts."""

from __future__ import annotations

import json

from compiler.diagnostics import Report


def render(reports: list[Report], color: bool = False) -> str:
    items = [
        {
            "file": d.span.file,
            "line": d.span.line,
            "column": d.span.col,
            "end_line": d.span.end_line,
            "end_column": d.span.end_col,
            "code": d.code,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
            "path": list(d.path),
        }
        for report in reports
        for d in report.sorted()
    ]
    summary = {
        "errors": sum(1 for i in items if i["severity"] == "error"),
        "warnings": sum(1 for i in items if i["severity"] == "warning"),
    }
    return json.dumps({"diagnostics": items, "summary": summary}, ensure_ascii=False, indent=2) + "\n"

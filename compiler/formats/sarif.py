"""SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json

from compiler import __version__
from compiler.diagnostics import CODES, Report
from compiler.packaged import bundled

# The catalogue shipped inside the package: a link that resolves wherever compiler is installed.
DOCS = bundled("docs/diagnostics.md").as_uri()


def render(reports: list[Report], color: bool = False) -> str:
    used = sorted({d.code for r in reports for d in r.diagnostics})
    rules = [
        {
            "id": code,
            "shortDescription": {"text": CODES[code].title},
            "helpUri": f"{DOCS}#{code.lower()}",
            "defaultConfiguration": {"level": "error" if CODES[code].severity.value == "error" else "warning"},
        }
        for code in used
    ]
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": used.index(d.code),
            "level": "error" if d.is_error else "warning",
            "message": {"text": d.message + (f" Hint: {d.hint}" if d.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.span.file},
                        "region": {
                            "startLine": d.span.line,
                            "startColumn": d.span.col,
                            "endLine": d.span.end_line,
                            "endColumn": d.span.end_col,
                        },
                    }
                }
            ],
        }
        for r in reports
        for d in r.sorted()
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "compiler", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

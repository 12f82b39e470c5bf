"""``compiler validate``'s diagnostics as LSP diagnostics: same code, severity, range, message and hint.

The hint is the message's second line (editors show the message, few show anything else) and is
kept in ``data`` for code actions. A finding reported at several places with the same code and
message (two catches naming one missing state) links each place to the others as related
information. Each code links to its section of docs/diagnostics.md.
"""

from __future__ import annotations

from collections import defaultdict

from lsprotocol import types

from compiler.diagnostics import Diagnostic, Severity
from compiler.lsp.documents import Analysis
from compiler.packaged import bundled

SOURCE = "compiler"
DOCS = bundled("docs/diagnostics.md")  # shipped inside the package: the link works wherever it is installed

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def docs_link(code: str) -> str:
    """The section of docs/diagnostics.md that explains ``code`` (GitHub's heading anchors are lower case)."""
    return f"{DOCS.as_uri()}#{code.lower()}"


def to_lsp(analysis: Analysis) -> list[types.Diagnostic]:
    found = analysis.report.sorted()
    lines = analysis.lines
    ranges = [lines.span_range(d.span) for d in found]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, d in enumerate(found):
        groups[(d.code, d.message)].append(i)
    out = []
    for i, d in enumerate(found):
        others = [j for j in groups[(d.code, d.message)] if j != i]
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=analysis.uri, range=ranges[j]),
                message=f"the same problem ({d.code}) here too",
            )
            for j in others
        ] or None
        out.append(
            types.Diagnostic(
                range=ranges[i],
                message=message(d),
                severity=_SEVERITY[d.severity],
                code=d.code,
                code_description=types.CodeDescription(href=docs_link(d.code)),
                source=SOURCE,
                related_information=related,
                data={"hint": d.hint, "path": [*d.path]} if d.hint else None,
            )
        )
    return out


def message(d: Diagnostic) -> str:
    return f"{d.message}\nhint: {d.hint}" if d.hint else d.message

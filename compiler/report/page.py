"""One self-contained HTML page for one or more runs: inline SVG graphs, a small script, no network.

``report_html(runs)`` is the entry point for any command that has run executions (``compiler run
--report``; ``compiler test --report`` can pass one ``ReportRun`` per test case). The page reads its
data from a ``<script type="application/json">`` element (``report_data``'s document), so other
tools can read it too.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from compiler.report.data import ReportRun, report_data, to_json


def _asset(name: str) -> str:
    return resources.files("compiler.report").joinpath(name).read_text("utf-8")


def report_html(runs: Sequence[ReportRun], title: str | None = None) -> str:
    """The page for ``runs`` (at least one), titled ``title`` (default: the first run's title)."""
    if not runs:
        raise ValueError("a report needs at least one run")
    title = title or f"{runs[0].title}: {runs[0].execution.status}"
    data = report_data(runs, title)
    script = _asset("page.js").replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{html.escape(title)}</title>
<style>
{_asset("page.css")}</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1>
<span class="meta">Step Functions run, local interpreter (compiler run); times on the virtual clock.</span></header>
<main>
<nav id="nav" aria-label="executions"></nav>
<section id="graph" aria-label="state machine graph"></section>
<aside id="panel" aria-live="polite" aria-label="selected state"></aside>
<section id="timeline" aria-label="timeline"></section>
</main>
<footer class="keys" style="padding: 0 16px 12px">Keys: <kbd>Tab</kbd> moves between states, <kbd>Enter</kbd> opens one;
<kbd>n</kbd>/<kbd>p</kbd> next/previous state entered; <kbd>[</kbd>/<kbd>]</kbd> the same state's previous/next visit
(Map iterations); <kbd>u</kbd> the execution that started this one; <kbd>Esc</kbd> the execution's summary.</footer>
<script type="application/json" id="report-data">{to_json(data)}</script>
<script>
{script}</script>
</body>
</html>
"""


def write_report(path: Path, runs: Sequence[ReportRun], title: str | None = None) -> None:
    path.write_text(report_html(runs, title), "utf-8")

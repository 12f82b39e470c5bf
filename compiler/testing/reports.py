"""How a test run reads: a line per case and a summary (text), one JSON document, JUnit XML; the coverage table."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from compiler.testing.coverage import KINDS, Coverage
from compiler.testing.runner import PASSED, CaseResult


def case_line(result: CaseResult) -> str:
    mark = {"passed": "PASS", "failed": "FAIL", "error": "ERROR"}[result.outcome]
    line = f"{mark}  {result.file}:{result.line} {result.name}  ({result.seconds * 1000:.1f} ms)"
    if result.passed:
        return line + "\n"
    details = [m.describe() for m in result.mismatches] if result.mismatches else [result.message or ""]
    body = "".join("  " + d.replace("\n", "\n  ") + "\n" for d in details)
    return f"{line}\n{body}"


def summary(results: list[CaseResult], seconds: float) -> str:
    counts = {kind: sum(1 for r in results if r.outcome == kind) for kind in ("passed", "failed", "error")}
    parts = [f"{counts['passed']} passed"]
    parts += [f"{n} {kind}" for kind, n in counts.items() if kind != "passed" and n]
    return f"{', '.join(parts)} ({len(results)} case(s)) in {seconds:.2f} s\n"


def coverage_table(coverage: Coverage) -> str:
    header = ["machine", *KINDS, "total"]
    rows = [header]
    for cov in coverage.machines.values():
        cells = [cov.machine]
        for kind in KINDS:
            hit, total = cov.count(kind)
            cells.append(f"{hit}/{total}" if total else "-")
        cells.append(f"{cov.percent():.1f} %")
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
             for row in rows]
    out = "state coverage:\n" + "".join(f"  {line.rstrip()}\n" for line in lines)
    missed = [(cov.machine, kind, item) for cov in coverage.machines.values() for kind, item in cov.missed()]
    if missed:
        out += "not covered:\n" + "".join(f"  {m}: {kind[:-1] if kind.endswith('s') else kind} {item}\n"
                                          for m, kind, item in missed)
    out += f"total: {coverage.total_percent():.1f} %\n"
    return out


def to_json(results: list[CaseResult], seconds: float, coverage: Coverage | None) -> str:
    doc: dict[str, Any] = {
        "version": 1,
        "passed": sum(1 for r in results if r.passed),
        "failed": sum(1 for r in results if not r.passed),
        "seconds": round(seconds, 4),
        "cases": [_case_json(r) for r in results],
    }
    if coverage is not None:
        doc["coverage"] = {"percent": round(coverage.total_percent(), 2),
                           "machines": [c.to_json() for c in coverage.machines.values()]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _case_json(result: CaseResult) -> dict[str, Any]:
    out: dict[str, Any] = {"name": result.name, "file": result.file, "line": result.line, "machine": result.machine,
                           "outcome": result.outcome, "seconds": round(result.seconds, 6)}
    if result.execution is not None:
        out["status"] = result.execution.status
    if result.mismatches:
        out["mismatches"] = [{"path": m.path, "expected": _plain(m.expected), "actual": _plain(m.actual),
                              "note": m.note} for m in result.mismatches]
    if result.message:
        out["message"] = result.message
    return out


def _plain(value: Any) -> Any:
    return None if type(value).__name__ == "Missing" else value


def to_junit(results: list[CaseResult], seconds: float) -> str:
    """JUnit XML as CI systems read it: a testsuite per file, a testcase per case."""
    root = ET.Element("testsuites", name="compiler test", tests=str(len(results)),
                      failures=str(sum(1 for r in results if r.outcome == "failed")),
                      errors=str(sum(1 for r in results if r.outcome == "error")), time=f"{seconds:.3f}")
    by_file: dict[str, list[CaseResult]] = {}
    for result in results:
        by_file.setdefault(result.file, []).append(result)
    for file, cases in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(cases)),
                              failures=str(sum(1 for r in cases if r.outcome == "failed")),
                              errors=str(sum(1 for r in cases if r.outcome == "error")),
                              time=f"{sum(r.seconds for r in cases):.3f}")
        for result in cases:
            case = ET.SubElement(suite, "testcase", name=result.name, classname=file, file=file,
                                 line=str(result.line), time=f"{result.seconds:.3f}")
            if result.outcome == PASSED:
                continue
            text = case_line(result).split("\n", 1)[1]
            if result.outcome == "failed":
                first = result.mismatches[0]
                ET.SubElement(case, "failure", message=f"{first.path}: expected {first.expected!r}",
                              type="AssertionError").text = text
            else:
                ET.SubElement(case, "error", message=(result.message or "").splitlines()[0] if result.message else "",
                              type="CannotRun").text = text
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

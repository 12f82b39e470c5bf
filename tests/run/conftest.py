"""Shared by the runner's tests: the conformance pass-rate table."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest

# category -> outcome -> count, filled by test_conformance.py.
CONFORMANCE: defaultdict[str, Counter[str]] = defaultdict(Counter)
# service -> outcome -> count, filled by test_services_conformance.py.
SERVICES: defaultdict[str, Counter[str]] = defaultdict(Counter)
OUTCOMES = ("passed", "failed", "xfailed", "skipped")


@pytest.fixture(scope="session")
def conformance_summary() -> defaultdict[str, Counter[str]]:
    return CONFORMANCE


@pytest.fixture(scope="session")
def services_summary() -> defaultdict[str, Counter[str]]:
    return SERVICES


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under pytest-xdist each worker counts its own cases; hand them to the controller.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["conformance"] = {category: dict(row) for category, row in CONFORMANCE.items()}
        workeroutput["services"] = {service: dict(row) for service, row in SERVICES.items()}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: a worker finished; add its conformance counts to the table."""
    for category, row in (getattr(node, "workeroutput", None) or {}).get("conformance", {}).items():
        CONFORMANCE[category].update(row)
    for service, row in (getattr(node, "workeroutput", None) or {}).get("services", {}).items():
        SERVICES[service].update(row)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    _table(terminalreporter, CONFORMANCE, "ASL conformance (shared/conformance/asl) by category", "category")
    _table(terminalreporter, SERVICES, "Service-integration conformance (shared/conformance/services) by service",
           "service")


def _table(terminalreporter: Any, counts: defaultdict[str, Counter[str]], title: str, label: str) -> None:
    if not counts:
        return
    write = terminalreporter.write_line
    terminalreporter.section(title)
    write(f"{label:<15}" + "".join(f"{o:>9}" for o in OUTCOMES) + f"{'pass rate':>11}")
    totals: Counter[str] = Counter()
    for key in sorted(counts):
        row = counts[key]
        totals.update(row)
        write(_row(key, row))
    write(_row("TOTAL", totals))


def _row(label: str, row: Counter[str]) -> str:
    ran = row["passed"] + row["failed"] + row["xfailed"]
    rate = f"{100.0 * row['passed'] / ran:.1f}%" if ran else "-"
    return f"{label:<15}" + "".join(f"{row[o]:>9}" for o in OUTCOMES) + f"{rate:>11}"

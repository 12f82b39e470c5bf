"""Shared fixtures (the repository root, the seed spec), the fake-AWS environment and the
``conformance`` marker's bookkeeping (tests reading ``../shared``, see tests/shared.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from compiler.aws_env import session_env
from tests import fuzz, shared

REPO = Path(__file__).resolve().parents[1]
SHARED = shared.SHARED

# Nothing in the suite may reach AWS: fake credentials with every other credential source (profiles,
# config files, role variables) removed, no metadata service, no CDK telemetry. Forced, not
# defaulted: real credentials in the caller's environment must not survive into a test.
for _name, _value in session_env().items():
    if _value is None:
        os.environ.pop(_name, None)
    else:
        os.environ[_name] = _value

# Hypothesis profiles (dev / ci / thorough): registered before the plugin loads --hypothesis-profile.
fuzz.register()


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A conformance test without ../shared: skipped, or under CI=true failed (CI must run them all)."""
    if item.get_closest_marker(shared.MARKER) is None or not shared.missing():
        return
    if _ci():
        pytest.fail(f"CI=true and the corpus this test reads is {shared.why_missing()}", pytrace=False)
    pytest.skip(f"corpus {shared.why_missing()}")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """One line naming how many conformance tests did not run, and why."""
    if not shared.missing():
        return
    stats = terminalreporter.stats
    reports = [r for key in ("skipped", "failed", "error") for r in stats.get(key, []) if shared.MARKER in getattr(r, "keywords", {})]
    if not reports:
        return
    verdict = "FAILED (CI=true)" if _ci() else "did not run"
    terminalreporter.write_line(
        f"CONFORMANCE: {shared.missing_cases()} corpus cases in {len(reports)} tests {verdict}: "
        f"{shared.why_missing()}", red=True, bold=True,
    )


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_spec() -> Path:
    return REPO / "workflow.yaml"

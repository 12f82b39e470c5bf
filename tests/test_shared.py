"""Tests that stand on their own: the ``conformance`` bookkeeping (the corpus sizes it reports, a run
without ../shared), and no test skipped for want of a dependency scripts/setup installs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests import shared

PROBE = "tests/test_shared.py::test_the_recorded_corpus_sizes_are_the_checked_out_ones"


@shared.conformance
def test_the_recorded_corpus_sizes_are_the_checked_out_ones() -> None:
    for corpus, count in shared.CASES.items():
        assert len(list(corpus.glob("*/*.json"))) == count, f"update tests/shared.py CASES for {corpus}"


def _run_without_shared(ci: str, tmp: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SFN_SHARED_DIR": f"{tmp}/no-shared", "CI": ci}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-n0", PROBE],
                          cwd=shared.REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("ci", "exit_code"), [("", 0), ("true", 1)])
def test_without_shared_one_line_says_what_did_not_run(ci: str, exit_code: int, tmp_path: object) -> None:
    result = _run_without_shared(ci, str(tmp_path))
    lines = [line for line in result.stdout.splitlines() if line.startswith("CONFORMANCE:")]
    assert result.returncode == exit_code, result.stdout[-2000:]
    assert len(lines) == 1, result.stdout[-2000:]
    verdict = "FAILED (CI=true)" if ci else "did not run"
    assert lines[0].startswith(f"CONFORMANCE: {sum(shared.CASES.values())} corpus cases in 1 tests {verdict}: ")
    assert "no-shared/conformance/asl" in lines[0] and "SFN_SHARED_DIR" in lines[0]


def test_no_test_skips_for_a_missing_hard_dependency() -> None:
    """moto, Graphviz, node_modules and the CDK CLI are installed by scripts/setup: import or assert them."""
    offenders = [str(path.relative_to(shared.REPO)) for path in sorted((shared.REPO / "tests").rglob("*.py"))
                 if "importorskip(" in path.read_text(encoding="utf-8") and path.name != "test_shared.py"]
    assert not offenders, f"pytest.importorskip in {offenders}: import the package (it is a pinned dependency)"


def test_tests_find_the_corpora_through_tests_shared() -> None:
    """So that each one carries the marker and honours SFN_SHARED_DIR, instead of skipping on its own."""
    pattern = re.compile(r'(?:parent\s*/\s*|"\.\."\s*/\s*)"shared"')
    offenders = [str(path.relative_to(shared.REPO)) for path in sorted((shared.REPO / "tests").rglob("*.py"))
                 if path.name != "shared.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert not offenders, f"{offenders}: use tests.shared (CONFORMANCE_ASL, ASL_REAL) and @shared.conformance"

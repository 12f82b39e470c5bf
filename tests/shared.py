"""Test data that lives outside the repository: ``../shared`` (conformance recordings, real-world ASL).

The corpora come from public repositories and are not copied in; the tests that read them carry the
``conformance`` marker (and use the paths below). Without ``../shared`` those tests do not run and the
session ends with one line saying how many did not and why; with ``CI=true`` each of them fails
instead (tests/conftest.py). ``SFN_SHARED_DIR`` points at another checkout of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SFN_SHARED_DIR") or REPO.parent / "shared").resolve()
CONFORMANCE_ASL = SHARED / "conformance" / "asl"
CONFORMANCE_SERVICES = SHARED / "conformance" / "services"
ASL_REAL = SHARED / "corpus" / "asl-real"
CORPORA = (CONFORMANCE_ASL, CONFORMANCE_SERVICES, ASL_REAL)
# How many cases each corpus holds (``*/*.json``): what a run without it leaves out. A conformance
# test (tests/test_shared.py) keeps these equal to the checked-out corpus.
CASES = {CONFORMANCE_ASL: 869, CONFORMANCE_SERVICES: 64, ASL_REAL: 226}

MARKER = "conformance"
conformance = pytest.mark.conformance


def missing() -> list[Path]:
    """The corpus folders that are not there (empty: every conformance test can run)."""
    return [path for path in CORPORA if not path.is_dir()]


def why_missing() -> str:
    names = ", ".join(str(path) for path in missing())
    return f"not found: {names} (check out shared/ next to the repository or set SFN_SHARED_DIR)"


def missing_cases() -> int:
    return sum(CASES[path] for path in missing())


def case_id(path: Path) -> str:
    """A corpus case's name: its category folder and file stem (``choice/string_equals``)."""
    return f"{path.parent.name}/{path.stem}"


def case_params(paths: Iterable[Path], make_id: Callable[[Path], str] = case_id) -> list[Any]:
    """One parameter per corpus file; without the corpus one stand-in, so the test is collected,
    counted and skipped (or failed under CI) by the ``conformance`` marker instead of vanishing."""
    params = [pytest.param(path, id=make_id(path)) for path in paths]
    if missing():
        return [pytest.param(None, id="corpus-missing")]
    return params

"""The seed's report, written once per session by ``compiler run ... --report`` (as a user would)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main

REPO = Path(__file__).resolve().parents[2]
_DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.DOTALL)


def report_data(page: str) -> Any:
    match = _DATA.search(page)
    assert match is not None, "no report data in the page"
    return json.loads(match.group(1))


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "run.html"
    here = os.getcwd()
    os.chdir(REPO)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["run", "workflow.yaml", "--machine", "main", "--report", str(path)])
    finally:
        os.chdir(here)
    assert code == 0
    return path

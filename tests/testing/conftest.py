"""Helpers for compiler test / --mock-config tests: running the CLI in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_run import Ran, cli_runner

HERE = Path(__file__).resolve().parent
AWS_EXAMPLE = HERE / "aws_example"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    return cli_runner(capsys)

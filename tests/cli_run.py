"""Running the ``compiler`` CLI in-process and reading what it printed (shared by the conftests)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from compiler.cli import main


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def cli_runner(capsys: pytest.CaptureFixture[str], *prefix: str) -> Callable[..., Ran]:
    """A function that runs ``compiler <prefix> <argv>`` and returns its exit code and output."""

    def run(*argv: str) -> Ran:
        code = main([*prefix, *argv])
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run

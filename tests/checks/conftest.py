"""Shared helpers for the checks tests: compile a spec text and summarise what it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.pipeline import compile_spec

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
SEED = ROOT / "workflow.yaml"


def codes_and_lines(path: Path, *, nag: bool = False) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in compile_spec(path, nag=nag).report.sorted()]


@pytest.fixture
def write_spec(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a spec text to a file in a temporary folder and return its path."""

    def write(text: str | bytes, name: str = "workflow.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write

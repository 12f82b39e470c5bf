"""Rendering one golden case: the same calls ``compiler diff --format markdown|json`` makes."""

from __future__ import annotations

from pathlib import Path

from compiler.diff import diff_programs
from compiler.diff.formats import json_format, markdown
from compiler.diff.graphs import change_graphs
from compiler.diff.load import load_side

CASES = Path(__file__).resolve().parent / "cases"
OUTPUTS = ("expected.md", "expected.json")


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "base.yaml").is_file())


def render_case(case: Path) -> dict[str, str]:
    """expected file name -> text, with the sides labelled as the CLI labels them when run in
    the case's folder (``compiler diff base.yaml head.yaml``)."""
    base = load_side(case / "base.yaml", None, "base.yaml")
    head = load_side(case / "head.yaml", None, "head.yaml")
    assert base.program is not None and head.program is not None, f"{case.name}: a side has errors"
    diff = diff_programs(base.program, head.program, "base.yaml", "head.yaml")
    return {
        "expected.md": markdown.render(diff, change_graphs(base.program, head.program, diff)),
        "expected.json": json_format.render(diff),
    }

"""Diffing two spec texts, as ``compiler diff`` loads its two sides (shared by the diff tests)."""

from __future__ import annotations

from pathlib import Path

from compiler.diff import Diff, diff_programs
from compiler.diff.load import load_side


def diff_texts(tmp_path: Path, base: str, head: str) -> Diff:
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "head.yaml").write_text(head, encoding="utf-8")
    old = load_side(tmp_path / "base.yaml", None, "base")
    new = load_side(tmp_path / "head.yaml", None, "head")
    assert old.program is not None and new.program is not None, new.report.diagnostics
    return diff_programs(old.program, new.program)

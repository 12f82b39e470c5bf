"""Where test files are: the convention ``<spec stem>.test.yaml`` beside a spec, and ``tests/workflow/*.yaml``.

``tests/workflow/*.yaml`` test the ``workflow.yaml`` two folders up unless they name their
``spec:``; ``orders.test.yaml`` tests ``orders.yaml`` beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

SKIP = {".git", ".venv", "node_modules", "cdk.out", "__pycache__", ".mypy_cache", ".ruff_cache"}


def is_test_file(path: Path) -> bool:
    name = path.name
    if name.endswith((".test.yaml", ".test.yml")):
        return True
    parent = path.resolve().parent
    return path.suffix in (".yaml", ".yml") and parent.name == "workflow" and parent.parent.name == "tests"


def in_folder(folder: Path) -> Iterator[Path]:
    """Test files under ``folder`` (depth first, sorted), skipping virtualenvs, node_modules and build output."""
    for path in sorted(folder.iterdir()):
        if path.name in SKIP:
            continue
        if path.is_dir():
            yield from in_folder(path)
        elif is_test_file(path):
            yield path


def for_spec(spec: Path) -> list[Path]:
    """The test files of one spec by the convention (those naming another ``spec:`` are filtered later)."""
    found = []
    for suffix in (".test.yaml", ".test.yml"):
        beside = spec.with_name(spec.name.split(".")[0] + suffix)
        if beside.is_file():
            found.append(beside)
    folder = spec.parent / "tests" / "workflow"
    if folder.is_dir():
        found.extend(sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
    return found

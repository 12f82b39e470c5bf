"""The specs the golden files and the validators cover: the seed and every valid test case."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent


def golden_specs() -> dict[str, Path]:
    """Golden name -> spec file: ``workflow`` for workflow.yaml, else the case's file name."""
    specs = {"workflow": REPO / "workflow.yaml"}
    for path in sorted((REPO / "tests" / "cases" / "valid").glob("*.yaml")):
        specs[path.stem] = path
    return specs

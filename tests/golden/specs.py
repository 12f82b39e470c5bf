"""The specs the golden files and the validators cover: the seed, every valid test case and the
examples that show the resource kinds (``example_<folder>``)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
# examples/<name>/workflow.yaml files with goldens (each also synthesized by tests/emit/test_validators.py).
EXAMPLES = ("orders", "distributed-map", "production")


def golden_specs() -> dict[str, Path]:
    """Golden name -> spec file: ``workflow`` for workflow.yaml, else the case's file name."""
    specs = {"workflow": REPO / "workflow.yaml"}
    for path in sorted((REPO / "tests" / "cases" / "valid").glob("*.yaml")):
        specs[path.stem] = path
    for name in EXAMPLES:
        specs[f"example_{name}"] = REPO / "examples" / name / "workflow.yaml"
    return specs

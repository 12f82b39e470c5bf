"""One synth of the seed per test session (a synth costs ~4 s): every stack test reads it."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from compiler.ir import Program
from compiler.pipeline import compile_spec

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Synth:
    folder: Path  # the copy of the project the synth ran in
    template_path: Path
    text: str
    template: dict[str, Any]
    program: Program

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == kind}


def copy_project(target: Path) -> Path:
    """workflow.yaml and its handlers in a fresh folder (synth must not depend on where it runs)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "workflow.yaml", target / "workflow.yaml")
    shutil.copytree(REPO / "handlers", target / "handlers", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(REPO / "layers", target / "layers")  # the NumPy layer's requirements
    return target / "workflow.yaml"


def synth_copy(folder: Path, *, nag: bool = True) -> Synth:
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    spec = copy_project(folder)
    result = synthesize(make_app(str(folder / "cdk.out")), spec, nag=nag)
    assert result.ok and result.template is not None, [d.message for d in result.report.diagnostics]
    text = result.template.read_text(encoding="utf-8")
    compiled = compile_spec(spec)
    assert compiled.program is not None
    return Synth(folder, result.template, text, json.loads(text), compiled.program)


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    return synth_copy(tmp_path_factory.mktemp("synth-a"))

"""Fixtures of the deploy tests: one synth of the seed per session (into a tmp folder, never the
repository's cdk.out), and moto servers that are always stopped, also when a test fails."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.deploy.server import MotoServer
from compiler.ir import Program
from compiler.pipeline import compile_spec

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Assembly:
    spec: Path
    outdir: Path
    program: Program


def copy_seed(target: Path, *, text: str | None = None) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    spec = target / "workflow.yaml"
    spec.write_text(text if text is not None else (REPO / "workflow.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    shutil.copytree(REPO / "handlers", target / "handlers", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(REPO / "layers", target / "layers")  # the NumPy layer's requirements
    return spec


def assemble(spec: Path, outdir: Path, *, nag: bool = False) -> Assembly:
    """Synthesize ``spec`` into ``outdir`` (in-process, no CDK CLI) and lower it: what a deploy test
    deploys and what it compares the deployment with. nag is off by default: it validates, it does
    not change what is deployed, and it costs a second or two."""
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    result = synthesize(make_app(str(outdir)), spec, nag=nag)
    assert result.ok, [d.message for d in result.report.diagnostics]
    compiled = compile_spec(spec)
    assert compiled.program is not None
    return Assembly(spec, outdir, compiled.program)


def synth(folder: Path, *, text: str | None = None) -> Assembly:
    return assemble(copy_seed(folder, text=text), folder / "cdk.out")


@pytest.fixture(scope="session")
def seed_assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    return synth(tmp_path_factory.mktemp("deploy-seed"))


@pytest.fixture
def moto_server() -> Iterator[MotoServer]:
    server = MotoServer()
    try:
        yield server.start()
    finally:
        server.stop()

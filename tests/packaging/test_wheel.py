"""The built wheel, installed outside this repository, starts and synthesizes a project of its own.

One slow test walks a new user's path: ``python -m build`` (sdist, then the wheel from it); a fresh virtual environment
in a temporary folder; ``pip install --no-deps`` of the wheel into it; ``compiler init --example
seed``; ``npm ci``; ``compiler validate``, ``compiler run``, ``compiler test``, ``compiler synth`` and ``npx cdk
synth`` in that folder, and ``compiler synth`` of its spec from another folder. Every template
must equal this repository's golden for the seed, byte for byte.

The fresh environment gets its dependencies from the locked set already installed in this
repository's .venv (one line in a .pth file, read by `site` at start-up) instead of installing
~460 MB again: ``pip check`` proves they satisfy the wheel's declared ranges. Nothing of this
repository is on PATH or importable there otherwise: ``compiler`` is the wheel's copy (asserted).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

GOLDEN = REPO / "tests" / "golden" / "templates" / "workflow.template.json"
TEMPLATE = "cdk.out/step-functions.template.json"
TIMEOUT = 600


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert proc.returncode == 0, f"{' '.join(command)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _clean_env(venv: Path) -> dict[str, str]:
    """The caller's environment without this repository: no .venv or node_modules on PATH."""
    keep = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not Path(p).is_relative_to(REPO)]
    env = {k: v for k, v in os.environ.items() if k not in ("JSII_NODE", "REPO_ROOT", "VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *keep])
    return env


def test_wheel_installed_elsewhere_inits_validates_runs_and_synthesizes_the_seed(tmp_path: Path) -> None:
    assert not tmp_path.is_relative_to(REPO)
    if shutil.which("npm") is None:
        pytest.fail("npm is not on PATH (scripts/setup needs Node and npm)")
    dist = tmp_path / "dist"
    # sdist first, then the wheel from the unpacked sdist (what `python -m build` does): no stale build/
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)], REPO, dict(os.environ))
    wheels = list(dist.glob("sfn_workflow_compiler-*.whl"))
    assert len(wheels) == 1 and len(list(dist.glob("sfn_workflow_compiler-*.tar.gz"))) == 1, list(dist.iterdir())

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, dict(os.environ))
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
          str(wheels[0])], tmp_path, dict(os.environ))
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, dict(os.environ)).strip())
    (site / "locked_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = _clean_env(venv)
    where = _run([str(python), "-c", "import compiler; print(compiler.__file__)"], tmp_path, env)
    assert Path(where.strip()).is_relative_to(site), where
    _run([sys.executable, "-m", "pip", "--python", str(python), "check"], tmp_path, env)
    version = _run([str(venv / "bin" / "compiler"), "--version"], tmp_path, env)
    assert "aws-cdk-lib" in version and "cdk-nag" in version

    project = tmp_path / "project"
    _run(["compiler", "init", str(project), "--example", "seed"], tmp_path, env)
    _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"], project, env)
    golden = GOLDEN.read_bytes()

    _run(["compiler", "validate"], project, env)
    run = _run(["compiler", "run"], project, env)
    assert "Parallel Task" in run
    assert "passed" in _run(["compiler", "test"], project, env)  # the seed's workflow tests, copied by init
    _run(["compiler", "synth"], project, env)
    assert (project / TEMPLATE).read_bytes() == golden, "compiler synth differs from the golden"

    shutil.rmtree(project / "cdk.out")
    _run(["npx", "--no-install", "cdk", "synth", "-q", "--no-notices"], project, env)
    assert (project / TEMPLATE).read_bytes() == golden, "npx cdk synth differs from the golden"

    # The same template from another working folder: nothing is read relative to it.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _run(["compiler", "synth", str(project / "workflow.yaml"), "-o", "out"], elsewhere, env)
    assert (elsewhere / "out" / "step-functions.template.json").read_bytes() == golden, \
        "compiler synth from another folder differs"

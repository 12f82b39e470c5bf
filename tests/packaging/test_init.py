"""``compiler init``: the files of a new project, refusing to overwrite, validate passing there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.packaged import cdk_context
from compiler.scaffold.plan import available, plan
from compiler.schema_gen import render_schema
from tests.conftest import REPO

EXPECTED = {
    ".github/workflows/workflow.yml", ".gitignore", ".pre-commit-config.yaml", "cdk.json", "package-lock.json",
    "package.json", "requirements.txt", "schema/workflow.schema.json", "schema/workflow-test.schema.json",
    "workflow.yaml",
}


def test_seed_is_this_repositorys_workflow_and_handlers() -> None:
    files = plan("seed", "p")
    handlers = {f"handlers/{name}/lambda_function.py" for name in ("error", "first", "second", "third")}
    assert set(files) - EXPECTED == handlers | {"tests/workflow/seed.yaml", "layers/numpy/requirements.txt"}
    assert files["tests/workflow/seed.yaml"] == (REPO / "tests" / "workflow" / "seed.yaml").read_bytes()
    assert files["workflow.yaml"] == (REPO / "workflow.yaml").read_bytes()
    for name in ("error", "first", "second", "third"):
        path = f"handlers/{name}/lambda_function.py"
        assert files[path] == (REPO / path).read_bytes()
    assert files["schema/workflow.schema.json"] == render_schema().encode()


def test_minimal_points_its_schema_line_at_the_schema_it_writes() -> None:
    files = plan("minimal", "p")
    assert files["workflow.yaml"].startswith(b"# yaml-language-server: $schema=schema/workflow.schema.json\n")
    assert "handlers/greet/lambda_function.py" in files
    assert files["tests/workflow/greet.yaml"].startswith(
        b"# yaml-language-server: $schema=../../schema/workflow-test.schema.json\n")
    assert not [name for name in files if "__pycache__" in name or name.endswith(".pyc")]


def test_cdk_json_runs_the_installed_package_with_the_pinned_flags() -> None:
    config = json.loads(plan("minimal", "p")["cdk.json"])
    assert config["app"] == "compiler-cdk-app"
    pinned = {k: v for k, v in cdk_context().items() if not k.startswith("aws:")}
    assert config["context"] == pinned
    repo_config = json.loads((REPO / "cdk.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in repo_config["context"].items() if not k.startswith("aws:")} == pinned


def test_init_writes_a_project_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my project"
    assert main(["init", str(target)]) == 0
    out = capsys.readouterr().out
    assert "npm ci" in out and "compiler validate" in out
    assert {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} == set(plan("minimal", "x"))
    assert main(["validate", str(target / "workflow.yaml")]) == 0
    assert main(["test", str(target / "workflow.yaml")]) == 0  # the example's workflow tests pass there
    assert json.loads((target / "package.json").read_text())["name"] == "my-project"


def test_init_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path), "--example", "seed"]) == 0
    assert main(["init", str(tmp_path), "--example", "seed"]) == 0  # identical files: nothing to refuse
    (tmp_path / "workflow.yaml").write_text("mine\n")
    capsys.readouterr()
    assert main(["init", str(tmp_path), "--example", "seed"]) == 1
    err = capsys.readouterr().err
    assert "workflow.yaml" in err and "--force" in err
    assert (tmp_path / "workflow.yaml").read_text() == "mine\n"
    assert main(["init", str(tmp_path), "--example", "seed", "--force"]) == 0
    assert (tmp_path / "workflow.yaml").read_bytes() == (REPO / "workflow.yaml").read_bytes()


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert main(["init", str(tmp_path / "f")]) == 2


def test_examples_offered_are_the_ones_shipped() -> None:
    assert {"minimal", "seed"} <= set(available())
    assert ("orders" in available()) == (REPO / "examples" / "orders" / "workflow.yaml").is_file()


def test_init_orders_writes_the_saga_with_its_inputs_and_workflow_tests(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert "orders" in available()
    target = tmp_path / "shop"
    assert main(["init", str(target), "--example", "orders"]) == 0
    written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert written == set(plan("orders", "shop"))
    assert written - EXPECTED == {"input.json", "input-compensate.json", "tests/workflow/orders.yaml"}
    assert (target / "workflow.yaml").read_bytes().startswith(b"# yaml-language-server: $schema=schema/workflow.schema.json\n")
    assert main(["validate", str(target / "workflow.yaml")]) == 0
    assert main(["test", str(target / "workflow.yaml")]) == 0  # happy path, two compensations, a rejection

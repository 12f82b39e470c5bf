"""``compiler diff REV``, ``A..B`` and the error exits, in a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.cli import main

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / "workflow.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "workflow.yaml").write_text(SEED, encoding="utf-8")
    git(tmp_path, "add", "workflow.yaml")
    git(tmp_path, "commit", "-q", "-m", "seed")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(repo: Path, old: str, new: str, name: str = "workflow.yaml") -> None:
    path = repo / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_head_against_the_working_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "HEAD", "--exit-code"]) == 0
    assert "No changes in meaning" in capsys.readouterr().out
    edit(repo, "result_path: $.second_result", "result_path: $.renamed")
    assert main(["diff", "HEAD", "--exit-code"]) == 1
    out = capsys.readouterr().out
    assert "HEAD:workflow.yaml → workflow.yaml (working tree)" in out
    assert "/ResultPath: $.second_result → $.renamed" in out


def test_range_between_two_commits(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "Third Task", "Third Step")
    git(repo, "commit", "-q", "-am", "rename")
    edit(repo, "memory_size: 128\n    timeout: 10\n\n  second", "memory_size: 256\n    timeout: 10\n\n  second")
    for argv in (["HEAD~1..HEAD"], ["HEAD~1", "HEAD"], ["main~1...main"]):
        assert main(["diff", *argv, "--format", "json", "--exit-code"]) == 1
        out = capsys.readouterr().out
        assert '"old_name": "Third Task"' in out
        assert "memory_size" not in out  # the uncommitted edit is not part of the range


def test_spec_option_picks_another_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "sub").mkdir()
    (repo / "sub" / "other.yaml").write_text(SEED, encoding="utf-8")
    git(repo, "add", "sub/other.yaml")
    git(repo, "commit", "-q", "-m", "other")
    edit(repo, "bucket_name: sfn-bucket-by-aws-cdk", "bucket_name: another-bucket", "sub/other.yaml")
    assert main(["diff", "HEAD", "--spec", "sub/other.yaml", "--exit-code"]) == 1
    assert "replaced (BucketName changed)" in capsys.readouterr().out


def test_spec_missing_at_the_base_revision_is_all_added(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "new.yaml").write_text(SEED, encoding="utf-8")
    assert main(["diff", "HEAD", "--spec", "new.yaml", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"kind": "added"' in out and '"removed"' not in out


def test_unknown_revision_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch"]) == 2
    assert "neither a spec file nor a git revision" in capsys.readouterr().err


def test_a_revision_outside_a_repository_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "workflow.yaml"
    spec.write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no repository above it either
    assert main(["diff", "HEAD", "--spec", str(spec)]) == 2
    assert "is not inside a git repository" in capsys.readouterr().err


def test_a_side_with_errors_prints_its_diagnostics_and_exits_2(repo: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "next: Error Task", "next: Eror Task")
    assert main(["diff", "HEAD", "--exit-code"]) == 2
    err = capsys.readouterr().err
    assert "workflow.yaml (working tree):" in err and "error[" in err and "has errors" in err


def test_outside_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "workflow.yaml").write_text(SEED, encoding="utf-8")
    assert main(["diff", "HEAD"]) == 2
    assert "compiler diff:" in capsys.readouterr().err

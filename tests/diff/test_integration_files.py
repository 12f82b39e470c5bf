"""The GitHub Actions workflow and the pre-commit hook: the commands they run really exist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from compiler.cli import build_parser

REPO = Path(__file__).resolve().parents[2]


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_review_workflow_validates_and_comments_the_diff() -> None:
    workflow = load(REPO / ".github" / "workflows" / "workflow-review.yml")
    triggers = workflow.get("on", workflow.get(True))  # a YAML 1.1 reader turns `on` into True
    assert "pull_request" in triggers
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["review"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert {"uses": "./"} in steps  # the composite action (action.yml; run by tests/packaging/test_action.py)
    action_steps = load(REPO / "action.yml")["runs"]["steps"]
    scripts = "\n".join(s.get("run", "") for s in action_steps)
    assert "compiler validate --format github" in scripts
    assert 'compiler diff "origin/$BASE_REF" --spec "$spec" --format markdown' in scripts
    assert "${{" not in scripts  # values reach scripts through env, never by interpolation


def test_review_workflow_uses_only_existing_options() -> None:
    parser, _ = build_parser()
    parser.parse_args(["validate", "--format", "github"])
    parser.parse_args(["diff", "origin/main", "--format", "markdown", "-o", "diff.md"])


def test_pre_commit_hook() -> None:
    [hook] = load(REPO / ".pre-commit-hooks.yaml")
    assert hook["id"] == "compiler-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "compiler validate"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("workflow.yaml", "workflow.yml", "infra/workflow.yaml"):
        assert files.search(name), name
    for name in ("my-workflow.yaml", "workflow.yaml.bak", "workflow.json"):
        assert not files.search(name), name

"""action.yml, run here: each step's command in a scratch git repository, as the runner would.

GitHub cannot run here, so this test plays the runner: it reads action.yml, evaluates each step's
``if`` and ``env`` (the few expression forms the action uses; anything else fails the test), and
runs each ``run`` script with ``bash --noprofile --norc -eo pipefail`` and GitHub's file-based
outputs (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP). Two steps are not run: the
``uses: actions/setup-python`` step (a JavaScript action) and "Install compiler" (``pip install`` of
this repository; tests/packaging/test_wheel.py installs the built wheel instead); ``compiler`` is
this repository's. ``gh`` is a fake on PATH that records the API calls the comment step makes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.conftest import REPO

ACTION = REPO / "action.yml"
NOT_RUN = {"Install compiler"}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
SPEC = """\
version: 1
state_machines:
  main:
    states:
      First:
        type: pass
"""
TEST_FILE = """\
version: 1
cases:
  - name: both states run
    machine: main
    expect:
      states: [First, Second]
"""
FAKE_GH = """#!/usr/bin/env bash
# Records each call; a body given as -F body=@FILE is recorded with the file's content.
{ printf 'gh'; printf ' %s' "$@"; printf '\\n'; } >> "$GH_LOG"
for arg in "$@"; do
  case "$arg" in body=@*) cat "${arg#body=@}" >> "$GH_LOG";; esac
done
case "$*" in *--paginate*) printf '%s' "${EXISTING_COMMENT:-}";; esac
"""


@dataclass
class Runner:
    """The runner's view: inputs, the github context, step outputs, and what each step did."""

    workdir: Path
    inputs: dict[str, str]
    github: dict[str, str]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stdout: str = ""
    failed: str | None = None

    def value(self, expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs":
            return self.inputs[".".join(parts[1:])]
        if parts[0] == "github":
            return self.github[".".join(parts[1:])]
        if parts[0] == "steps" and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"action.yml uses an expression this test cannot evaluate: {expression}")

    def condition(self, text: str) -> bool:
        result = True
        for clause in text.split("&&"):
            left, op, right = clause.strip().partition("==")
            assert op and re.fullmatch(r"\s*'[^']*'\s*", right), f"unsupported condition: {text}"
            result &= self.value(left.strip()) == right.strip().strip("'")
        return result

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.value(m.group(1)), text)


def load_action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    return data


def play(runner: Runner, env: dict[str, str]) -> None:
    action = load_action()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    runner.inputs = {**{k: runner.substitute(v) if "github" in v else v for k, v in inputs.items()}, **runner.inputs}
    temp = runner.workdir.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    for step in action["runs"]["steps"]:
        name = step.get("name") or step.get("uses")
        if "if" in step and not runner.condition(step["if"]):
            continue
        if "uses" in step or name in NOT_RUN:
            runner.skipped.append(name)
            continue
        assert step["shell"] == "bash" and "${{" not in step["run"], f"{name}: expressions belong in env"
        output = temp / f"output-{len(runner.ran)}"
        output.write_text("")
        step_env = {**env, **{k: runner.substitute(str(v)) for k, v in step.get("env", {}).items()},
                    "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output),
                    "GITHUB_STEP_SUMMARY": str(temp / "summary.md"), "GITHUB_ACTION_PATH": str(REPO)}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=runner.workdir, env=step_env, capture_output=True, text=True, timeout=120,
                              check=False)
        runner.ran.append(name)
        runner.stdout += proc.stdout + proc.stderr
        if "id" in step:
            pairs = (line.partition("=") for line in output.read_text().splitlines() if "=" in line)
            runner.outputs[step["id"]] = {k: v for k, _, v in pairs}
        if proc.returncode != 0:
            runner.failed = name
            return


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})


def scratch_repo(root: Path) -> Path:
    """main: two specs; HEAD: one spec gains a state, the other gets an error, a file that is no spec."""
    repo = root / "repo"
    (repo / "svc").mkdir(parents=True)
    (repo / "workflow.yaml").write_text(SPEC)
    (repo / "svc" / "workflow.yaml").write_text(SPEC)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "workflow.yaml").write_text(SPEC + "      Second:\n        type: succeed\n")
    (repo / "svc" / "workflow.yaml").write_text(SPEC.replace("type: pass", "type: pass\n        next: Nowhere"))
    (repo / "notes.md").write_text("not a spec\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "change")
    return repo


def environment(root: Path, existing_comment: str = "") -> dict[str, str]:
    bin_dir = root / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, "GH_LOG": str(root / "gh.log"), "EXISTING_COMMENT": existing_comment}


def pull_request() -> dict[str, str]:
    return {"event_name": "pull_request", "base_ref": "main", "repository": "o/r",
            "event.pull_request.number": "7", "token": "t0ken"}


def test_pull_request_annotates_errors_posts_the_diff_and_fails(tmp_path: Path) -> None:
    runner = Runner(scratch_repo(tmp_path), {}, pull_request())
    play(runner, environment(tmp_path))
    assert runner.skipped == ["actions/setup-python@v5", "Install compiler"]
    assert runner.outputs["validate"]["errors"] == "true"
    assert "::error file=svc/workflow.yaml,line=" in runner.stdout  # an annotation on the broken spec
    assert "found 2 spec(s), 2 changed" in runner.stdout
    assert runner.failed == "Fail when a spec has errors"
    log = (tmp_path / "gh.log").read_text()
    assert "gh api repos/o/r/issues/7/comments --paginate" in log
    assert "gh api -X POST repos/o/r/issues/7/comments -F body=@" in log
    body = log.split("-F body=@", 1)[1]
    assert "### `workflow.yaml`" in body and "Second" in body  # the added state, in meaning
    assert "### `svc/workflow.yaml`" in body and "could not compare" in body  # the broken side, said so
    assert "notes.md" not in body and "<!-- compiler-diff -->" in body
    assert (tmp_path / "runner-temp" / "summary.md").read_text() == body.split("\n", 1)[1]


def test_an_existing_comment_is_updated_in_place_and_workflow_tests_run(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path)
    (repo / "svc" / "workflow.yaml").write_text(SPEC)
    (repo / "tests" / "workflow").mkdir(parents=True)
    (repo / "tests" / "workflow" / "main.yaml").write_text(TEST_FILE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "fix, and a workflow test")
    runner = Runner(repo, {}, pull_request())
    play(runner, environment(tmp_path, existing_comment="4242\n"))
    assert runner.failed is None and runner.outputs["validate"]["errors"] == "false"
    assert runner.outputs["test"]["failed"] == "false" and "1 passed" in runner.stdout
    log = (tmp_path / "gh.log").read_text()
    assert "gh api -X PATCH repos/o/r/issues/comments/4242 -F body=@" in log and "-X POST" not in log


def test_a_failing_workflow_test_fails_the_job(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path)
    (repo / "svc" / "workflow.yaml").write_text(SPEC)
    (repo / "tests" / "workflow").mkdir(parents=True)
    (repo / "tests" / "workflow" / "main.yaml").write_text(TEST_FILE.replace("[First, Second]", "[Second]"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a failing workflow test")
    runner = Runner(repo, {}, pull_request())
    play(runner, environment(tmp_path))
    assert runner.outputs["test"]["failed"] == "true" and runner.failed == "Fail when a workflow test fails"


def test_a_push_validates_without_a_comment(tmp_path: Path) -> None:
    runner = Runner(scratch_repo(tmp_path), {}, {**pull_request(), "event_name": "push", "base_ref": ""})
    play(runner, environment(tmp_path))
    assert "compiler diff" not in runner.ran and not (tmp_path / "gh.log").exists()
    assert "no workflow test files" in runner.stdout
    assert runner.failed == "Fail when a spec has errors"

"""The nag check's tables against their sources: every resource kind, cdk-nag's L1, cfn-lint's runtime dates.

Whether the predictions match cdk-nag itself is tests/emit/test_synth_differential.py.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

import pytest

from compiler.checks.nag import KIND_RULES, LATEST_RUNTIMES
from compiler.checks.runtime_lifecycle import LIFECYCLE
from compiler.model.resources import Resource, Runtime


def _kinds() -> set[str]:
    union = typing.get_args(Resource)[0]
    return {typing.get_args(member.model_fields["type"].annotation)[0] for member in typing.get_args(union)}


def test_every_resource_kind_says_what_cdk_nag_flags() -> None:
    """A new kind must declare its cdk-nag rules in compiler/checks/nag.py's KIND_RULES (an empty
    tuple when what it emits is nag-clean); the differential test then holds that against cdk-nag."""
    assert _kinds() - KIND_RULES.keys() == set(), "add the kind to KIND_RULES in compiler/checks/nag.py"
    assert KIND_RULES.keys() - _kinds() == set()


def test_latest_runtimes_are_the_newest_cdk_knows() -> None:
    """cdk-nag's L1 compares a function's runtime with the newest of its family in aws-cdk-lib."""
    from aws_cdk import aws_lambda

    def version(name: str) -> tuple[int, ...]:
        digits = name.removeprefix("python").removeprefix("nodejs").removesuffix(".x")
        return tuple(int(part) for part in digits.split(".") if part.isdigit())

    for family, latest in LATEST_RUNTIMES.items():
        names = [r.name for r in aws_lambda.Runtime.ALL if r.name.startswith(family) and version(r.name)]
        assert latest == max(names, key=version), family
        assert latest in typing.get_args(Runtime), f"the spec must accept {latest}: L1's fix"


def test_runtime_dates_are_cfn_lints() -> None:
    import cfnlint

    data = json.loads((Path(cfnlint.__file__).parent / "data" / "AdditionalSpecs" / "LmbdRuntimeLifecycle.json")
                      .read_text(encoding="utf-8"))
    for runtime in typing.get_args(Runtime):
        theirs = data.get(runtime)
        if theirs is None or theirs.get("successor") is None:
            assert runtime not in LIFECYCLE, runtime
            continue
        ours = LIFECYCLE[runtime]
        assert ours == (theirs["deprecated"], theirs["create-block"], theirs["update-block"], theirs["successor"]), runtime


def test_validate_never_imports_cdk_for_nag() -> None:
    import subprocess

    code = ("import sys; from compiler.cli import main; main(['validate', 'tests/cases/invalid/w411_nag.yaml']); "
            "sys.exit(2 if any(m.startswith(('aws_cdk', 'cdk_nag', 'cfnlint')) for m in sys.modules) else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning[W411]" in done.stdout


def test_a_runtime_aws_no_longer_creates_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from datetime import date

    from compiler.checks import runtime_lifecycle
    from compiler.pipeline import compile_spec

    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "app.py").write_text("def handler(event, context):\n    return event\n", "utf-8")
    spec = tmp_path / "workflow.yaml"
    spec.write_text("version: 1\nresources:\n  fn: {type: function, code: fn, handler: app.handler, "
                    "runtime: python3.10}\nstate_machines:\n  m:\n    states:\n      A: {type: task, invoke: fn}\n")
    seen = []
    for day, expected in ((date(2026, 10, 30), []), (date(2026, 11, 1), ["warning"]), (date(2027, 2, 1), ["error"])):
        monkeypatch.setattr(runtime_lifecycle, "today", lambda day=day: day)
        found = [d for d in compile_spec(spec).report.diagnostics if d.code == "W412"]
        seen.append([str(d.severity) for d in found])
        assert [(d.span.line, d.span.col) for d in found] == [(3, 65)] * len(expected)
    assert seen == [[], ["warning"], ["error"]]

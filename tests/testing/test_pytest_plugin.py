"""The pytest plugin (entry point pytest11): each case is an item; only convention files; can be turned off."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

TESTS = """\
version: 1
spec: {spec}
cases:
  - name: third succeeds
    machine: sub
    input: {{parallel_no: 3, first_result: {{}}, message: hi, context_name: x, const_value: ham}}
    expect: {{output: only 3rd message.}}
  - name: third is expected to fail
    machine: sub
    input: {{parallel_no: 3, first_result: {{}}, message: hi, context_name: x, const_value: ham}}
    expect: {{output: something else}}
"""


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    found = {e.name: e.value for e in entry_points(group="pytest11")}
    assert found.get("sfn_workflow") == "compiler.testing.pytest_plugin"


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-n0",
                           "-rA", *args], cwd=folder, capture_output=True, text=True, check=False, timeout=300)


def test_each_case_is_an_item_and_only_convention_files_are_collected(tmp_path: Path) -> None:
    (tmp_path / "orders.test.yaml").write_text(TESTS.format(spec=REPO / "workflow.yaml"), "utf-8")
    (tmp_path / "not-a-test.yaml").write_text("version: 1\ncases: oops\n", "utf-8")
    ran = _pytest(tmp_path)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "PASSED orders.test.yaml::third succeeds" in ran.stdout
    assert "FAILED orders.test.yaml::third is expected to fail" in ran.stdout
    assert 'expected: "something else"' in ran.stdout
    assert "not-a-test.yaml" not in ran.stdout
    off = _pytest(tmp_path, "--no-workflow-tests")
    assert off.returncode == 5, off.stdout  # no tests collected
    disabled = _pytest(tmp_path, "-p", "no:sfn_workflow")
    assert disabled.returncode == 5, disabled.stdout

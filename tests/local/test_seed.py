"""``compiler run workflow.yaml --machine main`` reproduces the seed post's 実行結果, branch by branch."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections.abc import Callable
from typing import Any

import pytest

from compiler.cli import main
from compiler.local.screen import cells
from tests.local.conftest import REPO, Ran

BODY = re.compile(r"Hello world \n value: \d\.\d+(e-\d+)?")


def _error_output(message: str) -> dict[str, Any]:
    # The post's Error Task output (line 3: our handlers have the post's code without its imports).
    frame = f"  File \"/var/task/lambda_function.py\", line 3, in lambda_handler\n    raise Exception('{message}')\n"
    return {"error_message": {"errorMessage": message, "errorType": "Exception", "stackTrace": [frame]}}


@pytest.fixture(scope="module")
def seed_json() -> dict[str, Any]:
    """One run for the module's checks (capsys is per test, so stdout is redirected here)."""
    buffer = io.StringIO()
    here = os.getcwd()
    os.chdir(REPO)
    try:
        with contextlib.redirect_stdout(buffer):
            code = main(["run", "workflow.yaml", "--machine", "main", "--format", "json"])
    finally:
        os.chdir(here)
    assert code == 0
    return dict(json.loads(buffer.getvalue()))


def _branches(doc: dict[str, Any]) -> dict[int, dict[str, Any]]:
    subs = [e for e in doc["executions"] if e["machine"] == "sfn_sub_state_machine"]
    return {e["input"]["parallel_no"]: e for e in subs}


def _states(execution: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in execution["states"]}


def _scheduled(execution: dict[str, Any], resource_suffix: str) -> Any:
    for event in execution["events"]:
        details = event.get("lambdaFunctionScheduledEventDetails")
        if details and details["resource"].endswith(resource_suffix):
            return json.loads(details["input"])
    raise AssertionError(f"no LambdaFunctionScheduled for {resource_suffix}")


def test_the_main_machine_and_its_first_task(seed_json: dict[str, Any]) -> None:
    assert seed_json["status"] == "SUCCEEDED"
    main = seed_json["executions"][0]
    assert main["machine"] == "sfn_main_state_machine" and main["parent_arn"] is None
    first = _states(main)["S3 Lambda Task"]
    assert _scheduled(main, ":function:sfn_first_lambda") == {"message": "Hello world"}
    assert set(first["output"]) == {"body", "message"}
    assert first["output"]["message"] == "Hello world"
    assert BODY.fullmatch(first["output"]["body"])
    # The three sub machine runs, one per branch, each a child of the main execution.
    assert sorted(_branches(seed_json)) == [1, 2, 3]
    assert all(e["parent_arn"] == main["arn"] and e["status"] == "SUCCEEDED" for e in _branches(seed_json).values())


def test_the_first_handler_wrote_its_file_to_the_embedded_s3(seed_json: dict[str, Any]) -> None:
    body = _states(seed_json["executions"][0])["S3 Lambda Task"]["output"]["body"]
    (obj,) = seed_json["s3_objects"]
    assert obj == {"bucket": "sfn-bucket-by-aws-cdk", "key": "sfn_first.txt", "size": len(body.encode()),
                   "content": body}


def test_branch_3_all_tasks_succeed(seed_json: dict[str, Any]) -> None:
    branch = _branches(seed_json)[3]
    first = _states(seed_json["executions"][0])["S3 Lambda Task"]["output"]
    assert _scheduled(branch, ":function:sfn_second_lambda") == {
        "first_result": first, "parallel_no": 3, "message": "Hello world",
        "context_name": "Sub Task 3", "const_value": "ham"}
    states = _states(branch)
    second_output = {"second_result": {"message": "Hello world", "const_value": "ham"}, "parallel_no": 3}
    assert states["Second Task"]["output"] == second_output
    assert _scheduled(branch, ":function:sfn_third_lambda") == second_output
    assert states["Third Task"]["output"] == "only 3rd message."
    assert branch["output"] == "only 3rd message."
    assert "Error Task" not in states


def test_branch_2_fails_in_the_second_task(seed_json: dict[str, Any]) -> None:
    branch = _branches(seed_json)[2]
    scheduled = _scheduled(branch, ":function:sfn_second_lambda")
    assert (scheduled["parallel_no"], scheduled["context_name"]) == (2, "Sub Task 2")
    states = _states(branch)
    assert states["Second Task"]["error"] == "Exception"
    assert "Third Task" not in states
    assert states["Error Task"]["output"] == _error_output("偶数です")


def test_branch_1_fails_in_the_third_task(seed_json: dict[str, Any]) -> None:
    branch = _branches(seed_json)[1]
    assert _scheduled(branch, ":function:sfn_third_lambda")["parallel_no"] == 1
    states = _states(branch)
    assert states["Third Task"]["error"] == "Exception"
    assert states["Error Task"]["output"] == _error_output("強制的にエラーとします")


def test_the_json_document_prints_unicode_as_is(run_cli: Callable[..., Ran], in_repo: Any) -> None:
    ran = run_cli("--format", "json")
    assert ran.code == 0
    assert "偶数です" in ran.out and "\\u5076" in ran.out  # as is in outputs; escaped inside Lambda's cause text


def _rows(text: str, columns: int) -> int:
    """Terminal rows ``text`` takes at ``columns`` cells, long lines wrapped (CJK characters take two cells)."""
    return sum(max(1, -(-cells(line) // columns)) for line in text.splitlines())


def test_the_default_view_fits_on_a_screen(run_cli: Callable[..., Ran], in_repo: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    ran = run_cli("workflow.yaml", "--machine", "main")
    assert ran.code == 0, ran.err
    out = ran.out
    assert _rows(out, 80) <= 60, out
    assert "\\u" not in out and "\033[" not in out  # text as written; no colour when not a terminal
    lines = out.splitlines()
    # A tree in the order things ran: each nested execution under the task that started it.
    assert lines[0].startswith("sfn_main_state_machine (main)  SUCCEEDED  execution ")
    branches = {}
    for i in (1, 2, 3):
        start = lines.index(f"    branch {i}")
        assert lines[start + 1].startswith(f"      ✓ Sub Task {i}  → ")
        assert lines[start + 2].startswith("        ↳ sfn_sub_state_machine  SUCCEEDED  execution ")
        branches[i] = lines[start + 3:start + 6]
    assert branches[1][1] == '          ↪ Third Task  caught Exception "強制的にエラーとします" → Error Task'
    assert branches[2][0] == '          ↪ Second Task  caught Exception "偶数です" → Error Task'
    assert branches[3][1] == '          ✓ Third Task  → "only 3rd message."'
    # Each state is one line, its output preview cut to the width.
    assert all(cells(line) <= 80 for line in lines[:lines.index("status: SUCCEEDED")])
    # The final output once, in full (one StartExecution response per line: they are long).
    assert out.count('"SdkHttpMetadata"') == 3
    document = out[out.index("output:\n") + len("output:\n"):out.index("\n\nS3 objects")]
    names = [item["ExecutionArn"].rsplit(":", 1)[-1] for item in json.loads(document)]
    shown = [line.split("  execution ")[1].rstrip("…") for line in lines if "↳ sfn_sub_state_machine" in line]
    assert len(shown) == 3 and all(name.startswith(cut) for name, cut in zip(names, shown, strict=True))
    assert re.search(r"s3://sfn-bucket-by-aws-cdk/sfn_first.txt  \(\d+ bytes\)\n    \| Hello world \n    \|  value: ", out)

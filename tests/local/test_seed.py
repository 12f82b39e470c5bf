"""``compiler run workflow.yaml --machine main`` reproduces the seed post's 実行結果, branch by branch."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from compiler.cli import main
from tests.local.conftest import REPO, Ran

pytest.importorskip("moto")

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


def _block(title: str, value: Any, indent: str) -> str:
    return f"{indent}{title}:\n" + textwrap.indent(json.dumps(value, ensure_ascii=False, indent=2), indent + "  ")


def test_the_text_view_lists_the_posts_blocks(run_cli: Callable[..., Ran], in_repo: Any) -> None:
    ran = run_cli("workflow.yaml", "--machine", "main")
    assert ran.code == 0, ran.err
    out = ran.out
    # Every execution, the nested ones with the state that started them.
    assert "=== sfn_main_state_machine (main)" in out
    for i in (1, 2, 3):
        assert re.search(rf"=== sfn_sub_state_machine — nested execution \S+, started by 'Sub Task {i}'", out)
    assert _block("TaskStateExited", {"name": "Third Task", "output": "only 3rd message."}, "    ") in out
    second = {"name": "Second Task",
              "output": {"second_result": {"message": "Hello world", "const_value": "ham"}, "parallel_no": 3}}
    assert _block("TaskStateExited", second, "    ") in out
    for message in ("偶数です", "強制的にエラーとします"):
        assert _block("TaskStateExited", {"name": "Error Task", "output": _error_output(message)}, "    ") in out
    scheduled = _block("LambdaFunctionScheduled", {
        "resource": "arn:aws:lambda:us-east-1:123456789012:function:sfn_first_lambda",
        "input": {"message": "Hello world"}, "timeoutInSeconds": None}, "    ")
    assert scheduled in out
    assert re.search(r'"body": "Hello world \\n value: \d\.\d+', out)
    # Branch states sit under the Parallel state.
    assert "\n    ▶ Sub Task 2 (Task)\n" in out
    # The object the first handler wrote, with its content.
    assert re.search(r"s3://sfn-bucket-by-aws-cdk/sfn_first.txt  \(\d+ bytes\)\n    \| Hello world \n    \|  value: ", out)
    assert "status: SUCCEEDED" in out

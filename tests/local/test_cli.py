"""``compiler run`` on ASL files and its flags: --handler, --mock, --input @file, --history, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.local.conftest import Ran

GREET = "arn:aws:lambda:eu-west-1:111111111111:function:greet"
DEFINITION = {
    "StartAt": "Greet",
    "States": {
        "Greet": {"Type": "Task", "Resource": GREET, "ResultPath": "$.greeting", "Next": "Score"},
        "Score": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "scorer", "Payload.$": "$"},
                  "ResultSelector": {"score.$": "$.Payload.score"}, "ResultPath": "$.scored", "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.scored.score", "NumericGreaterThan": 5, "Next": "Done"}],
                  "Default": "TooLow"},
        "TooLow": {"Type": "Fail", "Error": "Score.TooLow", "Cause": "the score is 5 or less"},
        "Done": {"Type": "Succeed"},
    },
}
HANDLER = "def handler(event, context):\n    return f\"hello {event['who']} from {context.function_name}\"\n"


@pytest.fixture
def asl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "definition.asl.json").write_text(json.dumps(DEFINITION), "utf-8")
    (tmp_path / "greet.py").write_text(HANDLER, "utf-8")
    (tmp_path / "input.json").write_text('{"who": "世界"}', "utf-8")
    return tmp_path / "definition.asl.json"


def test_an_asl_file_runs_with_a_handler_file_and_a_mock(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl), "--handler", f"{GREET}=greet.py:handler", "--mock", 'scorer={"score": 7}',
                  "--input", "@input.json", "--format", "json")
    assert ran.code == 0, ran.err
    doc = ran.json()
    assert doc["status"] == "SUCCEEDED"
    assert doc["output"] == {"who": "世界", "greeting": "hello 世界 from greet", "scored": {"score": 7}}
    assert doc["executions"][0]["machine"] == "definition"
    assert doc["s3_objects"] == []


def test_a_handler_by_module_and_function_name(run_cli: Callable[..., Ran], asl: Path) -> None:
    (asl.parent / "pkg").mkdir()
    (asl.parent / "pkg" / "__init__.py").write_text("", "utf-8")
    (asl.parent / "pkg" / "greeter.py").write_text(HANDLER, "utf-8")
    ran = run_cli(str(asl), "--handler", "greet=pkg.greeter:handler", "--mock", 'scorer={"score": 1}',
                  "--input", '{"who": "you"}', "--format", "json")
    assert ran.code == 1  # the Fail state: a failed execution
    doc = ran.json()
    assert (doc["status"], doc["error"], doc["cause"]) == ("FAILED", "Score.TooLow", "the score is 5 or less")
    greet = next(s for s in doc["executions"][0]["states"] if s["name"] == "Greet")
    assert greet["output"]["greeting"] == "hello you from greet"


def test_an_unknown_resource_names_it_and_the_flags(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl), "--mock", 'scorer={"score": 7}')
    assert ran.code == 1
    assert ran.out == ""
    assert GREET in ran.err and "state 'Greet'" in ran.err
    assert "--handler" in ran.err and "--mock" in ran.err
    assert "Traceback" not in ran.err


def test_every_unknown_resource_is_listed_at_once(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl))
    assert ran.code == 1
    assert "2 task resources have no local implementation" in ran.err
    assert "scorer  (state 'Score'" in ran.err


def test_history_adds_each_states_events(run_cli: Callable[..., Ran], asl: Path) -> None:
    argv = (str(asl), "--handler", f"{GREET}=greet.py:handler", "--mock", 'scorer={"score": 9}',
            "--input", '{"who": "x"}')
    plain, ran = run_cli(*argv), run_cli(*argv, "--history")
    assert ran.code == plain.code == 0
    assert "LambdaFunctionScheduled" not in plain.out
    lines = ran.out.splitlines()
    greet = next(i for i, line in enumerate(lines) if line.lstrip().startswith("✓ Greet"))
    # The state's events follow its line, indented, each with its id and type.
    assert [line.split()[1:3] for line in lines[greet + 1:greet + 6]] == [
        ["2", "TaskStateEntered"], ["3", "LambdaFunctionScheduled"], ["4", "LambdaFunctionStarted"],
        ["5", "LambdaFunctionSucceeded"], ["6", "TaskStateExited"]]
    assert all(line.startswith("      · ") for line in lines[greet + 1:greet + 6])


def test_verbose_adds_each_states_input_and_output(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl), "--handler", f"{GREET}=greet.py:handler", "--mock", 'scorer={"score": 9}',
                  "--input", '{"who": "世界"}', "-v")
    assert ran.code == 0
    assert '      input:\n        {\n          "who": "世界"\n        }\n' in ran.out
    assert "      output:\n" in ran.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--input", "{not json"], "--input: not JSON"),
        (["--input", "@missing.json"], "cannot read"),
        (["--mock", "scorer"], "--mock expects KEY=JSON|@file"),
        (["--handler", "greet=nope.py:handler"], "no such file"),
        (["--handler", "greet=greet.py"], "expected path/to/file.py:function"),
        (["--machine", "main"], "--machine chooses a machine of a spec"),
    ],
)
def test_usage_errors_exit_2(run_cli: Callable[..., Ran], asl: Path, argv: list[str], message: str) -> None:
    ran = run_cli(str(asl), *argv)
    assert ran.code == 2, ran.err
    assert message in ran.err and "Traceback" not in ran.err


def test_an_unknown_flag_and_a_missing_file_exit_2(run_cli: Callable[..., Ran], tmp_path: Path) -> None:
    assert run_cli("--no-such-flag").code == 2
    ran = run_cli(str(tmp_path / "nothing.yaml"))
    assert ran.code == 2 and "no such file" in ran.err


def test_the_seed_with_an_unknown_machine_lists_the_machines(run_cli: Callable[..., Ran], in_repo: Path) -> None:
    ran = run_cli("--machine", "nope")
    assert ran.code == 2
    assert "sub (sfn_sub_state_machine)" in ran.err and "main (sfn_main_state_machine)" in ran.err


def test_the_sub_machine_runs_by_its_state_machine_name(run_cli: Callable[..., Ran], in_repo: Path) -> None:
    ran = run_cli("--machine", "sfn_sub_state_machine", "--input", '{"parallel_no": 4, "message": "m", '
                  '"const_value": "c", "first_result": {}, "context_name": "x"}', "--format", "json")
    assert ran.code == 0
    assert ran.json()["output"] == {"error_message": {
        "errorMessage": "偶数です", "errorType": "Exception",
        "stackTrace": ["  File \"/var/task/lambda_function.py\", line 3, in lambda_handler\n"
                       "    raise Exception('偶数です')\n"]}}
    assert ran.json()["s3_objects"] == []  # the bucket exists, nothing was written


def test_a_spec_with_errors_prints_its_diagnostics_and_exits_1(run_cli: Callable[..., Ran], tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("version: 1\nstate_machines:\n  m:\n    states:\n      A: {type: pass, next: Nowhere}\n", "utf-8")
    ran = run_cli(str(spec))
    assert ran.code == 1
    assert "bad.yaml:5" in ran.err and "nothing was run" in ran.err


def test_the_process_environment_and_boto3_session_are_restored(run_cli: Callable[..., Ran], in_repo: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "mine")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    session = boto3.DEFAULT_SESSION
    assert run_cli("--format", "json").code == 0
    assert os.environ["AWS_ACCESS_KEY_ID"] == "mine"
    assert "AWS_ENDPOINT_URL" not in os.environ
    assert boto3.DEFAULT_SESSION is session  # the embedded run's session does not outlive it


def test_run_does_not_import_aws_cdk(in_repo: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from compiler.cli import main; rc = main(['run', '--format', 'json']); "
            "sys.stdout.flush(); sys.stderr.write(str('aws_cdk' in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=in_repo)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("False")


ENV_HANDLER = ("import os\n\ndef handler(event, context):\n"
               "    return {k: os.environ.get(k) for k in ('AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', "
               "'AWS_EC2_METADATA_DISABLED')}\n")


def _env_machine(tmp_path: Path) -> Path:
    (tmp_path / "env.py").write_text(ENV_HANDLER, "utf-8")
    path = tmp_path / "env.asl.yaml"
    path.write_text("StartAt: Env\nStates:\n  Env:\n    Type: Task\n    Resource: arn:aws:lambda:us-east-1:123456789012:"
                    "function:env\n    End: true\n", "utf-8")
    return path


def test_endpoint_url_reaches_the_handlers(run_cli: Callable[..., Ran], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ran = run_cli(str(_env_machine(tmp_path)), "--handler", "env=env.py:handler",
                  "--endpoint-url", "http://localhost:4566", "--format", "json")
    assert ran.code == 0, ran.err
    doc = ran.json()
    assert doc["output"] == {"AWS_ENDPOINT_URL": "http://localhost:4566", "AWS_ACCESS_KEY_ID": "testing",
                             "AWS_EC2_METADATA_DISABLED": "true"}
    assert doc["emulator"] == "endpoint" and doc["s3_objects"] is None


def test_real_aws_keeps_the_callers_credentials(run_cli: Callable[..., Ran], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "callers-own")
    ran = run_cli(str(_env_machine(tmp_path)), "--handler", "env=env.py:handler", "--real-aws", "--format", "json")
    assert ran.code == 0, ran.err
    assert ran.json()["output"]["AWS_ACCESS_KEY_ID"] == "callers-own"
    assert run_cli(str(_env_machine(tmp_path)), "--real-aws", "--endpoint-url", "http://x").code == 2


def test_a_task_answer_by_state_name(run_cli: Callable[..., Ran], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "wait.asl.json"
    path.write_text(json.dumps({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": True,
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}}}}), "utf-8")
    (tmp_path / "answer.json").write_text('{"approved": true}', "utf-8")
    ran = run_cli(str(path), "--mock", "arn:aws:states:::sqs:*={}", "--task-answer", "Ask=@answer.json",
                  "--format", "json")
    assert ran.code == 0, ran.err
    assert ran.json()["output"] == {"approved": True}


def test_a_failed_execution_in_the_text_view(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl), "--handler", "greet=greet.py:handler", "--mock", 'scorer={"score": 0}',
                  "--input", '{"who": "x"}')
    assert ran.code == 1
    assert '✗ TooLow  failed Score.TooLow "the score is 5 or less"\n' in ran.out
    assert ran.out.rstrip().endswith("status: FAILED\nerror: Score.TooLow\ncause: the score is 5 or less\n\n"
                                     "S3 objects (embedded emulator): none")

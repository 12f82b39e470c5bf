"""Lambda tasks: handlers run in-process with Lambda's context, environment and error shape."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from compiler.run import LambdaFunction, execute
from tests.run.helpers import machine

ARN = "arn:aws:lambda:us-east-1:123456789012:function:sfn_second_lambda"
SECOND = """def lambda_handler(event, context):
    if event['parallel_no'] % 2 == 0:
        raise Exception('偶数です')

    return {
        'message': event['message'],
        'const_value': event['const_value']
    }
"""
# The Cause of the blog post's Error Task input, byte for byte.
POST_CAUSE = (
    '{"errorMessage": "\\u5076\\u6570\\u3067\\u3059", "errorType": "Exception", "stackTrace": '
    '["  File \\"/var/task/lambda_function.py\\", line 3, in lambda_handler\\n'
    "    raise Exception('\\u5076\\u6570\\u3067\\u3059')\\n\"]}"
)


def _function(tmp_path: Path, source: str, **extra: object) -> LambdaFunction:
    folder = tmp_path / "code"
    folder.mkdir(exist_ok=True)
    (folder / "lambda_function.py").write_text(source, encoding="utf-8")
    return LambdaFunction(code_dir=folder, **extra)  # type: ignore[arg-type]


def _task(resource: str = ARN, **extra: object) -> dict[str, object]:
    return machine(("Second Task", {"Type": "Task", "Resource": resource, "End": True, **extra}))


def test_handler_exception_has_the_lambda_error_shape(tmp_path: Path) -> None:
    functions = {ARN: _function(tmp_path, SECOND)}
    execution = execute(_task(), {"parallel_no": 2}, functions=functions)
    assert execution.status == "FAILED"
    assert execution.error == "Exception"
    assert execution.cause == POST_CAUSE
    assert json.loads(POST_CAUSE)["stackTrace"] == [
        "  File \"/var/task/lambda_function.py\", line 3, in lambda_handler\n    raise Exception('偶数です')\n"
    ]
    assert [e.type for e in execution.events][2:6] == [
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed",
    ]


def test_function_arn_resource_returns_the_raw_result(tmp_path: Path) -> None:
    functions = {ARN: _function(tmp_path, SECOND)}
    event = {"parallel_no": 3, "message": "Hello world", "const_value": "ham"}
    execution = execute(_task(), event, functions=functions)
    assert execution.output == {"message": "Hello world", "const_value": "ham"}
    scheduled = execution.history()[2]["lambdaFunctionScheduledEventDetails"]
    assert scheduled["resource"] == ARN
    assert json.loads(scheduled["input"]) == event
    assert scheduled["timeoutInSeconds"] is None


def test_lambda_invoke_wraps_the_result_in_the_invoke_response(tmp_path: Path) -> None:
    functions = {ARN: _function(tmp_path, SECOND)}
    definition = _task(
        "arn:aws:states:::lambda:invoke",
        Parameters={"FunctionName": "sfn_second_lambda", "Payload.$": "$"},
    )
    execution = execute(definition, {"parallel_no": 1, "message": "m", "const_value": "c"}, functions=functions)
    output = execution.output
    assert set(output) == {"ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}
    assert output["ExecutedVersion"] == "$LATEST"
    assert output["StatusCode"] == 200
    assert output["Payload"] == {"message": "m", "const_value": "c"}
    assert output["SdkHttpMetadata"]["HttpStatusCode"] == 200
    assert output["SdkHttpMetadata"]["HttpHeaders"]["X-Amz-Executed-Version"] == "$LATEST"
    assert output["SdkResponseMetadata"]["RequestId"] == output["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"]
    scheduled = execution.history()[2]
    assert scheduled["type"] == "TaskScheduled"
    assert scheduled["taskScheduledEventDetails"]["resourceType"] == "lambda"
    assert scheduled["taskScheduledEventDetails"]["resource"] == "invoke"


def test_log_type_tail_returns_the_end_of_the_invocations_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import base64

    functions = {ARN: _function(tmp_path, "def lambda_handler(event, context):\n    print('processing', event)\n"
                                          "    return {'ok': True}\n", memory=256)}
    definition = _task("arn:aws:states:::lambda:invoke",
                       Parameters={"FunctionName": "sfn_second_lambda", "Payload.$": "$", "LogType": "Tail"})
    output = execute(definition, {"n": 1}, functions=functions).output
    # Lambda's order and header, as AWS records a LogType Tail invocation.
    assert list(output)[:3] == ["ExecutedVersion", "LogResult", "Payload"]
    assert output["SdkHttpMetadata"]["HttpHeaders"]["X-Amz-Log-Result"] == output["LogResult"]
    assert output["SdkHttpMetadata"]["AllHttpHeaders"]["X-Amz-Log-Result"] == [output["LogResult"]]
    request_id = output["SdkResponseMetadata"]["RequestId"]
    lines = base64.b64decode(output["LogResult"]).decode().splitlines()
    assert lines[:3] == [f"START RequestId: {request_id} Version: $LATEST", "processing {'n': 1}",
                         f"END RequestId: {request_id}"]
    assert lines[3].startswith(f"REPORT RequestId: {request_id}\tDuration: ") and "Memory Size: 256 MB" in lines[3]
    assert "processing {'n': 1}" in capsys.readouterr().out  # the print still reaches the terminal
    plain = _task("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": "sfn_second_lambda", "Payload.$": "$"})
    assert "LogResult" not in execute(plain, {"n": 1}, functions=functions).output


def test_lambda_invoke_function_error_is_the_exception_type(tmp_path: Path) -> None:
    functions = {ARN: _function(tmp_path, SECOND)}
    definition = _task("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": ARN, "Payload.$": "$"})
    execution = execute(definition, {"parallel_no": 4}, functions=functions)
    assert (execution.error, execution.cause) == ("Exception", POST_CAUSE)
    assert execution.events[-2].type == "TaskFailed"


def test_custom_exception_type_is_catchable_by_name(tmp_path: Path) -> None:
    source = "class NotReady(Exception):\n    pass\n\ndef lambda_handler(event, context):\n    raise NotReady('later')\n"
    definition = machine(
        ("T", {"Type": "Task", "Resource": ARN, "Next": "Done",
               "Catch": [{"ErrorEquals": ["NotReady"], "ResultPath": "$.error", "Next": "Done"}]}),
        ("Done", {"Type": "Succeed"}),
    )
    execution = execute(definition, {}, functions={ARN: _function(tmp_path, source)})
    assert execution.status == "SUCCEEDED"
    assert execution.output["error"]["Error"] == "NotReady"
    assert json.loads(execution.output["error"]["Cause"])["errorMessage"] == "later"


def test_handler_sees_lambda_context_and_environment_only_during_the_call(tmp_path: Path) -> None:
    source = (
        "import os, sys\n"
        "def lambda_handler(event, context):\n"
        "    return {'env': os.environ['BUCKET_NAME'], 'name': context.function_name,\n"
        "            'version': context.function_version, 'arn': context.invoked_function_arn,\n"
        "            'memory': context.memory_limit_in_mb, 'request': context.aws_request_id,\n"
        "            'group': context.log_group_name, 'stream': context.log_stream_name,\n"
        "            'remaining': context.get_remaining_time_in_millis(),\n"
        "            'region': os.environ['AWS_REGION'], 'on_path': os.getcwd() in sys.path or True}\n"
    )
    function = _function(tmp_path, source, environment={"BUCKET_NAME": "sfn-bucket"}, timeout=10, memory=256)
    path_before = list(sys.path)
    assert "BUCKET_NAME" not in os.environ
    execution = execute(_task(), {}, functions={ARN: function})
    out = execution.output
    assert out["env"] == "sfn-bucket"
    assert (out["name"], out["version"], out["arn"]) == ("sfn_second_lambda", "$LATEST", ARN)
    assert out["memory"] == "256"
    assert out["group"] == "/aws/lambda/sfn_second_lambda"
    assert out["stream"].endswith("[$LATEST]" + out["request"].replace("-", ""))
    assert 0 < out["remaining"] <= 10_000
    assert "BUCKET_NAME" not in os.environ
    assert sys.path == path_before


def test_helper_modules_load_from_the_function_folder_and_do_not_leak(tmp_path: Path) -> None:
    first = tmp_path / "first"
    second = tmp_path / "second"
    for folder, word in ((first, "one"), (second, "two")):
        folder.mkdir()
        (folder / "helper.py").write_text(f"WORD = {word!r}\n")
        (folder / "lambda_function.py").write_text(
            "import helper\ndef lambda_handler(event, context):\n    return helper.WORD\n"
        )
    functions = {"one": LambdaFunction(first), "two": LambdaFunction(second)}
    definition = machine(
        ("A", {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:one",
               "ResultPath": "$.a", "Next": "B"}),
        ("B", {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:two",
               "ResultPath": "$.b", "End": True}),
    )
    assert execute(definition, {}, functions=functions).output == {"a": "one", "b": "two"}
    assert "helper" not in sys.modules


def test_event_is_a_copy_the_handler_may_mutate(tmp_path: Path) -> None:
    source = "def lambda_handler(event, context):\n    event['added'] = 1\n    return event\n"
    definition = _task(ResultPath="$.result")
    execution = execute(definition, {"a": 1}, functions={ARN: _function(tmp_path, source)})
    assert execution.output == {"a": 1, "result": {"a": 1, "added": 1}}
    assert execution.states[0].entered_input == {"a": 1}


@pytest.mark.parametrize(
    ("handler", "source", "error"),
    [
        ("lambda_function.nope", "def lambda_handler(e, c):\n    return 1\n", "Runtime.HandlerNotFound"),
        ("missing.lambda_handler", "", "Runtime.ImportModuleError"),
        ("lambda_function.lambda_handler", "def lambda_handler(e, c):\n    return object()\n",
         "Runtime.MarshalError"),
        # sys.exit() ends Lambda's runtime process, not ours: the task fails, the run goes on.
        ("lambda_function.lambda_handler", "import sys\ndef lambda_handler(e, c):\n    sys.exit(3)\n",
         "Runtime.ExitError"),
        ("lambda_function.lambda_handler", "import sys\nsys.exit(1)\n", "Runtime.ExitError"),
    ],
)
def test_runtime_errors(tmp_path: Path, handler: str, source: str, error: str) -> None:
    function = _function(tmp_path, source, handler=handler)
    execution = execute(_task(), {}, functions={ARN: function})
    assert execution.error == error
    assert json.loads(execution.cause or "")["errorType"] == error


def test_unknown_function(tmp_path: Path) -> None:
    execution = execute(_task(), {}, functions={"other": _function(tmp_path, SECOND)})
    assert execution.error == "Lambda.ResourceNotFoundException"

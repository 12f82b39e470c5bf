"""Every recorded service-integration execution of shared/conformance/services, run by compiler.run
against the embedded moto (the corpus stays in ../shared; nothing of it is copied here).

For each case the harness creates in moto the resources the case names (a queue, a table keyed as
its input's ``Key``, a topic — FIFO for the FIFO cases —, a bucket holding the object the test
put, a Lambda function from the handler the test used, the nested machine), binds the case's
placeholders to them (``<sqs_queue_url>`` is the queue's URL everywhere), runs the definition and
compares the status, the output, and every history event (type, ids, details) under the corpus'
placeholder rules. LocalStack's snapshot tool also blanked some values without listing them as
placeholders: a string equal to its own key (``"x-amzn-RequestId": "x-amzn-RequestId"``), and
``date``/``timestamp``/``start-date``; those match any value. The role ARN is the harness's own.
A case that recorded AWS refusing the definition (no execution) passes when ``compiler validate``
refuses it with an error at the same JSON pointer.

A case that cannot pass is listed in EXPECTED_FAILURES with the reason; a listed case that starts
passing fails, so the table stays honest. The table of passes per service prints at the end.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from compiler.run import LambdaFunction, execute
from compiler.run.aws_invoke import ServiceInvoker
from compiler.run.result import Execution
from tests import shared
from tests.run.helpers import record_outcome
from tests.run.placeholders import Matcher, describe

CORPUS = shared.CONFORMANCE_SERVICES
pytestmark = shared.conformance
START = datetime(2025, 11, 6, 12, 40, 6, tzinfo=UTC)
REGION = "us-east-1"
QUEUE = "conformance-queue"
TOPIC = "conformance-topic"
FUNCTION = "conformance-fn"
TARGET = "conformance-target"
BUCKET = "bucket-name"

_APIGW = ("API Gateway is not emulated: apigateway:invoke would call a deployed REST API; a local run asks "
          "for a mock (the pre-run check names the state)")

# case id -> why it cannot match AWS locally. Keep short and honest.
EXPECTED_FAILURES: dict[str, str] = {
    **{f"apigateway/{name}": _APIGW for name in (
        "test_invoke_base", "test_invoke_error", "test_invoke_with_body_post__HelloWorld",
        "test_invoke_with_body_post__None", "test_invoke_with_body_post__empty",
        "test_invoke_with_body_post__request_body3", "test_invoke_with_headers__custom_header1",
        "test_invoke_with_headers__custom_header2", "test_invoke_with_headers__singleStringHeader",
        "test_invoke_with_query_parameters")},
    **{f"sfn/{name}": ("StartExecution's Content-Length counts the recorded machine's name, a placeholder of "
                       "unknown length (everything else matches)") for name in (
        "test_start_execution", "test_start_execution_input_json")},
}

# Values LocalStack's snapshot tool blanked without listing them as placeholders.
_BLANKED = {"date", "timestamp", "start-date"}


class _Any(str):
    """A blanked value (a str, so that describe() can print it)."""


ANY = _Any("<any>")


class ServicesMatcher(Matcher):
    def __init__(self, placeholders: list[str]) -> None:
        super().__init__([*placeholders, "111111111111"])  # the account, in every ARN

    def match(self, expected: Any, actual: Any) -> bool:
        if expected is ANY:
            return True
        return super().match(expected, actual)


def _blank(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _blank(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank(v, key) for v in value]
    if isinstance(value, str) and (value in _BLANKED or (key is not None and value == key)):
        return ANY
    return value


def _case_files() -> list[Any]:
    return shared.case_params(sorted(CORPUS.glob("*/*.json")))


# ---------------------------------------------------------------- resources


def _names(case: dict[str, Any]) -> set[str]:
    return {r["name"] for r in case["resources"]}


def _handler(case: dict[str, Any], tmp: Path) -> LambdaFunction | None:
    files = [f for r in case["resources"] for f in (r.get("referenced_files") or {}).values()]
    if not files:
        return None
    stem = Path(files[0]).stem
    body = {"id_function": "return event", "return_bytes_str": 'return "HelloWorld!"'}.get(stem)
    if body is None:
        return None
    code = tmp / stem
    code.mkdir(exist_ok=True)
    (code / "handler.py").write_text(f"def handler(event, context):\n    {body}\n", encoding="utf-8")
    return LambdaFunction(code, "handler.handler", function_name=FUNCTION)


def _recorded_body(case: dict[str, Any]) -> str:
    for event in _events(case):
        output = event.get("taskSucceededEventDetails", {}).get("output")
        if isinstance(output, dict) and "Body" in output:
            return str(output["Body"])
    return ""


def create_resources(case: dict[str, Any], tmp: Path) -> dict[str, Any]:
    """Create what the case names; return the placeholder bindings and what execute() needs."""
    names = _names(case)
    data = case["input"] if isinstance(case["input"], dict) else {}
    bound: dict[str, str] = {"<partition>": "aws", "<region>": REGION}
    setup: dict[str, Any] = {"bound": bound, "functions": {}, "state_machines": {}}
    if "sqs_create_queue" in names:
        bound["<sqs_queue_url>"] = boto3.client("sqs", region_name=REGION).create_queue(QueueName=QUEUE)["QueueUrl"]
    if "sns_create_topic" in names:
        fifo = "fifo" in case["source"]["test_id"]
        topic = TOPIC + (".fifo" if fifo else "")
        sns = boto3.client("sns", region_name=REGION)
        arn = sns.create_topic(Name=topic, Attributes={"FifoTopic": "true"} if fifo else {})["TopicArn"]
        bound["<resource:1>"] = topic
        if "sns.delete_topic" in names:
            sns.delete_topic(TopicArn=arn)
    if "dynamodb_create_table" in names:
        table = str(data.get("TableName", "table")).strip("<>")
        bound["<test-table>"] = table
        keys = list((data.get("Key") or {"id": {"S": ""}}).keys())
        boto3.client("dynamodb", region_name=REGION).create_table(
            TableName=table, KeySchema=[{"AttributeName": k, "KeyType": "HASH"} for k in keys[:1]],
            AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys[:1]],
            BillingMode="PAY_PER_REQUEST")
    if "s3_create_bucket" in names:
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        if "s3.put_object" in names:
            s3.put_object(Bucket=BUCKET, Key=str(data.get("Key")), Body=_recorded_body(case).encode())
    function = _handler(case, tmp)
    if function is not None:
        bound["<lambda_function_name>"] = FUNCTION
        setup["functions"][FUNCTION] = function
    if "create_state_machine_with_iam_role" in names and isinstance(case["definition"], list):
        bound["<ArnPart_0idx>"] = TARGET
        setup["state_machines"][f"arn:aws:states:{REGION}:123456789012:stateMachine:{TARGET}"] = case["definition"][0]
    if "<detail-type>" in case["placeholders"]:
        bound["<detail-type>"] = "conformance-detail"
    return setup


def _substitute(value: Any, bound: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _substitute(v, bound) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, bound) for v in value]
    if isinstance(value, str):
        for token, text in bound.items():
            value = value.replace(token, text)
        return value.replace("111111111111", "123456789012")
    return value


# ---------------------------------------------------------------- comparing


def _events(case: dict[str, Any]) -> list[dict[str, Any]]:
    return list(case["recorded"].get("get_execution_history", {}).get("events", []))


def _details(event: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in event.items() if k not in ("timestamp",)}
    started = out.get("executionStartedEventDetails")
    if isinstance(started, dict):
        out["executionStartedEventDetails"] = {k: v for k, v in started.items() if k != "roleArn"}
    return out


def _parse_causes(event: dict[str, Any]) -> dict[str, Any]:
    """A recorded cause that was JSON is stored parsed; compare ours parsed too."""
    for key in ("taskFailedEventDetails", "executionFailedEventDetails"):
        details = event.get(key)
        if isinstance(details, dict) and isinstance(details.get("cause"), str):
            try:
                parsed = json.loads(details["cause"])
            except ValueError:
                continue
            if isinstance(parsed, dict | list):
                event = {**event, key: {**details, "cause": parsed}}
    return event


def compare(case: dict[str, Any], execution: Execution, bound: dict[str, str]) -> list[str]:
    match = ServicesMatcher(case["placeholders"])
    match.bound.update({k: v for k, v in bound.items() if k in match.tokens})
    recorded = _events(case)
    problems: list[str] = []
    last = recorded[-1]["type"] if recorded else None
    want_status = {"ExecutionSucceeded": "SUCCEEDED", "ExecutionFailed": "FAILED"}.get(last or "", "?")
    if execution.status != want_status:
        problems.append(f"status {execution.status} != {want_status} ({execution.error}: {execution.cause})")
    ours = [_parse_causes(_details(e)) for e in execution.history(json_text=False)]
    theirs = [_blank(_details(e)) for e in recorded]
    if [e["type"] for e in ours] != [e["type"] for e in theirs]:
        problems.append(f"event types {[e['type'] for e in ours]} != {[e['type'] for e in theirs]}")
        return problems
    for got, want in zip(ours, theirs, strict=True):
        if not match.match(want, got):
            problems.append(f"event {want['id']} {want['type']}: got {describe(got)}, AWS {describe(want)}")
    return problems


def refused(case: dict[str, Any], tmp: Path) -> list[str]:
    """A case recording AWS's refusal of the definition (CreateStateMachine's InvalidDefinition at a JSON
    pointer): compiler validate must refuse it too, with an error at that same place."""
    from compiler.local.asl_file import validate_asl

    message = str(case["recorded"].get("exception", {}).get("exception_value", ""))
    if "InvalidDefinition" not in message or " at /" not in message:
        return ["no execution was recorded"]
    pointer = tuple(message.rsplit(" at /", 1)[1].rstrip("'\"").split("/"))
    path = tmp / "definition.asl.json"
    path.write_text(json.dumps(case["definition"]), encoding="utf-8")
    errors = [d for d in validate_asl(path, str(path)).diagnostics if d.is_error]
    if not any(tuple(str(p) for p in d.path) == pointer for d in errors):
        return [f"AWS refused the definition at /{'/'.join(pointer)}; compiler validate: "
                f"{[(d.code, d.path) for d in errors] or 'no error'}"]
    return []


def run_case(case: dict[str, Any], tmp: Path) -> list[str]:
    if case["input"] is None:
        return refused(case, tmp)
    with mock_aws():
        setup = create_resources(case, tmp)
        definition = case["definition"][-1] if isinstance(case["definition"], list) else case["definition"]
        execution = execute(definition, _substitute(case["input"], setup["bound"]), name="conformance-execution",
                            state_machine_name="ConformanceMachine", functions=setup["functions"],
                            state_machines=setup["state_machines"], services=ServiceInvoker(), start_time=START)
        return compare(case, execution, setup["bound"])


@pytest.mark.parametrize("path", _case_files())
def test_services_conformance(path: Path, tmp_path: Path,
                              services_summary: defaultdict[str, Counter[str]]) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    tally = services_summary[path.parent.name]
    problems = run_case(case, tmp_path)
    record_outcome(shared.case_id(path), problems, tally, EXPECTED_FAILURES)

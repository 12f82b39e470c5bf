"""A Distributed Map's ResultWriter writes what AWS documents on its ResultWriter page
(https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html): the Map's result,
manifest.json, the files by status with the fields of its NONE example, and WriterConfig's
transformations (NONE, COMPACT, FLATTEN) and output types (JSON, JSONL)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from compiler.run import execute
from tests.run.helpers import machine

BUCKET = "results-bucket"
DISTRIBUTED = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
# Each child returns a two-element array (the page's examples do too), or fails for {"bad": true}.
PROCESSOR = {"ProcessorConfig": DISTRIBUTED, "StartAt": "Check", "States": {
    "Check": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.bad", "IsPresent": True},
                                                     {"Variable": "$.bad", "BooleanEquals": True}], "Next": "Boom"}],
              "Default": "Pair"},
    "Boom": {"Type": "Fail", "Error": "Bad.Item", "Cause": "bad item"},
    "Pair": {"Type": "Pass", "Parameters": {"pair.$": "States.Array($.n, $.n)"}, "OutputPath": "$.pair",
             "End": True}}}
EXPORT = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": BUCKET, "Prefix": "jobs"}}
# The page's NONE example, field by field, in its order.
SUCCEEDED_FIELDS = ["ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount",
                    "RedriveStatus", "RedriveStatusReason", "StartDate", "StateMachineArn", "Status", "StopDate"]
ISO_MILLIS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
def s3() -> Iterator[Any]:
    import boto3
    import moto

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _run(items: list[dict[str, Any]], writer: dict[str, Any], **extra: Any) -> Any:
    return execute(machine(("Map", {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": PROCESSOR,
                                    "ResultWriter": writer, "End": True, **extra})), {"items": items})


def _read(s3: Any, key: str) -> Any:
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_the_export_and_its_manifest(s3: Any) -> None:
    execution = _run([{"n": 1}, {"n": 2}], EXPORT)
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    assert set(out) == {"MapRunArn", "ResultWriterDetails"}
    run_id = out["MapRunArn"].rsplit(":", 1)[1]
    # <Prefix>/<the Map Run's id>/manifest.json, as in the page's example of the Map's result.
    assert out["ResultWriterDetails"] == {"Bucket": BUCKET, "Key": f"jobs/{run_id}/manifest.json"}
    manifest = json.loads(_read(s3, f"jobs/{run_id}/manifest.json"))
    key = f"jobs/{run_id}/SUCCEEDED_0.json"
    assert manifest == {"DestinationBucket": BUCKET, "MapRunArn": out["MapRunArn"], "ResultFiles": {
        "FAILED": [], "PENDING": [], "SUCCEEDED": [{"Key": key, "Size": len(_read(s3, key))}]}}


def test_a_succeeded_entry_has_the_fields_of_the_pages_none_example(s3: Any) -> None:
    execution = _run([{"n": 1}, {"n": 2}], EXPORT)
    map_run = execution.output["MapRunArn"]
    prefix, owner = map_run.split(":mapRun:")
    machine_and_label = owner.rsplit(":", 1)[0]
    entries = json.loads(_read(s3, execution.output["ResultWriterDetails"]["Key"].replace(
        "manifest.json", "SUCCEEDED_0.json")))
    assert [list(e) for e in entries] == [SUCCEEDED_FIELDS, SUCCEEDED_FIELDS]
    first = entries[0]
    assert uuid.UUID(first["Name"]).version == 3  # the page's child names are version-3 UUIDs
    assert first["ExecutionArn"] == f"{prefix}:execution:{machine_and_label}:{first['Name']}"
    assert first["StateMachineArn"] == f"{prefix}:stateMachine:{machine_and_label}"
    # Input and Output are JSON text, compact as in the page's example.
    assert (first["Input"], first["Output"]) == ('{"n":1}', "[1,1]")
    assert first["InputDetails"] == first["OutputDetails"] == {"Included": True}
    assert (first["RedriveCount"], first["RedriveStatus"], first["Status"]) == (0, "NOT_REDRIVABLE", "SUCCEEDED")
    assert first["RedriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"
    assert ISO_MILLIS.fullmatch(first["StartDate"]) and ISO_MILLIS.fullmatch(first["StopDate"])
    assert first["StartDate"] <= first["StopDate"]
    assert len({e["Name"] for e in entries}) == 2


def test_failed_children_and_a_failed_map_run_leave_failed_and_pending_files(s3: Any) -> None:
    # No tolerance: the first failure fails the Map Run; what was never started is PENDING.
    execution = _run([{"n": 1}, {"bad": True}, {"n": 3}, {"n": 4}], EXPORT)
    assert (execution.status, execution.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    [run] = execution.map_runs
    run_id = run.arn.rsplit(":", 1)[1]
    manifest = json.loads(_read(s3, f"jobs/{run_id}/manifest.json"))
    files = {status: [f["Key"].rsplit("/", 1)[1] for f in found] for status, found in manifest["ResultFiles"].items()}
    assert files == {"FAILED": ["FAILED_0.json"], "PENDING": ["PENDING_0.json"], "SUCCEEDED": ["SUCCEEDED_0.json"]}
    [failed] = json.loads(_read(s3, f"jobs/{run_id}/FAILED_0.json"))
    assert (failed["Status"], failed["Error"], failed["Cause"]) == ("FAILED", "Bad.Item", "bad item")
    assert "Output" not in failed and failed["Input"] == '{"bad":true}'
    pending = json.loads(_read(s3, f"jobs/{run_id}/PENDING_0.json"))
    assert [(p["Status"], json.loads(p["Input"])) for p in pending] == [("PENDING", {"n": 3}), ("PENDING", {"n": 4})]


@pytest.mark.parametrize(("transformation", "expected"), [
    ("COMPACT", [[1, 1], [2, 2]]),  # the outputs, as they are
    ("FLATTEN", [1, 1, 2, 2]),      # arrays flattened into one
])
def test_writer_config_transforms_the_exported_outputs(s3: Any, transformation: str, expected: list[Any]) -> None:
    writer = {**EXPORT, "WriterConfig": {"Transformation": transformation, "OutputType": "JSON"}}
    execution = _run([{"n": 1}, {"n": 2}], writer)
    key = execution.output["ResultWriterDetails"]["Key"].replace("manifest.json", "SUCCEEDED_0.json")
    assert json.loads(_read(s3, key)) == expected


def test_jsonl_writes_one_value_a_line(s3: Any) -> None:
    writer = {**EXPORT, "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}}
    execution = _run([{"n": 1}, {"n": 2}], writer)
    key = execution.output["ResultWriterDetails"]["Key"].replace("manifest.json", "SUCCEEDED_0.json")
    assert _read(s3, key).decode().splitlines() == ["[1,1]", "[2,2]"]


def test_writer_config_alone_formats_the_state_output_without_an_export(s3: Any) -> None:
    execution = _run([{"n": 1}, {"n": 2}], {"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}})
    assert execution.output == [1, 1, 2, 2]
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0

"""Distributed Map data: ItemReader and ResultWriter against an embedded S3, ItemBatcher."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from compiler.run import execute
from tests.run.helpers import machine

BUCKET = "items-bucket"
DISTRIBUTED = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}


@pytest.fixture
def s3() -> Iterator[Any]:
    import boto3
    import moto

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _map(reader: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    state: dict[str, Any] = {
        "Type": "Map",
        "ItemProcessor": {"ProcessorConfig": DISTRIBUTED, "StartAt": "Echo",
                          "States": {"Echo": {"Type": "Pass", "End": True}}},
        "End": True,
        **extra,
    }
    if reader is not None:
        state["ItemReader"] = reader
    return machine(("Map", state))


def test_item_reader_json_array(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="items.json", Body=json.dumps([{"id": 1}, {"id": 2}, {"id": 3}]))
    reader = {"Resource": "arn:aws:states:::s3:getObject",
              "Parameters": {"Bucket": BUCKET, "Key.$": "$.key"}, "ReaderConfig": {"InputType": "JSON", "MaxItems": 2}}
    execution = execute(_map(reader), {"key": "items.json"})
    assert execution.output == [{"id": 1}, {"id": 2}]


def test_item_reader_csv_and_jsonl(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="rows.csv", Body="name,size\na,1\nb,2\n")
    s3.put_object(Bucket=BUCKET, Key="rows.jsonl", Body='{"a": 1}\n{"a": 2}\n')
    csv_reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": BUCKET, "Key": "rows.csv"},
                  "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}}
    assert execute(_map(csv_reader), {}).output == [{"name": "a", "size": "1"}, {"name": "b", "size": "2"}]
    given = {**csv_reader, "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                                            "CSVHeaders": ["x", "y"]}}
    assert execute(_map(given), {}).output[0] == {"x": "name", "y": "size"}
    jsonl = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": BUCKET, "Key": "rows.jsonl"},
             "ReaderConfig": {"InputType": "JSONL"}}
    assert execute(_map(jsonl), {}).output == [{"a": 1}, {"a": 2}]


def test_item_reader_list_objects(s3: Any) -> None:
    for key in ("in/a.txt", "in/b.txt", "other/c.txt"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"xyz")
    reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": BUCKET, "Prefix": "in/"}}
    output = execute(_map(reader), {}).output
    assert [item["Key"] for item in output] == ["in/a.txt", "in/b.txt"]
    assert set(output[0]) == {"Etag", "Key", "LastModified", "Size", "StorageClass"}
    assert output[0]["Size"] == 3


def test_item_reader_failure(s3: Any) -> None:
    reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": BUCKET, "Key": "missing.json"}}
    execution = execute(_map(reader), {})
    assert execution.error == "States.ItemReaderFailed"
    assert "NoSuchKey" in (execution.cause or "")


def test_result_writer_writes_the_manifest_and_results(s3: Any) -> None:
    processor = {"ProcessorConfig": DISTRIBUTED, "StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}],
                  "Default": "Good"},
        "Bad": {"Type": "Fail", "Error": "Two", "Cause": "no twos"},
        "Good": {"Type": "Pass", "End": True}}}
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": BUCKET, "Prefix": "out"}}
    definition = machine(("Map", {"Type": "Map", "ItemProcessor": processor, "ResultWriter": writer,
                                  "ToleratedFailureCount": 1, "End": True}))
    execution = execute(definition, [1, 2, 3])
    assert execution.status == "SUCCEEDED", execution.cause
    details = execution.output["ResultWriterDetails"]
    assert details["Bucket"] == BUCKET
    assert details["Key"].startswith("out/") and details["Key"].endswith("/manifest.json")
    assert execution.output["MapRunArn"] == execution.map_runs[0].arn
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=details["Key"])["Body"].read())
    assert manifest["MapRunArn"] == execution.map_runs[0].arn
    succeeded_key = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
    succeeded = json.loads(s3.get_object(Bucket=BUCKET, Key=succeeded_key)["Body"].read())
    assert [json.loads(e["Output"]) for e in succeeded] == [1, 3]
    failed = json.loads(s3.get_object(Bucket=BUCKET, Key=manifest["ResultFiles"]["FAILED"][0]["Key"])["Body"].read())
    assert [(e["Error"], e["Cause"], e["Status"]) for e in failed] == [("Two", "no twos", "FAILED")]


def test_item_batcher_groups_items() -> None:
    batcher = {"MaxItemsPerBatch": 2, "BatchInput": {"label.$": "$.label"}}
    definition = _map(None, ItemsPath="$.items", ItemBatcher=batcher)
    execution = execute(definition, {"items": [1, 2, 3, 4, 5], "label": "L"})
    assert execution.output == [
        {"BatchInput": {"label": "L"}, "Items": [1, 2]},
        {"BatchInput": {"label": "L"}, "Items": [3, 4]},
        {"BatchInput": {"label": "L"}, "Items": [5]},
    ]
    by_bytes = _map(None, ItemBatcher={"MaxInputBytesPerBatch": 20})
    assert execute(by_bytes, ["aaaaaaa", "bbbbbbb", "ccccccc"]).output == [
        {"Items": ["aaaaaaa", "bbbbbbb"]}, {"Items": ["ccccccc"]},
    ]
    assert execute(definition, {"items": [], "label": "L"}).output == []


def test_map_over_ten_thousand_items() -> None:
    # Its speed is measured by bench/bench_run.py; here only the result.
    definition = machine(("M", {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}}}, "End": True}))
    execution = execute(definition, list(range(10_000)))
    assert execution.status == "SUCCEEDED"
    assert execution.output == [{"v": i} for i in range(10_000)]

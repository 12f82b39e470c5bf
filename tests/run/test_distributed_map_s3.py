"""Distributed Map over objects in the embedded S3: CSV without a header, an S3 Inventory manifest,
listObjectsV2 with a prefix, the tolerated-failure thresholds exactly at their limit, and the
child executions each run records."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest

from compiler.run import execute
from tests.run.helpers import machine

BUCKET = "items-bucket"
DISTRIBUTED = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
# Fails for items whose "bad" field is "yes".
CHECK = {"ProcessorConfig": DISTRIBUTED, "StartAt": "Check", "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.bad", "StringEquals": "yes", "Next": "Boom"}],
              "Default": "Ok"},
    "Boom": {"Type": "Fail", "Error": "Bad.Item", "Cause": "bad row"},
    "Ok": {"Type": "Pass", "End": True}}}


@pytest.fixture
def s3() -> Iterator[Any]:
    import boto3
    import moto

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _map(reader: dict[str, Any], processor: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return machine(("Map", {"Type": "Map", "ItemReader": reader, "End": True, **extra,
                            "ItemProcessor": processor or {"ProcessorConfig": DISTRIBUTED, "StartAt": "Echo",
                                                           "States": {"Echo": {"Type": "Pass", "End": True}}}}))


def _csv(key: str, **config: Any) -> dict[str, Any]:
    return {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": BUCKET, "Key": key},
            "ReaderConfig": {"InputType": "CSV", **config}}


def test_csv_without_a_header_takes_the_given_columns(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="rows.csv", Body=b"1,apple\n2,pear\n")
    reader = _csv("rows.csv", CSVHeaderLocation="GIVEN", CSVHeaders=["id", "fruit"])
    assert execute(_map(reader)).output == [{"id": "1", "fruit": "apple"}, {"id": "2", "fruit": "pear"}]
    with_header = _csv("rows.csv", CSVHeaderLocation="FIRST_ROW")
    assert execute(_map(with_header)).output == [{"1": "2", "apple": "pear"}]


def test_s3_inventory_manifest(s3: Any) -> None:
    rows = f"{BUCKET},data/a.json,10\n{BUCKET},data/b.json,20\n".encode()
    s3.put_object(Bucket=BUCKET, Key="inventory/data/1.csv.gz", Body=gzip.compress(rows))
    manifest = {"sourceBucket": BUCKET, "destinationBucket": f"arn:aws:s3:::{BUCKET}", "fileFormat": "CSV",
                "fileSchema": "Bucket, Key, Size", "files": [{"key": "inventory/data/1.csv.gz", "size": 40}]}
    s3.put_object(Bucket=BUCKET, Key="inventory/manifest.json", Body=json.dumps(manifest).encode())
    reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
              "Parameters": {"Bucket": BUCKET, "Key": "inventory/manifest.json"}}
    assert execute(_map(reader)).output == [{"Bucket": BUCKET, "Key": "data/a.json", "Size": "10"},
                                            {"Bucket": BUCKET, "Key": "data/b.json", "Size": "20"}]


def test_list_objects_with_a_prefix(s3: Any) -> None:
    for key in ("in/a.csv", "in/b.csv", "out/c.csv"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"x")
    reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": BUCKET, "Prefix": "in/"}}
    output = execute(_map(reader)).output
    assert [item["Key"] for item in output] == ["in/a.csv", "in/b.csv"]
    assert set(output[0]) == {"Etag", "Key", "LastModified", "Size", "StorageClass"}


def _ten_rows(s3: Any, bad: int) -> dict[str, Any]:
    rows = "id,bad\n" + "".join(f"{i},{'yes' if i < bad else 'no'}\n" for i in range(10))
    s3.put_object(Bucket=BUCKET, Key="ten.csv", Body=rows.encode())
    return _csv("ten.csv")


@pytest.mark.parametrize(("bad", "tolerated", "status"), [
    (3, {"ToleratedFailureCount": 3}, "SUCCEEDED"),   # exactly at the count: tolerated
    (4, {"ToleratedFailureCount": 3}, "FAILED"),      # one more: exceeded
    (3, {"ToleratedFailurePercentage": 30}, "SUCCEEDED"),  # 3 of 10 is exactly 30 %
    (4, {"ToleratedFailurePercentage": 30}, "FAILED"),
    (1, {}, "FAILED"),                                # no tolerance: the first failure fails the Map
    (0, {}, "SUCCEEDED"),
])
def test_tolerated_failures_at_the_threshold(s3: Any, bad: int, tolerated: dict[str, Any], status: str) -> None:
    execution = execute(_map(_ten_rows(s3, bad), CHECK, **tolerated))
    assert execution.status == status, (execution.error, execution.cause)
    if status == "FAILED":
        assert execution.error == "States.ExceedToleratedFailureThreshold"
    else:
        [run] = execution.map_runs
        assert (run.succeeded, run.failed) == (10 - bad, bad)


def test_each_child_execution_says_what_it_got_and_how_it_ended(s3: Any) -> None:
    execution = execute(_map(_ten_rows(s3, 2), CHECK, ToleratedFailureCount=5))
    [run] = execution.map_runs
    failed = [c for c in run.children if c["status"] == "FAILED"]
    assert failed == [{"index": 0, "input": {"id": "0", "bad": "yes"}, "status": "FAILED", "Error": "Bad.Item",
                       "Cause": "bad row"},
                      {"index": 1, "input": {"id": "1", "bad": "yes"}, "status": "FAILED", "Error": "Bad.Item",
                       "Cause": "bad row"}]
    assert run.children[2] == {"index": 2, "input": {"id": "2", "bad": "no"}, "status": "SUCCEEDED",
                               "output": {"id": "2", "bad": "no"}}


def test_result_writer_files_match_aws_format(s3: Any) -> None:
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": BUCKET, "Prefix": "results"}}
    execution = execute(_map(_ten_rows(s3, 1), CHECK, ToleratedFailureCount=1, ResultWriter=writer))
    assert execution.status == "SUCCEEDED", execution.cause
    details = execution.output["ResultWriterDetails"]
    assert details["Bucket"] == BUCKET and details["Key"].startswith("results/") and details["Key"].endswith(
        "/manifest.json")
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=details["Key"])["Body"].read())
    assert set(manifest) == {"DestinationBucket", "MapRunArn", "ResultFiles"}
    assert manifest["MapRunArn"] == execution.output["MapRunArn"]
    assert set(manifest["ResultFiles"]) == {"FAILED", "PENDING", "SUCCEEDED"}
    assert manifest["ResultFiles"]["PENDING"] == []
    [succeeded_file] = manifest["ResultFiles"]["SUCCEEDED"]
    assert succeeded_file["Key"].endswith("/SUCCEEDED_0.json")
    body = s3.get_object(Bucket=BUCKET, Key=succeeded_file["Key"])["Body"].read()
    assert succeeded_file["Size"] == len(body)
    entries = json.loads(body)
    assert len(entries) == 9
    assert {"ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "Status"} <= set(entries[0])
    assert json.loads(entries[0]["Input"]) == {"id": "1", "bad": "no"}
    [failed_file] = manifest["ResultFiles"]["FAILED"]
    failed = json.loads(s3.get_object(Bucket=BUCKET, Key=failed_file["Key"])["Body"].read())
    assert [(e["Status"], e["Error"], e["Cause"]) for e in failed] == [("FAILED", "Bad.Item", "bad row")]

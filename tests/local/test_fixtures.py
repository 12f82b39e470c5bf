"""``compiler run --fixtures``: data in the embedded emulator before the run, and the run's changes after it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.local.conftest import Ran

ORDERS = {"StartAt": "Get", "States": {
    "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
            "Parameters": {"TableName": "orders", "Key": {"id": {"S.$": "$.id"}}}, "ResultSelector": {"item.$": "$.Item"},
            "ResultPath": "$.found", "Next": "Update"},
    "Update": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
               "Parameters": {"TableName": "orders", "Key": {"id": {"S.$": "$.id"}},
                              "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "status"},
                              "ExpressionAttributeValues": {":s": {"S": "paid"}}},
               "ResultPath": None, "Next": "Secret"},
    "Secret": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
               "Parameters": {"SecretId": "api-key"}, "ResultSelector": {"value.$": "$.SecretString"},
               "ResultPath": "$.secret", "Next": "Receive"},
    "Receive": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:receiveMessage",
                "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/inbox"},
                "ResultSelector": {"bodies.$": "$.Messages[*].Body"}, "ResultPath": "$.inbox", "Next": "Send"},
    "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
             "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/inbox",
                            "MessageBody": {"paid.$": "$.id"}}, "ResultPath": None, "Next": "Copy"},
    "Copy": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
             "Parameters": {"Bucket": "docs", "Key": "terms/v1.txt"}, "ResultSelector": {"body.$": "$.Body"},
             "ResultPath": "$.terms", "End": True}}}


@pytest.fixture
def orders(tmp_path: Path) -> Path:
    path = tmp_path / "orders.asl.json"
    path.write_text(json.dumps(ORDERS), encoding="utf-8")
    return path


def _folder(root: Path) -> Path:
    (root / "s3" / "docs" / "terms").mkdir(parents=True)
    (root / "s3" / "docs" / "terms" / "v1.txt").write_text("be nice", encoding="utf-8")
    (root / "sqs").mkdir()
    (root / "sqs" / "inbox.json").write_text(json.dumps([{"hello": 1}]), encoding="utf-8")
    (root / "secrets").mkdir()
    (root / "secrets" / "api-key.txt").write_text("s3cret", encoding="utf-8")
    return root


FILE = {"dynamodb": {"orders": {"key": {"id": "S"}, "items": [{"id": "o-1", "total": 12, "status": "new"}]}}}


def test_fixtures_folder_and_file(run_cli: Callable[..., Ran], orders: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "fx")
    (tmp_path / "tables.yaml").write_text(json.dumps(FILE), encoding="utf-8")
    # A table needs its key: the file form declares it; the folder holds the rest.
    ran = run_cli(str(orders), "--fixtures", str(tmp_path / "tables.yaml"), "--input", '{"id": "o-1"}',
                  "--format", "json")
    assert ran.code == 1  # no secret, no bucket: the folder was not given
    ran = run_cli(str(orders), "--fixtures", str(folder), "--input", '{"id": "o-1"}', "--format", "json")
    assert ran.code == 1
    assert "DynamoDB.ResourceNotFoundException" in ran.out


def test_fixtures_load_and_changes_are_listed(run_cli: Callable[..., Ran], orders: Path, tmp_path: Path) -> None:
    doc: dict[str, Any] = {**FILE, "s3": {"docs": {"terms/v1.txt": "be nice"}}, "sqs": {"inbox": [{"hello": 1}]},
                           "secrets": {"api-key": "s3cret"}}
    fixtures = tmp_path / "fixtures.json"
    fixtures.write_text(json.dumps(doc), encoding="utf-8")
    ran = run_cli(str(orders), "--fixtures", str(fixtures), "--input", '{"id": "o-1"}', "--format", "json")
    assert ran.code == 0, ran.out + ran.err
    out = ran.json()
    assert out["output"]["found"]["item"] == {"id": {"S": "o-1"}, "status": {"S": "new"}, "total": {"N": "12"}}
    assert out["output"]["secret"] == {"value": "s3cret"}
    assert out["output"]["inbox"] == {"bodies": ['{"hello": 1}']}
    assert out["output"]["terms"] == {"body": "be nice"}
    changes = out["changes"]
    [item] = changes["table_items"]
    assert item["table"] == "orders" and item["change"] == "modified" and item["key"] == {"id": {"S": "o-1"}}
    assert item["item"]["status"] == {"S": "paid"} and item["before"]["status"] == {"S": "new"}
    # Fixture data is the starting point, not a change; the message the run sent is.
    assert [m["body"] for m in changes["queue_messages"]] == [{"paid": "o-1"}]
    assert changes["s3_objects"] == []


def test_the_text_view_summarises_the_changes(run_cli: Callable[..., Ran], orders: Path, tmp_path: Path) -> None:
    doc: dict[str, Any] = {**FILE, "s3": {"docs": {"terms/v1.txt": "be nice"}}, "secrets": {"api-key": "s3cret"},
                           "sqs": {"inbox": []}}
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML
    ran = run_cli(str(orders), "--fixtures", str(fixtures), "--input", '{"id": "o-1"}')
    assert ran.code == 0, ran.out + ran.err
    assert 'table orders: item modified {"id": {"S": "o-1"}}' in ran.out
    assert 'queue inbox: message {"paid": "o-1"}' in ran.out


def test_a_missing_table_without_a_key_says_how_to_declare_it(run_cli: Callable[..., Ran], orders: Path,
                                                               tmp_path: Path) -> None:
    (tmp_path / "fx" / "dynamodb").mkdir(parents=True)
    (tmp_path / "fx" / "dynamodb" / "orders.json").write_text('[{"id": "o-1"}]', encoding="utf-8")
    ran = run_cli(str(orders), "--fixtures", str(tmp_path / "fx"))
    assert ran.code == 1
    assert "the table 'orders' does not exist in the emulator" in ran.err
    assert "key: {id: S}" in ran.err


@pytest.mark.parametrize(("content", "message"), [
    ('{"nosql": {}}', "unknown part 'nosql'"),
    ('{"dynamodb": {"orders": 3}}', "dynamodb.orders must be a list of items"),
    ("[1,", "is not JSON"),
])
def test_malformed_fixtures_are_usage_errors(run_cli: Callable[..., Ran], orders: Path, tmp_path: Path,
                                             content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    ran = run_cli(str(orders), "--fixtures", str(path))
    assert ran.code == 2
    assert message in ran.err


def test_fixtures_need_the_embedded_emulator(run_cli: Callable[..., Ran], orders: Path, tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("{}", encoding="utf-8")
    ran = run_cli(str(orders), "--fixtures", str(path), "--real-aws", "--mock", "arn:aws:states:::*={}")
    assert ran.code == 2
    assert "--fixtures loads data into the embedded emulator" in ran.err

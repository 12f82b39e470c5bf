"""``fixtures:`` in ``compiler test`` cases: each case starts from its own data in the embedded emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.testing.conftest import Ran

ASL = {"StartAt": "Get", "States": {
    "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
            "Parameters": {"TableName": "orders", "Key": {"id": {"S.$": "$.id"}}},
            "ResultSelector": {"status.$": "$.Item.status.S"}, "Next": "Read"},
    "Read": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
             "Parameters": {"Bucket": "docs", "Key": "note.txt"}, "ResultSelector": {"note.$": "$.Body"},
             "ResultPath": "$.doc", "End": True}}}

TESTS = """\
version: 1
spec: orders.asl.json
cases:
  - name: paid order
    input: {id: o-1}
    fixtures:
      dynamodb: {orders: {key: {id: S}, items: [{id: o-1, status: paid}]}}
      s3: {docs: {note.txt: thanks}}
    expect: {output: {status: paid, doc: {note: thanks}}}
  - name: from a folder
    input: {id: o-1}
    fixtures: fixtures
    expect: {output: {status: new, doc: {note: hello}}}
  - name: no fixtures, nothing left over
    input: {id: o-1}
    expect: {status: FAILED, error: DynamoDB.ResourceNotFoundException}
"""


def test_each_case_gets_its_own_fixtures(cli: Callable[..., Ran], tmp_path: Path) -> None:
    (tmp_path / "orders.asl.json").write_text(json.dumps(ASL), encoding="utf-8")
    folder = tmp_path / "fixtures"
    (folder / "s3" / "docs").mkdir(parents=True)
    (folder / "s3" / "docs" / "note.txt").write_text("hello", encoding="utf-8")
    # A folder cannot declare a table's key (a spec table, or the file form, has it).
    (folder / "dynamodb").mkdir()
    (folder / "dynamodb" / "orders.json").write_text('[{"id": "o-1", "status": "new"}]', encoding="utf-8")
    tests = tmp_path / "orders.test.yaml"
    tests.write_text(TESTS, encoding="utf-8")
    ran = cli("test", str(tests), "--format", "json")
    cases = {c["name"]: c for c in ran.json()["cases"]}
    assert cases["paid order"]["outcome"] == "passed", cases["paid order"]
    assert cases["no fixtures, nothing left over"]["outcome"] == "passed", cases["no fixtures, nothing left over"]
    # The folder's table is not declared anywhere: the case says how to declare it.
    assert cases["from a folder"]["outcome"] == "error"
    assert "the table 'orders' does not exist in the emulator" in cases["from a folder"]["message"]

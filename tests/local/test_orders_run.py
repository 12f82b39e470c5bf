"""examples/orders runs with no --mock: its table, queues, topic, bus and key exist in the embedded
moto with their spec settings, and the run's JSON lists what the saga wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from compiler.local.spec_resources import create_all, spec_resources
from compiler.pipeline import compile_spec
from compiler.refs import Ref
from tests.local.conftest import REPO, Ran

ORDERS = REPO / "examples" / "orders"


def _run(run_cli: Callable[..., Ran], data: str) -> dict[str, Any]:
    ran = run_cli(str(ORDERS / "workflow.yaml"), "--input", f"@{ORDERS / data}", "--format", "json")
    assert ran.code in (0, 1), ran.err
    doc: dict[str, Any] = ran.json()
    return doc


def test_the_saga_succeeds_and_lists_what_it_wrote(run_cli: Callable[..., Ran]) -> None:
    doc = _run(run_cli, "input.json")
    assert doc["status"] == "SUCCEEDED", (doc.get("error"), doc.get("cause"))
    changes = doc["changes"]
    [item] = changes["table_items"]
    assert (item["resource"], item["change"], item["key"]) == ("orders", "added", {"order_id": {"S": "order-1001"}})
    assert item["item"]["status"] == {"S": "CONFIRMED"} and item["item"]["item_count"] == {"N": "2"}
    assert [(m["resource"], m["body"]["sku"]) for m in changes["queue_messages"]] == [
        ("fulfilment", "book-123"), ("fulfilment", "pen-7")]
    [notice] = changes["sns_messages"]
    assert (notice["resource"], notice["subject"], notice["message"]) == (
        "customer_notices", "Order confirmed", "Order order-1001 is confirmed.")
    [event] = changes["events"]
    assert (event["resource"], event["event_bus"], event["Source"], event["DetailType"]) == (
        "order_events", "orders-saga", "orders.saga", "OrderConfirmed")
    assert event["Detail"] == {"order_id": "order-1001", "customer": "customer-42"}


def test_the_compensation_rolls_the_item_back(run_cli: Callable[..., Ran]) -> None:
    doc = _run(run_cli, "input-compensate.json")
    assert (doc["status"], doc["error"]) == ("FAILED", "OrderCancelled")
    names = [s["name"] for s in doc["executions"][0]["states"]]
    assert names.index("Record Order") < names.index("Roll Back Order") < names.index("Notify Cancellation")
    # The item was put, then deleted: the table holds nothing new after the run.
    assert doc["changes"]["table_items"] == []
    succeeded = [e for e in doc["executions"][0]["events"] if e["type"] == "TaskSucceeded"]
    assert [e["taskSucceededEventDetails"]["resource"] for e in succeeded if
            e["taskSucceededEventDetails"]["resourceType"] == "dynamodb"] == ["putItem", "deleteItem"]
    [notice] = doc["changes"]["sns_messages"]
    assert notice["message"] == "Order order-1002 was cancelled (PaymentDeclined)."


SPEC = """\
version: 1
resources:
  key: {type: key, alias: alias/things}
  events_table:
    type: table
    table_name: events
    partition_key: {name: pk}
    sort_key: {name: at, type: number}
    stream: new_image
    key: key
  dlq: {type: queue, queue_name: jobs-dlq.fifo, fifo: true}
  jobs:
    type: queue
    queue_name: jobs.fifo
    fifo: true
    content_based_deduplication: true
    visibility_timeout: 60
    dead_letter: {queue: dlq, max_receive_count: 4}
  news: {type: topic, topic_name: news.fifo, fifo: true, display_name: News}
  bus: {type: event_bus, event_bus_name: things}
  legacy: {type: queue, existing: {queue_name: legacy-queue}}
state_machines:
  main:
    states:
      Done: {type: succeed}
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "workflow.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_resources_are_created_with_their_spec_settings(spec: Path) -> None:
    compiled = compile_spec(spec)
    assert compiled.program is not None, compiled.report.diagnostics
    program = compiled.program
    with mock_aws():
        clients: dict[str, Any] = {}

        def client(name: str) -> Any:
            return clients.setdefault(name, boto3.client(name, region_name="us-east-1"))

        assert create_all(spec_resources(program), client) == []
        table = client("dynamodb").describe_table(TableName="events")["Table"]
        assert [(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]] == [("pk", "HASH"), ("at", "RANGE")]
        assert {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]} == {"pk": "S", "at": "N"}
        assert table["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"
        key_arn = program.local_value(Ref("key", "arn"))
        assert table["SSEDescription"]["KMSMasterKeyArn"] == key_arn
        assert client("kms").describe_key(KeyId="alias/things")["KeyMetadata"]["Arn"] == key_arn
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName="jobs.fifo")["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert attributes["FifoQueue"] == "true" and attributes["ContentBasedDeduplication"] == "true"
        assert attributes["VisibilityTimeout"] == "60"
        assert '"maxReceiveCount": 4' in attributes["RedrivePolicy"] and "jobs-dlq.fifo" in attributes["RedrivePolicy"]
        assert sqs.get_queue_url(QueueName="legacy-queue")["QueueUrl"].endswith("/legacy-queue")  # a stand-in
        topics = [t["TopicArn"] for t in client("sns").list_topics()["Topics"]]
        assert topics == ["arn:aws:sns:us-east-1:123456789012:news.fifo"]
        topic = client("sns").get_topic_attributes(TopicArn=topics[0])["Attributes"]
        assert topic["FifoTopic"] == "true" and topic["DisplayName"] == "News"
        assert "things" in [b["Name"] for b in client("events").list_event_buses()["EventBuses"]]
        # A second run against the same emulator (compiler test shares one) leaves them as they are.
        assert create_all(spec_resources(program), client) == []

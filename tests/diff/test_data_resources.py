"""Replacement rules of tables, queues, topics, event buses and keys: what replaces the resource,
what is lost, and what changes in place."""

from __future__ import annotations

from pathlib import Path

from tests.diff.helpers import diff_texts

BASE = """version: 1
resources:
  data_key: {type: key, alias: alias/orders}
  orders:
    type: table
    partition_key: {name: id}
    removal_policy: REMOVAL
  jobs:
    type: queue
    queue_name: jobs
    dead_letter: {queue: failed}
  failed: {type: queue, queue_name: failed}
  events: {type: topic, topic_name: events, key: data_key}
  bus: {type: event_bus, event_bus_name: orders}
state_machines:
  main:
    states:
      Save:
        type: task
        resource: arn:aws:states:::dynamodb:putItem
        parameters: {TableName: "${orders.name}", Item: {id: {S.$: $.id}}}
      Send:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        parameters: {QueueUrl: "${jobs.url}", MessageBody.$: $}
      Publish:
        type: task
        resource: arn:aws:states:::sns:publish
        parameters: {TopicArn: "${events.arn}", Message.$: $}
      Emit:
        type: task
        resource: arn:aws:states:::events:putEvents
        parameters:
          Entries: [{EventBusName: "${bus.name}", Source: orders, DetailType: placed, Detail: {}}]
"""
SPEC = BASE.replace("REMOVAL", "retain")


def test_a_table_key_change_replaces_the_table_and_says_the_items_stay_behind(tmp_path: Path) -> None:
    head = SPEC.replace("partition_key: {name: id}", "partition_key: {name: order_id}").replace(
        "Item: {id:", "Item: {order_id:")
    diff = diff_texts(tmp_path, SPEC, head)
    [change] = [c for c in diff.resources if c.key == "orders"]
    assert change.replacement is not None and change.replacement.properties == ("KeySchema",)
    assert "new, empty table" in change.replacement.cost and "left behind outside the stack" in change.replacement.cost
    destroy = BASE.replace("REMOVAL", "destroy")
    diff = diff_texts(tmp_path, destroy, destroy.replace("partition_key: {name: id}", "partition_key: {name: pk}"))
    [flag] = [f for f in diff.flags if f.subject == "table orders"]
    assert "the data and its backups are lost" in flag.message


def test_a_queue_becoming_fifo_is_replaced_and_loses_its_messages(tmp_path: Path) -> None:
    head = SPEC.replace("queue_name: jobs\n", "queue_name: jobs.fifo\n    fifo: true\n").replace(
        "failed: {type: queue, queue_name: failed}", "failed: {type: queue, fifo: true}")
    diff = diff_texts(tmp_path, SPEC, head)
    [change] = [c for c in diff.resources if c.key == "jobs"]
    assert change.replacement is not None and change.replacement.properties == ("FifoQueue", "QueueName")
    assert "messages waiting in it are lost" in change.replacement.cost


def test_a_topic_becoming_fifo_loses_its_subscriptions(tmp_path: Path) -> None:
    head = SPEC.replace("topic_name: events,", "topic_name: events.fifo, fifo: true,").replace(
        "Message.$: $}", "Message.$: $, MessageGroupId: g}")
    [change] = [c for c in diff_texts(tmp_path, SPEC, head).resources if c.key == "events"]
    assert change.replacement is not None and change.replacement.properties == ("FifoTopic", "TopicName")
    assert "subscriptions made outside the stack are lost" in change.replacement.cost


def test_renaming_a_bus_or_an_alias_replaces_only_that(tmp_path: Path) -> None:
    head = SPEC.replace("event_bus_name: orders", "event_bus_name: orders-v2").replace(
        "alias: alias/orders", "alias: alias/orders-v2")
    changes = {c.key: c for c in diff_texts(tmp_path, SPEC, head).resources}
    assert changes["bus"].replacement is not None and changes["bus"].replacement.properties == ("Name",)
    assert changes["data_key"].replacement is not None
    assert "the key itself stays" in changes["data_key"].replacement.cost


def test_in_place_changes_replace_nothing(tmp_path: Path) -> None:
    head = SPEC.replace("dead_letter: {queue: failed}", "dead_letter: {queue: failed, max_receive_count: 9}").replace(
        "partition_key: {name: id}\n", "partition_key: {name: id}\n    point_in_time_recovery: false\n")
    diff = diff_texts(tmp_path, SPEC, head)
    assert {c.key for c in diff.resources} == {"jobs", "orders"}
    assert all(c.replacement is None for c in diff.resources) and diff.flags == ()


def test_removing_a_table_or_a_queue_is_flagged_as_data_loss(tmp_path: Path) -> None:
    head = SPEC.replace("  failed: {type: queue, queue_name: failed}\n", "").replace(
        "    dead_letter: {queue: failed}\n", "")
    diff = diff_texts(tmp_path, SPEC, head)
    [loss] = [f for f in diff.flags if f.category == "data_loss"]
    assert loss.subject == "queue failed" and "messages waiting in it are lost" in loss.message


OPS = """version: 1
stack:
  nag_acknowledgements:
    - {rule: AwsSolutions-SMG4, reason: "The partner rotates the key by hand."}
resources:
  audit: {type: log_group, log_group_name: /orders/audit}
  api_key: {type: secret, secret_name: partner/api-key, generate: {length: 40}}
  partner:
    type: connection
    connection_name: partner
    authorization: {type: api_key, api_key_name: x-api-key, secret: api_key}
state_machines:
  main:
    states:
      Call:
        type: task
        resource: arn:aws:states:::http:invoke
        parameters: {ApiEndpoint: "https://example.com/a", Method: GET, Authentication: {ConnectionArn: "${partner.arn}"}}
      Write:
        type: task
        resource: arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents
        parameters: {LogGroupName: "${audit.name}", LogStreamName: s, LogEvents: []}
"""


def test_renaming_a_secret_generates_a_new_value(tmp_path: Path) -> None:
    head = OPS.replace("secret_name: partner/api-key", "secret_name: partner/key")
    [change] = [c for c in diff_texts(tmp_path, OPS, head).resources if c.key == "api_key"]
    assert change.replacement is not None and change.replacement.properties == ("Name",)
    assert "newly generated value" in change.replacement.cost


def test_renaming_a_log_group_or_a_connection_replaces_it(tmp_path: Path) -> None:
    head = OPS.replace("/orders/audit", "/orders/audit-v2").replace("connection_name: partner", "connection_name: partner-v2")
    changes = {c.key: c for c in diff_texts(tmp_path, OPS, head).resources}
    assert changes["audit"].replacement is not None and "left behind outside the stack with its events" in changes["audit"].replacement.cost
    assert changes["partner"].replacement is not None and changes["partner"].replacement.properties == ("Name",)


def test_removing_a_log_group_is_flagged(tmp_path: Path) -> None:
    head = OPS.replace("  audit: {type: log_group, log_group_name: /orders/audit}\n", "").replace(
        "      Write:\n        type: task\n        resource: arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents\n"
        "        parameters: {LogGroupName: \"${audit.name}\", LogStreamName: s, LogEvents: []}\n", "")
    [loss] = [f for f in diff_texts(tmp_path, OPS, head).flags if f.category == "data_loss"]
    assert loss.subject == "log group audit" and "left behind" in loss.message

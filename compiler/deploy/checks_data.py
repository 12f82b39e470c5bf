"""Verification rows of tables, queues, topics, event buses and KMS keys: each deployed resource
read back through its service's API and compared with the template's properties.

``compiler.deploy.checks`` merges these tables into its own (``CHECKS``, the ``Fn::GetAtt``
readers); what the emulator does not apply of them is in ``compiler.deploy.emulator_gaps``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from compiler.deploy.intrinsics import Resolver
from compiler.deploy.readback import Check, Clients, compare, read_back
from compiler.deploy.report import Row


def _tail(value: str, sep: str) -> str:
    return value.rsplit(sep, 1)[-1]


def check_table(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    ddb = clients.client("dynamodb")
    answer = read_back(row, "table", ddb.describe_table, TableName=row.physical_id)
    if answer is None:
        return
    table = answer["Table"]
    if "TableName" in props:
        compare(row, "TableName", props["TableName"], table["TableName"])
    compare(row, "KeySchema", props["KeySchema"], table.get("KeySchema"))
    by_name = {a["AttributeName"]: a["AttributeType"] for a in table.get("AttributeDefinitions", [])}
    compare(row, "AttributeDefinitions", {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]},
             by_name)
    billing = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    compare(row, "BillingMode", props.get("BillingMode", "PROVISIONED"), billing, default="PROVISIONED")
    stream = props.get("StreamSpecification", {}).get("StreamViewType")
    compare(row, "StreamSpecification", stream, table.get("StreamSpecification", {}).get("StreamViewType"))
    sse = props.get("SSESpecification")
    if sse is not None:
        described = table.get("SSEDescription", {})
        compare(row, "SSESpecification", sse.get("SSEEnabled"), described.get("Status") == "ENABLED", default=False)
        if "KMSMasterKeyId" in sse:
            compare(row, "SSESpecification.KMSMasterKeyId", resolver.resolve(sse["KMSMasterKeyId"]),
                     described.get("KMSMasterKeyArn"))
    pitr = props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled", False)
    backups = ddb.describe_continuous_backups(TableName=row.physical_id)["ContinuousBackupsDescription"]
    status = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    compare(row, "PointInTimeRecoverySpecification", pitr, status == "ENABLED", default=False)
    ttl = props.get("TimeToLiveSpecification")
    if ttl is not None:
        described_ttl = ddb.describe_time_to_live(TableName=row.physical_id)["TimeToLiveDescription"]
        compare(row, "TimeToLiveSpecification", ttl["AttributeName"], described_ttl.get("AttributeName"))


def check_queue(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    sqs = clients.client("sqs")
    answer = read_back(row, "queue", sqs.get_queue_attributes, QueueUrl=row.physical_id, AttributeNames=["All"])
    if answer is None:
        return
    attributes = answer["Attributes"]
    if "QueueName" in props:
        compare(row, "QueueName", props["QueueName"], _tail(row.physical_id, "/"))
    compare(row, "FifoQueue", bool(props.get("FifoQueue", False)), attributes.get("FifoQueue") == "true")
    for name, attribute, default in (("VisibilityTimeout", "VisibilityTimeout", 30),
                                     ("MessageRetentionPeriod", "MessageRetentionPeriod", 345_600),
                                     ("DelaySeconds", "DelaySeconds", 0)):
        compare(row, name, int(props.get(name, default)), int(attributes.get(attribute, default)))
    if "RedrivePolicy" in props:
        expected = resolver.resolve(props["RedrivePolicy"])
        deployed = json.loads(attributes.get("RedrivePolicy", "{}"))
        compare(row, "RedrivePolicy", {k: str(v) for k, v in expected.items()},
                 {k: str(v) for k, v in deployed.items()})
    if "KmsMasterKeyId" in props:
        compare(row, "KmsMasterKeyId", resolver.resolve(props["KmsMasterKeyId"]), attributes.get("KmsMasterKeyId"))
    if "SqsManagedSseEnabled" in props:
        compare(row, "SqsManagedSseEnabled", props["SqsManagedSseEnabled"],
                 attributes.get("SqsManagedSseEnabled") == "true")


def check_topic(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    sns = clients.client("sns")
    answer = read_back(row, "topic", sns.get_topic_attributes, TopicArn=row.physical_id)
    if answer is None:
        return
    attributes = answer["Attributes"]
    if "TopicName" in props:
        compare(row, "TopicName", props["TopicName"], _tail(row.physical_id, ":"))
    compare(row, "FifoTopic", bool(props.get("FifoTopic", False)), attributes.get("FifoTopic") == "true")
    if "KmsMasterKeyId" in props:
        compare(row, "KmsMasterKeyId", resolver.resolve(props["KmsMasterKeyId"]), attributes.get("KmsMasterKeyId"))
    if "DisplayName" in props:
        compare(row, "DisplayName", props["DisplayName"], attributes.get("DisplayName"))


def check_event_bus(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    bus = read_back(row, "event bus", clients.client("events").describe_event_bus, Name=row.physical_id)
    if bus is None:
        return
    compare(row, "Name", props["Name"], bus.get("Name"))
    if "KmsKeyIdentifier" in props:
        compare(row, "KmsKeyIdentifier", resolver.resolve(props["KmsKeyIdentifier"]), bus.get("KmsKeyIdentifier"))


KEY_GAP = "key metadata (moto keeps a CloudFormation KeyPolicy unparsed and cannot describe the key)"


def describe_key(kms: Any, key_id: str) -> dict[str, Any] | None:
    """The key's metadata; None when the emulator cannot describe it (see KEY_GAP)."""
    try:
        metadata: dict[str, Any] = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    except (ClientError, TypeError):  # in process, moto's own TypeError escapes as is
        return None
    return metadata


def check_key(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    kms = clients.client("kms")
    listed = {k["KeyId"] for page in kms.get_paginator("list_keys").paginate() for k in page["Keys"]}
    if row.physical_id not in listed:
        row.mismatch("key does not exist")
        return
    rotation = kms.get_key_rotation_status(KeyId=row.physical_id).get("KeyRotationEnabled")
    compare(row, "EnableKeyRotation", props.get("EnableKeyRotation", False), rotation)
    key = describe_key(kms, row.physical_id)
    if key is None:
        row.gap(KEY_GAP)
        return
    compare(row, "Enabled", props.get("Enabled", True), key.get("Enabled"))
    if "Description" in props:
        compare(row, "Description", props["Description"], key.get("Description"))


def check_alias(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    kms = clients.client("kms")
    aliases = {a["AliasName"]: a for page in kms.get_paginator("list_aliases").paginate() for a in page["Aliases"]}
    alias = aliases.get(props["AliasName"])
    if alias is None:
        row.mismatch(f"alias {props['AliasName']} does not exist")
        return
    row.physical_id = row.physical_id or props["AliasName"]
    target = str(resolver.resolve(props["TargetKeyId"]))
    compare(row, "TargetKeyId", _tail(target, "/"), alias.get("TargetKeyId"))


def _table_attribute(clients: Clients, physical: str, attr: str) -> str | None:
    table = clients.client("dynamodb").describe_table(TableName=physical)["Table"]
    value: str | None = {"Arn": table.get("TableArn"), "StreamArn": table.get("LatestStreamArn")}.get(attr)
    return value


def _queue_attribute(clients: Clients, physical: str, attr: str) -> str | None:
    if attr == "QueueUrl":
        return physical
    if attr == "QueueName":
        return _tail(physical, "/")
    if attr == "Arn":
        answer = clients.client("sqs").get_queue_attributes(QueueUrl=physical, AttributeNames=["QueueArn"])
        value: str | None = answer["Attributes"].get("QueueArn")
        return value
    return None


def _topic_attribute(clients: Clients, physical: str, attr: str) -> str | None:
    return {"TopicArn": physical, "TopicName": _tail(physical, ":")}.get(attr)


def _event_bus_attribute(clients: Clients, physical: str, attr: str) -> str | None:
    bus = clients.client("events").describe_event_bus(Name=physical)
    value: str | None = {"Arn": bus.get("Arn"), "Name": bus.get("Name")}.get(attr)
    return value


def _key_attribute(clients: Clients, physical: str, attr: str) -> str | None:
    keys = {k["KeyId"]: k for page in clients.client("kms").get_paginator("list_keys").paginate() for k in page["Keys"]}
    key = keys.get(physical, {})
    value: str | None = {"Arn": key.get("KeyArn"), "KeyId": key.get("KeyId")}.get(attr)
    return value


CHECKS: dict[str, Check] = {
    "AWS::DynamoDB::Table": check_table,
    "AWS::SQS::Queue": check_queue,
    "AWS::SNS::Topic": check_topic,
    "AWS::Events::EventBus": check_event_bus,
    "AWS::KMS::Key": check_key,
    "AWS::KMS::Alias": check_alias,
}
ATTRIBUTES: dict[str, Callable[[Clients, str, str], str | None]] = {
    "AWS::DynamoDB::Table": _table_attribute,
    "AWS::SQS::Queue": _queue_attribute,
    "AWS::SNS::Topic": _topic_attribute,
    "AWS::Events::EventBus": _event_bus_attribute,
    "AWS::KMS::Key": _key_attribute,
}

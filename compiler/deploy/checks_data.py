"""Verification rows of tables, queues, topics, event buses and KMS keys: each deployed resource
read back through its service's API and compared with the template's properties.

``compiler.deploy.checks`` merges these tables into its own (``CHECKS``, ``GAPS``, the
``Fn::GetAtt`` readers); ``compare`` comes from there, imported where it is used so that neither
module needs the other at import time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from compiler.deploy.intrinsics import Resolver
from compiler.deploy.report import Row

if TYPE_CHECKING:
    from compiler.deploy.checks import Clients

# (resource type, property) -> what the emulator's CloudFormation does not apply (moto 5.2.5).
GAPS: dict[tuple[str, str], str] = {
    ("AWS::DynamoDB::Table", "SSESpecification"): "table encryption settings",
    ("AWS::DynamoDB::Table", "SSESpecification.KMSMasterKeyId"): "table encryption key",
    ("AWS::DynamoDB::Table", "PointInTimeRecoverySpecification"): "table point-in-time recovery",
    ("AWS::DynamoDB::Table", "TimeToLiveSpecification"): "table time to live",
}
UNSUPPORTED_TYPES = {
    "AWS::SQS::QueuePolicy": "queue policies (the TLS-only policy is not created)",
    "AWS::SNS::TopicPolicy": "topic policies (the TLS-only policy is not created)",
    "AWS::SecretsManager::Secret": "secrets (the emulator's CloudFormation does not create them)",
    "AWS::Events::Connection": "EventBridge connections (the emulator's CloudFormation does not create them)",
}


def _compare(row: Row, name: str, expected: Any, actual: Any, *, default: Any = None) -> None:
    from compiler.deploy.checks import compare

    compare(row, name, expected, actual, default=default)


def _tail(value: str, sep: str) -> str:
    return value.rsplit(sep, 1)[-1]


def check_table(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    ddb = clients.client("dynamodb")
    try:
        table = ddb.describe_table(TableName=row.physical_id)["Table"]
    except ClientError:
        row.mismatch("table does not exist")
        return
    if "TableName" in props:
        _compare(row, "TableName", props["TableName"], table["TableName"])
    _compare(row, "KeySchema", props["KeySchema"], table.get("KeySchema"))
    by_name = {a["AttributeName"]: a["AttributeType"] for a in table.get("AttributeDefinitions", [])}
    _compare(row, "AttributeDefinitions", {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]},
             by_name)
    billing = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    _compare(row, "BillingMode", props.get("BillingMode", "PROVISIONED"), billing, default="PROVISIONED")
    stream = props.get("StreamSpecification", {}).get("StreamViewType")
    _compare(row, "StreamSpecification", stream, table.get("StreamSpecification", {}).get("StreamViewType"))
    sse = props.get("SSESpecification")
    if sse is not None:
        described = table.get("SSEDescription", {})
        _compare(row, "SSESpecification", sse.get("SSEEnabled"), described.get("Status") == "ENABLED", default=False)
        if "KMSMasterKeyId" in sse:
            _compare(row, "SSESpecification.KMSMasterKeyId", resolver.resolve(sse["KMSMasterKeyId"]),
                     described.get("KMSMasterKeyArn"))
    pitr = props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled", False)
    backups = ddb.describe_continuous_backups(TableName=row.physical_id)["ContinuousBackupsDescription"]
    status = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    _compare(row, "PointInTimeRecoverySpecification", pitr, status == "ENABLED", default=False)
    ttl = props.get("TimeToLiveSpecification")
    if ttl is not None:
        described_ttl = ddb.describe_time_to_live(TableName=row.physical_id)["TimeToLiveDescription"]
        _compare(row, "TimeToLiveSpecification", ttl["AttributeName"], described_ttl.get("AttributeName"))


def check_queue(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    sqs = clients.client("sqs")
    try:
        attributes = sqs.get_queue_attributes(QueueUrl=row.physical_id, AttributeNames=["All"])["Attributes"]
    except ClientError:
        row.mismatch("queue does not exist")
        return
    if "QueueName" in props:
        _compare(row, "QueueName", props["QueueName"], _tail(row.physical_id, "/"))
    _compare(row, "FifoQueue", bool(props.get("FifoQueue", False)), attributes.get("FifoQueue") == "true")
    for name, attribute, default in (("VisibilityTimeout", "VisibilityTimeout", 30),
                                     ("MessageRetentionPeriod", "MessageRetentionPeriod", 345_600),
                                     ("DelaySeconds", "DelaySeconds", 0)):
        _compare(row, name, int(props.get(name, default)), int(attributes.get(attribute, default)))
    if "RedrivePolicy" in props:
        expected = resolver.resolve(props["RedrivePolicy"])
        deployed = json.loads(attributes.get("RedrivePolicy", "{}"))
        _compare(row, "RedrivePolicy", {k: str(v) for k, v in expected.items()},
                 {k: str(v) for k, v in deployed.items()})
    if "KmsMasterKeyId" in props:
        _compare(row, "KmsMasterKeyId", resolver.resolve(props["KmsMasterKeyId"]), attributes.get("KmsMasterKeyId"))
    if "SqsManagedSseEnabled" in props:
        _compare(row, "SqsManagedSseEnabled", props["SqsManagedSseEnabled"],
                 attributes.get("SqsManagedSseEnabled") == "true")


def check_topic(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    sns = clients.client("sns")
    try:
        attributes = sns.get_topic_attributes(TopicArn=row.physical_id)["Attributes"]
    except ClientError:
        row.mismatch("topic does not exist")
        return
    if "TopicName" in props:
        _compare(row, "TopicName", props["TopicName"], _tail(row.physical_id, ":"))
    _compare(row, "FifoTopic", bool(props.get("FifoTopic", False)), attributes.get("FifoTopic") == "true")
    if "KmsMasterKeyId" in props:
        _compare(row, "KmsMasterKeyId", resolver.resolve(props["KmsMasterKeyId"]), attributes.get("KmsMasterKeyId"))
    if "DisplayName" in props:
        _compare(row, "DisplayName", props["DisplayName"], attributes.get("DisplayName"))


def check_event_bus(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    try:
        bus = clients.client("events").describe_event_bus(Name=row.physical_id)
    except ClientError:
        row.mismatch("event bus does not exist")
        return
    _compare(row, "Name", props["Name"], bus.get("Name"))
    if "KmsKeyIdentifier" in props:
        _compare(row, "KmsKeyIdentifier", resolver.resolve(props["KmsKeyIdentifier"]), bus.get("KmsKeyIdentifier"))


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
    _compare(row, "EnableKeyRotation", props.get("EnableKeyRotation", False), rotation)
    key = describe_key(kms, row.physical_id)
    if key is None:
        row.gap(KEY_GAP)
        return
    _compare(row, "Enabled", props.get("Enabled", True), key.get("Enabled"))
    if "Description" in props:
        _compare(row, "Description", props["Description"], key.get("Description"))


def check_alias(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    kms = clients.client("kms")
    aliases = {a["AliasName"]: a for page in kms.get_paginator("list_aliases").paginate() for a in page["Aliases"]}
    alias = aliases.get(props["AliasName"])
    if alias is None:
        row.mismatch(f"alias {props['AliasName']} does not exist")
        return
    row.physical_id = row.physical_id or props["AliasName"]
    target = str(resolver.resolve(props["TargetKeyId"]))
    _compare(row, "TargetKeyId", _tail(target, "/"), alias.get("TargetKeyId"))


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


CHECKS: dict[str, Callable[[Clients, Resolver, Row, dict[str, Any]], None]] = {
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

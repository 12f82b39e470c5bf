"""The spec's resources, created in the emulator before a run, as ``cdk deploy`` would create them.

Buckets, KMS keys, log groups (retention, key), DynamoDB tables (key schema, stream, encryption key),
SQS queues (FIFO, dead-letter queue, delays, encryption key), SNS topics (FIFO, display name, key),
EventBridge buses, secrets and connections (``compiler.local.create_ops``), each under the local name
and ARN the run's definitions use (``Program.local_value``). ``existing`` resources are created as
stand-ins named as in the spec, so that a run works offline; an existing table's key schema is not in
the spec, so it is only created when ``--fixtures`` declares it. The embedded moto and another
emulator (``--endpoint-url``) get the same resources; only ids the emulator chooses itself differ.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from compiler.ir import Program
from compiler.local import moto_ids
from compiler.local.create_ops import create_connection, create_log_group, create_secret
from compiler.local.targets import CUSTOM_ID_TAG, LocalResource, Target
from compiler.refs import Ref

# In the order of their references: keys encrypt the rest, secrets hold connections' credentials.
_KINDS = ("key", "bucket", "log_group", "table", "queue", "topic", "event_bus", "secret", "connection")
_ATTRIBUTE_TYPES = {"string": "S", "number": "N", "binary": "B"}

__all__ = ["LocalResource", "create_all", "spec_resources"]


def spec_resources(program: Program) -> list[LocalResource]:
    """The resources a local run creates, in an order that satisfies their references (keys, dead-letter queues first)."""
    found: list[LocalResource] = []
    for key, resource in program.spec.resources.items():
        kind = resource.type
        existing = getattr(resource, "existing", None) is not None
        # New buckets are the emulator's own (Emulator.active); existing ones get stand-ins here.
        if kind not in _KINDS or (kind == "bucket" and not existing):
            continue
        name = program.local_value(Ref(key, "id" if kind == "key" else "name"))
        arn = program.local_value(Ref(key, "arn"))
        settings = {k: v for k, v in resource.model_dump(exclude_none=True).items() if k not in ("type", "existing")}
        for ref_field in ("key",):  # a spec key used for encryption: its local ARN
            if isinstance(settings.get(ref_field), str) and settings[ref_field] in program.spec.resources:
                settings[ref_field] = program.local_value(Ref(settings[ref_field], "arn"))
        authorization = settings.get("authorization")
        if isinstance(authorization, dict) and authorization.get("secret") in program.spec.resources:
            authorization["secret_name"] = program.local_value(Ref(authorization["secret"], "name"))
        dead_letter = settings.get("dead_letter")
        if isinstance(dead_letter, dict) and dead_letter.get("queue") in program.spec.resources:
            dead_letter["queue_arn"] = program.local_value(Ref(dead_letter["queue"], "arn"))
        found.append(LocalResource(key, kind, name, arn, settings, existing))
    order = {kind: i for i, kind in enumerate(_KINDS)}
    # Dead-letter queues before the queues that name them.
    return sorted(found, key=lambda r: (order[r.kind], "dead_letter" in r.settings))


def create_all(resources: list[LocalResource], client: Callable[[str], Any], *, endpoint: str | None = None,
               secret_values: Mapping[str, Any] | None = None) -> list[str]:
    """Create each resource (one that exists already is left as it is); returns warnings for the others.

    ``endpoint``: another emulator's URL (None: the embedded moto). ``secret_values``: values --fixtures
    gives secrets, by spec key or name.
    """
    from botocore.exceptions import EndpointConnectionError

    target = Target(client, endpoint, secret_values or {})
    warnings: list[str] = []
    for resource in resources:
        try:
            note = _CREATE[resource.kind](resource, target)
        except EndpointConnectionError as exc:
            return [*warnings, f"the spec's resources were not created: {exc}"]
        except Exception as exc:  # botocore's errors: it exists (a shared emulator), or a setting moto refuses
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
            if any(word in code for word in ("AlreadyExists", "AlreadyOwned", "ResourceInUse", "ResourceExists")):
                continue
            note = f"could not create the {resource.kind} '{resource.key}' ({resource.name}): {exc}"
        if note:
            warnings.append(note)
    return warnings


def _key(resource: LocalResource, target: Target) -> str | None:
    kms = target.client("kms")
    if resource.existing and ":alias/" in resource.arn:
        created = kms.create_key(Description=f"stand-in for {resource.key}")["KeyMetadata"]
        kms.create_alias(AliasName=resource.arn.split(":", 5)[5], TargetKeyId=created["KeyId"])
        return None
    description = str(resource.settings.get("description") or resource.key)
    if target.embedded:
        if moto_ids.has_key(resource.name):
            return None
        with moto_ids.lazy_private_keys():
            created = kms.create_key(Description=description)["KeyMetadata"]
        moto_ids.rename_key(created["KeyId"], resource.name)
        note = None
    else:
        created = kms.create_key(Description=description, Tags=[{"TagKey": CUSTOM_ID_TAG, "TagValue": resource.name}])
        got = created["KeyMetadata"]["Arn"]
        note = None if got == resource.arn else (
            f"the emulator at {target.endpoint} gave the key '{resource.key}' the ARN {got}; the run's definitions "
            f"use {resource.arn}")
    alias = resource.settings.get("alias")
    if alias:
        kms.create_alias(AliasName=str(alias), TargetKeyId=created["KeyMetadata"]["KeyId"] if note else resource.name)
    return note


def _bucket(resource: LocalResource, target: Target) -> str | None:
    client = target.client
    client("s3").create_bucket(Bucket=resource.name)
    return None


def _table(resource: LocalResource, target: Target) -> str | None:
    client = target.client
    settings = resource.settings
    partition = settings.get("partition_key")
    if partition is None:
        return (f"the existing table '{resource.key}' ({resource.name}) was not created: the spec does not give its "
                "key schema (declare it in --fixtures: dynamodb: {" + resource.name + ": {key: {id: S}, items: []}})")
    keys = [(partition, "HASH")] + ([(settings["sort_key"], "RANGE")] if settings.get("sort_key") else [])
    request: dict[str, Any] = {
        "TableName": resource.name,
        "KeySchema": [{"AttributeName": k["name"], "KeyType": kind} for k, kind in keys],
        "AttributeDefinitions": [{"AttributeName": k["name"], "AttributeType": _ATTRIBUTE_TYPES[k.get("type", "string")]}
                                 for k, _ in keys],
    }
    if settings.get("billing_mode") == "provisioned":
        request["BillingMode"] = "PROVISIONED"
        request["ProvisionedThroughput"] = {"ReadCapacityUnits": settings.get("read_capacity") or 5,
                                            "WriteCapacityUnits": settings.get("write_capacity") or 5}
    else:
        request["BillingMode"] = "PAY_PER_REQUEST"
    if settings.get("stream"):
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": str(settings["stream"]).upper()}
    if settings.get("key"):
        request["SSESpecification"] = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": settings["key"]}
    client("dynamodb").create_table(**request)
    return None


def _queue(resource: LocalResource, target: Target) -> str | None:
    client = target.client
    import json

    settings = resource.settings
    attributes = _fifo_and_key(resource, "FifoQueue")
    for name, attribute in (("visibility_timeout", "VisibilityTimeout"), ("retention_period", "MessageRetentionPeriod"),
                            ("delivery_delay", "DelaySeconds")):
        if settings.get(name) is not None:
            attributes[attribute] = str(settings[name])
    dead_letter = settings.get("dead_letter")
    if isinstance(dead_letter, dict) and dead_letter.get("queue_arn"):
        attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": dead_letter["queue_arn"],
                                                  "maxReceiveCount": int(dead_letter.get("max_receive_count", 3))})
    client("sqs").create_queue(QueueName=resource.name, Attributes=attributes)
    return None


def _topic(resource: LocalResource, target: Target) -> str | None:
    client = target.client
    settings = resource.settings
    attributes = _fifo_and_key(resource, "FifoTopic")
    if settings.get("display_name"):
        attributes["DisplayName"] = str(settings["display_name"])
    client("sns").create_topic(Name=resource.name, Attributes=attributes)
    return None


def _fifo_and_key(resource: LocalResource, fifo_attribute: str) -> dict[str, str]:
    """The attributes SQS and SNS name alike: FIFO (by setting or ``.fifo`` name), deduplication, KMS key."""
    settings = resource.settings
    attributes: dict[str, str] = {}
    if settings.get("fifo") or resource.name.endswith(".fifo"):
        attributes[fifo_attribute] = "true"
        if settings.get("content_based_deduplication"):
            attributes["ContentBasedDeduplication"] = "true"
    if settings.get("key"):
        attributes["KmsMasterKeyId"] = str(settings["key"])
    return attributes


def _event_bus(resource: LocalResource, target: Target) -> str | None:
    client = target.client
    if resource.name == "default":
        return None
    request: dict[str, Any] = {"Name": resource.name}
    if resource.settings.get("description"):
        request["Description"] = str(resource.settings["description"])
    client("events").create_event_bus(**request)
    return None


_CREATE: dict[str, Callable[[LocalResource, Target], str | None]] = {
    "key": _key, "bucket": _bucket, "log_group": create_log_group, "table": _table, "queue": _queue, "topic": _topic,
    "event_bus": _event_bus, "secret": create_secret, "connection": create_connection,
}

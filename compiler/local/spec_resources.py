"""The spec's resources, created in the embedded emulator before a run, as ``cdk deploy`` would create them.

Buckets, KMS keys, DynamoDB tables (key schema, stream, encryption key), SQS queues (FIFO, dead-letter
queue, delays, encryption key), SNS topics (FIFO, display name, key) and EventBridge buses, each under
the local name the run's definitions use (``Program.local_value``). ``existing`` resources are created
as stand-ins named as in the spec, so that a run works offline; an existing table's key schema is not
in the spec, so it is only created when ``--fixtures`` declares it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from compiler.ir import Program
from compiler.refs import Ref

_KINDS = ("key", "bucket", "table", "queue", "topic", "event_bus")
_ATTRIBUTE_TYPES = {"string": "S", "number": "N", "binary": "B"}


@dataclass(frozen=True)
class LocalResource:
    key: str  # the spec's key
    kind: str
    name: str  # the local name (a key: its id)
    arn: str
    settings: dict[str, Any] = field(default_factory=dict)
    existing: bool = False


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
        dead_letter = settings.get("dead_letter")
        if isinstance(dead_letter, dict) and dead_letter.get("queue") in program.spec.resources:
            dead_letter["queue_arn"] = program.local_value(Ref(dead_letter["queue"], "arn"))
        found.append(LocalResource(key, kind, name, arn, settings, existing))
    order = {kind: i for i, kind in enumerate(_KINDS)}
    # Dead-letter queues before the queues that name them.
    return sorted(found, key=lambda r: (order[r.kind], "dead_letter" in r.settings))


def create_all(resources: list[LocalResource], client: Callable[[str], Any]) -> list[str]:
    """Create each resource (one that exists already is left as it is); returns warnings for the others."""
    warnings: list[str] = []
    for resource in resources:
        try:
            note = _CREATE[resource.kind](resource, client)
        except Exception as exc:  # botocore's errors: it exists (a shared emulator), or a setting moto refuses
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
            if "AlreadyExists" in code or "AlreadyOwned" in code or "ResourceInUse" in code:
                continue
            note = f"could not create the {resource.kind} '{resource.key}' ({resource.name}): {exc}"
        if note:
            warnings.append(note)
    return warnings


def _key(resource: LocalResource, client: Callable[[str], Any]) -> str | None:
    kms = client("kms")
    if resource.existing and ":alias/" in resource.arn:
        created = kms.create_key(Description=f"stand-in for {resource.key}")["KeyMetadata"]
        kms.create_alias(AliasName=resource.arn.split(":", 5)[5], TargetKeyId=created["KeyId"])
        return None
    if _has_key(resource.name):
        return None
    with _lazy_private_keys():
        created = kms.create_key(Description=str(resource.settings.get("description") or resource.key))["KeyMetadata"]
    _rename_key(created["KeyId"], resource.name)
    alias = resource.settings.get("alias")
    if alias:
        kms.create_alias(AliasName=str(alias), TargetKeyId=resource.name)
    return None


class _LazyPrivateKey:
    """moto makes an RSA-2048 private key for every new key, symmetric ones too (50-250 ms each); a
    symmetric key never signs, so the key pair is made only if something asks for it."""

    def __init__(self, key_spec: str) -> None:
        self._spec = key_spec
        self._key: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._key is None:
            from moto.kms.utils import generate_private_key

            self._key = generate_private_key(self._spec)
        return getattr(self._key, name)


@contextmanager
def _lazy_private_keys() -> Iterator[None]:
    import moto.kms.models as kms_models

    original = kms_models.generate_private_key
    kms_models.generate_private_key = _LazyPrivateKey  # type: ignore[assignment]
    try:
        yield
    finally:
        kms_models.generate_private_key = original


def _has_key(key_id: str) -> bool:
    from moto.kms.models import kms_backends

    from compiler.aws_env import REGION

    return key_id in kms_backends["123456789012"][REGION].keys


def _rename_key(moto_id: str, wanted: str) -> None:
    """Give moto's key the id the spec's local ARN names (the definitions use that ARN)."""
    from moto.kms.models import kms_backends

    from compiler.aws_env import REGION

    backend = kms_backends["123456789012"][REGION]
    key = backend.keys.pop(moto_id)
    key.id = wanted
    key.arn = key.arn.replace(moto_id, wanted)
    backend.keys[wanted] = key


def _bucket(resource: LocalResource, client: Callable[[str], Any]) -> str | None:
    client("s3").create_bucket(Bucket=resource.name)
    return None


def _table(resource: LocalResource, client: Callable[[str], Any]) -> str | None:
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


def _queue(resource: LocalResource, client: Callable[[str], Any]) -> str | None:
    import json

    settings = resource.settings
    attributes: dict[str, str] = {}
    if settings.get("fifo") or resource.name.endswith(".fifo"):
        attributes["FifoQueue"] = "true"
        if settings.get("content_based_deduplication"):
            attributes["ContentBasedDeduplication"] = "true"
    for name, attribute in (("visibility_timeout", "VisibilityTimeout"), ("retention_period", "MessageRetentionPeriod"),
                            ("delivery_delay", "DelaySeconds")):
        if settings.get(name) is not None:
            attributes[attribute] = str(settings[name])
    dead_letter = settings.get("dead_letter")
    if isinstance(dead_letter, dict) and dead_letter.get("queue_arn"):
        attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": dead_letter["queue_arn"],
                                                  "maxReceiveCount": int(dead_letter.get("max_receive_count", 3))})
    if settings.get("key"):
        attributes["KmsMasterKeyId"] = str(settings["key"])
    client("sqs").create_queue(QueueName=resource.name, Attributes=attributes)
    return None


def _topic(resource: LocalResource, client: Callable[[str], Any]) -> str | None:
    settings = resource.settings
    attributes: dict[str, str] = {}
    if settings.get("fifo") or resource.name.endswith(".fifo"):
        attributes["FifoTopic"] = "true"
        if settings.get("content_based_deduplication"):
            attributes["ContentBasedDeduplication"] = "true"
    if settings.get("display_name"):
        attributes["DisplayName"] = str(settings["display_name"])
    if settings.get("key"):
        attributes["KmsMasterKeyId"] = str(settings["key"])
    client("sns").create_topic(Name=resource.name, Attributes=attributes)
    return None


def _event_bus(resource: LocalResource, client: Callable[[str], Any]) -> str | None:
    if resource.name == "default":
        return None
    request: dict[str, Any] = {"Name": resource.name}
    if resource.settings.get("description"):
        request["Description"] = str(resource.settings["description"])
    client("events").create_event_bus(**request)
    return None


_CREATE: dict[str, Callable[[LocalResource, Callable[[str], Any]], str | None]] = {
    "key": _key, "bucket": _bucket, "table": _table, "queue": _queue, "topic": _topic, "event_bus": _event_bus,
}

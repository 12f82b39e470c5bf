"""``--fixtures DIR|FILE``: data put into the embedded emulator before a run.

A folder::

    s3/<bucket>/<object key ...>      every file is an object (its path under the bucket is the key)
    dynamodb/<table>.json|.yaml       a list of items
    sqs/<queue>.json|.yaml            a list of messages (text, or JSON sent as its JSON text)
    secrets/<name>.json|.yaml|.txt    a secret's value (text as it is, JSON as its JSON text)

or one JSON/YAML file with the same parts as keys: ``{"s3": {bucket: {key: text or JSON}},
"dynamodb": {table: [items]}, "sqs": {queue: [messages]}, "secrets": {name: value}}``.

``<bucket>``, ``<table>``, ``<queue>`` and ``<name>`` are the spec's resource keys or the names
themselves. Items are plain JSON (``{"id": "o-1", "total": 12}``), or DynamoDB's typed form
(``{"id": {"S": "o-1"}}``). A table the emulator does not have yet can be declared in the file
form: ``{"dynamodb": {"orders": {"key": {"id": "S"}, "items": [...]}}}``. Buckets and queues that
do not exist are created (``.fifo`` names as FIFO queues).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from compiler.local.errors import LocalError, UsageError
from compiler.local.values import yaml_value

_TYPES = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"}


@dataclass
class Fixtures:
    """What to load, by resource (spec key or name)."""

    objects: dict[str, dict[str, bytes]] = field(default_factory=dict)  # bucket -> key -> body
    items: dict[str, list[Any]] = field(default_factory=dict)
    tables: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> key attribute -> type
    messages: dict[str, list[Any]] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def count(self) -> int:
        return (sum(len(v) for v in self.objects.values()) + sum(len(v) for v in self.items.values())
                + sum(len(v) for v in self.messages.values()) + len(self.secrets))


def read_fixtures(path: Path) -> Fixtures:
    if path.is_dir():
        return _from_folder(path)
    if path.is_file():
        return from_document(_read(path), str(path))
    raise UsageError(f"--fixtures {path}: no such file or folder")


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--fixtures: cannot read {path}: {exc}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return yaml_value(text, f"--fixtures {path}")
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise UsageError(f"--fixtures: {path} is not JSON: {exc}") from None
    return text


def _from_folder(root: Path) -> Fixtures:
    found = Fixtures(source=str(root))
    for part in sorted(p.name for p in root.iterdir() if p.is_dir()):
        if part not in ("s3", "dynamodb", "sqs", "secrets"):
            raise UsageError(f"--fixtures {root}: unknown folder '{part}' (expected s3, dynamodb, sqs, secrets)")
    s3 = root / "s3"
    if s3.is_dir():
        for bucket in sorted(p for p in s3.iterdir() if p.is_dir()):
            objects = found.objects.setdefault(bucket.name, {})
            for file in sorted(p for p in bucket.rglob("*") if p.is_file()):
                objects[file.relative_to(bucket).as_posix()] = file.read_bytes()
    for part, target in (("dynamodb", found.items), ("sqs", found.messages)):
        folder = root / part
        if folder.is_dir():
            for file in sorted(p for p in folder.iterdir() if p.is_file()):
                value = _read(file)
                if not isinstance(value, list):
                    raise UsageError(f"--fixtures: {file} must hold a list (of {'items' if part == 'dynamodb' else 'messages'})")
                target[file.stem] = value
    secrets = root / "secrets"
    if secrets.is_dir():
        for file in sorted(p for p in secrets.iterdir() if p.is_file()):
            found.secrets[file.stem] = _read(file)
    return found


def from_document(doc: Any, source: str) -> Fixtures:
    """The file form (also a ``compiler test`` case's ``fixtures:``)."""
    if not isinstance(doc, Mapping):
        raise UsageError(f"fixtures in {source}: expected a mapping with s3, dynamodb, sqs or secrets")
    unknown = sorted(set(doc) - {"s3", "dynamodb", "sqs", "secrets"})
    if unknown:
        raise UsageError(f"fixtures in {source}: unknown part {unknown[0]!r} (expected s3, dynamodb, sqs, secrets)")
    found = Fixtures(source=source)
    for bucket, objects in _mapping(doc.get("s3"), source, "s3").items():
        found.objects[bucket] = {str(k): _bytes(v) for k, v in _mapping(objects, source, f"s3.{bucket}").items()}
    for table, value in _mapping(doc.get("dynamodb"), source, "dynamodb").items():
        if isinstance(value, Mapping):
            found.tables[table] = {str(k): str(v) for k, v in _mapping(value.get("key"), source, f"{table}.key").items()}
            value = value.get("items", [])
        if not isinstance(value, list):
            raise UsageError(f"fixtures in {source}: dynamodb.{table} must be a list of items")
        found.items[table] = value
    for queue, value in _mapping(doc.get("sqs"), source, "sqs").items():
        if not isinstance(value, list):
            raise UsageError(f"fixtures in {source}: sqs.{queue} must be a list of messages")
        found.messages[queue] = value
    found.secrets.update(_mapping(doc.get("secrets"), source, "secrets"))
    return found


def _mapping(value: Any, source: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise UsageError(f"fixtures in {source}: {where} must be a mapping")
    return {str(k): v for k, v in value.items()}


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)).encode("utf-8")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- loading


def load(fixtures: Fixtures, client: Callable[[str], Any], names: Mapping[str, str]) -> None:
    """Put the fixtures into the emulator; ``names`` maps spec keys to physical names."""
    s3 = client("s3")
    for bucket, objects in fixtures.objects.items():
        name = names.get(bucket, bucket)
        _ensure_bucket(s3, name)
        for key, body in objects.items():
            s3.put_object(Bucket=name, Key=key, Body=body)
    dynamodb = client("dynamodb")
    for table, items in fixtures.items.items():
        name = names.get(table, table)
        _ensure_table(dynamodb, name, fixtures.tables.get(table), fixtures.source)
        for item in items:
            if not isinstance(item, Mapping):
                raise LocalError(f"fixtures in {fixtures.source}: an item of {table} is not an object: {item!r}")
            dynamodb.put_item(TableName=name, Item=typed_item(item))
    sqs = client("sqs")
    for queue, messages in fixtures.messages.items():
        name = names.get(queue, queue)
        url = _ensure_queue(sqs, name)
        for message in messages:
            extra = {"MessageGroupId": "fixtures"} if name.endswith(".fifo") else {}
            if name.endswith(".fifo"):
                extra["MessageDeduplicationId"] = str(abs(hash(_text(message))))
            sqs.send_message(QueueUrl=url, MessageBody=_text(message), **extra)
    secrets = client("secretsmanager")
    for secret, value in fixtures.secrets.items():
        name = names.get(secret, secret)
        try:
            secrets.create_secret(Name=name, SecretString=_text(value))
        except Exception:  # it exists (created for the spec): a new value
            secrets.put_secret_value(SecretId=name, SecretString=_text(value))


def typed_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """DynamoDB's typed form of a plain JSON item (an item already typed is kept)."""
    if all(isinstance(v, Mapping) and len(v) == 1 and next(iter(v)) in _TYPES for v in item.values()):
        return dict(item)
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    plain = json.loads(json.dumps(item), parse_float=Decimal)
    return {k: serializer.serialize(v) for k, v in plain.items()}


def _ensure_bucket(s3: Any, name: str) -> None:
    try:
        s3.head_bucket(Bucket=name)
    except Exception:
        s3.create_bucket(Bucket=name)


def _ensure_table(dynamodb: Any, name: str, key: dict[str, str] | None, source: str) -> None:
    if name in dynamodb.list_tables().get("TableNames", []):
        return
    if not key:
        raise LocalError(f"fixtures in {source}: the table '{name}' does not exist in the emulator",
                         hint=f"declare it in the spec, or give its key in the fixtures file: "
                         f"dynamodb: {{{name}: {{key: {{id: S}}, items: [...]}}}}")
    attrs = list(key.items())
    schema = [{"AttributeName": attrs[0][0], "KeyType": "HASH"}]
    if len(attrs) > 1:
        schema.append({"AttributeName": attrs[1][0], "KeyType": "RANGE"})
    dynamodb.create_table(TableName=name, KeySchema=schema, BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in attrs[:2]])


def _ensure_queue(sqs: Any, name: str) -> str:
    try:
        return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])
    except Exception:
        attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if name.endswith(".fifo") else {}
        return str(sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"])

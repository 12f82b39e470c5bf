"""Distributed Map data: ItemReader (S3) and ItemBatcher (the ResultWriter: ``map_results``).

S3 is reached with boto3, so the caller decides where it points (an embedded
moto, or real AWS). boto3 is imported only when a Map needs it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from compiler.asl.errors import StatesError
from compiler.asl.jsonata import evaluate_template
from compiler.asl.jsonpath import evaluate
from compiler.run import query
from compiler.run.errors import ITEM_READER_FAILED
from compiler.run.io import arguments_of, payload
from compiler.run.limits import payload_size
from compiler.run.runtime import Step


def _s3(step: Step) -> Any:
    import boto3

    return boto3.client("s3", region_name=step.runtime.identity.region)


def read_items(step: Step, data: Any) -> list[Any]:
    reader = step.state["ItemReader"]
    resource: str = reader.get("Resource", "")
    params = arguments_of(step, reader, data)
    config = reader.get("ReaderConfig", {})
    try:
        if resource.endswith(":s3:listObjectsV2"):
            items = _list_objects(step, params)
        elif resource.endswith(":s3:getObject") and config.get("InputType") == "MANIFEST":
            items = _inventory(step, params)
        elif resource.endswith(":s3:getObject"):
            items = _parse_object(_get_object(step, params), config)
        else:
            raise ValueError(f"the ItemReader resource '{resource}' is not supported locally")
    except StatesError:
        raise
    except Exception as exc:  # boto3/botocore, JSON and CSV errors alike
        raise StatesError(ITEM_READER_FAILED, f"The ItemReader of the state '{step.name}' failed: {exc}") from None
    max_items = query.value(step, config.get("MaxItems"), "MaxItems", "number") if step.jsonata else config.get("MaxItems")
    if "MaxItemsPath" in config:
        max_items = evaluate(config["MaxItemsPath"], data, None, step.scope.variables)
    return items[: int(max_items)] if max_items else items


def _list_objects(step: Step, params: dict[str, Any]) -> list[Any]:
    pages = _s3(step).get_paginator("list_objects_v2").paginate(**params)
    return [
        {
            "Etag": obj.get("ETag"),
            "Key": obj["Key"],
            "LastModified": int(obj["LastModified"].timestamp()),
            "Size": obj.get("Size", 0),
            "StorageClass": obj.get("StorageClass", "STANDARD"),
        }
        for page in pages
        for obj in page.get("Contents", [])
    ]


def _inventory(step: Step, params: dict[str, Any]) -> list[Any]:
    """An S3 Inventory report: its manifest.json names gzipped CSV files (no header) whose columns are the
    manifest's ``fileSchema``; each row is one item, keyed by those column names."""
    import gzip

    manifest = json.loads(_get_object(step, params))
    if manifest.get("fileFormat", "CSV") != "CSV":
        raise ValueError(f"the inventory's fileFormat '{manifest.get('fileFormat')}' is not CSV")
    columns = [c.strip() for c in str(manifest.get("fileSchema", "")).split(",")]
    bucket = str(manifest.get("destinationBucket", params.get("Bucket", ""))).rsplit(":", 1)[-1]
    items: list[Any] = []
    for entry in manifest.get("files", []):
        body = _s3(step).get_object(Bucket=bucket, Key=entry["key"])["Body"].read()
        text = gzip.decompress(body).decode("utf-8") if entry["key"].endswith(".gz") else body.decode("utf-8")
        items.extend(dict(zip(columns, row, strict=False)) for row in csv.reader(io.StringIO(text)))
    return items


def _get_object(step: Step, params: dict[str, Any]) -> str:
    body = _s3(step).get_object(**params)["Body"].read()
    return str(body.decode("utf-8"))


def _parse_object(text: str, config: dict[str, Any]) -> list[Any]:
    kind = config.get("InputType", "JSON")
    if kind == "JSON":
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("the object does not hold a JSON array")
        return items
    if kind == "JSONL":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if kind == "CSV":
        delimiter = "\t" if config.get("CSVDelimiter") == "TAB" else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if config.get("CSVHeaderLocation", "FIRST_ROW") == "GIVEN":
            headers = list(config.get("CSVHeaders", []))
        else:
            headers, rows = (rows[0], rows[1:]) if rows else ([], [])
        return [dict(zip(headers, row, strict=False)) for row in rows]
    raise ValueError(f"the ReaderConfig InputType '{kind}' is not supported locally")


# ------------------------------------------------------------------ batching


def batches(step: Step, data: Any, count: int, select_item: Callable[[int], Any]) -> list[Any]:
    """Group the (selected) items as ItemBatcher says; each group is one iteration's input."""
    batcher = step.state["ItemBatcher"]
    max_items = _setting(step, batcher, "MaxItemsPerBatch", data)
    max_bytes = _setting(step, batcher, "MaxInputBytesPerBatch", data)
    batch_input = _batch_input(step, batcher, data) if "BatchInput" in batcher else None
    groups: list[list[Any]] = [[]]
    size = 0
    for index in range(count):
        item = select_item(index)
        item_size = payload_size(item) + 1 if max_bytes else 0
        current = groups[-1]
        if current and ((max_items and len(current) >= max_items) or (max_bytes and size + item_size > max_bytes)):
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += item_size
    out: list[Any] = []
    for group in groups if groups[0] else []:
        entry: dict[str, Any] = {"Items": group}
        if batch_input is not None:
            entry = {"BatchInput": batch_input, "Items": group}
        out.append(entry)
    return out


def _batch_input(step: Step, batcher: dict[str, Any], data: Any) -> Any:
    if step.jsonata:
        return evaluate_template(batcher["BatchInput"], query.bindings(step), "ItemBatcher/BatchInput")
    return payload(step, batcher["BatchInput"], data)


def _setting(step: Step, batcher: dict[str, Any], name: str, data: Any) -> int:
    if name in batcher:
        if step.jsonata:
            return int(query.value(step, batcher[name], name, "number"))
        return int(batcher[name])
    if f"{name}Path" in batcher:
        return int(evaluate(batcher[f"{name}Path"], data, None, step.scope.variables))
    return 0


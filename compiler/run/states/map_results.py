"""A Distributed Map's ResultWriter: the child executions' results, formatted and exported to S3.

The shapes follow AWS's ResultWriter page (https://docs.aws.amazon.com/step-functions/latest/dg/
input-output-resultwriter.html):

- ``WriterConfig.Transformation``: ``NONE`` gives each child execution with its metadata
  (``ExecutionArn``, ``Input``/``Output`` as JSON text with ``InputDetails``/``OutputDetails``,
  ``Name``, ``RedriveCount``, ``RedriveStatus``, ``StartDate``, ``StateMachineArn``, ``Status``,
  ``StopDate``), the default when exporting; ``COMPACT`` gives the outputs, the default without an
  export; ``FLATTEN`` the outputs with arrays flattened. A failed child is always given as ``NONE``
  (with ``Error`` and ``Cause``). ``OutputType`` ``JSON`` is one array, ``JSONL`` one value a line.
- An export writes ``<Prefix>/<map run id>/manifest.json`` (``DestinationBucket``, ``MapRunArn``,
  ``ResultFiles`` by status with each file's ``Key`` and ``Size``) and ``SUCCEEDED_0.json``,
  ``FAILED_0.json`` (failed, timed out, aborted) and ``PENDING_0.json`` (children never started because
  the Map Run failed), each only when it has entries; the state's result is ``MapRunArn`` and
  ``ResultWriterDetails`` (``Bucket``, the manifest's ``Key``). A Map Run that fails still exports.

Not in the page, so chosen here: a child's name is a UUID derived from the Map Run ARN and the
item's index (AWS's children are version-3 UUIDs too); a pending entry holds ``Input``,
``InputDetails`` and ``Status`` only; JSONL keeps the ``.json`` file names the page uses.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from compiler.asl.errors import StatesError
from compiler.run.clock import iso
from compiler.run.errors import RESULT_WRITER_FAILED
from compiler.run.io import arguments_of
from compiler.run.runtime import MapRun, Step


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    input: Any
    succeeded: bool
    value: Any  # the output, or {"Error", "Cause"}
    start: float = 0.0  # the child execution's start and stop on the virtual clock
    stop: float = 0.0


def child_name(run: MapRun, index: int) -> str:
    return str(uuid.uuid3(uuid.NAMESPACE_URL, f"{run.arn}#{index}"))


def child_arn(run: MapRun, index: int) -> str:
    """The child execution's ARN: ``execution:<machine>/<Map state label>:<name>`` (the page's entries)."""
    machine = run.arn.split(":mapRun:", 1)[1].rsplit(":", 1)[0]  # "<machine>/<Map state label>"
    return f"{run.arn.split(':mapRun:', 1)[0]}:execution:{machine}:{child_name(run, index)}"


def inline_result(step: Step, run: MapRun, outcomes: list[Outcome]) -> Any:
    """The Map's result without an export: the outputs, as ``WriterConfig`` formats them."""
    transformation = _config(step).get("Transformation", "COMPACT")
    return _formatted(run, outcomes, transformation) if outcomes else []


def write_results(step: Step, run: MapRun, outcomes: list[Outcome], pending: list[Any]) -> Any:
    """Export to S3 (manifest.json and the files by status); returns the Map's result."""
    writer = step.state["ResultWriter"]
    if "Resource" not in writer:  # WriterConfig alone: formatted, not exported
        return inline_result(step, run, outcomes)
    config = _config(step)
    transformation = config.get("Transformation", "NONE")
    lines = config.get("OutputType", "JSON") == "JSONL"
    params = arguments_of(step, writer, step.input)
    bucket = params.get("Bucket")
    run_id = run.arn.rsplit(":", 1)[-1]
    prefix = f"{params['Prefix'].rstrip('/')}/{run_id}/" if params.get("Prefix") else f"{run_id}/"
    succeeded = [o for o in outcomes if o.succeeded]
    bodies = {
        # A failed child is given unchanged whatever the transformation (the page's note).
        "SUCCEEDED": _formatted(run, succeeded, transformation) if succeeded else [],
        "FAILED": [_entry(run, o) for o in outcomes if not o.succeeded],
        "PENDING": [{"Input": json.dumps(value, separators=(",", ":")), "InputDetails": {"Included": True},
                     "Status": "PENDING"} for value in pending],
    }
    files: dict[str, list[dict[str, Any]]] = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
    manifest_key = f"{prefix}manifest.json"
    try:
        client = _s3(step)
        for status, entries in bodies.items():
            if not entries:
                continue
            body = _encode(entries, lines)
            key = f"{prefix}{status}_0.json"
            client.put_object(Bucket=bucket, Key=key, Body=body)
            files[status].append({"Key": key, "Size": len(body)})
        manifest = {"DestinationBucket": bucket, "MapRunArn": run.arn, "ResultFiles": files}
        client.put_object(Bucket=bucket, Key=manifest_key, Body=json.dumps(manifest).encode())
    except Exception as exc:  # boto3/botocore errors
        raise StatesError(RESULT_WRITER_FAILED, f"The ResultWriter of the state '{step.name}' failed: {exc}") from None
    return {"MapRunArn": run.arn, "ResultWriterDetails": {"Bucket": bucket, "Key": manifest_key}}


def _config(step: Step) -> dict[str, Any]:
    writer = step.state.get("ResultWriter") or {}
    config = writer.get("WriterConfig") or {}
    return config if isinstance(config, dict) else {}


def _formatted(run: MapRun, outcomes: list[Outcome], transformation: str) -> list[Any]:
    if transformation == "NONE":
        return [_entry(run, o) for o in outcomes]
    values: list[Any] = []
    for outcome in outcomes:
        if not outcome.succeeded and transformation != "COMPACT":
            values.append(_entry(run, outcome))
        elif transformation == "FLATTEN" and isinstance(outcome.value, list):
            values.extend(outcome.value)
        else:
            values.append(outcome.value)
    return values


def _entry(run: MapRun, outcome: Outcome) -> dict[str, Any]:
    """One child execution with its metadata, in the order AWS's example lists the fields."""
    name = child_name(run, outcome.index)
    machine = run.arn.split(":mapRun:", 1)[1].rsplit(":", 1)[0]  # "<machine>/<Map state label>"
    base = run.arn.split(":mapRun:", 1)[0]
    entry: dict[str, Any] = {
        "ExecutionArn": child_arn(run, outcome.index),
        "Input": json.dumps(outcome.input, separators=(",", ":")),
        "InputDetails": {"Included": True},
        "Name": name,
    }
    if outcome.succeeded:
        entry["Output"] = json.dumps(outcome.value, separators=(",", ":"))
        entry["OutputDetails"] = {"Included": True}
    entry["RedriveCount"] = 0
    entry["RedriveStatus"] = "NOT_REDRIVABLE"
    if outcome.succeeded:
        entry["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
    entry["StartDate"] = iso(outcome.start)
    entry["StateMachineArn"] = f"{base}:stateMachine:{machine}"
    entry["Status"] = "SUCCEEDED" if outcome.succeeded else "FAILED"
    entry["StopDate"] = iso(outcome.stop)
    if not outcome.succeeded:
        entry.update(outcome.value)  # Error, Cause
    return entry


def _encode(entries: list[Any], lines: bool) -> bytes:
    if lines:
        return "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in entries).encode()
    return json.dumps(entries).encode()


def _s3(step: Step) -> Any:
    import boto3

    return boto3.client("s3", region_name=step.runtime.identity.region)

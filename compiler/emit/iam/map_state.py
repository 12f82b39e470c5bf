"""Map states: the distributed map's child executions, its item reader and result writer.

A distributed map starts child executions of its own machine: ``states:StartExecution`` on the
machine itself and ``states:DescribeExecution``/``StopExecution`` on ``execution:NAME/*`` (the map
runs' executions), as the Step Functions developer guide documents. ItemReader and ResultWriter
read and write S3 through the role too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.emit.iam.base import Context, Statement, UnsupportedIntegration, Value, arn, value_of
from compiler.emit.iam.s3_common import bucket_arn, object_arn
from compiler.refs import Ref

# Suffixes after ``arn:aws:states:::s3:`` -> (IAM actions, object-level?)
READERS = {
    "getObject": (("s3:GetObject",), True),
    "listObjectsV2": (("s3:ListBucket",), False),
}
WRITER_ACTIONS = ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject")


def is_distributed(state: Mapping[str, Any]) -> bool:
    processor = state.get("ItemProcessor") or {}
    config = processor.get("ProcessorConfig") or {}
    return str(config.get("Mode", "")).upper() == "DISTRIBUTED"


def statements(state: Mapping[str, Any], ctx: Context) -> list[Statement]:
    out: list[Statement] = []
    if is_distributed(state):
        me = Ref(ctx.machine, "arn")
        out.append(Statement(("states:StartExecution",), (str(me),)))
        executions = arn("states", f"execution:{Ref(ctx.machine, 'name')}/*")
        out.append(Statement(("states:DescribeExecution", "states:StopExecution"), (executions,)))
    reader = state.get("ItemReader")
    if isinstance(reader, Mapping):
        out.extend(_reader(reader, ctx))
    writer = state.get("ResultWriter")
    if isinstance(writer, Mapping) and "Resource" in writer:
        payload = _payload(writer)
        target = object_arn(value_of(payload, "Bucket"), value_of(payload, "Prefix"), ctx, prefix=True)
        out.append(Statement(WRITER_ACTIONS, (target,)))
    return out


def _payload(block: Mapping[str, Any]) -> Mapping[str, Any]:
    payload = block.get("Parameters") or block.get("Arguments") or {}
    return payload if isinstance(payload, Mapping) else {}


def _reader(reader: Mapping[str, Any], ctx: Context) -> list[Statement]:
    resource = str(reader.get("Resource", ""))
    action = resource.rsplit(":", 1)[-1]
    payload = _payload(reader)
    bucket: Value | None = value_of(payload, "Bucket")
    if action not in READERS:
        raise UnsupportedIntegration("ItemReader", resource)
    actions, object_level = READERS[action]
    target = object_arn(bucket, value_of(payload, "Key"), ctx) if object_level else bucket_arn(bucket, ctx)
    out = [Statement(actions, (target,))]
    config = reader.get("ReaderConfig") or {}
    if isinstance(config, Mapping) and str(config.get("InputType", "")).upper() == "MANIFEST":
        # An S3 inventory manifest lists objects the map then reads one by one.
        out.append(Statement(("s3:GetObject",), (object_arn(bucket, None, ctx),)))
    return out

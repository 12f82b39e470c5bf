"""Map states: a Distributed Map's child executions, its item reader, result writer and redrive.

As the Step Functions guide's "IAM policies for Distributed Map" documents: the map starts
child executions of its own machine (``states:StartExecution`` on the machine), describes and
stops them (``states:DescribeExecution``/``StopExecution`` on ``execution:NAME/*``) and redrives
map runs (``states:RedriveExecution`` on ``execution:NAME/*``). An ``ItemReader`` over S3 reads
one object (``s3:GetObject``: CSV, JSON, JSONL or an inventory manifest and the objects it lists)
or lists a bucket (``listObjectsV2``: ``s3:ListBucket`` limited to the ``Prefix`` by the
``s3:prefix`` condition); a ``ResultWriter`` writes its result files under its ``Prefix``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.iam.base import (
    PARTITION,
    Condition,
    Context,
    Statement,
    UnsupportedIntegration,
    Value,
    arn,
    runtime_reason,
    value_of,
)
from compiler.refs import Ref

WRITER_ACTIONS = ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject")
READERS = ("getObject", "listObjectsV2")


def is_distributed(state: Mapping[str, Any]) -> bool:
    processor = state.get("ItemProcessor") or {}
    config = processor.get("ProcessorConfig") or {} if isinstance(processor, Mapping) else {}
    return isinstance(config, Mapping) and str(config.get("Mode", "")).upper() == "DISTRIBUTED"


def statements(name: str, state: Mapping[str, Any], ctx: Context) -> list[Statement]:
    out: list[Statement] = []
    if is_distributed(state):
        me = Ref(ctx.machine, "arn")
        out.append(Statement(("states:StartExecution",), (str(me),)))
        executions = arn("states", f"execution:{Ref(ctx.machine, 'name')}/*")
        out.append(Statement(("states:DescribeExecution", "states:RedriveExecution", "states:StopExecution"), (executions,)))
    reader = state.get("ItemReader")
    if isinstance(reader, Mapping):
        out.extend(_reader(name, reader, ctx))
    writer = state.get("ResultWriter")
    if isinstance(writer, Mapping) and "Resource" in writer:
        payload = _payload(writer)
        bucket, prefix = value_of(payload, "Bucket"), value_of(payload, "Prefix")
        target = object_arn(bucket, prefix, ctx, prefix=True)
        out.append(Statement(WRITER_ACTIONS, (target,), reasons=_why(name, "ResultWriter", bucket, prefix),
                             runtime=_fields("ResultWriter", bucket, prefix)))
    return out


def bucket_arn(bucket: Value | None, ctx: Context) -> str:
    """The bucket's ARN: from a reference to a spec bucket, a literal name, or any bucket if dynamic."""
    if bucket is None or bucket.template is None:
        return f"arn:{PARTITION}:s3:::*"
    ref = bucket.ref
    if ref is not None and ctx.kind(ref) == "bucket":
        return str(Ref(ref.key, "arn"))
    return f"arn:{PARTITION}:s3:::{bucket.template}"


def object_arn(bucket: Value | None, key: Value | None, ctx: Context, *, prefix: bool = False) -> str:
    """Objects of the bucket: exactly ``key`` (or ``key*`` for a prefix), any object when dynamic."""
    base = bucket_arn(bucket, ctx)
    if key is None or key.template is None:
        return f"{base}/*"
    return f"{base}/{key.template}" + ("*" if prefix else "")


def _payload(block: Mapping[str, Any]) -> Mapping[str, Any]:
    payload = block.get("Parameters") or block.get("Arguments") or {}
    return payload if isinstance(payload, Mapping) else {}


def _why(state: str, block: str, *values: Value | None) -> tuple[str, ...]:
    return tuple(runtime_reason(state, field) for field in _fields(block, *values))


def _fields(block: str, *values: Value | None) -> tuple[str, ...]:
    """The fields among ``values`` chosen at run time (``ItemReader.Key``)."""
    return tuple(f"{block}.{v.name}" for v in values if v is not None and v.template is None)


def _reader(name: str, reader: Mapping[str, Any], ctx: Context) -> list[Statement]:
    resource = str(reader.get("Resource", ""))
    action = resource.rsplit(":", 1)[-1]
    if not resource.startswith("arn:") or ":s3:" not in resource or action not in READERS:
        raise UnsupportedIntegration(name, resource, "an ItemReader reads S3 with getObject or listObjectsV2")
    payload = _payload(reader)
    bucket, key, prefix = value_of(payload, "Bucket"), value_of(payload, "Key"), value_of(payload, "Prefix")
    if action == "getObject":
        out = [Statement(("s3:GetObject",), (object_arn(bucket, key, ctx),), reasons=_why(name, "ItemReader", bucket, key),
                         runtime=_fields("ItemReader", bucket, key))]
        config = reader.get("ReaderConfig") or {}
        if isinstance(config, Mapping) and str(config.get("InputType", "")).upper() == "MANIFEST":
            # An S3 inventory manifest lists objects the map then reads one by one, in any bucket it names.
            out.append(Statement(("s3:GetObject",), (f"arn:{PARTITION}:s3:::*/*",),
                                 reasons=(f"state '{name}': the manifest names the objects, read at run time",)))
        return out
    conditions: tuple[Condition, ...] = ()
    if prefix is not None and prefix.template is not None:
        conditions = (("StringLike", "s3:prefix", (prefix.template + "*",)),)
    return [Statement(("s3:ListBucket",), (bucket_arn(bucket, ctx),), conditions,
                      reasons=_why(name, "ItemReader", bucket, prefix), runtime=_fields("ItemReader", bucket, prefix))]

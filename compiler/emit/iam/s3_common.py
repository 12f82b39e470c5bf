"""S3 ARNs from task parameters (``Bucket``/``Key``/``Prefix``), shared by Map and aws-sdk:s3."""

from __future__ import annotations

from compiler.emit.iam.base import PARTITION, Context, Value
from compiler.refs import Ref


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

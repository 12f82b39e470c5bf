"""The EventBridge pattern of an S3 ``Object Created`` trigger (shared by the stack and local runs)."""

from __future__ import annotations

from typing import Any


def s3_pattern(bucket_name: Any, prefix: str | None, suffix: str | None) -> dict[str, Any]:
    detail: dict[str, Any] = {"bucket": {"name": [bucket_name]}}
    if prefix and suffix:
        # Two matchers on one field are OR'ed: both at once is a wildcard (its '*' escaped in each).
        detail["object"] = {"key": [{"wildcard": f"{_escape(prefix)}*{_escape(suffix)}"}]}
    elif prefix:
        detail["object"] = {"key": [{"prefix": prefix}]}
    elif suffix:
        detail["object"] = {"key": [{"suffix": suffix}]}
    return {"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": detail}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")

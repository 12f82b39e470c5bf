"""Where AWS calls made by handlers go during a local run, and the credentials they see.

By default an embedded moto (``mock_aws()``) serves them in-process, and the spec's new
buckets exist in it, so the seed's first handler can ``put_object`` offline. ``--endpoint-url``
points the SDKs at another emulator instead; ``--real-aws`` leaves credentials and endpoints
alone. The process environment is restored afterwards: ``compiler.cli.main`` may run in a
test or another tool's process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

from compiler.aws_env import REGION, applied, fake_aws_env

# Objects up to this size whose bytes are UTF-8 text are shown with their content.
SMALL_TEXT = 4096


@dataclass(frozen=True)
class S3Object:
    bucket: str
    key: str
    size: int
    content: str | None  # small UTF-8 text only

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"bucket": self.bucket, "key": self.key, "size": self.size}
        if self.content is not None:
            out["content"] = self.content
        return out


class Emulator:
    """What the run's AWS calls talk to; ``objects()`` is only known for the embedded one."""

    mode = "embedded"

    def __init__(self, endpoint_url: str | None = None, *, real_aws: bool = False) -> None:
        self.endpoint_url = endpoint_url
        self.real_aws = real_aws
        if real_aws:
            self.mode = "real-aws"
        elif endpoint_url:
            self.mode = "endpoint"
        self._client: Any = None
        self.collected: list[S3Object] = []  # the embedded S3's objects after the run
        self.warnings: list[str] = []

    @contextmanager
    def active(self, buckets: Sequence[str]) -> Iterator[Emulator]:
        """The environment (and the embedded moto) for the duration of a run."""
        with applied(self._variables()):
            if self.mode == "real-aws":
                yield self
                return
            if self.mode == "endpoint":
                # Like a deploy would: the spec's own buckets exist at the emulator endpoint.
                self._create_buckets(buckets, tolerate=True)
                self._client = None
                yield self
                return
            import boto3
            from moto import mock_aws

            with mock_aws():
                # moto sets boto3.DEFAULT_SESSION to None on start (and restores it on stop), so each
                # run's first boto3.client() in a handler would load the service models again (~40 ms).
                # One session made after moto's import (so moto's stubber is in it) serves every run.
                boto3.DEFAULT_SESSION = _embedded_session()
                self._client = _embedded_s3()
                self._create_buckets(buckets, tolerate=False)
                try:
                    yield self
                finally:
                    self.collected = self._collect()
                    self._client = None

    def reset(self, buckets: Sequence[str]) -> None:
        """Empty the embedded emulator (every service) and create ``buckets`` again."""
        if self.mode != "embedded":
            return
        from moto.core.base_backend import BackendDict

        BackendDict.reset()
        self._create_buckets(buckets, tolerate=True)

    def _variables(self) -> dict[str, str | None]:
        if self.real_aws:
            # The caller's own environment, only put back afterwards (a handler may change it).
            return {"AWS_EC2_METADATA_DISABLED": os.environ.get("AWS_EC2_METADATA_DISABLED")}
        return fake_aws_env(self.endpoint_url)

    def s3(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("s3", region_name=REGION)
        return self._client


    def _create_buckets(self, buckets: Sequence[str], *, tolerate: bool) -> None:
        if not buckets:
            return
        client = self.s3()
        for name in buckets:
            try:
                client.create_bucket(Bucket=name)
            except Exception as exc:  # botocore's errors: the bucket exists, or the endpoint is down
                if not tolerate:
                    raise
                code = getattr(exc, "response", {}).get("Error", {}).get("Code")
                if code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    self.warnings.append(f"could not create bucket {name} at {self.endpoint_url}: {exc}")

    def _collect(self) -> list[S3Object]:
        """Every object in the embedded S3 after the run, bucket by bucket, key by key."""
        client = self.s3()
        found: list[S3Object] = []
        for bucket in sorted(b["Name"] for b in client.list_buckets().get("Buckets", [])):
            paginator = client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=bucket):
                for item in page.get("Contents", []):
                    found.append(S3Object(bucket, item["Key"], item["Size"], self._text(bucket, item)))
        return found

    def _text(self, bucket: str, item: dict[str, Any]) -> str | None:
        if item["Size"] > SMALL_TEXT:
            return None
        body = self.s3().get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        try:
            return str(body.decode("utf-8"))
        except UnicodeDecodeError:
            return None


_EMBEDDED: dict[str, Any] = {}  # "session" and "s3", made once per process


def _embedded_session() -> Any:
    """The process's boto3 session for runs against the embedded moto (fake credentials only).

    Its clients are cached by their arguments: against the embedded moto (same fake credentials,
    same region, every time) a handler's ``boto3.client("s3")`` per call would otherwise build a
    new client each time (most of a warm call to the seed's first handler; ``compiler test`` runs
    it once per case). Clients made with objects as arguments (a ``Config``) are not cached.
    """
    if "session" not in _EMBEDDED:
        import boto3

        class CachingSession(boto3.session.Session):
            _clients: ClassVar[dict[str, Any]] = {}

            def client(self, *args: Any, **kwargs: Any) -> Any:
                values = [*args, *kwargs.values()]
                if not all(v is None or isinstance(v, str | bool | int) for v in values):
                    return super().client(*args, **kwargs)
                key = repr((args, sorted(kwargs.items())))
                found = self._clients.get(key)
                if found is None:
                    found = self._clients[key] = super().client(*args, **kwargs)
                return found

        _EMBEDDED["session"] = CachingSession(region_name=REGION)
    return _EMBEDDED["session"]


def _embedded_s3() -> Any:
    if "s3" not in _EMBEDDED:
        _EMBEDDED["s3"] = _embedded_session().client("s3", region_name=REGION)
    return _EMBEDDED["s3"]

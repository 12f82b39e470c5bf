"""The round trip inside one process: moto's ``mock_aws``, then what ``cdk bootstrap`` and
``cdk deploy`` would do (bootstrap version parameter, asset bucket, uploads, CreateStack),
verification, DeleteStack, and the check that nothing is left. About two seconds, no CLI.
"""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from compiler import aws_env
from compiler.deploy.assembly import (
    BOOTSTRAP_VERSION,
    BOOTSTRAP_VERSION_PARAMETER,
    StackArtifact,
    placeholders,
    read_stacks,
)
from compiler.deploy.env import FAKE_CREDENTIALS, REGION
from compiler.deploy.inventory import Inventory, Leftovers, classify, difference, snapshot
from compiler.deploy.server import EMULATOR_CONFIG
from compiler.deploy.stand_ins import for_emulator, left_out
from compiler.deploy.verify import Verification, verify
from compiler.ir import Program

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
STACK_TIMEOUT = 120.0
SKIPPED_TYPE = re.compile(r"Tried to parse (\S+) but it's not supported")


class DeployError(Exception):
    """A deploy or destroy that did not finish (clear message, not a traceback)."""


@dataclass
class RoundTrip:
    verification: Verification
    created: Inventory
    skipped_types: list[str] = field(default_factory=list)  # what the emulator warned about
    left: Leftovers | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _no_endpoint_override() -> AbstractContextManager[None]:
    """mock_aws intercepts AWS's own URLs; an AWS_ENDPOINT_URL in the caller's env would send
    boto3 elsewhere (e.g. to a real server on localhost), so it is set aside meanwhile."""
    endpoints = {k: None for k in os.environ if k.startswith("AWS_ENDPOINT_URL")}
    return aws_env.applied({**endpoints, **FAKE_CREDENTIALS})


def bootstrap(session: Any, stacks: list[StackArtifact]) -> None:
    """What a deploy needs from `cdk bootstrap`: its version parameter and the asset bucket."""
    account = session.client("sts").get_caller_identity()["Account"]
    session.client("ssm").put_parameter(
        Name=BOOTSTRAP_VERSION_PARAMETER, Value=BOOTSTRAP_VERSION, Type="String", Overwrite=True
    )
    s3 = session.client("s3")
    buckets = {placeholders(a.bucket, account, session.region_name) for s in stacks for a in s.assets}
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for bucket in sorted(buckets - existing):
        s3.create_bucket(Bucket=bucket)


def publish_assets(session: Any, stack: StackArtifact) -> int:
    account = session.client("sts").get_caller_identity()["Account"]
    s3 = session.client("s3")
    for asset in stack.assets:
        bucket = placeholders(asset.bucket, account, session.region_name)
        s3.put_object(Bucket=bucket, Key=asset.key, Body=asset.body())
    return len(stack.assets)


def wait_stack(cfn: Any, name: str, timeout: float = STACK_TIMEOUT) -> str:
    """The final status of a stack operation (moto runs custom resources on a thread)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            stacks = cfn.describe_stacks(StackName=name)["Stacks"]
        except ClientError as exc:
            if "does not exist" not in str(exc):
                raise
            stacks = []  # a deleted stack is gone when looked up by name
        status: str = stacks[0]["StackStatus"] if stacks else "DELETE_COMPLETE"
        if not status.endswith("_IN_PROGRESS"):
            return status
        if time.monotonic() > deadline:
            raise DeployError(f"stack {name} still {status} after {timeout:.0f} s")
        time.sleep(0.2)


def round_trip(
    outdir: Path,
    program: Program | None,
    *,
    destroy: bool = True,
    before_verify: Callable[[Any, StackArtifact], None] | None = None,
    publish: bool = True,
) -> RoundTrip:
    """Deploy the assembly's stack in ``outdir`` to an in-process emulator and back.

    ``before_verify`` gets the session after the deploy (tests use it to break something);
    ``publish=False`` skips the asset upload (what a broken deploy pipeline would do).
    """
    import boto3
    from moto import mock_aws

    stacks = read_stacks(outdir)
    if len(stacks) != 1:
        raise DeployError(f"expected one stack in {outdir}, found {len(stacks)}")
    (stack,) = stacks
    custom = sorted({r["Type"] for r in stack.resources.values() if r["Type"].startswith("Custom::")})
    if custom:
        # moto runs their handlers only in Docker and waits for an answer that never comes.
        raise DeployError(f"the emulator cannot complete custom resources ({', '.join(custom)}): they need Docker")
    timings: dict[str, float] = {}
    # moto warns about each type it skips, on every parse of the template: collected, reported once.
    with _no_endpoint_override(), warnings.catch_warnings(record=True) as caught, \
            mock_aws(config=EMULATOR_CONFIG):  # type: ignore[call-overload]
        warnings.simplefilter("always")
        session = boto3.Session(region_name=REGION)
        cfn = session.client("cloudformation")
        start = time.perf_counter()
        bootstrap(session, stacks)
        before = snapshot(session)
        if publish:
            publish_assets(session, stack)
        # The emulator's copy: without the resources it cannot create (verification reads the original).
        body = json.dumps(for_emulator(stack.template)) if left_out(stack.template) else \
            stack.template_path.read_text(encoding="utf-8")
        cfn.create_stack(StackName=stack.name, TemplateBody=body, Capabilities=CAPABILITIES)
        status = wait_stack(cfn, stack.name)
        timings["deploy"] = time.perf_counter() - start
        skipped = sorted({m.group(1) for w in caught if (m := SKIPPED_TYPE.search(str(w.message)))})
        if status != "CREATE_COMPLETE":
            raise DeployError(f"stack {stack.name}: {status}")
        if before_verify is not None:
            before_verify(session, stack)
        start = time.perf_counter()
        verification = verify(session, stack, program)
        timings["verify"] = time.perf_counter() - start
        created = difference(snapshot(session), before)
        result = RoundTrip(verification, created, skipped, timings=timings)
        if destroy:
            start = time.perf_counter()
            cfn.delete_stack(StackName=stack.name)
            status = wait_stack(cfn, stack.name)
            timings["destroy"] = time.perf_counter() - start
            if status != "DELETE_COMPLETE":
                raise DeployError(f"stack {stack.name}: {status}")
            left = difference(snapshot(session), before)
            result.left = classify(left, verification.deployed, stack.template)
    return result

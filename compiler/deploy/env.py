"""The environment every emulator deploy runs in: scripts/env.sh's, rebuilt in Python.

Callers (tests, CI, a user who did not ``source scripts/env.sh``) must get the same
behaviour: fake credentials, no telemetry, no version check, no metadata-service lookups,
and every AWS SDK pointed at the emulator, never at AWS.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

# Fake credentials, region and the metadata switch are compiler.aws_env's (``compiler run`` uses
# them too); FAKE_CREDENTIALS and REGION stay importable here for the deploy modules.
from compiler.aws_env import (
    CREDENTIAL_SOURCES,
    FAKE_CREDENTIALS,
    NO_METADATA,
    NO_TELEMETRY,
    fake_aws_env,
    with_values,
)
from compiler.aws_env import REGION as REGION
from compiler.project import cdk_binary as cdk_binary
from compiler.project import node_binary

NO_NETWORK = {**NO_TELEMETRY, **NO_METADATA}
# Anything that could send the SDKs or the CLI to a real account or another endpoint.
DROPPED = (*CREDENTIAL_SOURCES, "CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION")


def endpoint_url(port: int) -> str:
    # `localhost`, not 127.0.0.1: the CDK CLI reads an IP host in an asset URL as a bucket name.
    return f"http://localhost:{port}"


def endpoint_vars(port: int) -> dict[str, str]:
    url = endpoint_url(port)
    return {"AWS_ENDPOINT_URL": url, "AWS_ENDPOINT_URL_S3": url}


def emulator_env(port: int, base: Mapping[str, str] | None = None, root: Path | None = None) -> dict[str, str]:
    """``base`` (default: os.environ) made safe and pointed at the emulator on ``port``.

    ``root`` is the spec's project (its node_modules); the folder of the Python running this
    comes first on PATH, so the app command's ``python`` is the one that has ``compiler``.
    """
    env = with_values(os.environ if base is None else base,
                      {**fake_aws_env(drop=DROPPED), **NO_NETWORK, **endpoint_vars(port)})
    paths = [str(Path(sys.executable).parent)]
    if root is None:
        env["PATH"] = os.pathsep.join([*paths, env.get("PATH", "")])
        return env
    paths.append(str(root / "node_modules" / ".bin"))
    node = node_binary(root)
    if node is not None:
        env["JSII_NODE"] = str(node)
        paths.insert(0, str(node.parent))  # so `node` on PATH is the pinned one for the CLI too
    env["PATH"] = os.pathsep.join([*paths, env.get("PATH", "")])
    return env


def shell_exports(port: int) -> str:
    """What a user pastes to point the AWS CLI or boto3 at a kept emulator."""
    lines = [f"export {k}={v}" for k, v in {**endpoint_vars(port), **FAKE_CREDENTIALS}.items()]
    return "\n".join(lines)

"""The fake-AWS environment: the variables that keep AWS SDKs off real accounts, and applying them.

The one place these variables are written down. Two commands run AWS SDKs against an emulator:
``compiler run`` (handlers' calls go to an embedded moto or to ``--endpoint-url``) and
``compiler deploy-local`` (the CDK CLI and boto3 against moto_server). ``scripts/env.sh`` runs this
file (``python3 -I compiler/aws_env.py`` prints the shell lines, see ``shell_lines``) and the test
suite forces ``session_env()`` in ``tests/conftest.py``; so a variable added here (another way to
reach a real account) reaches the shell, the tests and both commands.

Standard library only, and runnable as a plain script before the venv exists (a fresh machine
sources scripts/env.sh first): ``compiler validate`` imports the command modules, never this.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from shlex import quote

# The region of every local value (compiler.ir.REGION; a test keeps the two equal). Not imported
# from there: compiler.ir pulls in the spec models, which an environment has no need of.
REGION = "us-east-1"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}
# Without it a credential lookup that finds nothing asks the EC2 metadata service: a network call
# that waits for its timeout off EC2.
NO_METADATA = {"AWS_EC2_METADATA_DISABLED": "true"}
# The CDK CLI's network calls: telemetry and the version check. jsii's banner for Node 20 (a list of
# majors; "=1" does not work) keeps the fallback to a system Node 20 quiet.
NO_TELEMETRY = {
    "CDK_DISABLE_CLI_TELEMETRY": "true",
    "CDK_DISABLE_VERSION_CHECK": "1",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
}
# A profile would win over the fake keys.
PROFILE_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
# Every other place the SDKs and the CDK CLI find credentials or an account in (deploy drops them all).
CREDENTIAL_SOURCES = (
    *PROFILE_VARIABLES,
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


def fake_aws_env(
    endpoint_url: str | None = None, *, drop: Iterable[str] = PROFILE_VARIABLES
) -> dict[str, str | None]:
    """The variables of a fake-AWS environment; None marks one that must be absent.

    Fake credentials and region, no metadata-service lookups, ``drop`` removed, and with
    ``endpoint_url`` every SDK's calls sent there (``AWS_ENDPOINT_URL``).
    """
    values: dict[str, str | None] = dict.fromkeys(drop)
    values.update(FAKE_CREDENTIALS)
    values.update(NO_METADATA)
    if endpoint_url:
        values["AWS_ENDPOINT_URL"] = endpoint_url
    return values


def session_env(real_aws: bool = False) -> dict[str, str | None]:
    """A shell's or a test session's environment: never telemetry or metadata lookups, and unless
    ``real_aws`` fake credentials with every other credential source removed."""
    if real_aws:
        return {**NO_TELEMETRY, **NO_METADATA}
    return {**fake_aws_env(drop=CREDENTIAL_SOURCES), **NO_TELEMETRY}


def shell_lines(values: Mapping[str, str | None]) -> list[str]:
    """``export NAME=value`` / ``unset NAME`` for a POSIX shell to eval."""
    return [f"unset {name}" if value is None else f"export {name}={quote(value)}" for name, value in values.items()]


def with_values(base: Mapping[str, str], values: Mapping[str, str | None]) -> dict[str, str]:
    """A copy of ``base`` (an environment, e.g. for a subprocess) with ``values`` set or, for None, removed."""
    env = dict(base)
    for name, value in values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@contextmanager
def applied(values: Mapping[str, str | None]) -> Iterator[None]:
    """``values`` in ``os.environ`` for the duration; every one of them put back as it was after.

    For in-process runs: ``compiler.cli.main`` may run inside a test or another tool's process.
    """
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


if __name__ == "__main__":
    # scripts/env.sh: eval "$(python3 -I compiler/aws_env.py)"; USE_REAL_AWS=1 keeps the caller's credentials.
    print("\n".join(shell_lines(session_env(real_aws=os.environ.get("USE_REAL_AWS") == "1"))))

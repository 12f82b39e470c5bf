"""Reading a deployed resource back: the service clients, and one property compared with the
template's, each difference recorded on the resource's row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from compiler.deploy.emulator_gaps import GAPS
from compiler.deploy.intrinsics import Resolver
from compiler.deploy.report import Row


class Clients:
    """boto3 clients of one session (created once; the emulator or AWS behind them)."""

    def __init__(self, session: Any) -> None:
        self.s3 = session.client("s3")
        self.iam = session.client("iam")
        self.lambda_ = session.client("lambda")
        self.sfn = session.client("stepfunctions")
        self.logs = session.client("logs")
        self.ssm = session.client("ssm")
        self.cfn = session.client("cloudformation")
        self.session = session
        self._more: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        """A client of another service, created on first use (most stacks never need it)."""
        if service not in self._more:
            self._more[service] = self.session.client(service)
        return self._more[service]


Check = Callable[[Clients, Resolver, Row, dict[str, Any]], None]


def compare(row: Row, name: str, expected: Any, actual: Any, *, default: Any = None) -> None:
    if expected == actual:
        return
    reason = GAPS.get((row.type, name))
    if reason is not None and actual == default:
        row.gap(reason)
    else:
        row.mismatch(f"{name}: expected {brief(expected)}, deployed {brief(actual)}")



def read_back(row: Row, what: str, call: Callable[..., Any], **kwargs: Any) -> Any:
    """The service's answer about the row's resource, or None once the row says it does not exist."""
    try:
        return call(**kwargs)
    except ClientError:
        row.mismatch(f"{what} does not exist")
        return None


def brief(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


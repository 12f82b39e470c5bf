"""What every IAM integration module shares: the statement record and the view of one task.

Statements are plain data, not CDK objects, so ``compiler diff`` can compare them without importing
aws_cdk. A resource is an ARN *template*: ``${key.attr}`` marks a reference to a spec resource (the
stack turns it into a token) and ``${AWS::Partition}``/``${AWS::Region}``/``${AWS::AccountId}`` the
stack's pseudo parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.refs import REFERENCE, Ref

PARTITION = "${AWS::Partition}"
REGION = "${AWS::Region}"
ACCOUNT = "${AWS::AccountId}"
PSEUDO = {"AWS::Partition", "AWS::Region", "AWS::AccountId"}

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True, order=True)
class Statement:
    """One Allow statement: specific actions (never ``*``) on ARN templates."""

    actions: tuple[str, ...]
    resources: tuple[str, ...]

    def __post_init__(self) -> None:
        # The registry's promise, checked where statements are made rather than in a test only.
        for action in self.actions:
            service, _, name = action.partition(":")
            if not service or not name or "*" in action:
                raise ValueError(f"refusing to generate the IAM action {action!r}")


def arn(service: str, resource: str, *, region: bool = True, account: bool = True) -> str:
    """An ARN template in the stack's partition (and region/account unless the service has none)."""
    return f"arn:{PARTITION}:{service}:{REGION if region else ''}:{ACCOUNT if account else ''}:{resource}"


@dataclass(frozen=True)
class Value:
    """A parameter of a task as far as IAM cares: a fixed template, or decided at run time."""

    template: str | None  # None: dynamic (a path, an intrinsic, a JSONata expression)

    @property
    def ref(self) -> Ref | None:
        """The reference when the value is exactly one ``${key.attr}``."""
        if self.template is None:
            return None
        match = REFERENCE.fullmatch(self.template)
        return Ref(match.group(1), match.group(2)) if match else None


DYNAMIC = Value(None)


@dataclass(frozen=True)
class Task:
    """One Task state of a definition, its placeholders already turned back into references."""

    name: str
    resource: str
    payload: Mapping[str, Any]  # Parameters (JSONPath) or Arguments (JSONata)

    def get(self, key: str) -> Value | None:
        """The parameter ``key`` (``key.$`` and JSONata ``{% %}`` values are dynamic); None if absent."""
        return value_of(self.payload, key)


def value_of(payload: Mapping[str, Any], key: str) -> Value | None:
    if f"{key}.$" in payload:
        return DYNAMIC
    if key not in payload:
        return None
    raw = payload[key]
    if not isinstance(raw, str):
        return DYNAMIC if isinstance(raw, dict | list) else Value(str(raw))
    stripped = raw.strip()
    if stripped.startswith("{%") and stripped.endswith("%}"):
        return DYNAMIC
    return Value(raw)


@dataclass
class Context:
    """What integrations may ask: a reference's resource kind and the machine being built."""

    machine: str  # the spec key of the machine whose role gets the statements
    kinds: Mapping[str, str] = field(default_factory=dict)  # spec key -> resource kind

    def kind(self, ref: Ref | None) -> str | None:
        if ref is None or ref.is_parameter:
            return None
        return self.kinds.get(ref.key)


Handler = Callable[[Task, Context], list[Statement]]


class UnsupportedIntegration(Exception):
    """No module knows the IAM a resource needs: an error, never a silently missing permission."""

    def __init__(self, state: str, resource: str) -> None:
        super().__init__(f"state '{state}': no IAM rule for the integration {resource!r}")
        self.state = state
        self.resource = resource

"""What every IAM integration module shares: the statement record and the view of one task.

Statements are plain data, not CDK objects, so ``compiler diff``, ``compiler iam`` and validate use
them without importing aws_cdk. A resource is an ARN *template*: ``${key.attr}`` marks a reference
to a spec resource (the stack turns it into a token) and ``${AWS::Partition}``/``${AWS::Region}``/
``${AWS::AccountId}`` the stack's pseudo parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from compiler.refs import REFERENCE, Ref

PARTITION = "${AWS::Partition}"
REGION = "${AWS::Region}"
ACCOUNT = "${AWS::AccountId}"
PSEUDO = {"AWS::Partition", "AWS::Region", "AWS::AccountId"}

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")

Condition = tuple[str, str, tuple[str, ...]]  # (operator, key, values)


@dataclass(frozen=True, order=True)
class Statement:
    """One Allow statement: specific actions (never ``*``) on ARN templates, maybe conditions.

    ``states`` (the states that need it) and ``reasons`` (why a resource has a wildcard) are for
    people reading the policy; they take no part in equality.
    """

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    states: tuple[str, ...] = field(default=(), compare=False)
    reasons: tuple[str, ...] = field(default=(), compare=False)
    runtime: tuple[str, ...] = field(default=(), compare=False)  # parameters chosen at run time

    def __post_init__(self) -> None:
        # The registry's promise, checked where statements are made rather than in a test only.
        for action in self.actions:
            service, _, name = action.partition(":")
            if not service or not name or "*" in action:
                raise ValueError(f"refusing to generate the IAM action {action!r}")

    def condition_block(self) -> dict[str, dict[str, Any]]:
        """The conditions as IAM writes them: ``{operator: {key: value or [values]}}``."""
        out: dict[str, dict[str, Any]] = {}
        for operator, key, values in self.conditions:
            out.setdefault(operator, {})[key] = values[0] if len(values) == 1 else list(values)
        return out


def arn(service: str, resource: str, *, region: bool = True, account: bool = True) -> str:
    """An ARN template in the stack's partition (and region/account unless the service has none)."""
    return f"arn:{PARTITION}:{service}:{REGION if region else ''}:{ACCOUNT if account else ''}:{resource}"


def runtime_reason(state: str, field_name: str) -> str:
    return f"state '{state}': {field_name} is chosen at run time"


class Value(NamedTuple):
    """A parameter of a task as far as IAM cares: a fixed template, or decided at run time."""

    template: str | None  # None: dynamic (a path, an intrinsic, a JSONata expression)
    name: str = ""  # the parameter's name, for messages

    @property
    def ref(self) -> Ref | None:
        """The reference when the value is exactly one ``${key.attr}``."""
        if self.template is None:
            return None
        match = REFERENCE.fullmatch(self.template)
        return Ref(match.group(1), match.group(2)) if match else None


DYNAMIC = Value(None)


class Task(NamedTuple):
    """One Task state of a definition, its placeholders already turned back into references."""

    name: str
    resource: str
    payload: Mapping[str, Any]  # Parameters (JSONPath) or Arguments (JSONata)
    service: str = ""  # ``arn:aws:states:::SERVICE:ACTION.PATTERN`` split (aws-sdk: ``aws-sdk:svc``)
    action: str = ""
    pattern: str = ""  # "", ".sync", ".sync:2" or ".waitForTaskToken"

    def get(self, key: str) -> Value | None:
        """The parameter ``key`` (``key.$`` and JSONata ``{% %}`` values are dynamic); None if absent."""
        return value_of(self.payload, key)

    def at(self, *keys: str) -> Value | None:
        """A nested parameter (``Input``, ``S3Uri``): absent, fixed or dynamic."""
        holder: Any = self.payload
        for key in keys[:-1]:
            if isinstance(holder, Mapping) and f"{key}.$" in holder:
                return Value(None, ".".join(keys))
            holder = holder.get(key) if isinstance(holder, Mapping) else None
            if holder is None:
                return None
            if isinstance(holder, str) and holder.strip().startswith("{%"):
                return Value(None, ".".join(keys))
        if not isinstance(holder, Mapping):
            return None
        found = value_of(holder, keys[-1])
        return None if found is None else Value(found.template, ".".join(keys))

    @property
    def sync(self) -> bool:
        return self.pattern.startswith(".sync")

    def runtime(self, field_name: str) -> str:
        return runtime_reason(self.name, field_name)


def value_of(payload: Mapping[str, Any], key: str) -> Value | None:
    if f"{key}.$" in payload:
        return Value(None, key)
    if key not in payload:
        return None
    raw = payload[key]
    if not isinstance(raw, str):
        return Value(None, key) if isinstance(raw, dict | list) else Value(str(raw), key)
    stripped = raw.strip()
    if stripped.startswith("{%") and stripped.endswith("%}"):
        return Value(None, key)
    return Value(raw, key)


class TaskDefinitionFacts(NamedTuple):
    """What the spec says of an ECS task definition that its ARN does not: the roles it runs with."""

    family_arn: str  # an ARN template without the revision
    revision: str | None  # None: ECS runs the family's latest ACTIVE revision
    task_role: str | None  # ARN templates (``${key.arn}`` for a spec role); None: the definition has none
    execution_role: str | None


@dataclass
class Context:
    """What integrations may ask: a reference's resource kind and the machine being built."""

    machine: str  # the spec key of the machine whose role gets the statements
    kinds: Mapping[str, str] = field(default_factory=dict)  # spec key -> resource kind
    keys: Mapping[str, str] = field(default_factory=dict)  # spec key -> the key of its KMS `key`, if any
    task_definitions: Mapping[str, TaskDefinitionFacts] = field(default_factory=dict)  # spec key -> its facts

    def kind(self, ref: Ref | None) -> str | None:
        if ref is None or ref.is_parameter:
            return None
        return self.kinds.get(ref.key)


class UnsupportedIntegration(Exception):
    """No module knows the IAM a resource needs: an error, never a silently missing permission."""

    def __init__(self, state: str, resource: str, detail: str = "", suggestion: str | None = None) -> None:
        message = f"state '{state}': no IAM rule for the integration {resource!r}"
        super().__init__(message + (f" ({detail})" if detail else ""))
        self.state = state
        self.resource = resource
        self.detail = detail
        self.suggestion = suggestion

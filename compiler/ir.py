"""The resolved program every back end reads: the spec, and each machine's emitted ASL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from compiler.model.resources import Resource
from compiler.model.spec import Spec, StateMachine
from compiler.refs import Ref, replace_refs
from compiler.source import Path

ACCOUNT = "123456789012"
REGION = "us-east-1"


@dataclass(frozen=True)
class Machine:
    key: str
    model: StateMachine
    definition: dict[str, Any]
    substitutions: dict[str, Ref]
    state_paths: dict[str, Path]

    @property
    def name(self) -> str:
        return self.model.state_machine_name or self.key


@dataclass(frozen=True)
class Program:
    spec: Spec
    machines: dict[str, Machine]
    parameters: dict[str, str | int | None] = field(default_factory=dict)

    def resource(self, key: str) -> Resource | None:
        return self.spec.resources.get(key)

    def local_value(self, ref: Ref) -> str:
        """The value a reference takes when the system runs locally (fake account and region)."""
        if ref.is_parameter:
            value = self.parameters.get(ref.attr)
            return "" if value is None else str(value)
        if ref.key in self.machines:
            name = self.machines[ref.key].name
            value = {"arn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}", "name": name}[ref.attr]
        elif ref.key in self.spec.resources:
            value = _local_resource_value(ref, self.spec.resources[ref.key])
        else:
            return str(ref)
        # Names may themselves use spec parameters (``sfn-${params.stage}``).
        return str(replace_refs(value, lambda inner: self.local_value(inner) if inner.is_parameter else str(inner)))

    def local_substitutions(self, machine: Machine) -> dict[str, str]:
        return {name: self.local_value(ref) for name, ref in machine.substitutions.items()}


# kind -> (name field, ARN field, the ARN of a name, the name in an ARN)
_NAMED: dict[str, tuple[str, str, Callable[[str], str], Callable[[str], str]]] = {
    "function": (
        "function_name", "function_arn",
        lambda n: f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{n}", lambda a: a.split(":")[6],
    ),
    "state_machine": (
        "state_machine_name", "state_machine_arn",
        lambda n: f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{n}", lambda a: a.split(":")[6],
    ),
    "role": ("role_name", "role_arn", lambda n: f"arn:aws:iam::{ACCOUNT}:role/{n}", lambda a: a.split("/")[-1]),
    "managed_policy": (
        "managed_policy_name", "managed_policy_arn",
        lambda n: f"arn:aws:iam::{ACCOUNT}:policy/{n}", lambda a: a.split("/")[-1],
    ),
}


def _local_resource_value(ref: Ref, resource: Any) -> str:
    existing = getattr(resource, "existing", None)
    kind = resource.type
    if kind == "bucket":
        name = (existing.bucket_name or existing.bucket_arn.split(":::")[-1]) if existing else resource.bucket_name
        name = name or ref.key.replace("_", "-").lower()
        return {
            "arn": f"arn:aws:s3:::{name}",
            "name": name,
            "domain_name": f"{name}.s3.amazonaws.com",
            "regional_domain_name": f"{name}.s3.{REGION}.amazonaws.com",
        }[ref.attr]
    if kind in _NAMED:
        name_field, arn_field, arn_of, name_of = _NAMED[kind]
        if existing is not None and getattr(existing, arn_field):
            arn = str(getattr(existing, arn_field))
            return arn if ref.attr == "arn" else name_of(arn)
        name = getattr(existing or resource, name_field, None) or ref.key
        return arn_of(name) if ref.attr == "arn" else name
    if kind == "layer":
        return resource.layer_version_arn or f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{ref.key}:1"
    return str(ref)

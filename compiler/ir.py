"""The resolved program every back end reads: the spec, and each machine's emitted ASL."""

from __future__ import annotations

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
    if kind == "function":
        if existing and existing.function_arn:
            arn = existing.function_arn
            return arn if ref.attr == "arn" else arn.split(":")[6]
        name = (existing.function_name if existing else resource.function_name) or ref.key
        return {"arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}", "name": name}[ref.attr]
    if kind == "state_machine":
        assert existing is not None
        arn = existing.state_machine_arn or (
            f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{existing.state_machine_name}"
        )
        return arn if ref.attr == "arn" else arn.split(":")[-1]
    if kind == "role":
        if existing and existing.role_arn:
            arn = existing.role_arn
            return arn if ref.attr == "arn" else arn.split("/")[-1]
        name = (existing.role_name if existing else resource.role_name) or ref.key
        return {"arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "name": name}[ref.attr]
    if kind == "managed_policy":
        if existing and existing.managed_policy_arn:
            arn = existing.managed_policy_arn
            return arn if ref.attr == "arn" else arn.split("/")[-1]
        name = (existing.managed_policy_name if existing else resource.managed_policy_name) or ref.key
        return {"arn": f"arn:aws:iam::{ACCOUNT}:policy/{name}", "name": name}[ref.attr]
    if kind == "layer":
        return resource.layer_version_arn or f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{ref.key}:1"
    return str(ref)

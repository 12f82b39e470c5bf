"""The resolved program every back end reads: built once by ``compiler.lower.lower``, never changed.

``Program``
    ``spec``        the validated model
    ``parameters``  name -> ``ParameterValue``: the value and its origin (the spec default, or a
                    ``-c name=value`` override) with the spec path that declares it
    ``machines``    key -> ``Machine``
    ``resolve(ref)``           a ``${key.attr}`` reference -> ``RefTarget`` (a resource kind, a
                               machine of the spec, or a parameter)
    ``with_parameters(value)`` a JSON-like value with every ``${params.x}`` replaced by its value
``Machine``
    ``definition``     the ASL, emitted once; resources appear as ``${placeholder}``s
    ``substitutions``  placeholder -> the ``Ref`` it stands for (CDK's DefinitionSubstitutions)
    ``state_paths``    state name -> its spec path (for diagnostics at spec lines)
    ``tasks``          every Task state, nested ones included, classified once (``Task``)
``Task``
    ``integration``    service, action, pattern (request-response | sync | sync:2 |
                       waitForTaskToken), see ``compiler.asl.tasks``
    ``target``         ``TaskTarget``: a spec resource (``ref``), a literal ARN or name (``value``,
                       parameters substituted), or chosen at run time; None when the integration
                       names no single target
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from compiler.asl.tasks import Integration
from compiler.model.resources import Resource
from compiler.model.resources_compute import attribute as task_definition_attribute
from compiler.model.spec import Spec, StateMachine
from compiler.refs import Ref, replace_refs
from compiler.source import Path

ACCOUNT = "123456789012"
REGION = "us-east-1"


class ParameterValue(NamedTuple):
    """A spec parameter's value, and where it comes from."""

    name: str
    value: str | int | None
    origin: Literal["default", "override"]  # the spec's default, or ``-c name=value``
    path: Path  # ("parameters", name, "default") for a default; ("parameters", name) for an override


class RefTarget(NamedTuple):
    """What a ``${key.attr}`` reference points at."""

    ref: Ref
    kind: str  # a resource kind ("bucket", "function", ...), "state_machine" (a machine of the spec), "parameter"
    existing: bool = False  # a resource imported by name or ARN, not created by the stack


class TaskTarget(NamedTuple):
    """The resource a Task acts on, as far as synth time knows it."""

    field: str  # where the state names it: "Resource", "FunctionName", "StateMachineArn", ...
    kind: Literal["spec", "literal", "run_time"]
    ref: Ref | None = None  # kind "spec": the spec resource or machine
    value: str | None = None  # "literal": the ARN or name (parameters substituted); "run_time": the path or expression

    @property
    def known_at_synth(self) -> bool:
        return self.kind != "run_time"


class Task(NamedTuple):
    state: str
    path: Path  # the state in the spec
    integration: Integration
    target: TaskTarget | None


class Machine(NamedTuple):
    key: str
    model: StateMachine
    definition: dict[str, Any]
    substitutions: Mapping[str, Ref]
    state_paths: Mapping[str, Path]
    tasks: tuple[Task, ...] = ()

    @property
    def name(self) -> str:
        return self.model.state_machine_name or self.key


@dataclass(frozen=True)
class Program:
    spec: Spec
    machines: Mapping[str, Machine]
    parameters: Mapping[str, ParameterValue] = field(default_factory=dict)

    def resource(self, key: str) -> Resource | None:
        return self.spec.resources.get(key)

    @property
    def parameter_values(self) -> dict[str, str | int | None]:
        return {name: p.value for name, p in self.parameters.items()}

    def resolve(self, ref: Ref) -> RefTarget:
        """The target of a reference the checks accepted (KeyError for one they would not)."""
        if ref.is_parameter:
            if ref.attr not in self.parameters:
                raise KeyError(str(ref))
            return RefTarget(ref, "parameter")
        if ref.key in self.machines:
            return RefTarget(ref, "state_machine")
        resource = self.spec.resources[ref.key]
        return RefTarget(ref, resource.type, getattr(resource, "existing", None) is not None)

    def with_parameters(self, value: Any) -> Any:
        """``value`` with each ``${params.x}`` replaced by the parameter's value ("" when it has none)."""
        return substitute_parameters(value, self.parameters)

    def local_value(self, ref: Ref) -> str:
        """The value a reference takes when the system runs locally (fake account and region)."""
        if ref.is_parameter:
            return str(self.with_parameters(str(ref)))
        if ref.key in self.machines:
            name = self.machines[ref.key].name
            value = {"arn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}", "name": name}[ref.attr]
        elif ref.key in self.spec.resources:
            value = _local_resource_value(ref, self.spec.resources[ref.key])
        else:
            return str(ref)
        # Names may themselves use spec parameters (``sfn-${params.stage}``).
        return str(self.with_parameters(value))

    def local_substitutions(self, machine: Machine) -> dict[str, str]:
        return {name: self.local_value(ref) for name, ref in machine.substitutions.items()}


def substitute_parameters(value: Any, parameters: Mapping[str, ParameterValue]) -> Any:
    """A JSON-like value with each ``${params.x}`` replaced by the parameter's value ("" when it has none)."""

    def text(ref: Ref) -> str:
        known = parameters.get(ref.attr) if ref.is_parameter else None
        if known is None:
            return str(ref)
        return "" if known.value is None else str(known.value)

    return replace_refs(value, text)


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
    "table": (
        "table_name", "table_arn",
        lambda n: f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{n}", lambda a: a.split("/")[1],
    ),
    "queue": ("queue_name", "queue_arn", lambda n: f"arn:aws:sqs:{REGION}:{ACCOUNT}:{n}", lambda a: a.split(":")[5]),
    "topic": ("topic_name", "topic_arn", lambda n: f"arn:aws:sns:{REGION}:{ACCOUNT}:{n}", lambda a: a.split(":")[5]),
    "event_bus": (
        "event_bus_name", "event_bus_arn",
        lambda n: f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{n}", lambda a: a.split("/", 1)[1],
    ),
    "log_group": (
        "log_group_name", "log_group_arn",
        lambda n: f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{n}", lambda a: a.split(":")[6],
    ),
    # Secrets Manager ends a secret's ARN with a random six-character suffix.
    "secret": (
        "secret_name", "secret_arn",
        lambda n: f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{n}-AbCdEf", lambda a: a.split(":")[6].rsplit("-", 1)[0],
    ),
    "connection": (
        "connection_name", "connection_arn",
        lambda n: f"arn:aws:events:{REGION}:{ACCOUNT}:connection/{n}/00000000-0000-4000-8000-000000000000",
        lambda a: a.split("/")[1],
    ),
    "activity": (
        "activity_name", "activity_arn",
        lambda n: f"arn:aws:states:{REGION}:{ACCOUNT}:activity:{n}", lambda a: a.split(":")[6],
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
    if kind == "key":
        return _local_key_value(ref, resource)
    if kind in _NAMED:
        name_field, arn_field, arn_of, name_of = _NAMED[kind]
        if existing is not None and getattr(existing, arn_field):
            arn = str(getattr(existing, arn_field))
            name = name_of(arn)
        else:
            name = getattr(existing or resource, name_field, None) or _generated_name(ref.key, resource)
            arn = arn_of(name)
        return _named_attr(ref, resource, name, arn)
    if kind == "layer":
        return resource.layer_version_arn or f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{ref.key}:1"
    if kind == "task_definition":
        return task_definition_attribute(resource.existing, ref.attr, "aws", REGION, ACCOUNT)
    return str(ref)


def _generated_name(key: str, resource: Any) -> str:
    """The name a local run gives a resource the spec leaves unnamed (a FIFO one keeps '.fifo')."""
    return f"{key}.fifo" if getattr(resource, "fifo", False) else key


def _named_attr(ref: Ref, resource: Any, name: str, arn: str) -> str:
    if ref.attr == "arn":
        return arn
    if ref.attr == "url":  # a queue
        return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"
    if ref.attr == "stream_arn":  # a table
        existing = getattr(resource, "existing", None)
        stream = getattr(existing, "table_stream_arn", None) if existing is not None else None
        return stream or f"{arn}/stream/1970-01-01T00:00:00.000"
    return name


def _local_key_value(ref: Ref, resource: Any) -> str:
    """A KMS key: its ARN and id (a stable fake id from the spec key; an alias stands for itself)."""
    existing = resource.existing
    if existing is not None and existing.key_arn:
        arn = str(existing.key_arn)
    elif existing is not None:
        arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:{existing.alias_name}"
    else:
        digest = hashlib.md5(ref.key.encode()).hexdigest()
        arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    if ref.attr == "arn":
        return arn
    part = arn.split(":", 5)[5]  # "key/<id>", or "alias/<name>" (KMS takes an alias where it takes an id)
    return part.split("/", 1)[1] if part.startswith("key/") else part

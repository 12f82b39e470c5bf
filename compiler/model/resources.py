"""Resource kinds: buckets, policies, roles, layers, functions, existing state machines and activities.

Tables and keys are in ``resources_data.py``; queues, topics and event buses in
``resources_messaging.py``; log groups, secrets and connections in ``resources_ops.py``; ECS task
definitions in ``resources_compute.py``. ``Resource`` is the union of every kind.
"""

from typing import Annotated, Literal

from pydantic import Field

from compiler.model.base import Exclusive, ResourceKey, SpecModel
from compiler.model.resources_compute import TaskDefinition
from compiler.model.resources_data import Key, Table
from compiler.model.resources_messaging import EventBus, Queue, Topic
from compiler.model.resources_ops import Connection, LogGroup, Secret

Runtime = Literal[
    "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
    "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",
]


class ExistingBucket(Exclusive):
    bucket_name: str | None = None
    bucket_arn: str | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("bucket_name", "bucket_arn")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("bucket_name", "bucket_arn")]


class Bucket(Exclusive):
    """An S3 bucket. New buckets block public access, enforce TLS and are encrypted."""

    type: Literal["bucket"]
    bucket_name: str | None = None
    removal_policy: Literal["retain", "destroy"] = "retain"
    versioned: bool = False
    encryption: Literal["s3_managed", "kms_managed"] = "s3_managed"
    existing: ExistingBucket | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "bucket_name")]


class Statement(SpecModel):
    sid: str | None = None
    effect: Literal["allow", "deny"] = "allow"
    actions: list[str] = Field(min_length=1)
    resources: list[str] = Field(min_length=1)
    conditions: dict[str, dict[str, str | list[str]]] | None = None


class ExistingPolicy(Exclusive):
    managed_policy_name: str | None = None
    managed_policy_arn: str | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("managed_policy_name", "managed_policy_arn")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("managed_policy_name", "managed_policy_arn")]


class ManagedPolicy(Exclusive):
    type: Literal["managed_policy"]
    managed_policy_name: str | None = None
    description: str | None = None
    statements: list[Statement] | None = None
    existing: ExistingPolicy | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "statements"), ("existing", "managed_policy_name")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "statements")]


class ExistingRole(Exclusive):
    role_name: str | None = None
    role_arn: str | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("role_name", "role_arn")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("role_name", "role_arn")]


class Role(Exclusive):
    type: Literal["role"]
    role_name: str | None = None
    description: str | None = None
    assumed_by: str | list[str] | None = None
    managed_policies: list[ResourceKey] = []
    aws_managed_policies: list[str] = []
    statements: list[Statement] = []
    existing: ExistingRole | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "assumed_by"), ("existing", "role_name")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "assumed_by")]


Architecture = Literal["x86_64", "arm64"]
# A list of pins (``[numpy==2.4.6]``) or a requirements file of the project (``layers/numpy.txt``).
Requirements = list[str] | str


class Layer(Exclusive):
    """A Lambda layer: an existing version by ARN, built from a folder, or built from requirements.

    With both ``requirements`` and ``layer_version_arn``, a non-empty ARN (a parameter set with
    ``-c``) overrides the build: the requirements are then the local default.
    """

    type: Literal["layer"]
    layer_version_arn: str | None = None
    code: str | None = None
    requirements: Requirements | None = None
    layer_version_name: str | None = None
    description: str | None = None
    compatible_runtimes: list[Runtime] | None = None
    compatible_architectures: list[Architecture] | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("layer_version_arn", "code"), ("code", "requirements")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("layer_version_arn", "code", "requirements")]


class ExistingFunction(Exclusive):
    function_name: str | None = None
    function_arn: str | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("function_name", "function_arn")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("function_name", "function_arn")]


class Function(Exclusive):
    """A Lambda function whose code is a folder of this repository (``handlers/<name>``)."""

    type: Literal["function"]
    function_name: str | None = None
    description: str | None = None
    code: str | None = None
    handler: str | None = None
    runtime: Runtime = "python3.12"
    architecture: Architecture = "x86_64"
    requirements: Requirements | None = None  # installed for the runtime and bundled with the code
    environment: dict[str, str] = {}
    layers: list[ResourceKey] = []
    role: ResourceKey | None = None
    memory_size: int = 128
    timeout: int = 3
    reserved_concurrent_executions: int | None = None
    existing: ExistingFunction | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "code"), ("existing", "function_name"), ("existing", "role"),
                ("existing", "requirements")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "code"), ("existing", "handler")]


class ExistingStateMachine(Exclusive):
    state_machine_name: str | None = None
    state_machine_arn: str | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("state_machine_name", "state_machine_arn")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("state_machine_name", "state_machine_arn")]


class StateMachineRef(SpecModel):
    """A state machine deployed elsewhere, started by tasks of this spec."""

    type: Literal["state_machine"]
    existing: ExistingStateMachine


class Encryption(SpecModel):
    """A customer-managed KMS key (a spec ``key``) for a state machine's data (definition, execution
    input and output, history) or an activity's task inputs; without it, an AWS-owned key."""

    key: ResourceKey
    data_key_reuse_seconds: int = Field(default=300, ge=60, le=900)


class ExistingActivity(Exclusive):
    activity_name: str | None = None
    activity_arn: str | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("activity_name", "activity_arn")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("activity_name", "activity_arn")]


class Activity(Exclusive):
    """A Step Functions activity: work done by a worker of your own that polls for it
    (``GetActivityTask``) and answers with the task token. A task runs it with
    ``resource: ${key.arn}``; a worker's role needs ``states:GetActivityTask`` and
    ``states:SendTask*`` (and ``kms:Decrypt`` on the key of an encrypted activity)."""

    type: Literal["activity"]
    activity_name: str | None = None  # default: a name CDK derives from the stack and the key
    encryption: Encryption | None = None
    existing: ExistingActivity | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "activity_name"), ("existing", "encryption")]


Resource = Annotated[
    Bucket | ManagedPolicy | Role | Layer | Function | StateMachineRef | Table | Queue | Topic | EventBus | Key
    | LogGroup | Secret | Connection | TaskDefinition | Activity,
    Field(discriminator="type"),
]

# Attributes each kind exposes to ``${key.attr}`` references.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "bucket": ("arn", "name", "domain_name", "regional_domain_name"),
    "managed_policy": ("arn", "name"),
    "role": ("arn", "name"),
    "layer": ("arn",),
    "function": ("arn", "name"),
    "state_machine": ("arn", "name"),
    "table": ("arn", "name", "stream_arn"),
    "queue": ("arn", "name", "url"),
    "topic": ("arn", "name"),
    "event_bus": ("arn", "name"),
    "key": ("arn", "id"),
    "log_group": ("arn", "name"),
    "secret": ("arn", "name"),
    "connection": ("arn", "name"),
    "task_definition": ("arn", "family"),
    "activity": ("arn", "name"),
}
# Kinds a ``key:`` field may encrypt with a spec KMS key.
ENCRYPTED_KINDS = ("table", "queue", "topic", "event_bus", "log_group", "secret")

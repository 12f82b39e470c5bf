"""The root of a spec: version, parameters, stack settings, resources and state machines."""

from typing import Literal

from pydantic import Field

from compiler.model.base import Exclusive, QueryLanguage, ResourceKey, SpecModel
from compiler.model.monitoring import Alarm, AlarmName, Notification
from compiler.model.overrides import Extension, Overrides
from compiler.model.resources import Encryption, Resource, Statement
from compiler.model.states import State
from compiler.model.triggers import Trigger, TriggerName
from compiler.model.versions import Alias, AliasName


class Parameter(SpecModel):
    """A value that differs per account or stage; override with ``cdk synth -c NAME=VALUE``."""

    default: str | int | None = None
    description: str | None = None


class NagAcknowledgement(SpecModel):
    """A cdk-nag finding accepted on purpose, with the reason a reviewer can read."""

    rule: str = Field(pattern=r"^[A-Za-z]+-[A-Za-z0-9]+$")
    reason: str = Field(min_length=10)
    resources: list[str] | None = None


def acknowledgement_to_paste(rule: str, key: str | None = None) -> str:
    """A ``stack.nag_acknowledgements`` entry that validates as it stands (the reason is a placeholder
    long enough for the schema, to be replaced by the real one)."""
    scope = f", resources: [{key}]" if key else ""
    return f'{{rule: {rule}, reason: "TODO: say why this is acceptable here"{scope}}}'


class Stack(SpecModel):
    name: str = Field(default="step-functions", pattern=r"^[A-Za-z][A-Za-z0-9-]{0,127}$")
    description: str | None = None
    tags: dict[str, str] = {}
    nag_acknowledgements: list[NagAcknowledgement] = []
    # What the spec does not cover: property overrides by spec key (checked against the resource's
    # CloudFormation schema, as cfn-lint ships it), and functions that add CDK constructs.
    overrides: Overrides = {}
    extensions: list[Extension] = []


# The retention periods CloudWatch Logs accepts (days).
Retention = Literal[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                    3288, 3653]


class Logging(Exclusive):
    """Execution logs to a ``log_group`` resource of the spec (its retention and key are its own), or
    to a group the stack creates for the machine; with the log-delivery permissions AWS documents."""

    level: Literal["all", "error", "fatal", "off"] = "error"
    include_execution_data: bool = False
    log_group: ResourceKey | None = None  # the key of a log_group resource
    retention_days: Retention | None = None  # None: CDK's default (two years)
    log_group_name: str | None = None  # default: a name CloudFormation generates

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        # A spec log group has its own name and retention: the machine cannot set them again.
        return [("log_group", "retention_days"), ("log_group", "log_group_name")]


class StateMachine(SpecModel):
    state_machine_name: str | None = None
    comment: str | None = None
    type: Literal["standard", "express"] = "standard"
    start_at: str | None = None
    query_language: QueryLanguage | None = None
    timeout_seconds: int | None = Field(default=None, ge=1)
    logging: Logging | None = None
    encryption: Encryption | None = None
    tracing: bool = False
    role: ResourceKey | None = None
    # Additions to the generated role (a call made by a handler-less state, a cross-account ARN):
    # checked against AWS's authorization data like any user-written statement.
    statements: list[Statement] = []
    # A version of the machine published with each change of its definition, and names for versions.
    publish_version: bool = False
    version_description: str | None = None
    aliases: dict[AliasName, Alias] = Field(default={}, max_length=100)
    triggers: dict[TriggerName, Trigger] = {}
    alarms: dict[AlarmName, Alarm] = {}
    notifications: dict[AlarmName, Notification] = {}
    states: dict[str, State] = Field(min_length=1)


class Spec(SpecModel):
    version: Literal[1]
    description: str | None = None
    parameters: dict[ResourceKey, Parameter] = {}
    stack: Stack = Field(default_factory=Stack)
    resources: dict[ResourceKey, Resource] = {}
    state_machines: dict[ResourceKey, StateMachine] = {}

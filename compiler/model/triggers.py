"""What starts a state machine: a schedule, an EventBridge rule, an S3 upload, an HTTP route.

Each trigger gets its own role (the service that starts the execution assumes it) allowing
``states:StartExecution`` (``StartSyncExecution`` for an HTTP route to an express machine) on the
machine, or on its ``alias`` when one is named; ``compiler run --trigger NAME`` builds the event
the trigger delivers and starts the machine with what the target would pass.
"""

from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from compiler.model.base import Json, ResourceKey, SpecModel

TriggerName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")]


class InputTransformer(SpecModel):
    """EventBridge's input transformer: JSONPaths into the event, and a template using ``<name>``."""

    input_paths_map: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,100}$")], str] = Field(
        default={}, max_length=100)
    input_template: str


class TriggerBase(SpecModel):
    alias: str | None = None  # start this alias of the machine instead of its latest definition
    description: str | None = None


class EventInput(TriggerBase):
    input: Json = None  # a constant input instead of the event
    input_transformer: InputTransformer | None = None

    @model_validator(mode="after")
    def _one_input(self) -> Self:
        if self.input is not None and self.input_transformer is not None:
            raise PydanticCustomError("exclusive_fields", "'input' and 'input_transformer' exclude each other")
        return self


class ScheduleTrigger(TriggerBase):
    """EventBridge Scheduler: ``rate(5 minutes)``, ``cron(0 9 * * ? *)`` or ``at(2027-01-01T00:00:00)``."""

    type: Literal["schedule"]
    expression: Annotated[str, StringConstraints(pattern=r"^(rate|cron|at)\(.+\)$")]
    time_zone: str | None = None
    flexible_window_minutes: int | None = Field(default=None, ge=1, le=1440)
    input: Json = None
    enabled: bool = True


class EventRuleTrigger(EventInput):
    """An EventBridge rule on a bus (the default bus unless ``event_bus`` names another)."""

    type: Literal["event_rule"]
    event_pattern: dict[str, Json] = Field(min_length=1)
    event_bus: str | None = None  # a bus name or ARN
    enabled: bool = True


class S3ObjectCreatedTrigger(EventInput):
    """``Object Created`` events of a bucket of this spec, through EventBridge (the bucket sends them)."""

    type: Literal["s3_object_created"]
    bucket: ResourceKey
    prefix: str | None = None
    suffix: str | None = None


class HttpApiTrigger(TriggerBase):
    """An API Gateway HTTP API route whose request body is the execution input
    (``StartSyncExecution`` for an express machine: the response is the execution's result)."""

    type: Literal["http_api"]
    route: Annotated[str, StringConstraints(pattern=r"^(GET|POST|PUT|PATCH|DELETE|ANY) /[^ ]*$")] = "POST /"
    # Who may call it: IAM-signed requests (the default), or anyone (say why in a nag acknowledgement).
    authorization: Literal["aws_iam", "none"] = "aws_iam"


Trigger = Annotated[
    ScheduleTrigger | EventRuleTrigger | S3ObjectCreatedTrigger | HttpApiTrigger,
    Field(discriminator="type"),
]

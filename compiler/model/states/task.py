"""Task: a Lambda function by key, a nested state machine by key, or any resource ARN."""

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from compiler.model.base import Json
from compiler.model.states.common import ErrorHandling, Flow, InputOutput, ResultHandling, StateBase

INTEGRATIONS = ("fire_and_forget", "sync", "sync_string", "wait_for_task_token")


class TaskState(StateBase, Flow, InputOutput, ResultHandling, ErrorHandling):
    type: Literal["task"]

    # A Lambda function of this spec.
    invoke: str | None = None
    payload: Json = None
    invoke_style: Literal["function_arn", "lambda_invoke"] = "function_arn"
    retry_on_service_exceptions: bool = False

    # A state machine of this spec (or an existing one).
    start_execution: str | None = None
    alias: str | None = None  # an alias of that machine (``aliases:``): the execution runs its version
    integration: Literal["fire_and_forget", "sync", "sync_string", "wait_for_task_token"] = "fire_and_forget"
    input: Json = None
    execution_name: str | None = None
    associate_with_parent: bool = False

    # Any other integration, by ARN; ``${key.attr}`` references are allowed in it.
    resource: str | None = None
    parameters: Json = None
    arguments: Json = None

    # A string is a JSONata expression ('{% ... %}'), checked in checks/jsonata.py.
    timeout_seconds: Annotated[int, Field(ge=1)] | str | None = None
    timeout_seconds_path: str | None = None
    heartbeat_seconds: Annotated[int, Field(ge=1)] | str | None = None
    heartbeat_seconds_path: str | None = None
    credentials: dict[str, Json] | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        given = [name for name in ("invoke", "start_execution", "resource") if getattr(self, name) is not None]
        if not given:
            raise PydanticCustomError(
                "one_of_required",
                "a task needs one of {fields}",
                {"fields": "'invoke' (a function), 'start_execution' (a state machine), 'resource' (an ARN)"},
            )
        if len(given) > 1:
            raise PydanticCustomError(
                "exclusive_fields",
                "{fields} exclude each other; a task runs one thing",
                {"fields": " and ".join(f"'{n}'" for n in given)},
            )
        misplaced = {
            "invoke": ("input", "parameters", "execution_name", "alias"),
            "start_execution": ("payload", "parameters"),
            "resource": ("payload", "input", "execution_name", "alias"),
        }[given[0]]
        for name in misplaced:
            if self.given(name):
                raise PydanticCustomError(
                    "field_not_for_target",
                    "'{field}' has no meaning with '{target}'",
                    {"field": name, "target": given[0]},
                )
        return self

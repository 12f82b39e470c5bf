"""Versions and aliases of a state machine (``AWS::StepFunctions::StateMachineVersion`` / ``...Alias``)."""

from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from compiler.model.base import SpecModel

# AWS: 1-80 characters of letters, digits, '-' and '_', not only digits (a version number).
AliasName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*$", max_length=80)]


class Route(SpecModel):
    """Part of an alias's traffic: ``version: current`` (the version this stack publishes), a version
    number of the machine, or a version ARN; and its weight in percent."""

    version: Literal["current"] | Annotated[int, Field(ge=1)] | str
    weight: int = Field(ge=0, le=100)


class DeploymentPreference(SpecModel):
    """How CloudFormation shifts the alias to the version this stack publishes, rolling back on alarms."""

    type: Literal["all_at_once", "canary", "linear"]
    percentage: int | None = Field(default=None, ge=1, le=99)
    interval: int | None = Field(default=None, ge=1, le=2100)  # minutes
    alarms: list[str] = Field(default=[], max_length=100)  # CloudWatch alarm names


class Alias(SpecModel):
    description: str | None = None
    routing: list[Route] | None = Field(default=None, min_length=1, max_length=2)
    deployment_preference: DeploymentPreference | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.routing is None) == (self.deployment_preference is None):
            raise PydanticCustomError(
                "one_of_required" if self.routing is None else "exclusive_fields",
                "an alias takes exactly one of 'routing' (weights over versions) and 'deployment_preference' "
                "(a gradual shift to the version this stack publishes)",
            )
        return self

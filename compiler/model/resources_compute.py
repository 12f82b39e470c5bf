"""Compute the workflow runs but does not build: ECS task definitions registered elsewhere.

A task definition is what ``ecs:runTask`` starts (``TaskDefinition: ${key.arn}``). The ASL names
only its family (and maybe a revision); the roles the task runs with live in the definition, which
the stack does not build. Declaring them here is what lets the machine's role pass exactly those
roles (as CDK's ``EcsRunTask`` does for a definition it builds) instead of any role to ECS.
"""

from typing import Literal

from compiler.model.base import SpecModel
from compiler.model.resources_data import ExistingByNameOrArn


class ExistingTaskDefinition(ExistingByNameOrArn):
    family: str | None = None
    task_definition_arn: str | None = None  # with or without ``:REVISION``
    # The revision tasks run; without one (here or in the ARN) ECS runs the family's latest ACTIVE
    # revision, so any revision of the family is allowed. A number, or ``${params.x}``.
    revision: int | str | None = None


class TaskDefinition(SpecModel):
    """An ECS task definition registered elsewhere, with the roles it runs with.

    ``task_role`` and ``execution_role`` are each a spec ``role`` (its key), an IAM role ARN or a
    spec parameter. A role left out is one the definition does not have: nothing is passed for it.
    """

    type: Literal["task_definition"]
    existing: ExistingTaskDefinition
    task_role: str | None = None
    execution_role: str | None = None


def family_arn(existing: ExistingTaskDefinition, partition: str, region: str, account: str) -> tuple[str, str, str | None]:
    """(the family's ARN, the family, the revision or None) as written, references left in place.

    A family alone is in the stack's account and region (``partition``/``region``/``account`` are
    what the caller writes for them: pseudo parameters, or a local run's fake values).
    """
    revision: str | None = None
    if existing.task_definition_arn is not None:
        head, marker, tail = existing.task_definition_arn.partition("task-definition/")
        family, _, revision = tail.partition(":")
        arn = head + marker + family
    else:
        family = existing.family or ""
        arn = f"arn:{partition}:ecs:{region}:{account}:task-definition/{family}"
    if existing.revision is not None:
        revision = str(existing.revision)
    return arn, family, revision or None


def attribute(existing: ExistingTaskDefinition, attr: str, partition: str, region: str, account: str) -> str:
    """``${key.arn}`` (with ``:REVISION`` when one is known) or ``${key.family}``."""
    arn, family, revision = family_arn(existing, partition, region, account)
    if attr == "family":
        return family
    return f"{arn}:{revision}" if revision else arn

"""What ECS and IAM would refuse in a ``task_definition`` resource, said at validate time.

- E392: ``task_definition_arn`` is not ``arn:PARTITION:ecs:REGION:ACCOUNT:task-definition/FAMILY[:REVISION]``.
- E393: the revision is not a positive integer, or it is given twice (in the ARN and in ``revision``).
- E394: a role is neither a spec key, ``${key.arn}`` nor ``arn:PARTITION:iam::ACCOUNT:role/NAME``.
- E395: a role of the spec is assumed by principals that leave out ``ecs-tasks.amazonaws.com``:
  ECS could not give it to the task.

A value with a spec parameter is checked once more after substitution (``late``). That a role key
names a spec ``role`` is ``references``' job (E3xx wrong kind / unknown resource); the family's
name rule is ``limits``' (E340).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.iam.ecs import ECS_TASKS, role_key
from compiler.model.resources import Role
from compiler.model.resources_compute import TaskDefinition
from compiler.refs import REFERENCE
from compiler.source import Path

TASK_DEFINITION_ARN = re.compile(r"arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition/[A-Za-z0-9_-]{1,255}(:\d+)?")
ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}")
EXAMPLE_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/etl:3"
EXAMPLE_ROLE = "arn:aws:iam::123456789012:role/etl-task"


def check(ctx: CheckContext) -> Iterator[Finding]:
    """The values as written; those with a ``${...}`` wait for ``late``."""
    for key, definition, base in _definitions(ctx):
        yield from _definition(definition, base, lambda text: None if "${" in text else text)
        yield from _trust(ctx, key, definition, base)


def late(ctx: CheckContext) -> Iterator[Finding]:
    """The values that hold a spec parameter, with the value it has (a default or ``-c``)."""
    assert ctx.program is not None
    program = ctx.program

    def substituted(text: str) -> str | None:
        if "${params." not in text:
            return None
        value = str(program.with_parameters(text))
        return None if "${" in value else value

    for _, definition, base in _definitions(ctx):
        yield from _definition(definition, base, substituted)


def _definitions(ctx: CheckContext) -> Iterator[tuple[str, TaskDefinition, Path]]:
    for key, resource in ctx.spec.resources.items():
        if isinstance(resource, TaskDefinition):
            yield key, resource, ("resources", key)


def _definition(definition: TaskDefinition, base: Path, value: Callable[[str], str | None]) -> Iterator[Finding]:
    existing = definition.existing
    in_arn = None
    if existing.task_definition_arn is not None:
        text = value(existing.task_definition_arn)
        match = TASK_DEFINITION_ARN.fullmatch(text) if text is not None else None
        if text is not None and match is None:
            yield Finding(codes.E_TASK_DEFINITION_ARN,
                          f"task_definition_arn '{text}' is not an ECS task definition ARN",
                          (*base, "existing", "task_definition_arn"),
                          f"write arn:PARTITION:ecs:REGION:ACCOUNT:task-definition/FAMILY[:REVISION], e.g. "
                          f"{EXAMPLE_ARN}, or give 'family' (and 'revision') instead")
        in_arn = match.group(1) if match is not None else None
    if existing.revision is not None:
        yield from _revision(existing.revision, in_arn, (*base, "existing", "revision"), value)
    for field in ("task_role", "execution_role"):
        written = getattr(definition, field)
        if written is None or role_key(written) is not None:
            continue
        text = value(written)
        if text is not None and not ROLE_ARN.fullmatch(text):
            yield Finding(codes.E_TASK_ROLE_ARN, f"{field} '{text}' is neither a spec role nor an IAM role ARN",
                          (*base, field),
                          f"write the key of a 'role' resource of this spec, or its ARN (e.g. {EXAMPLE_ROLE})")


def _revision(revision: int | str, in_arn: str | None, path: Path, value: Callable[[str], str | None]) -> Iterator[Finding]:
    if isinstance(revision, int):
        number: int | None = revision
        shown = str(revision)
    else:
        text = value(revision)
        if text is None:
            return
        shown = text
        number = int(text) if text.isdigit() else None
        if number is not None and REFERENCE.search(revision) is None:
            yield Finding(codes.E_TASK_DEFINITION_REVISION, f"revision '{text}' is a string",
                          path, f"write it as a number: 'revision: {number}'")
            return
    if number is None or number < 1:
        yield Finding(codes.E_TASK_DEFINITION_REVISION,
                      f"revision {shown} is not a positive integer: ECS numbers a family's revisions from 1",
                      path, "write the revision the tasks run (e.g. 'revision: 3'), or leave it out to run the "
                            "family's latest ACTIVE revision")
    elif in_arn is not None:
        yield Finding(codes.E_TASK_DEFINITION_REVISION,
                      f"the revision is given twice: '{in_arn[1:]}' in task_definition_arn and {number} here",
                      path, "keep one of them")


def _trust(ctx: CheckContext, key: str, definition: TaskDefinition, base: Path) -> Iterator[Finding]:
    for field in ("task_role", "execution_role"):
        role_name = role_key(getattr(definition, field))
        role = ctx.spec.resources.get(role_name) if role_name is not None else None
        if not isinstance(role, Role) or role.existing is not None or role.assumed_by is None:
            continue
        principals = [role.assumed_by] if isinstance(role.assumed_by, str) else role.assumed_by
        if ECS_TASKS in principals or any("${" in p for p in principals):
            continue
        yield Finding(codes.E_TASK_ROLE_TRUST,
                      f"task definition '{key}' runs with role '{role_name}' as its {field}, which is assumed by "
                      f"{', '.join(principals)}, not {ECS_TASKS}: ECS cannot give it to the task",
                      (*base, field),
                      f"set 'assumed_by: {ECS_TASKS}' on role '{role_name}' (or list both), or name another role")

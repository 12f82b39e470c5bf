"""Activities: ``arn:aws:states:REGION:ACCOUNT:activity:NAME``. The machine's role needs nothing:
workers poll the activity with their own credentials."""

from __future__ import annotations

import re

from compiler.emit.iam.base import Context, Statement, Task

ACTIVITY = re.compile(r"^arn:[^:]+:states:[^:]*:[^:]*:activity:[^:]+$")


def matches(task: Task, ctx: Context) -> bool:
    return bool(ACTIVITY.match(task.resource))


def statements(task: Task, ctx: Context) -> list[Statement]:
    return []

"""Activities: ``arn:aws:states:REGION:ACCOUNT:activity:NAME``. The machine's role needs nothing:
workers poll the activity with their own credentials (``states:GetActivityTask`` on their role)."""

from __future__ import annotations

from compiler.iam.base import Context, Statement, Task


def statements(task: Task, ctx: Context) -> list[Statement]:
    return []

"""``compiler diff``: what two specs differ in, by meaning (never by text).

``diff_programs(base, head)`` returns a ``Diff`` of typed records (resources, IAM, per-machine
state changes, and the flags a reviewer must look at); ``compiler.diff.formats`` renders it as
text, Markdown or JSON. Nothing here imports ``aws_cdk``.
"""

from __future__ import annotations

from compiler.diff.engine import diff_programs
from compiler.diff.records import (
    Diff,
    FieldChange,
    Flag,
    IamChange,
    MachineDiff,
    Permission,
    Replacement,
    ResourceChange,
    StateChange,
)

__all__ = [
    "Diff",
    "FieldChange",
    "Flag",
    "IamChange",
    "MachineDiff",
    "Permission",
    "Replacement",
    "ResourceChange",
    "StateChange",
    "diff_programs",
]

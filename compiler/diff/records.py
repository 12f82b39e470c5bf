"""The change records ``compiler diff`` produces: frozen dataclasses, grouped by what changed.

Every record says what kind of change it is (added/removed/changed, plus renamed for states and
resources), where (a JSON-pointer-like path inside its owner) and the values before and after.
Formatters only read these records; they never look at the specs again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChangeKind = Literal["added", "removed", "changed"]
EntityKind = Literal["added", "removed", "changed", "renamed"]
FlagCategory = Literal["replacement", "data_loss", "iam", "error_handling", "monitoring"]


@dataclass(frozen=True)
class FieldChange:
    kind: ChangeKind
    path: str  # JSON pointer inside the owner ("/Retry/0/MaxAttempts"); "" is the owner itself
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class Replacement:
    """Why CloudFormation replaces a resource, and what that costs."""

    properties: tuple[str, ...]
    cost: str


@dataclass(frozen=True)
class ResourceChange:
    kind: EntityKind
    key: str
    type: str  # spec resource type ("bucket", ...), or "state_machine", "stack", "parameter"
    fields: tuple[FieldChange, ...] = ()
    replacement: Replacement | None = None
    old_key: str | None = None  # for "renamed": the key in the base spec
    # How CloudFormation applies the change to parts emitted as resources of their own (a machine's
    # triggers): "trigger m.t (AWS::Scheduler::Schedule): updated in place, same ARN: ...".
    applied: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Permission:
    """One allowed (or denied) action on one resource, held by one principal."""

    principal: str  # "role sfn_lambda_role", "managed_policy p", "state_machine main"
    effect: str
    action: str
    resource: str
    condition: str = ""  # canonical JSON of the statement's conditions, if any


@dataclass(frozen=True)
class IamChange:
    kind: Literal["gained", "lost"]
    permission: Permission


@dataclass(frozen=True)
class StateChange:
    kind: EntityKind
    name: str  # the name in head (in base for "removed")
    type: str  # ASL type: Task, Choice, ...
    where: str = ""  # the enclosing state, e.g. "Parallel Task / branch 2"; "" at the top
    old_name: str | None = None  # for "renamed"
    fields: tuple[FieldChange, ...] = ()
    transitions: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class MachineDiff:
    kind: ChangeKind
    key: str
    name: str
    fields: tuple[FieldChange, ...] = ()  # machine-level ASL fields: StartAt, TimeoutSeconds, ...
    states: tuple[StateChange, ...] = ()


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must look at before merging."""

    category: FlagCategory
    subject: str
    message: str


@dataclass(frozen=True)
class Diff:
    base: str
    head: str
    resources: tuple[ResourceChange, ...] = ()
    iam: tuple[IamChange, ...] = ()
    machines: tuple[MachineDiff, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: tuple[str, ...] = field(default=())  # caveats of the comparison itself

    @property
    def empty(self) -> bool:
        return not (self.resources or self.iam or self.machines)

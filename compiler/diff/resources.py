"""Resources added, removed and changed, and which changes make CloudFormation replace one.

Resources are compared on the validated models (``model_dump``), so YAML formatting, key order,
anchors and defaults written out or left implicit make no difference. The replacement rules list,
per resource type, the spec fields whose CloudFormation property says "Update requires:
Replacement", and what the replacement costs the user.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from compiler.diff import data_costs
from compiler.diff.monitoring import monitoring_flags
from compiler.diff.records import FieldChange, Flag, Replacement, ResourceChange
from compiler.diff.triggers import trigger_changes
from compiler.diff.values import canonical, diff_values
from compiler.ir import Program

# spec field -> CloudFormation property, for the properties whose update requires replacement.
REPLACED_BY: dict[str, dict[str, str]] = {
    "bucket": {"bucket_name": "BucketName"},
    "managed_policy": {"managed_policy_name": "ManagedPolicyName", "description": "Description"},
    "role": {"role_name": "RoleName"},
    "function": {"function_name": "FunctionName"},
    # Every property of a layer version is immutable: any change publishes a new version.
    "layer": {"code": "Content", "requirements": "Content", "layer_version_name": "LayerName",
              "description": "Description", "compatible_runtimes": "CompatibleRuntimes",
              "compatible_architectures": "CompatibleArchitectures"},
    "state_machine": {"state_machine_name": "StateMachineName", "type": "StateMachineType"},
    "stack": {"name": "StackName"},
    **data_costs.REPLACED_BY,
}
NAME_FIELD = {
    "bucket": "bucket_name", "managed_policy": "managed_policy_name", "role": "role_name",
    "function": "function_name", "layer": "layer_version_name", "state_machine": "state_machine_name",
    **data_costs.NAME_FIELD,
}
# In the ASL, compared state by state; the resource view covers the rest of a machine.
MACHINE_ASL_FIELDS = {"states", "start_at", "comment", "query_language", "timeout_seconds"}


def entries(program: Program | None) -> dict[str, tuple[str, dict[str, Any]]]:
    """key -> (type, semantic dump) for every resource, machine, parameter and the stack."""
    if program is None:
        return {}
    spec = program.spec
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    out["stack"] = ("stack", spec.stack.model_dump(mode="json", by_alias=True, exclude_none=True))
    for key, parameter in spec.parameters.items():
        out[f"params.{key}"] = ("parameter", parameter.model_dump(mode="json", exclude_none=True))
    for key, resource in spec.resources.items():
        out[key] = (resource.type, resource.model_dump(mode="json", by_alias=True, exclude_none=True))
    for key, machine in spec.state_machines.items():
        dump = machine.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=MACHINE_ASL_FIELDS)
        dump.setdefault("state_machine_name", None)  # None: a name CloudFormation generates
        out[key] = ("state_machine", dump)
    return out


def managed(kind: str, dump: Mapping[str, Any]) -> bool:
    """Whether the stack owns the resource (imported ones and layers by ARN are not deleted)."""
    if kind == "layer":
        return dump.get("code") is not None or dump.get("requirements") is not None
    if kind == "parameter":
        return False
    return dump.get("existing") is None


def diff_resources(base: Program | None, head: Program | None) -> tuple[list[ResourceChange], list[Flag]]:
    old, new = entries(base), entries(head)
    changes: list[ResourceChange] = []
    removed = {k: v for k, v in old.items() if k not in new}
    added = {k: v for k, v in new.items() if k not in old}
    renamed = _renamed_keys(removed, added)
    for key, (kind, dump) in new.items():
        if key in old:
            change = _changed(key, kind, old[key], (kind, dump))
            if change is not None:
                changes.append(change)
        elif key in renamed.values():
            old_key = next(k for k, v in renamed.items() if v == key)
            changes.append(ResourceChange("renamed", key, kind, (), _key_cost(kind, dump, old_key, key), old_key))
        else:
            changes.append(ResourceChange("added", key, kind))
    for key, (kind, dump) in old.items():
        if key not in new and key not in renamed:
            changes.append(ResourceChange("removed", key, kind, (), _removal_cost(kind, dump, key)))
    flags = [flag for change in changes for flag in _flags(change)]
    for index, change in enumerate(changes):
        if change.kind == "changed" and change.type == "state_machine":
            applied, found = trigger_changes(change.key, old[change.key][1].get("triggers", {}),
                                             new[change.key][1].get("triggers", {}))
            changes[index] = dataclasses.replace(change, applied=tuple(applied))
            flags += found + monitoring_flags(change.key, old[change.key][1], new[change.key][1])
    return changes, flags


def _renamed_keys(removed: Mapping[str, tuple[str, Any]], added: Mapping[str, tuple[str, Any]]) -> dict[str, str]:
    """A resource whose key changed but nothing else: a new logical id, not a new resource."""
    pool: dict[str, list[str]] = {}
    for key, (kind, dump) in added.items():
        pool.setdefault(kind + canonical(dump), []).append(key)
    out = {}
    for key, (kind, dump) in removed.items():
        if kind in ("parameter", "stack"):
            continue
        candidates = pool.get(kind + canonical(dump))
        if candidates:
            out[key] = candidates.pop(0)
    return out


def _changed(key: str, kind: str, old: tuple[str, dict[str, Any]], new: tuple[str, dict[str, Any]]) -> ResourceChange | None:
    if old[0] != kind:
        return ResourceChange("changed", key, kind, (FieldChange("changed", "/type", old[0], kind),),
                              Replacement(("Type",), f"the {old[0]} is deleted and a new {kind} created"))
    fields = tuple(diff_values(old[1], new[1]))
    if not fields:
        return None
    replacement = None
    if managed(kind, old[1]) and managed(kind, new[1]):
        props = {REPLACED_BY.get(kind, {})[f.path.split("/")[1]] for f in fields
                 if f.path.split("/")[1] in REPLACED_BY.get(kind, {})}
        if props:
            replacement = Replacement(tuple(sorted(props)), _replacement_cost(kind, old[1], new[1]))
    elif managed(kind, old[1]) and not managed(kind, new[1]):
        replacement = Replacement(("existing",), "the stack stops managing it: " + _removal_cost_text(kind, old[1], key))
    return ResourceChange("changed", key, kind, fields, replacement)


def _name(kind: str, dump: Mapping[str, Any]) -> str:
    value = dump.get(NAME_FIELD.get(kind, ""))
    return f"`{value}`" if value else "(generated name)"


def _replacement_cost(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    before, after = _name(kind, old), _name(kind, new)
    data = data_costs.replacement_cost(kind, old, new, before, after)
    if data is not None:
        return data
    costs: dict[str, Callable[[], str]] = {
        "bucket": lambda: (
            f"a new, empty bucket {after} is created; "
            + ("the old bucket " + before + " is left behind outside the stack with its objects "
               "(`removal_policy: retain`): copy the data over and delete it by hand"
               if old.get("removal_policy", "retain") == "retain"
               else "the old bucket " + before + " is deleted with its objects (`removal_policy: destroy`): the data is lost")
        ),
        "state_machine": lambda: (
            f"a new state machine {after} is created and {before} deleted: its execution history is lost, "
            "running executions stop, and its ARN changes for callers outside the stack"
        ),
        "function": lambda: (
            f"a new function {after} is created and {before} deleted: its ARN changes for callers outside "
            f"the stack, and the log group of {before} stays behind"
        ),
        "role": lambda: (
            f"a new role {after} is created and {before} deleted: its ARN changes; policies outside the stack "
            "that name the old role stop matching"
        ),
        "managed_policy": lambda: (
            f"a new policy {after} is created and {before} deleted: roles outside the stack that attach the "
            "old policy lose its permissions"
        ),
        "layer": lambda: "a new layer version is published and the functions that use it are updated",
        "stack": lambda: (
            f"a new stack {_q(new.get('name'))} is deployed beside {_q(old.get('name'))}: the old stack and every "
            "resource in it stay deployed until deleted by hand, and fixed resource names collide"
        ),
    }
    return costs.get(kind, lambda: f"the {kind} is deleted and created again")()


def _q(value: Any) -> str:
    return f"`{value}`"


def _removal_cost_text(kind: str, dump: Mapping[str, Any], key: str) -> str:
    name = _name(kind, dump)
    if kind == "state_machine":
        return f"the state machine {name} is deleted: its execution history is lost and running executions stop"
    data = data_costs.removal_cost(kind, dump, name)
    if data is not None:
        return data
    return f"the {kind.replace('_', ' ')} {name} is deleted"


def _removal_cost(kind: str, dump: Mapping[str, Any], key: str) -> Replacement | None:
    if kind in ("state_machine", *data_costs.HOLDS_DATA) and managed(kind, dump):
        return Replacement((), _removal_cost_text(kind, dump, key))
    return None


def _key_cost(kind: str, dump: Mapping[str, Any], old_key: str, new_key: str) -> Replacement | None:
    if not managed(kind, dump):
        return None
    cost = (f"the logical id changes ({old_key} → {new_key}), so CloudFormation creates a new "
            f"{kind.replace('_', ' ')} and deletes the old one")
    if dump.get(NAME_FIELD.get(kind, "")):
        cost += f"; with the same fixed name {_name(kind, dump)} the create fails and the deployment rolls back"
    elif kind in ("state_machine", *data_costs.HOLDS_DATA):
        cost += "; " + _removal_cost_text(kind, dump, old_key)
    return Replacement(("LogicalId",), cost)


def _flags(change: ResourceChange) -> list[Flag]:
    if change.replacement is None:
        return []
    subject = f"{change.type.replace('_', ' ')} {change.key}"
    if change.kind == "removed":
        return [Flag("data_loss", subject, f"removed: {change.replacement.cost}")]
    props = ", ".join(change.replacement.properties)
    return [Flag("replacement", subject, f"replaced ({props} changed): {change.replacement.cost}")]

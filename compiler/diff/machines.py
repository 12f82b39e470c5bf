"""Per state machine: states added, removed, renamed and changed, compared on the emitted ASL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.diff.records import ChangeKind, EntityKind, FieldChange, Flag, MachineDiff, StateChange
from compiler.diff.states import FlatState, detect_renames, flatten, is_transition, retarget
from compiler.diff.values import canonical, diff_values


def diff_machine(
    key: str,
    name: str,
    base: Mapping[str, Any] | None,
    head: Mapping[str, Any] | None,
) -> tuple[MachineDiff | None, list[Flag]]:
    """``base``/``head`` are definitions whose placeholders are already resolved to references."""
    if base is None and head is None:
        return None, []
    if base is None or head is None:
        kind: ChangeKind = "added" if base is None else "removed"
        definition = head if head is not None else base
        assert definition is not None
        states = tuple(StateChange(kind, s.name, s.type, s.where) for s in flatten(definition).values())
        return MachineDiff(kind, key, name, states=states), []

    old_states, new_states = flatten(base), flatten(head)
    renames = detect_renames(old_states, new_states, base.get("StartAt"), head.get("StartAt"))
    flags: list[Flag] = []
    changes: list[StateChange] = []
    renamed_to = {new: old for old, new in renames.items()}
    for state_key, new in new_states.items():
        old_key = renamed_to.get(state_key, state_key)
        old = old_states.get(old_key)
        if old is None:
            changes.append(StateChange("added", new.name, new.type, new.where))
            continue
        change = _compare(old, new, renames, state_key != old_key)
        if change is not None:
            changes.append(change)
        flags.extend(_error_handling_flags(key, new.name, retarget(old.body, renames), new.body))
    for state_key, old in old_states.items():
        if state_key not in new_states and state_key not in renames:
            changes.append(StateChange("removed", old.name, old.type, old.where))

    top_old = {k: v for k, v in base.items() if k != "States"}
    top_new = {k: v for k, v in head.items() if k != "States"}
    if isinstance(top_old.get("StartAt"), str):
        top_old["StartAt"] = renames.get(top_old["StartAt"], top_old["StartAt"])
    fields = tuple(diff_values(top_old, top_new))
    if not changes and not fields:
        return None, flags
    return MachineDiff("changed", key, name, fields=fields, states=tuple(changes)), flags


def _compare(old: FlatState, new: FlatState, renames: Mapping[str, str], renamed: bool) -> StateChange | None:
    changes = list(diff_values(retarget(old.body, renames), new.body))
    if tuple((renames.get(n, n), label) for n, label in old.scope) != new.scope:
        changes.append(FieldChange("changed", "(location)", old.where or "top level", new.where or "top level"))
    if not changes and not renamed:
        return None
    fields = tuple(c for c in changes if not is_transition(c.path))
    transitions = tuple(c for c in changes if is_transition(c.path))
    kind: EntityKind = "renamed" if renamed else "changed"
    return StateChange(kind, new.name, new.type, new.where, old.name if renamed else None, fields, transitions)


def _errors(entries: Any) -> set[str]:
    out: set[str] = set()
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            out.update(e for e in entry.get("ErrorEquals") or [] if isinstance(e, str))
    return out


def _describe(entry: Any) -> str:
    if not isinstance(entry, dict):
        return canonical(entry)
    errors = ", ".join(str(e) for e in entry.get("ErrorEquals") or [])
    return f"{errors} → {entry['Next']}" if "Next" in entry else errors


def _error_handling_flags(machine: str, state: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Flag]:
    """A Catch or Retry removed, or the errors it handles narrowed: failures that used to be
    handled now fail the execution (or are no longer retried)."""
    flags = []
    subject = f"{machine} › {state}"
    for field in ("Catch", "Retry"):
        before = old.get(field) if isinstance(old.get(field), list) else []
        after = new.get(field) if isinstance(new.get(field), list) else []
        assert isinstance(before, list) and isinstance(after, list)
        kept = {canonical(e) for e in after}
        gone = [e for e in before if canonical(e) not in kept]
        lost = set() if "States.ALL" in _errors(after) else _errors(before) - _errors(after)
        if len(after) < len(before):
            entries = "; ".join(_describe(e) for e in gone) or f"{len(before) - len(after)} entry"
            flags.append(Flag("error_handling", subject, f"{field} removed ({entries})"))
        elif lost:
            flags.append(Flag("error_handling", subject,
                              f"{field} narrowed: no longer handles {', '.join(sorted(lost))}"))
    return flags

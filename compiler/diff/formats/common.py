"""Wording shared by the formats: the summary line, flag titles, short value text."""

from __future__ import annotations

import json
from typing import Any

from compiler.diff.records import Diff, FieldChange

FLAG_TITLES = {
    "data_loss": "Data loss",
    "replacement": "Replacement",
    "iam": "IAM (security review)",
    "error_handling": "Error handling removed",
    "monitoring": "Monitoring removed",
}
MAX_VALUE = 100


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(diff: Diff) -> str:
    if diff.empty:
        return f"No changes in meaning between {diff.base} and {diff.head}."
    parts = []
    if diff.flags:
        parts.append(f"{plural(len(diff.flags), 'item')} flagged for review")
    if diff.resources:
        parts.append(plural(len(diff.resources), "resource change"))
    if diff.iam:
        gained = sum(c.kind == "gained" for c in diff.iam)
        lost = len(diff.iam) - gained
        iam = [f"{plural(gained, 'permission')} gained"] if gained else []
        iam += [f"{lost} lost" if gained else f"{plural(lost, 'permission')} lost"] if lost else []
        parts.append(", ".join(iam))
    if diff.machines:
        states = sum(len(m.states) for m in diff.machines)
        parts.append(f"{plural(states, 'state change')} in {plural(len(diff.machines), 'state machine')}")
    return f"{diff.base} → {diff.head}: " + ", ".join(parts) + "."


def value(v: Any, limit: int = MAX_VALUE) -> str:
    text = json.dumps(v, ensure_ascii=False, separators=(", ", ": ")) if not isinstance(v, str) else v
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(change: FieldChange) -> str:
    """``/ResultPath: $.a → $.b`` and the like, for one-line renderings."""
    path = change.path or "(value)"
    if change.kind == "added":
        return f"{path} added: {value(change.after)}"
    if change.kind == "removed":
        return f"{path} removed (was {value(change.before)})"
    return f"{path}: {value(change.before)} → {value(change.after)}"

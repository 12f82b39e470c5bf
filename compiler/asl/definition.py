"""A definition as data: its canonical text, and every state, nested ones included."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any


def to_json(definition: Any) -> str:
    """The canonical text of a definition: what is deployed, hashed and compared."""
    return json.dumps(definition, ensure_ascii=False, separators=(",", ":"))


def to_pretty_json(definition: Any) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2) + "\n"


def iter_states(definition: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every state with its name, Parallel branches and Map processors (``ItemProcessor`` or the
    legacy ``Iterator``) included, depth first; malformed parts are skipped, not raised."""
    states = definition.get("States")
    if not isinstance(states, Mapping):
        return
    for name, state in states.items():
        if not isinstance(state, Mapping):
            continue
        yield name, state
        for branch in state.get("Branches") or ():
            if isinstance(branch, Mapping):
                yield from iter_states(branch)
        for field in ("ItemProcessor", "Iterator"):
            processor = state.get(field)
            if isinstance(processor, Mapping):
                yield from iter_states(processor)

"""Walking a definition: every state, nested ones included."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


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

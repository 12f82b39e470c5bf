"""Check a definition once before running it, and index its nested blocks.

AWS rejects a broken definition at CreateStateMachine; locally we stop before
the first state with a DefinitionError that names the state, instead of
failing half-way with a KeyError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.run.errors import DefinitionError

STATE_TYPES = frozenset({"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"})
_TERMINAL = frozenset({"Succeed", "Fail"})
JSONPATH = "JSONPath"
JSONATA = "JSONata"
_LANGUAGES = (JSONPATH, JSONATA)


class Program:
    """A block of states (a machine, a Parallel branch or a Map processor)."""

    __slots__ = ("blocks", "definition", "jsonata", "language", "start_at", "states")

    def __init__(
        self, definition: Mapping[str, Any], start_at: str, states: Mapping[str, Any], language: str = JSONPATH
    ) -> None:
        self.definition = definition
        self.start_at = start_at
        self.states = states
        # The block's query language; its states use it unless they name their own.
        self.language = language
        # Names of the states that evaluate JSONata (decided once, not per state entered).
        self.jsonata: frozenset[str] = frozenset()
        # Parallel branches / Map processor of each state, by state name.
        self.blocks: dict[str, list[Program]] = {}


def load_program(definition: Any, where: str = "definition", language: str = JSONPATH) -> Program:
    """Check ``definition`` and index it; ``language`` is the query language of the enclosing block."""
    if not isinstance(definition, Mapping):
        raise DefinitionError(f"{where} must be an object with StartAt and States")
    language = _language(definition, language, where)
    states = definition.get("States")
    start_at = definition.get("StartAt")
    if not isinstance(states, Mapping) or not states:
        raise DefinitionError(f"{where} has no States")
    if not isinstance(start_at, str) or start_at not in states:
        raise DefinitionError(f"{where}: StartAt {start_at!r} is not one of its states")
    program = Program(definition, start_at, states, language)
    for name, state in states.items():
        _check_state(program, name, state)
    if language == JSONATA or any("QueryLanguage" in state for state in states.values()):
        program.jsonata = frozenset(
            name for name, state in states.items() if _language(state, language, name) == JSONATA
        )
    return program


def _language(holder: Mapping[str, Any], inherited: str, where: str) -> str:
    language = holder.get("QueryLanguage", inherited)
    if language not in _LANGUAGES:
        raise DefinitionError(f"QueryLanguage must be {JSONPATH!r} or {JSONATA!r}, not {language!r}", where)
    if inherited == JSONATA and language == JSONPATH:
        # CreateStateMachine refuses it: "If JSONata is specified at the top level, JSONPath cannot be used".
        raise DefinitionError("QueryLanguage 'JSONPath' inside a JSONata state machine: AWS allows JSONPath "
                              "states only in a JSONPath machine", where)
    return str(language)


def _check_state(program: Program, name: str, state: Any) -> None:
    if not isinstance(state, Mapping):
        raise DefinitionError("a state must be an object", name)
    kind = state.get("Type")
    if kind not in STATE_TYPES:
        raise DefinitionError(f"unknown state type {kind!r} (expected one of {', '.join(sorted(STATE_TYPES))})", name)
    if "Assign" in state and not isinstance(state["Assign"], Mapping):
        raise DefinitionError("Assign must be an object (variable name -> value)", name)
    targets: list[str] = []
    if kind == "Choice":
        choices = state.get("Choices")
        if not isinstance(choices, list) or not choices:
            raise DefinitionError("a Choice state needs a non-empty Choices list", name)
        for rule in choices:
            if not isinstance(rule, Mapping) or "Next" not in rule:
                raise DefinitionError("every Choices rule needs a Next", name)
            targets.append(rule["Next"])
        if "Default" in state:
            targets.append(state["Default"])
    elif kind not in _TERMINAL:
        has_next, ends = "Next" in state, state.get("End") is True
        if has_next == ends:
            raise DefinitionError("a state needs exactly one of Next or End: true", name)
        if has_next:
            targets.append(state["Next"])
    for catcher in state.get("Catch") or ():
        if not isinstance(catcher, Mapping) or "Next" not in catcher:
            raise DefinitionError("every Catch entry needs a Next", name)
        targets.append(catcher["Next"])
    for target in targets:
        if not isinstance(target, str) or target not in program.states:
            raise DefinitionError(f"transition to {target!r}, which is not a state of this block", name)
    if kind == "Parallel":
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            raise DefinitionError("a Parallel state needs a non-empty Branches list", name)
        program.blocks[name] = [
            load_program(b, f"branch {i} of '{name}'", program.language) for i, b in enumerate(branches)
        ]
    elif kind == "Map":
        processor = state.get("ItemProcessor", state.get("Iterator"))
        if processor is None:
            raise DefinitionError("a Map state needs an ItemProcessor (or Iterator)", name)
        program.blocks[name] = [load_program(processor, f"ItemProcessor of '{name}'", program.language)]
    elif kind == "Task" and not isinstance(state.get("Resource"), str):
        raise DefinitionError("a Task state needs a Resource string", name)

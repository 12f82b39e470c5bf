"""Walk every state of a spec with its document path, machine, scope and query language.

Checks share this walker so that they agree on what a scope is: a machine's top-level states, a
Parallel branch, or a Map item processor. Transitions (``next``, ``default``, catch ``next``) only
resolve inside their own scope; state names must be unique across the whole machine.

The walk is iterative and linear in the number of states; checks may call it freely.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, NamedTuple

from compiler.model.spec import Spec
from compiler.model.states import (
    ChoiceState,
    FailState,
    MapState,
    ParallelState,
    PassState,
    SucceedState,
    TaskState,
    WaitState,
)
from compiler.refs import walk_strings
from compiler.source import Path

AnyState = TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState
ScopeKind = Literal["machine", "branch", "processor"]


class Scope(NamedTuple):
    """One ``states`` mapping and the fields that start it."""

    machine: str
    kind: ScopeKind
    path: Path  # the object holding ``start_at`` and ``states``
    states: Mapping[str, AnyState]
    start_at: str | None
    language: str | None  # effective query language of the scope (None means JSONPath)
    depth: int  # 0 for a machine's own states

    @property
    def start(self) -> str | None:
        """The state execution begins with: ``start_at``, else the first state written."""
        return self.start_at if self.start_at is not None else next(iter(self.states), None)

    def state_path(self, name: str) -> Path:
        return (*self.path, "states", name)


class StateInfo(NamedTuple):
    name: str
    state: AnyState
    path: Path
    scope: Scope
    following: str | None  # the state written after this one in the same scope, if any
    language: str | None  # effective query language: the state's own, else its scope's

    @property
    def jsonata(self) -> bool:
        return self.language == "jsonata"

    @property
    def machine(self) -> str:
        return self.scope.machine


def scopes(spec: Spec) -> Iterator[Scope]:
    """Every scope of every machine, parents before children, in document order."""
    for key, machine in spec.state_machines.items():
        yield from _scopes_of(
            Scope(
                machine=key,
                kind="machine",
                path=("state_machines", key),
                states=machine.states,
                start_at=machine.start_at,
                language=machine.query_language,
                depth=0,
            )
        )


def _scopes_of(top: Scope) -> Iterator[Scope]:
    stack = [top]
    while stack:
        scope = stack.pop()
        yield scope
        children: list[Scope] = []
        for name, state in scope.states.items():
            language = state.query_language or scope.language
            base = scope.state_path(name)
            if isinstance(state, ParallelState):
                for i, branch in enumerate(state.branches):
                    children.append(
                        Scope(scope.machine, "branch", (*base, "branches", i), branch.states,
                              branch.start_at, branch.query_language or language, scope.depth + 1)
                    )
            elif isinstance(state, MapState):
                for field in ("item_processor", "iterator"):
                    proc = getattr(state, field)
                    if proc is not None:
                        children.append(
                            Scope(scope.machine, "processor", (*base, field), proc.states,
                                  proc.start_at, proc.query_language or language, scope.depth + 1)
                        )
        # Reversed so that the stack pops them in document order.
        stack.extend(reversed(children))


def states_in(scope: Scope) -> Iterator[StateInfo]:
    names = list(scope.states)
    for index, name in enumerate(names):
        state = scope.states[name]
        yield StateInfo(
            name=name,
            state=state,
            path=scope.state_path(name),
            scope=scope,
            following=names[index + 1] if index + 1 < len(names) else None,
            language=state.query_language or scope.language,
        )


def states(spec: Spec) -> Iterator[StateInfo]:
    """Every state of every machine, nested ones included."""
    for scope in scopes(spec):
        yield from states_in(scope)


def ends(state: AnyState) -> bool:
    """Whether the state may end its scope (Succeed, Fail, or a state whose transition is End)."""
    if isinstance(state, SucceedState | FailState):
        return True
    if isinstance(state, ChoiceState):
        return False
    return state.next is None and bool(state.end)


def transitions(info: StateInfo) -> Iterator[tuple[str, Path]]:
    """Each state name this state may go to, with the path of the field that names it.

    The implicit ``next`` (the following state) is included with the state's own path. Nested
    choice rules carry no transitions (a ``next`` there is reported by asl_rules).
    """
    state = info.state
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            if rule.next is not None:
                yield rule.next, (*info.path, "choices", i, "next")
        if state.default is not None:
            yield state.default, (*info.path, "default")
        return
    if isinstance(state, SucceedState | FailState):
        return
    # vars(): getattr on a field the state type lacks (pass has no catch) takes pydantic's slow path.
    for i, catcher in enumerate(vars(state).get("catch") or []):
        yield catcher.next, (*info.path, "catch", i, "next")
    if state.next is not None:
        yield state.next, (*info.path, "next")
    elif not state.end and info.following is not None:
        yield info.following, info.path


def is_terminal(info: StateInfo) -> bool:
    """Whether the state can end its scope, counting the implicit end of the last state."""
    state = info.state
    if ends(state):
        return True
    if isinstance(state, ChoiceState | SucceedState | FailState):
        return False
    return state.next is None and info.following is None


# The spec's sections whose strings the emitter resolves ``${...}`` in.
REFERENCE_SECTIONS = ("resources", "state_machines", "stack")


def reference_strings(data: Mapping[str, Any]) -> Iterator[tuple[Path, str]]:
    """Every string holding ``${`` in the sections where references are resolved, with its path."""
    for section in REFERENCE_SECTIONS:
        value = data.get(section)
        if value is None:
            continue
        for path, text in walk_strings(value, (section,)):
            if "${" in text:
                yield path, text

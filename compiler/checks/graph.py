"""The state graph: reachability, termination, unique and valid names, machines starting themselves.

Edges follow the emitter's rules (compiler/lower/asl.py): an explicit ``next`` wins, a state with
``end: true`` ends, otherwise a state goes on to the one written after it and the last one ends;
Choice, Succeed and Fail never chain implicitly. Catchers add edges. A transition to an unknown
name counts as an edge to its close match (references reports the typo once; the state it meant
is not reported again as unreachable).
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.references import resolve
from compiler.checks.walk import Scope, StateInfo, is_terminal, scopes, states_in, transitions
from compiler.diagnostics import Finding, Severity
from compiler.model.states import ChoiceState, FailState, SucceedState, TaskState
from compiler.source import Path, format_path

MAX_NAME = 80
# Characters the Step Functions API reference lists as forbidden in names. AWS does accept some of
# them in state names in practice (CDK's own job-poller example names a state "Job Complete?"), so
# for state names they are warnings; state machine names (limits.py) must avoid them strictly.
FORBIDDEN = frozenset('<>{}[]?*"#%\\^|~`$&,;:/')


def check(ctx: CheckContext) -> Iterator[Finding]:
    first_seen: dict[tuple[str, str], Path] = {}
    for scope in scopes(ctx.spec):
        infos = list(states_in(scope))
        for info in infos:
            yield from _name(info, first_seen)
            state = info.state
            if not isinstance(state, ChoiceState | SucceedState | FailState) and state.next is not None and state.end:
                yield Finding(codes.E_NEXT_AND_END, f"'{info.name}' has both 'next' and 'end: true'",
                              (*info.path, "end"), "keep one: 'next' goes on, 'end: true' stops here",
                              on_key=True)
        yield from _reachability(scope, infos)
    yield from _self_start(ctx)


def state_name_problem(name: str) -> tuple[str, Severity | None] | None:
    """What is wrong with a state name, and the severity (None: the code's default, an error)."""
    if not name.strip():
        return "a state name cannot be empty or only white space", None
    if len(name) > MAX_NAME:
        return f"the name is {len(name)} characters long; AWS allows at most {MAX_NAME}", None
    for i, ch in enumerate(name):
        if unicodedata.category(ch) == "Cc":
            return f"the name contains a control character (U+{ord(ch):04X}) at character {i + 1}", None
    for i, ch in enumerate(name):
        if ch in FORBIDDEN:
            return (f"the name contains '{ch}' at character {i + 1}, which the Step Functions API reference "
                    "forbids in names", Severity.WARNING)
    return None


def _name(info: StateInfo, first_seen: dict[tuple[str, str], Path]) -> Iterator[Finding]:
    problem = state_name_problem(info.name)
    if problem is not None:
        message, severity = problem
        hint = (f"shorten it to {MAX_NAME} characters or fewer" if len(info.name) > MAX_NAME
                else "use letters, digits, spaces, '-' and '_'")
        yield Finding(codes.E_STATE_NAME, f"state {shown(info.name)}: {message}", info.path,
                      hint, on_key=True, severity=severity)
    key = (info.machine, info.name)
    if key in first_seen:
        yield Finding(codes.E_DUPLICATE_STATE,
                      f"state '{info.name}' is already defined in machine '{info.machine}' "
                      f"(at {format_path(first_seen[key])})",
                      info.path, "state names must be unique across a machine, its branches and map processors; "
                      "rename one of them", on_key=True)
    else:
        first_seen[key] = info.path


def shown(name: str) -> str:
    """A name quoted for a message, with invisible characters escaped."""
    if name.isprintable():
        return f"'{name}'"
    return repr(name)


def _reachability(scope: Scope, infos: list[StateInfo]) -> Iterator[Finding]:
    start = scope.start_at if scope.start_at is not None else (infos[0].name if infos else None)
    if start is not None:
        start = resolve(scope, start)
    if start is None:
        return  # an unknown start_at without a close match: reported by references
    edges: dict[str, list[str]] = {}
    dangling: set[str] = set()  # states with a transition to nowhere: references reports them
    for info in infos:
        resolved = [resolve(scope, target) for target, _ in transitions(info)]
        edges[info.name] = [t for t in resolved if t is not None]
        if len(edges[info.name]) < len(resolved):
            dangling.add(info.name)
    reached = _reach(start, edges)
    for info in infos:
        if info.name not in reached:
            yield Finding(codes.E_UNREACHABLE, f"state '{info.name}' can never be reached", info.path,
                          f"no transition leads here from '{start}'; point a 'next' at it or remove it",
                          on_key=True)
    # States from which some end is reachable: walk the edges backwards from every terminal state.
    back: dict[str, list[str]] = {name: [] for name in edges}
    for source, targets in edges.items():
        for target in targets:
            back[target].append(source)
    # A dangling transition counts as an exit, so one unknown name is not also reported as a loop.
    can_end = _reach_many((i.name for i in infos if is_terminal(i) or i.name in dangling), back)
    trapped = [i for i in infos if i.name in reached and i.name not in can_end]
    if trapped:
        where = {"machine": f"machine '{scope.machine}'", "branch": "this branch",
                 "processor": "this item processor"}[scope.kind]
        first = trapped[0]
        names = ", ".join(f"'{i.name}'" for i in trapped[:5]) + (" ..." if len(trapped) > 5 else "")
        yield Finding(codes.E_NO_TERMINAL,
                      f"in {where}, no path from {names} reaches an end: the execution would loop forever",
                      first.path, "add 'end: true', a succeed or fail state, or a choice that leaves the loop",
                      on_key=True)


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    return _reach_many([start], edges)


def _reach_many(starts: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    queue = deque(starts)
    while queue:
        name = queue.popleft()
        if name in seen:
            continue
        seen.add(name)
        queue.extend(t for t in edges.get(name, ()) if t not in seen)
    return seen


def _self_start(ctx: CheckContext) -> Iterator[Finding]:
    """Machines that start themselves, directly or through others: a CloudFormation dependency cycle
    (each definition needs the other's ARN before it exists)."""
    machines = ctx.spec.state_machines
    calls: dict[str, list[tuple[str, Path]]] = {key: [] for key in machines}
    for scope in scopes(ctx.spec):
        for info in states_in(scope):
            state = info.state
            if isinstance(state, TaskState) and state.start_execution in machines:
                calls[scope.machine].append((state.start_execution, (*info.path, "start_execution")))
    reported: set[str] = set()
    for origin in machines:
        cycle = _cycle_from(origin, calls)
        if cycle is None or origin in reported:
            continue
        reported.update(cycle)
        chain = " -> ".join([*cycle, cycle[0]])
        for key in cycle:
            for target, path in calls[key]:
                if target in cycle:
                    yield Finding(codes.E_SELF_START, f"state machine '{key}' starts itself ({chain})", path,
                                  "a machine cannot start itself: its definition would need its own ARN "
                                  "before it exists; loop inside the machine instead")
                    break


def _cycle_from(origin: str, calls: dict[str, list[tuple[str, Path]]]) -> list[str] | None:
    """The shortest cycle of start_execution calls through ``origin``, or None."""
    parent: dict[str, str] = {}
    queue = deque([origin])
    seen = {origin}
    while queue:
        key = queue.popleft()
        for target, _ in calls[key]:
            if target == origin:
                path = [key]
                while path[-1] != origin:
                    path.append(parent[path[-1]])
                return list(reversed(path))
            if target not in seen:
                seen.add(target)
                parent[target] = key
                queue.append(target)
    return None

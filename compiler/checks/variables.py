"""Workflow variables: every read has an assignment in scope, on every path to it.

Scopes (AWS, "Passing data between states with variables"): a machine's top-level states share one
scope; each Parallel branch and Map item processor has its own, which reads the enclosing scopes'
variables (a distributed Map's none: its iterations are child executions). What a branch or
iteration assigns stays inside it.

* J610: a variable no state of the scope or an enclosing scope assigns, wherever it is read: a
  JSONPath path ``$name...``, an intrinsic argument (``States.MathAdd($count, 1)``) or JSONata
  (the paths check only judges the syntax of the part after the name);
* J611: a variable assigned only in another scope (inside a branch or iteration, read outside it,
  or in a sibling) -- hand the value out with ``output`` instead;
* J612 (warning): assigned in scope, but not on every path that reaches the read (AWS fails the
  execution there with States.QueryEvaluationError / States.Runtime);
* J613 (warning): a branch or iteration assigns a name the enclosing scope also assigns; the outer
  variable keeps its value.

Must-assigned sets are a forward data flow over the scope's transitions: a state's Assign flows
along its normal transitions, a catcher's or choice rule's Assign along its own edge (a failed
state's Assign never applies); a nested scope starts with what is assigned on entry to its state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from compiler import diagnostics as codes
from compiler.asl import PathSyntaxError, is_intrinsic, parse_intrinsic
from compiler.asl.intrinsics import Call, PathArg
from compiler.asl.jsonata import free_variables
from compiler.checks import CheckContext
from compiler.checks.jsonata import assign_blocks, expression_sites
from compiler.checks.walk import Scope, StateInfo, scopes, states_in
from compiler.diagnostics import Finding, did_you_mean
from compiler.model.states import ChoiceRule, ChoiceState, FailState, MapState, SucceedState
from compiler.model.states.choice import PATH_OPS
from compiler.source import Path

_PATH_VARIABLE = re.compile(r"\$([^\W\d]\w*)")
_PATH_FIELDS = (
    "input_path", "output_path", "items_path", "seconds_path", "timestamp_path", "timeout_seconds_path",
    "heartbeat_seconds_path", "max_concurrency_path", "tolerated_failure_percentage_path",
    "tolerated_failure_count_path", "error_path", "cause_path",
)
_TEMPLATES = ("parameters", "payload", "input", "result_selector", "item_selector", "credentials", "assign")


class Read(NamedTuple):
    name: str
    path: Path
    where: str  # for the message: "at character 5" or the field
    # In a JSONPath field, where '$name' is often '$.name' with the dot forgotten.
    jsonpath: bool = False


def check(ctx: CheckContext) -> Iterator[Finding]:
    all_scopes = list(scopes(ctx.spec))
    for machine in ctx.spec.state_machines:
        yield from _machine([s for s in all_scopes if s.machine == machine])


def _machine(machine_scopes: list[Scope]) -> Iterator[Finding]:
    infos = {scope.path: list(states_in(scope)) for scope in machine_scopes}
    owner: dict[Path, StateInfo] = {}  # state path -> info, to find the state that owns a nested scope
    for scope_infos in infos.values():
        for info in scope_infos:
            owner[info.path] = info
    assigned = {path: {n for info in scope_infos for n in _assigned(info)} for path, scope_infos in infos.items()}
    where_assigned: dict[str, Path] = {}
    for scope_infos in infos.values():
        for info in scope_infos:
            for block_path, block in assign_blocks(info):
                for key in block:
                    where_assigned.setdefault(str(key).removesuffix(".$"), (*block_path, key))
    visible: dict[Path, set[str]] = {}
    must_in: dict[Path, frozenset[str] | None] = {}
    for scope in machine_scopes:  # parents come before their children
        parent_info = _owner_of(scope, owner)
        inherits = parent_info is not None and not _distributed(parent_info)
        outer = visible[parent_info.scope.path] if inherits and parent_info is not None else set()
        visible[scope.path] = assigned[scope.path] | outer
        entry = must_in.get(parent_info.path) if inherits and parent_info is not None else frozenset()
        must_in.update(_flow(scope, infos[scope.path], entry if entry is not None else frozenset()))
        if inherits:
            yield from _shadowing(infos[scope.path], outer)
        for info in infos[scope.path]:
            yield from _reads(info, visible[scope.path], must_in.get(info.path), where_assigned)


def _owner_of(scope: Scope, owner: dict[Path, StateInfo]) -> StateInfo | None:
    if scope.kind == "branch":
        return owner.get(scope.path[:-2])
    if scope.kind == "processor":
        return owner.get(scope.path[:-1])
    return None


def _distributed(info: StateInfo) -> bool:
    state = info.state
    if not isinstance(state, MapState):
        return False
    proc = state.item_processor or state.iterator
    return proc is not None and proc.processor_config is not None and proc.processor_config.mode == "distributed"


# What a state assigns, and where it goes ------------------------------------------------------


def _names(assign: Any) -> frozenset[str]:
    return frozenset(str(k).removesuffix(".$") for k in assign) if isinstance(assign, dict) else frozenset()


def _assigned(info: StateInfo) -> set[str]:
    return {str(k).removesuffix(".$") for _, block in assign_blocks(info) for k in block}


def _edges(info: StateInfo) -> Iterator[tuple[str, frozenset[str]]]:
    """Each transition with the variables it assigns (mirrors walk.transitions)."""
    state = info.state
    own = _names(getattr(state, "assign", None))
    if isinstance(state, ChoiceState):
        for rule in state.choices:
            if rule.next is not None:
                yield rule.next, _names(rule.assign)
        if state.default is not None:
            yield state.default, own  # the state's own Assign applies when the default is taken
        return
    if isinstance(state, SucceedState | FailState):
        return
    for catcher in getattr(state, "catch", None) or []:
        yield catcher.next, _names(catcher.assign)
    if state.next is not None:
        yield state.next, own
    elif not state.end and info.following is not None:
        yield info.following, own


def _flow(scope: Scope, infos: list[StateInfo], entry: frozenset[str]) -> dict[Path, frozenset[str] | None]:
    """Variables assigned on every path into each state (None: unreachable)."""
    by_name = {info.name: info for info in infos}
    state_in: dict[str, frozenset[str] | None] = {name: None for name in by_name}
    start = scope.start
    if start not in by_name:
        return {}
    state_in[start] = entry
    work = [start]
    while work:
        name = work.pop()
        current = state_in[name]
        if current is None:
            continue
        for target, gen in _edges(by_name[name]):
            if target not in by_name:
                continue
            incoming = current | gen
            before = state_in[target]
            after = incoming if before is None else before & incoming
            if after != before:
                state_in[target] = after
                work.append(target)
    return {by_name[name].path: value for name, value in state_in.items()}


# Reads ----------------------------------------------------------------------------------------


def _reads(info: StateInfo, visible: set[str], assigned_in: frozenset[str] | None,
           where_assigned: dict[str, Path]) -> Iterator[Finding]:
    for read in reads(info):
        if read.name in visible:
            if assigned_in is not None and read.name not in assigned_in:
                yield Finding(codes.J_MAYBE_UNASSIGNED,
                              f"'${read.name}' may be read before it is assigned ({read.where}): not every path "
                              f"to '{info.name}' assigns it", read.path,
                              "assign it on every path that leads here, e.g. in the first state")
        elif read.name in where_assigned:
            yield Finding(codes.J_OUT_OF_SCOPE,
                          f"'${read.name}' is assigned only inside another Parallel branch or Map iteration "
                          f"({read.where}); it is not visible here", read.path,
                          "a branch's or iteration's variables stay inside it: return the value with 'output' "
                          "and read it from the Parallel/Map result, or assign it in this scope")
        else:
            close = did_you_mean(read.name, visible)
            hint = f"{close[:-1]} (a variable)?" if close else "assign it first with 'assign:' in an earlier state"
            if read.jsonpath and not close:
                hint += f", or write '$.{read.name}' to read a field of the input"
            yield Finding(codes.J_UNASSIGNED, f"'${read.name}' is not assigned by any state in scope ({read.where})",
                          read.path, hint)


def reads(info: StateInfo) -> Iterator[Read]:
    """Every variable a state reads, in either query language."""
    if info.jsonata:
        for site in expression_sites(info):
            for name, offset in free_variables(site.body):
                yield Read(name, site.path, f"at character {site.column(offset)}")
        return
    state = info.state
    for field in _PATH_FIELDS:
        yield from _path_reads(getattr(state, field, None), (*info.path, field), field)
    for field in _TEMPLATES:
        if state.given(field):
            yield from _template_reads(getattr(state, field), (*info.path, field))
    for i, catcher in enumerate(getattr(state, "catch", None) or []):
        yield from _template_reads(catcher.assign, (*info.path, "catch", i, "assign"))
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            yield from _rule_reads(rule, (*info.path, "choices", i))
    if isinstance(state, MapState):
        for field in ("item_reader", "result_writer"):
            sub = getattr(state, field)
            if sub is not None:
                yield from _template_reads(sub.parameters, (*info.path, field, "parameters"))


def _rule_reads(rule: ChoiceRule, path: Path) -> Iterator[Read]:
    yield from _path_reads(rule.variable, (*path, "variable"), "variable")
    for op in PATH_OPS:
        yield from _path_reads(getattr(rule, op), (*path, op), op)
    yield from _template_reads(rule.assign, (*path, "assign"))
    for key, items in (("and", rule.and_), ("or", rule.or_)):
        for i, sub in enumerate(items or []):
            yield from _rule_reads(sub, (*path, key, i))
    if rule.not_ is not None:
        yield from _rule_reads(rule.not_, (*path, "not"))


def _path_reads(text: Any, path: Path, field: str) -> Iterator[Read]:
    if not isinstance(text, str):
        return
    if is_intrinsic(text):
        yield from _intrinsic_reads(text, path, field)
        return
    match = _PATH_VARIABLE.match(text)
    if match and not text.startswith("$$"):
        yield Read(match.group(1), path, f"in '{field}'", jsonpath=True)


def _intrinsic_reads(text: str, path: Path, field: str) -> Iterator[Read]:
    """The variable arguments of an intrinsic call, nested calls included (``PathArg.variable``).

    From the parsed call, so '$x' inside a string literal stays text; a call that does not parse
    reads nothing here (the paths check reports it as E324).
    """
    try:
        call = parse_intrinsic(text)
    except PathSyntaxError:
        return
    calls = [call]
    while calls:
        for arg in calls.pop().args:
            if isinstance(arg, Call):
                calls.append(arg)
            elif isinstance(arg, PathArg) and arg.variable is not None:
                yield Read(arg.variable, path, f"in '{field}' at character {arg.offset + 1}", jsonpath=True)


def _template_reads(value: Any, path: Path) -> Iterator[Read]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.endswith(".$"):
                yield from _path_reads(item, (*path, key), key)
            else:
                yield from _template_reads(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _template_reads(item, (*path, index))


def _shadowing(infos: list[StateInfo], outer: set[str]) -> Iterator[Finding]:
    for info in infos:
        for block_path, block in assign_blocks(info):
            for key in block:
                name = str(key).removesuffix(".$")
                if name in outer:
                    yield Finding(codes.J_INNER_ASSIGN,
                                  f"'{name}' is also a variable of the enclosing scope; assigning it here does not "
                                  "change it there", (*block_path, key),
                                  "use another name, and return the value with 'output' if the outside needs it",
                                  on_key=True)

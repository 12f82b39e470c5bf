"""The states of one emitted ASL definition, flattened, and rename detection between two of them.

Nested states (parallel branches, map processors) are flattened into one table keyed by state
name: Step Functions requires state names to be unique within a machine, so a name identifies a
state wherever it sits. Each entry keeps the state's own body with the nested states cut out
(a branch keeps only its ``StartAt``), so a change inside a branch is reported once, on the state
that changed, not again on the enclosing parallel state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from compiler.diff.values import canonical, similarity

START = "^start"  # the pseudo-source of a machine's StartAt
NESTED = {"ItemProcessor": "item processor", "Iterator": "iterator"}
# Renames are paired pairwise only among the states left unmatched by name and by identical body;
# beyond this many pairs (a rewrite, not an edit) they are reported as removed + added.
MAX_SIMILARITY_PAIRS = 40_000
SIMILAR = 0.6
_TRANSITION = re.compile(r"^/(Next|End|Default|Choices(/.*)?|Catch/\d+/Next|Branches/\d+/StartAt|ItemProcessor/StartAt|Iterator/StartAt)$")


@dataclass(frozen=True)
class FlatState:
    name: str
    type: str
    scope: tuple[tuple[str, str], ...]  # enclosing (state, "branch 2" | "item processor"), outermost first
    body: dict[str, Any]

    @property
    def where(self) -> str:
        """Empty at the top; "Parallel Task / branch 2" inside a branch."""
        return " › ".join(f"{name} / {label}" for name, label in self.scope)


def flatten(definition: Mapping[str, Any]) -> dict[str, FlatState]:
    out: dict[str, FlatState] = {}
    _visit(definition.get("States") or {}, (), out)
    return out


def _visit(states: Mapping[str, Any], scope: tuple[tuple[str, str], ...], out: dict[str, FlatState]) -> None:
    for name, state in states.items():
        body = dict(state)
        if isinstance(state.get("Branches"), list):
            body["Branches"] = [_without_states(b) for b in state["Branches"]]
        for key in NESTED:
            if isinstance(state.get(key), dict):
                body[key] = _without_states(state[key])
        flat = FlatState(name, str(state.get("Type", "?")), scope, body)
        out[name if name not in out else f"{name} @ {flat.where}"] = flat  # duplicates: invalid specs only
        for index, branch in enumerate(state.get("Branches") or []):
            _visit(branch.get("States") or {}, (*scope, (name, f"branch {index + 1}")), out)
        for key, label in NESTED.items():
            if isinstance(state.get(key), dict):
                _visit(state[key].get("States") or {}, (*scope, (name, label)), out)


def _without_states(container: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in container.items() if k != "States"}


def is_transition(path: str) -> bool:
    return bool(_TRANSITION.match(path))


def targets(body: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Each (pointer, target state) a state's body points at."""
    for key in ("Next", "Default"):
        if isinstance(body.get(key), str):
            yield f"/{key}", body[key]
    for field in ("Choices", "Catch"):
        for index, rule in enumerate(body.get(field) or []):
            if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                yield f"/{field}/{index}/Next", rule["Next"]
    for index, branch in enumerate(body.get("Branches") or []):
        if isinstance(branch, dict) and isinstance(branch.get("StartAt"), str):
            yield f"/Branches/{index}/StartAt", branch["StartAt"]
    for key in NESTED:
        sub = body.get(key)
        if isinstance(sub, dict) and isinstance(sub.get("StartAt"), str):
            yield f"/{key}/StartAt", sub["StartAt"]


def retarget(body: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``body`` whose transitions follow ``renames`` (old name -> new name)."""
    out = dict(body)
    for key in ("Next", "Default"):
        if isinstance(out.get(key), str):
            out[key] = renames.get(out[key], out[key])
    for field in ("Choices", "Catch"):
        if isinstance(out.get(field), list):
            out[field] = [_retarget_one(r, "Next", renames) for r in out[field]]
    if isinstance(out.get("Branches"), list):
        out["Branches"] = [_retarget_one(b, "StartAt", renames) for b in out["Branches"]]
    for key in NESTED:
        if isinstance(out.get(key), dict):
            out[key] = _retarget_one(out[key], "StartAt", renames)
    return out


def _retarget_one(item: Any, key: str, renames: Mapping[str, str]) -> Any:
    if isinstance(item, dict) and isinstance(item.get(key), str) and item[key] in renames:
        return {**item, key: renames[item[key]]}
    return item


def shape(body: Mapping[str, Any]) -> dict[str, Any]:
    """The body without its transitions: what stays the same when only names change."""
    out = {k: v for k, v in body.items() if k not in ("Next", "End", "Default")}
    for field in ("Choices", "Catch"):
        if isinstance(out.get(field), list):
            out[field] = [{k: v for k, v in r.items() if k != "Next"} if isinstance(r, dict) else r
                          for r in out[field]]
    if isinstance(out.get("Branches"), list):
        out["Branches"] = [{k: v for k, v in b.items() if k != "StartAt"} if isinstance(b, dict) else b
                           for b in out["Branches"]]
    for key in NESTED:
        if isinstance(out.get(key), dict):
            out[key] = {k: v for k, v in out[key].items() if k != "StartAt"}
    return out


def incoming(states: Mapping[str, FlatState], start: str | None) -> dict[str, set[str]]:
    """For each state, the states whose transitions point at it (``^start`` for StartAt)."""
    sources: dict[str, set[str]] = {name: set() for name in states}
    if start is not None:
        sources.setdefault(start, set()).add(START)
    for name, state in states.items():
        for _, target in targets(state.body):
            sources.setdefault(target, set()).add(name)
    return sources


def detect_renames(
    base: Mapping[str, FlatState],
    head: Mapping[str, FlatState],
    base_start: str | None,
    head_start: str | None,
) -> dict[str, str]:
    """Old name -> new name for the states that were renamed, not removed and added.

    A pair qualifies when both have the same type, the same or a similar body (transitions aside)
    and the transitions that pointed at the old name now point at the new one. States matched by
    name never enter the search, so an edit of a few states costs O(n) plus the few leftovers.
    """
    removed = [n for n in base if n not in head]
    added = [n for n in head if n not in base]
    if not removed or not added:
        return {}
    shapes_base = {n: shape(base[n].body) for n in removed}
    shapes_head = {n: shape(head[n].body) for n in added}
    exact: set[tuple[str, str]] = set()
    candidates: dict[str, str] = {}
    buckets: dict[tuple[str, str], list[str]] = {}
    for name in added:
        buckets.setdefault((head[name].type, canonical(shapes_head[name])), []).append(name)
    for name in removed:
        bucket = buckets.get((base[name].type, canonical(shapes_base[name])))
        if bucket:
            candidates[name] = bucket.pop(0)
            exact.add((name, candidates[name]))
    left_old = [n for n in removed if n not in candidates]
    taken = set(candidates.values())
    left_new = [n for n in added if n not in taken]
    if left_old and left_new and len(left_old) * len(left_new) <= MAX_SIMILARITY_PAIRS:
        scored = []
        for i, old in enumerate(left_old):
            for j, new in enumerate(left_new):
                if base[old].type == head[new].type:
                    score = similarity(shapes_base[old], shapes_head[new])
                    if score >= SIMILAR:
                        scored.append((-score, i, j, old, new))
        for _, _, _, old, new in sorted(scored):
            if old not in candidates and new not in taken:
                candidates[old] = new
                taken.add(new)
    return _confirm(candidates, exact, incoming(base, base_start), incoming(head, head_start))


def _confirm(
    candidates: dict[str, str],
    exact: set[tuple[str, str]],
    into_base: Mapping[str, set[str]],
    into_head: Mapping[str, set[str]],
) -> dict[str, str]:
    # Renames confirm each other (a renamed state's successor is now pointed at by the new name),
    # so drop the pairs whose predecessors do not line up until the rest is stable.
    renames = dict(candidates)
    while True:
        rejected = []
        for old, new in renames.items():
            before = {renames.get(s, s) for s in into_base.get(old, set())}
            after = into_head.get(new, set())
            if before != after and not ((old, new) in exact and before & after):
                rejected.append(old)
        if not rejected:
            return renames
        for old in rejected:
            del renames[old]

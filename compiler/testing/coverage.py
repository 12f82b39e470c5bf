"""State coverage: which states, transitions, Choice branches, Retry rules and Catch edges the cases exercised.

The items of a machine come from its definition (branches and Map processors included); an item
is covered when a state record of an execution of that machine (any case, nested executions and
Map runs included) shows it: a state entered, a ``Next`` followed, a Choice rule (or its
``Default``) taken, a retrier that retried, a catcher that caught.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.asl.definition import iter_states
from compiler.run import Execution, StateRecord

KINDS = ("states", "transitions", "choice branches", "retry rules", "catch edges")


@dataclass
class MachineCoverage:
    machine: str
    items: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    covered: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})

    def count(self, kind: str | None = None) -> tuple[int, int]:
        kinds = (kind,) if kind else KINDS
        total = sum(len(self.items[k]) for k in kinds)
        hit = sum(len(self.covered[k] & set(self.items[k])) for k in kinds)
        return hit, total

    def percent(self, kind: str | None = None) -> float:
        hit, total = self.count(kind)
        return 100.0 if total == 0 else 100.0 * hit / total

    def missed(self) -> list[tuple[str, str]]:
        return [(kind, item) for kind in KINDS for item in self.items[kind] if item not in self.covered[kind]]

    def to_json(self) -> dict[str, Any]:
        return {
            "machine": self.machine,
            "percent": round(self.percent(), 2),
            "kinds": {k: {"covered": self.count(k)[0], "total": self.count(k)[1]} for k in KINDS},
            "missed": [{"kind": k, "item": i} for k, i in self.missed()],
        }


def machine_items(name: str, definition: Mapping[str, Any]) -> MachineCoverage:
    cov = MachineCoverage(name)
    for state_name, state in iter_states(definition):
        cov.items["states"].append(state_name)
        if isinstance(state.get("Next"), str):
            cov.items["transitions"].append(_edge(state_name, state["Next"]))
        for i, rule in enumerate(state.get("Choices") or ()):
            cov.items["choice branches"].append(_rule(state_name, i, rule.get("Next")))
        if isinstance(state.get("Default"), str):
            cov.items["choice branches"].append(_rule(state_name, "Default", state["Default"]))
        for i, retrier in enumerate(state.get("Retry") or ()):
            cov.items["retry rules"].append(f"{state_name} Retry[{i}] {retrier.get('ErrorEquals')}")
        for i, catcher in enumerate(state.get("Catch") or ()):
            cov.items["catch edges"].append(f"{state_name} Catch[{i}] {catcher.get('ErrorEquals')} -> {catcher.get('Next')}")
    return cov


def _edge(source: str, target: str) -> str:
    return f"{source} -> {target}"


def _rule(state: str, index: int | str, target: Any) -> str:
    label = "Default" if index == "Default" else f"Choices[{index}]"
    return f"{state} {label} -> {target}"


def record(cov: MachineCoverage, records: Iterable[StateRecord], definition_states: Mapping[str, Any]) -> None:
    for rec in records:
        state = definition_states.get(rec.name)
        if state is None:
            continue
        cov.covered["states"].add(rec.name)
        if rec.exited and rec.caught_by is None and rec.branch is None and rec.next_state is not None:
            cov.covered["transitions"].add(_edge(rec.name, rec.next_state))
        if rec.branch is not None:
            target = state.get("Default") if rec.branch == "Default" else state["Choices"][int(rec.branch)].get("Next")
            cov.covered["choice branches"].add(_rule(rec.name, rec.branch, target))
        retriers = state.get("Retry") or ()
        for i in set(rec.retried):
            cov.covered["retry rules"].add(f"{rec.name} Retry[{i}] {retriers[i].get('ErrorEquals')}")
        if rec.caught_by is not None:
            catcher = state["Catch"][rec.caught_by]
            cov.covered["catch edges"].add(
                f"{rec.name} Catch[{rec.caught_by}] {catcher.get('ErrorEquals')} -> {catcher.get('Next')}")


class Coverage:
    """Coverage of every machine of the targets, accumulated over executions."""

    def __init__(self) -> None:
        self.machines: dict[str, MachineCoverage] = {}
        self._states: dict[str, dict[str, Any]] = {}

    def add_machines(self, machines: Mapping[str, Mapping[str, Any]]) -> None:
        for name, definition in machines.items():
            if name not in self.machines:
                self.machines[name] = machine_items(name, definition)
                self._states[name] = dict(iter_states(definition))

    def add_execution(self, execution: Execution) -> None:
        for run in execution.all_executions():
            cov = self.machines.get(run.state_machine_name)
            if cov is None:
                continue
            record(cov, run.states, self._states[run.state_machine_name])
            for map_run in run.map_runs:
                record(cov, map_run.records, self._states[run.state_machine_name])

    def total_percent(self) -> float:
        hit = sum(c.count()[0] for c in self.machines.values())
        total = sum(c.count()[1] for c in self.machines.values())
        return 100.0 if total == 0 else 100.0 * hit / total

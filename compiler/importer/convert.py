"""One definition -> one spec machine (plus the resources and parameters it needs), checked by round trip.

``convert`` maps the ASL; ``check_round_trip`` validates the resulting spec with the models, emits it
through ``compiler.lower`` (the same emitter ``validate``/``run``/``synth`` use), puts the original
text back for every reference the importer introduced, and requires the result to equal the input
definition. A difference is refused with the first differing path, so nothing is changed silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.diagnostics import M_CONSTRUCT, M_ROUND_TRIP
from compiler.importer.compare import describe, first_difference, value_at
from compiler.importer.errors import Located, Refusal
from compiler.importer.recognize import Binding, Recognizer, Targets
from compiler.importer.states import StateConverter
from compiler.lower import lower
from compiler.lower.asl import pascal
from compiler.model import build_spec
from compiler.refs import Ref, fill
from compiler.source import Path

FREE_FIELDS = frozenset({
    "parameters", "arguments", "result", "result_selector", "payload", "input", "assign", "output",
    "item_selector", "items", "credentials", "reader_config", "writer_config", "batch_input", "condition",
})


@dataclass
class Imported:
    """A converted machine and what it brings along, before it is written anywhere."""

    key: str
    machine: dict[str, Any]
    resources: dict[str, dict[str, Any]]
    parameters: dict[str, dict[str, Any]]
    comments: dict[str, str]
    originals: dict[Ref, str]
    notes: list[Located] = field(default_factory=list)
    mapped: dict[str, int] = field(default_factory=dict)  # what was mapped, for the output's comments


def convert(
    definition: Any,
    key: str,
    *,
    bindings: Mapping[str, Binding] | None = None,
    targets: Targets | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Imported:
    """The spec machine for ``definition``; ``settings`` are machine fields from a template (name, type)."""
    rec = Recognizer(dict(bindings or {}), targets)
    rec.reserve(key)
    body = StateConverter(rec).machine(definition)
    machine = {**(settings or {}), **body}
    return Imported(key, machine, rec.resources, rec.parameters, rec.comments, rec.originals, rec.notes,
                    _count(machine))


def standalone(imported: Imported) -> dict[str, Any]:
    """A whole spec holding only this machine."""
    spec: dict[str, Any] = {"version": 1}
    if imported.parameters:
        spec["parameters"] = imported.parameters
    if imported.resources:
        spec["resources"] = imported.resources
    spec["state_machines"] = {imported.key: imported.machine}
    return spec


def check_round_trip(spec_data: dict[str, Any], imported: Imported, definition: Any) -> None:
    """Refuse unless the spec emits ``definition`` back (references filled with their original text)."""
    spec, findings = build_spec(spec_data)
    if spec is None:
        first = findings[0]
        path = asl_path(first.path, imported.key)
        raise Refusal(M_CONSTRUCT, f"the spec cannot hold this: {first.message}", path, first.hint)
    try:
        program = lower(spec)
    except Exception as exc:  # an emitter bug must become a diagnostic, not a traceback
        raise Refusal(M_ROUND_TRIP, f"emitting the imported spec failed: {type(exc).__name__}: {exc}") from None
    machine = program.machines[imported.key]
    values = {
        name: imported.originals[ref] if ref in imported.originals else program.local_value(ref)
        for name, ref in machine.substitutions.items()
    }
    emitted = fill(machine.definition, values)
    differs = first_difference(definition, emitted)
    if differs is not None:
        raise Refusal(
            M_ROUND_TRIP,
            f"the spec would emit {describe(value_at(emitted, differs))} at {_show(differs)} "
            f"where the input has {describe(value_at(definition, differs))}",
            differs,
            "the importer refuses rather than change the definition; this construct is not representable yet",
        )


def asl_path(spec_path: Path, key: str) -> Path:
    """A spec path (``state_machines.k.states.S.retry[0].errors``) as a path in the ASL definition."""
    if spec_path[:2] != ("state_machines", key):
        return ()
    out: list[str | int] = []
    rest = spec_path[2:]
    names = {"errors": "ErrorEquals", "and": "And", "or": "Or", "not": "Not"}
    after_states = False
    for seg in rest:
        if isinstance(seg, int) or after_states:
            out.append(seg)
            after_states = False
            continue
        out.append(names.get(seg, pascal(seg)))
        after_states = seg == "states"
        if seg in FREE_FIELDS:
            break
    return tuple(out)


def _show(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "the top"


def _count(machine: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}

    def walk(states: dict[str, Any]) -> None:
        for state in states.values():
            for name in ("invoke", "start_execution", "resource"):
                if name in state:
                    counts[name] = counts.get(name, 0) + 1
            for branch in state.get("branches", []):
                walk(branch["states"])
            for proc in ("item_processor", "iterator"):
                if proc in state:
                    walk(state[proc]["states"])

    walk(machine["states"])
    return counts

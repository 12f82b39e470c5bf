"""The report's data: one JSON document the page's script draws (and ``compiler test --report`` can reuse).

``report_data(runs)`` takes one or more runs (``compiler run`` has one; a test runner has one per
test case), each a root execution with the definitions of the machines it ran, and returns::

    {"title": ..., "runs": [{"title", "status", "root": execution id}],
     "machines": {name: {"svg": inline SVG or null, "nodes": {svg node id: state name},
                         "states": [state names], "entered": [states entered in any run]}},
     "executions": {id: {"id", "run", "name", "arn", "machine", "status", "input", "output"|"error"+"cause",
                         "start", "stop", "parent", "startedBy": visit id, "top": [visit ids],
                         "order": [visit ids, as entered], "byState": {state: [visit ids]}}},
     "visits": {id: {"id", "execution", "name", "type", "status", "entered", "exited", "input", "output",
                     "parameters", "result", "assigned", "error", "cause", "attempts", "maxAttempts",
                     "catch", "groups": [{"label", "status", "visits"}], "children": [execution ids],
                     "group": label of the branch/iteration it ran in, "parentVisit", "events"}},
     "values": [JSON values]}

``input``, ``output``, ``parameters``, ``result`` and ``assigned`` are indexes into ``values``
(each value once, however many states it flowed through); events carry no payloads.
Times are seconds on the run's virtual clock. ``machines[*].entered`` is the state coverage a
test runner draws on the same graph. Values are the JSON that flowed through the states.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compiler.graph import svg as graphviz
from compiler.graph.dot import render as dot_text
from compiler.graph.model import Graph, build
from compiler.report.trace import ExecutionTrace, Visit, state_definitions, trace_run
from compiler.run import Execution, HistoryEvent


@dataclass
class ReportRun:
    """One run to show: its root execution and the definitions of the machines it ran."""

    title: str  # "main", a test case's name, ...
    execution: Execution
    # State machine ARN or name -> definition (placeholders filled with local values).
    definitions: Mapping[str, Mapping[str, Any]]


class _Values:
    """The JSON values of a run, each stored once: a state's output is the next state's input (the
    same object), so the page refers to ``values[i]`` instead of repeating it (a 1,000-state chain
    would otherwise hold every growing document several times)."""

    def __init__(self) -> None:
        self.table: list[Any] = []
        self.index: dict[int, int] = {}
        self.keep: list[Any] = []  # the objects indexed by id() stay alive while the table is built

    def ref(self, value: Any) -> int:
        key = id(value)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.table)
            self.table.append(value)
            self.keep.append(value)
        return found


def report_data(runs: Sequence[ReportRun], title: str = "Step Functions run") -> dict[str, Any]:
    values = _Values()
    executions: dict[str, Any] = {}
    visits: dict[str, Any] = {}
    machines: dict[str, dict[str, Any]] = {}
    out_runs = []
    for number, run in enumerate(runs):
        traces = trace_run(run.execution, run.definitions)
        prefix = f"r{number}"
        for trace in traces:
            executions[f"{prefix}{trace.id}"] = _execution(values, prefix, number, trace)
            for visit in _visits_of(trace):
                visits[f"{prefix}{visit[0].id}"] = _visit(values, prefix, trace, *visit)
            machine = machines.setdefault(trace.machine, {"definition": trace.definition, "entered": set()})
            machine["entered"].update(v.name for v in trace.all_visits())
        out_runs.append({"title": run.title, "status": run.execution.status, "root": f"{prefix}{traces[0].id}"})
    return {
        "title": title,
        "runs": out_runs,
        "machines": {name: _machine(name, m["definition"], m["entered"]) for name, m in machines.items()},
        "executions": executions,
        "visits": visits,
        "values": values.table,
    }


def _visits_of(trace: ExecutionTrace) -> list[tuple[Visit, Visit | None, str | None]]:
    """Every visit with the visit holding it (a Parallel or Map) and its branch or iteration label."""
    found: list[tuple[Visit, Visit | None, str | None]] = []

    def walk(visit: Visit, parent: Visit | None, label: str | None) -> None:
        found.append((visit, parent, label))
        for group in visit.groups:
            for inner in group.visits:
                walk(inner, visit, group.label)

    for visit in trace.visits:
        walk(visit, None, None)
    return found


def _execution(values: _Values, prefix: str, number: int, trace: ExecutionTrace) -> dict[str, Any]:
    execution = trace.execution
    order = [f"{prefix}{v.id}" for v, _, _ in sorted(_visits_of(trace), key=lambda item: _number(item[0].id))]
    by_state: dict[str, list[str]] = {}
    for visit, _, _ in _visits_of(trace):
        by_state.setdefault(visit.name, []).append(f"{prefix}{visit.id}")
    for ids in by_state.values():
        ids.sort(key=_number)
    out: dict[str, Any] = {
        "id": f"{prefix}{trace.id}",
        "run": number,
        "name": execution.name,
        "arn": execution.execution_arn,
        "machine": trace.machine,
        "status": execution.status,
        "input": values.ref(execution.input),
        "start": execution.start_time,
        "stop": execution.stop_time,
        "parent": f"{prefix}{trace.parent.id}" if trace.parent else None,
        "startedBy": f"{prefix}{trace.started_by.id}" if trace.started_by else None,
        "top": [f"{prefix}{v.id}" for v in trace.visits],
        "order": order,
        "byState": by_state,
    }
    if execution.status == "SUCCEEDED":
        out["output"] = values.ref(execution.output)
    else:
        out["error"], out["cause"] = execution.error, execution.cause
    return out


def _number(visit_id: str) -> int:
    return int(visit_id.rsplit(".v", 1)[1])


def _visit(values: _Values, prefix: str, trace: ExecutionTrace, visit: Visit, parent: Visit | None, label: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f"{prefix}{visit.id}",
        "execution": f"{prefix}{trace.id}",
        "name": visit.name,
        "type": visit.type,
        "status": visit.status,
        "entered": visit.entered,
        "exited": visit.exited,
        "input": values.ref(visit.input),
        "group": label,
        "parentVisit": f"{prefix}{parent.id}" if parent else None,
        "attempts": [vars(a) for a in visit.attempts],
        "maxAttempts": visit.max_attempts,
        "catch": {"errorEquals": visit.catch.error_equals, "next": visit.catch.next} if visit.catch else None,
        "error": visit.error,
        "cause": visit.cause,
        "groups": [{"label": g.label, "status": g.status, "visits": [f"{prefix}{v.id}" for v in g.visits]}
                   for g in visit.groups],
        "children": [f"{prefix}{c.id}" for c in visit.children],
        "mapRun": visit.map_run,
        "events": [{"id": e.id, "type": e.type, "timestamp": e.timestamp, "details": _details(e)}
                   for e in visit.events],
    }
    for key, present, value in (("output", visit.has_output, visit.output),
                                ("parameters", visit.has_parameters, visit.parameters),
                                ("result", visit.has_result, visit.result)):
        if present:
            out[key] = values.ref(value)
    if visit.assigned is not None:
        out["assigned"] = values.ref(visit.assigned)
    return out


def _details(event: HistoryEvent) -> dict[str, Any] | None:
    """An event's details without its payload (input, output, parameters: the panel shows them)."""
    if event.details is None:
        return None
    return {k: v for k, v in event.details.items() if k not in _PAYLOADS}


_PAYLOADS = frozenset({"input", "output", "parameters", "assignedVariables"})


def _machine(name: str, definition: Mapping[str, Any], entered: set[str]) -> dict[str, Any]:
    graph = build([(name, name, definition)], _external_machine)
    nodes = {node_id: node.name for node_id, node in graph.nodes.items() if node.name is not None}
    return {
        "svg": machine_svg(graph),
        "nodes": nodes,
        "states": list(state_definitions(definition)),
        "entered": sorted(entered),
    }


def _external_machine(arn: str) -> tuple[str | None, str]:
    return None, arn.rsplit(":", 1)[-1]


_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_OTHER_TITLES = re.compile(r"<title>(?:[^<]*&#45;&gt;[^<]*|cluster_[^<]*|workflow)</title>")


def machine_svg(graph: Graph) -> str | None:
    """The graph drawn by Graphviz, ready to inline (None when ``dot`` is missing or fails)."""
    try:
        text = graphviz.render(dot_text(graph))
    except (graphviz.GraphvizMissing, graphviz.GraphvizFailed):
        return None
    text = _COMMENT.sub("", _PROLOG.sub("", text, count=1))
    # Only the nodes' titles (their ids) are used; the others are tooltips of generated ids.
    text = _OTHER_TITLES.sub("", text)
    # Several graphs share the page: Graphviz's ids (graph0, node1, ...) would repeat.
    return re.sub(r'\bid="', 'data-gv="', text)


def to_json(data: Mapping[str, Any]) -> str:
    """JSON safe to put inside ``<script type="application/json">`` (no ``</script>`` can end it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""A drawing-neutral graph of state machines, built from the emitted ASL.

Nodes get generated ids (``m0_s3``): state names hold spaces, quotes and any Unicode, so they
only ever appear as labels. Parallel states and map states are clusters holding their branches
or item processor; a task that starts another machine of the spec gets a dotted edge to that
machine's cluster (or, when it is not drawn, to a node naming it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from compiler.asl.tasks import PATTERN_SUFFIX, classify, target_text
from compiler.graph.labels import errors_label, rule_label

EdgeKind = Literal["next", "choice", "default", "catch", "branch", "child"]


@dataclass
class Node:
    id: str
    label: str
    kind: str  # an ASL type (Task, Choice, ...), or "start", "end", "machine"
    name: str | None = None  # the state name, for highlighting


@dataclass
class Edge:
    src: str
    dst: str
    kind: EdgeKind
    label: str = ""
    cluster: bool = False  # dst is a cluster id (a machine drawn in the same graph)


@dataclass
class Cluster:
    id: str
    label: str
    kind: Literal["machine", "parallel", "map", "branch"]
    nodes: list[str] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    start: str | None = None  # the node an edge into the cluster lands on (DOT needs a node)


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # nodes outside every cluster
    machine_clusters: dict[str, str] = field(default_factory=dict)  # machine key -> cluster id

    def state_ids(self, cluster_id: str) -> dict[str, str]:
        """State name -> node id inside one machine's cluster."""
        prefix = cluster_id + "_s"
        return {n.name: i for i, n in self.nodes.items() if i.startswith(prefix) and n.name is not None}


# A machine to draw: key, title, resolved definition (``${key.attr}`` references).
MachineInput = tuple[str, str, Mapping[str, Any]]
# Turns a StateMachineArn reference into (machine key or None, display name).
ChildResolver = Callable[[str], tuple[str | None, str]]


def build(machines: list[MachineInput], resolve_child: ChildResolver) -> Graph:
    graph = Graph()
    for index, (key, _, _) in enumerate(machines):
        graph.machine_clusters[key] = f"m{index}"
    for index, (_, title, definition) in enumerate(machines):
        _Machine(graph, f"m{index}", resolve_child).draw(title, definition)
    return graph


class _Machine:
    def __init__(self, graph: Graph, prefix: str, resolve_child: ChildResolver) -> None:
        self.graph = graph
        self.prefix = prefix
        self.resolve_child = resolve_child
        self.ids: dict[str, str] = {}
        self.counter = 0

    def new_id(self, kind: str) -> str:
        self.counter += 1
        return f"{self.prefix}_{kind}{self.counter}"

    def add(self, cluster: Cluster, node: Node) -> str:
        self.graph.nodes[node.id] = node
        cluster.nodes.append(node.id)
        return node.id

    def draw(self, title: str, definition: Mapping[str, Any]) -> None:
        cluster = Cluster(self.prefix, title, "machine")
        self.graph.clusters.append(cluster)
        self._allocate(definition.get("States") or {})
        self._container(cluster, definition)

    def _allocate(self, states: Mapping[str, Any]) -> None:
        # Ids first, for every nested state too, so edges can point forward and into branches.
        for name, state in states.items():
            self.ids.setdefault(name, f"{self.prefix}_s{len(self.ids)}")
            for branch in state.get("Branches") or []:
                self._allocate(branch.get("States") or {})
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), Mapping):
                    self._allocate(state[key].get("States") or {})

    def _container(self, cluster: Cluster, container: Mapping[str, Any]) -> None:
        states = container.get("States") or {}
        first = self.ids.get(container.get("StartAt"))  # type: ignore[arg-type]
        if cluster.kind == "machine":
            cluster.start = self.add(cluster, Node(self.new_id("start"), "start", "start"))
            if first is not None:
                self.graph.edges.append(Edge(cluster.start, first, "next"))
        else:
            cluster.start = first  # a branch is entered from its parallel/map node: no start dot
        end: list[str] = []  # created on first use: not every branch ends with End: true

        def end_id() -> str:
            if not end:
                end.append(self.add(cluster, Node(self.new_id("end"), "end", "end")))
            return end[0]

        for name, state in states.items():
            self._state(cluster, name, state, end_id)

    def _state(self, cluster: Cluster, name: str, state: Mapping[str, Any], end_id: Callable[[], str]) -> None:
        node_id = self.ids[name]
        node = Node(node_id, name, str(state.get("Type", "?")), name)
        nested = [(f"branch {i + 1}", b) for i, b in enumerate(state.get("Branches") or [])]
        for key, label in (("ItemProcessor", "item processor"), ("Iterator", "iterator")):
            if isinstance(state.get(key), Mapping):
                nested.append((label, state[key]))
        if nested:
            kind: Literal["parallel", "map"] = "parallel" if node.kind == "Parallel" else "map"
            holder = Cluster(f"{node_id}_c", kind, kind)
            cluster.clusters.append(holder)
            self.add(holder, node)
            for label, branch in nested:
                inner = Cluster(self.new_id("c"), label, "branch")
                holder.clusters.append(inner)
                self._container(inner, branch)
                if inner.start is not None:
                    self.graph.edges.append(Edge(node_id, inner.start, "branch"))
        else:
            self.add(cluster, node)
        self._edges(node_id, state, end_id)

    def _edges(self, node_id: str, state: Mapping[str, Any], end_id: Callable[[], str]) -> None:
        edges = self.graph.edges
        for rule in state.get("Choices") or []:
            if isinstance(rule, Mapping) and rule.get("Next") in self.ids:
                edges.append(Edge(node_id, self.ids[rule["Next"]], "choice", rule_label(rule)))
        if state.get("Default") in self.ids:
            edges.append(Edge(node_id, self.ids[state["Default"]], "default", "default"))
        if state.get("Next") in self.ids:
            edges.append(Edge(node_id, self.ids[state["Next"]], "next"))
        elif state.get("End") is True:
            edges.append(Edge(node_id, end_id(), "next"))
        for catcher in state.get("Catch") or []:
            if isinstance(catcher, Mapping) and catcher.get("Next") in self.ids:
                edges.append(Edge(node_id, self.ids[catcher["Next"]], "catch", errors_label(catcher)))
        self._child(node_id, state)

    def _child(self, node_id: str, state: Mapping[str, Any]) -> None:
        resource = state.get("Resource")
        integration = classify(resource) if isinstance(resource, str) else None
        if integration is None or not integration.starts_execution:
            return
        arn, at_run_time = target_text(state, integration)
        if arn is None or at_run_time:  # a child chosen at run time (a path, a JSONata expression)
            return
        key, display = self.resolve_child(arn)
        mode = PATTERN_SUFFIX[integration.pattern].lstrip(".") or "fire and forget"
        label = f"starts ({mode})"
        if key is not None and key in self.graph.machine_clusters:
            self.graph.edges.append(Edge(node_id, self.graph.machine_clusters[key], "child", label, cluster=True))
            return
        self.graph.edges.append(Edge(node_id, self._external(display), "child", label))

    def _external(self, display: str) -> str:
        for node in self.graph.nodes.values():
            if node.kind == "machine" and node.label == f"state machine {display}":
                return node.id
        node_id = f"x{sum(1 for n in self.graph.nodes.values() if n.kind == 'machine')}"
        self.graph.nodes[node_id] = Node(node_id, f"state machine {display}", "machine")
        self.graph.loose.append(node_id)
        return node_id

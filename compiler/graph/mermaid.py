"""Mermaid flowchart text: generated ids, quoted and escaped labels, clusters as subgraphs.

Labels go through ``label()``: Mermaid reads ``#name;`` as an entity and labels as HTML, so
``#``, ``"``, ``<``, ``>`` and ``&`` are written as entities; everything else (spaces, Unicode)
stays as it is inside the quotes.
"""

from __future__ import annotations

from collections.abc import Mapping

from compiler.graph.model import Cluster, Edge, Graph, Node

CLASS_DEFS = {
    "added": "fill:#dafbe1,stroke:#1a7f37,color:#0b3d1a",
    "changed": "fill:#fff8c5,stroke:#9a6700,color:#3d2a00",
    "removed": "fill:#ffebe9,stroke:#cf222e,color:#5c0a0f,stroke-dasharray:4 3",
}
_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}


def label(text: str) -> str:
    return '"' + "".join(_ENTITIES.get(ch, ch) for ch in " ".join(text.split())) + '"'


def _shape(node: Node) -> str:
    text = label(node.label)
    shapes = {
        "start": f"(({label('start')}))",
        "end": f"((({label('end')})))",
        "Choice": "{" + text + "}",
        "Succeed": f"([{text}])",
        "Fail": f"([{text}])",
        "Pass": f"({text})",
        "Wait": "{{" + text + "}}",
        "machine": f"[[{text}]]",
    }
    return node.id + shapes.get(node.kind, f"[{text}]")


def _edge(edge: Edge) -> str:
    arrow = {"catch": "-.->", "child": "-.->", "branch": "==>"}.get(edge.kind, "-->")
    if edge.label:
        return f"{edge.src} {arrow}|{label(edge.label)}| {edge.dst}"
    return f"{edge.src} {arrow} {edge.dst}"


def render(graph: Graph, highlight: Mapping[str, Mapping[str, str]] | None = None,
           direction: str = "TD") -> str:
    """``highlight``: machine key -> {state name: "added" | "changed" | "removed"}."""
    lines = [f"flowchart {direction}"]
    for node_id in graph.loose:
        lines.append("  " + _shape(graph.nodes[node_id]))
    for cluster in graph.clusters:
        _cluster(graph, cluster, lines, 1)
    for edge in graph.edges:
        lines.append("  " + _edge(edge))
    classes: dict[str, list[str]] = {}
    for key, states in (highlight or {}).items():
        cluster_id = graph.machine_clusters.get(key)
        if cluster_id is None:
            continue
        ids = graph.state_ids(cluster_id)
        for name, status in states.items():
            if name in ids and status in CLASS_DEFS:
                classes.setdefault(status, []).append(ids[name])
    for status, style in CLASS_DEFS.items():
        if status in classes:
            lines.append(f"  classDef {status} {style}")
            lines.append(f"  class {','.join(classes[status])} {status}")
    return "\n".join(lines) + "\n"


def _cluster(graph: Graph, cluster: Cluster, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    lines.append(f"{pad}subgraph {cluster.id}[{label(cluster.label)}]")
    for node_id in cluster.nodes:
        lines.append(f"{pad}  {_shape(graph.nodes[node_id])}")
    for inner in cluster.clusters:
        _cluster(graph, inner, lines, depth + 1)
    lines.append(f"{pad}end")

"""Graphviz DOT text: clusters for machines, parallel branches and map processors."""

from __future__ import annotations

from compiler.graph.model import Cluster, Edge, Graph, Node

_SHAPES = {
    "start": 'shape=circle, label="", width=0.25, style=filled, fillcolor=black',
    "end": 'shape=doublecircle, label="", width=0.2, style=filled, fillcolor=black',
    "Choice": "shape=diamond",
    "Succeed": 'shape=box, style="rounded,filled", fillcolor="#dafbe1"',
    "Fail": 'shape=box, style="rounded,filled", fillcolor="#ffebe9"',
    "Pass": 'shape=box, style="rounded,dashed"',
    "Wait": "shape=hexagon",
    "Parallel": "shape=box3d",
    "Map": "shape=box3d",
    "machine": 'shape=component, style=filled, fillcolor="#ddf4ff"',
}


def quote(text: str) -> str:
    """A DOT string: backslashes first (DOT reads ``\\N``, ``\\l`` ... as escapes), then quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _node(node: Node) -> str:
    shape = _SHAPES.get(node.kind, 'shape=box, style="rounded"')
    label = "" if node.kind in ("start", "end") else f"label={quote(node.label)}, "
    return f"{quote(node.id)} [{label}{shape}];"


def _edge(graph: Graph, edge: Edge) -> str:
    attrs = []
    dst = edge.dst
    if edge.cluster:
        target = _find(graph.clusters, edge.dst)
        dst = target.start if target is not None and target.start else edge.dst
        attrs.append(f"lhead={quote('cluster_' + edge.dst)}")
    if edge.label:
        attrs.append(f"label={quote(edge.label)}")
    style = {"catch": "dashed", "child": "dotted", "branch": "bold"}.get(edge.kind)
    if style:
        attrs.append(f"style={style}")
    if edge.kind == "catch":
        attrs.append('color="#cf222e", fontcolor="#cf222e"')
    suffix = f" [{', '.join(attrs)}]" if attrs else ""
    return f"{quote(edge.src)} -> {quote(dst)}{suffix};"


def _find(clusters: list[Cluster], cluster_id: str) -> Cluster | None:
    for cluster in clusters:
        if cluster.id == cluster_id:
            return cluster
        found = _find(cluster.clusters, cluster_id)
        if found is not None:
            return found
    return None


def render(graph: Graph) -> str:
    lines = [
        "digraph workflow {",
        "  compound=true;",
        '  graph [fontname="Helvetica", fontsize=12];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node_id in graph.loose:
        lines.append("  " + _node(graph.nodes[node_id]))
    for cluster in graph.clusters:
        _cluster(graph, cluster, lines, 1)
    lines.extend("  " + _edge(graph, edge) for edge in graph.edges)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cluster(graph: Graph, cluster: Cluster, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    style = {"machine": "rounded", "parallel": "dashed", "map": "dashed", "branch": "dotted"}[cluster.kind]
    lines.append(f"{pad}subgraph {quote('cluster_' + cluster.id)} {{")
    lines.append(f"{pad}  label={quote(cluster.label)}; style={style};")
    lines.extend(f"{pad}  {_node(graph.nodes[node_id])}" for node_id in cluster.nodes)
    for inner in cluster.clusters:
        _cluster(graph, inner, lines, depth + 1)
    lines.append(f"{pad}}}")

"""Markdown for a pull-request comment: summary, flagged items first, tables, then graphs."""

from __future__ import annotations

from collections.abc import Mapping

from compiler.diff.formats.common import FLAG_TITLES, summary, value
from compiler.diff.records import Diff, FieldChange, MachineDiff, ResourceChange

# GitHub refuses to render Mermaid diagrams above about 50,000 characters.
MAX_GRAPH = 40_000
ICONS = {"data_loss": "🔴", "replacement": "🟠", "iam": "🔐", "error_handling": "🧯", "monitoring": "🔕"}


def code(text: str) -> str:
    """An inline code span that survives a table cell: pipes escaped, backticks fenced."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    if not text:
        return ""
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`"


def render(diff: Diff, graphs: Mapping[str, str] | None = None) -> str:
    out = ["## Workflow changes", "", f"**{summary(diff)}**"]
    if diff.empty:
        return "\n".join(out) + "\n"
    if diff.flags:
        out += ["", "### ⚠️ Flagged for review", ""]
        out += [f"- {ICONS[f.category]} **{FLAG_TITLES[f.category]}** — {code(f.subject)}: {_escape(f.message)}"
                for f in diff.flags]
    if diff.resources:
        out += ["", "### Resources", "", "| Change | Resource | Type | Details |", "|---|---|---|---|"]
        out += [_resource_row(r) for r in diff.resources]
    if diff.iam:
        out += ["", "### IAM", "", "| Change | Principal | Effect | Action | Resource |", "|---|---|---|---|---|"]
        for c in diff.iam:
            p = c.permission
            resource = code(p.resource) + (f" when {code(p.condition)}" if p.condition else "")
            out.append(f"| {c.kind} | {code(p.principal)} | {p.effect} | {code(p.action)} | {resource} |")
    for machine in diff.machines:
        out += _machine(machine, (graphs or {}).get(machine.key))
    if diff.notes:
        out += [""] + [f"_Note: {_escape(n)}._" for n in diff.notes]
    return "\n".join(out) + "\n"


def _escape(text: str) -> str:
    """Prose with `code spans`: outside the spans, Markdown's emphasis and HTML characters are
    escaped (an IAM resource like ``arn:...:*`` must not start italics); pipes everywhere."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = "".join("\\" + ch if ch in "*_<>[]" else ch for ch in parts[i])
    return "`".join(parts).replace("|", "\\|")


def _resource_row(r: ResourceChange) -> str:
    details = [_field(f) for f in r.fields]
    if r.old_key:
        details.insert(0, f"key renamed from {code(r.old_key)}")
    if r.replacement is not None:
        label = "**removal**" if r.kind == "removed" else "**replacement**"
        details.append(f"{label}: {_escape(r.replacement.cost)}")
    details += [_escape(line) for line in r.applied]
    return f"| {r.kind} | {code(r.key)} | {r.type} | {'<br>'.join(details)} |"


def _field(f: FieldChange) -> str:
    if f.kind == "added":
        return f"{code(f.path)} added: {code(value(f.after))}"
    if f.kind == "removed":
        return f"{code(f.path)} removed (was {code(value(f.before))})"
    return f"{code(f.path)}: {code(value(f.before))} → {code(value(f.after))}"


def _sides(f: FieldChange) -> str:
    """The Before and After cells; the side that does not exist stays empty."""
    before = "" if f.kind == "added" else code(value(f.before))
    after = "" if f.kind == "removed" else code(value(f.after))
    return f"{before} | {after}"


def _machine(m: MachineDiff, graph: str | None) -> list[str]:
    title = m.key if m.key == m.name else f"{m.key} ({m.name})"
    out = ["", f"### State machine {code(title)} — {m.kind}", ""]
    out += ["| State | Change | Path | Before | After |", "|---|---|---|---|---|"]
    for f in m.fields:
        out.append(f"| _(machine)_ | {f.kind} | {code(f.path)} | {_sides(f)} |")
    for s in m.states:
        where = f"<br><sub>in {_escape(s.where)}</sub>" if s.where else ""
        name = f"{code(s.name)}{where}"
        if s.kind in ("added", "removed"):
            out.append(f"| {name} | state {s.kind} | | | {s.type if s.kind == 'added' else ''} |")
            continue
        if s.kind == "renamed":
            out.append(f"| {name} | renamed | | {code(s.old_name or '')} | {code(s.name)} |")
        for f in s.fields:
            out.append(f"| {name} | {f.kind} | {code(f.path)} | {_sides(f)} |")
        for f in s.transitions:
            out.append(f"| {name} | transition {f.kind} | {code(f.path)} | {_sides(f)} |")
    if graph and len(graph) <= MAX_GRAPH:
        out += ["", f"Graph of {code(m.key)} (added, changed and removed states coloured):", "",
                "```mermaid", graph.rstrip("\n"), "```"]
    elif graph:
        out += ["", f"_Graph of {code(m.key)} omitted: too large to render in a comment "
                f"(`compiler graph --machine {m.key}` draws it)._"]
    return out

"""Plain text for a terminal: the summary, flags, then each group indented."""

from __future__ import annotations

from collections.abc import Mapping

from compiler.diff.formats.common import FLAG_TITLES, describe, summary
from compiler.diff.records import Diff

MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">", "gained": "+", "lost": "-"}


def render(diff: Diff, graphs: Mapping[str, str] | None = None) -> str:
    lines = [summary(diff)]
    if diff.flags:
        lines += ["", "Flagged for review:"]
        lines += [f"  ! [{FLAG_TITLES[f.category]}] {f.subject}: {f.message}" for f in diff.flags]
    if diff.resources:
        lines += ["", "Resources:"]
        for r in diff.resources:
            head = f"  {MARK[r.kind]} {r.type} {r.key}"
            if r.old_key:
                head += f" (was {r.old_key})"
            lines.append(head + (" [replacement]" if r.replacement and r.kind != "removed" else ""))
            lines += [f"      {describe(f)}" for f in r.fields]
            lines += [f"      => {line}" for line in r.applied]
    if diff.iam:
        lines += ["", "IAM:"]
        for c in diff.iam:
            p = c.permission
            cond = f" when {p.condition}" if p.condition else ""
            lines.append(f"  {MARK[c.kind]} {p.principal}: {p.effect} {p.action} on {p.resource}{cond}")
    for m in diff.machines:
        lines += ["", f"State machine {m.key} ({m.name}): {m.kind}"]
        lines += [f"    {describe(f)}" for f in m.fields]
        for s in m.states:
            where = f" in {s.where}" if s.where else ""
            was = f" (was {s.old_name})" if s.old_name else ""
            lines.append(f"  {MARK[s.kind]} {s.name} [{s.type}]{was}{where}")
            lines += [f"      {describe(f)}" for f in s.fields]
            lines += [f"      transition {describe(f)}" for f in s.transitions]
    for note in diff.notes:
        lines += ["", f"note: {note}"]
    return "\n".join(lines) + "\n"

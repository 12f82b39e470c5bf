"""Rows of the verification table and how they are printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

OK = "OK"
MISMATCH = "MISMATCH"
UNSUPPORTED = "UNSUPPORTED"  # not supported by the emulator: reported, never a failure
EMULATOR_NOTE = "not supported by the emulator"


@dataclass
class Row:
    type: str
    logical_id: str
    physical_id: str
    problems: list[str] = field(default_factory=list)  # each fails the deploy
    gaps: list[str] = field(default_factory=list)  # what the emulator did not apply
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return MISMATCH
        return UNSUPPORTED if self.gaps else OK

    @property
    def detail(self) -> str:
        parts = list(self.problems)
        if self.gaps:
            parts.append(f"{EMULATOR_NOTE}: " + "; ".join(self.gaps))
        parts.extend(self.notes)
        return "; ".join(parts)

    def mismatch(self, text: str) -> None:
        self.problems.append(text)

    def gap(self, text: str) -> None:
        self.gaps.append(text)


def failed(rows: list[Row]) -> bool:
    return any(row.status == MISMATCH for row in rows)


def write_table(rows: list[Row], out: TextIO, *, width: int = 48) -> None:
    headers = ("TYPE", "LOGICAL ID", "PHYSICAL ID", "STATUS", "DETAIL")
    cells = [(r.type, r.logical_id, _short(r.physical_id, width), r.status, r.detail) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers[:4])]
    for line in [headers, *cells]:
        out.write("  ".join(str(v).ljust(w) for v, w in zip(line[:4], widths, strict=True)).rstrip())
        out.write(f"  {line[4]}\n" if line[4] else "\n")
    counts = {s: sum(r.status == s for r in rows) for s in (OK, UNSUPPORTED, MISMATCH)}
    out.write(f"{len(rows)} resources: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + "\n")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else "..." + text[-(width - 3):]

"""Plain words for YAML's indentation errors.

The parser reports a line indented wrongly as "while parsing a block collection expected <block end>,
but found '?'". What the user did is nearly always one of two things: a key written with less
indentation than the mapping it belongs to (a de-indented ``retry:`` closes the state's mapping, and
the next state no longer fits anywhere), or a key whose indentation matches no mapping above it.
"""

from __future__ import annotations

from typing import NamedTuple


class _Line(NamedTuple):
    number: int  # 1-based
    indent: int
    text: str


def explain(text: str, line: int) -> tuple[str, str] | None:
    """(message, hint) for an indentation error reported at ``line``, or None when it is not one."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    here = _content(lines, line)
    if here is None:
        return None
    above = [c for n in range(line - 1, 0, -1) if (c := _content(lines, n)) is not None]
    # The lines still open at `here`: each one less indented than everything after it.
    open_lines: list[_Line] = []
    for candidate in above:
        if not open_lines or candidate.indent < open_lines[-1].indent:
            open_lines.append(candidate)
    parent = next((c for c in open_lines if c.indent < here.indent), None)
    if parent is None:
        return None
    # The lines `parent` closed: indented more than it, written before it.
    closed = [c for c in above if c.number < parent.number]
    closed_open: list[_Line] = []
    for candidate in closed:
        if candidate.indent <= parent.indent:
            break
        if not closed_open or candidate.indent < closed_open[-1].indent:
            closed_open.append(candidate)
    same = next((c for c in closed_open if c.indent == here.indent), None)
    key = here.text.split(":")[0].strip()
    inside = [c for c in closed_open if same is not None and c.indent > same.indent]
    if same is not None and inside:
        inner = min(inside, key=lambda c: c.indent)  # the fields of the mapping `same` opened
        return (
            f"'{key}' is indented {here.indent} spaces like line {same.number} ({same.text!r}), but line "
            f"{parent.number} ({parent.text!r}, {parent.indent} spaces) is indented less than the mapping it "
            f"seems to belong to, so that mapping ended there",
            f"indent line {parent.number} like the fields of {same.text.rstrip(':')!r} ({inner.indent} spaces, "
            f"as on line {inner.number}) if it belongs there",
        )
    levels = sorted({c.indent for c in open_lines})
    return (
        f"this line is indented {here.indent} spaces, which matches no mapping open above it "
        f"(their keys are at {', '.join(str(n) for n in levels)} spaces)",
        "indent it exactly like the other keys of the mapping it belongs to",
    )


def _content(lines: list[str], number: int) -> _Line | None:
    raw = lines[number - 1]
    stripped = raw.strip()
    if not stripped or stripped.startswith("#"):
        return None
    return _Line(number, len(raw) - len(raw.lstrip(" ")), stripped)

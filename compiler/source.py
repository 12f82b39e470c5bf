"""Source positions: spans, document paths, and locating a path in a loaded document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# A path into the loaded document: mapping keys (str) and sequence indexes (int).
Path = tuple[str | int, ...]


class Span(NamedTuple):
    """A 1-based line/column range in one file.

    A named tuple, not a frozen dataclass: the loader makes one per key and value, and building a
    frozen dataclass costs twice as much (a large test file has tens of thousands).
    """

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class SourceMap:
    """Where each key and value of a loaded document was written.

    ``values[path]`` is the span of the value at ``path``; ``keys[path]`` the span of the
    mapping key that introduces it. Values brought in through an alias or a merge key
    point at the anchored text, which is where a fix has to be made.
    """

    file: str
    text: str = ""
    values: dict[Path, Span] = field(default_factory=dict)
    keys: dict[Path, Span] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Span:
        """The span of ``path``; falls back to the nearest ancestor that was written down."""
        probe = tuple(path)
        if key and probe in self.keys:
            return self.keys[probe]
        while probe:
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), Span(self.file, 1, 1, 1, 1))

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        if 1 <= line <= len(lines):
            return lines[line - 1]
        return ""


def format_path(path: Path) -> str:
    """A readable rendering of a document path: ``state_machines.sub.states["Second Task"]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}" if out else part)
        else:
            out.append(f'["{part}"]')
    return "".join(out)

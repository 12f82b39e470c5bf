"""Positions in a buffer: character offsets, the 1-based spans of the loader, and LSP's UTF-16 positions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from lsprotocol import types

from compiler.source import Span

_NEWLINE = re.compile("\n")


@dataclass
class Lines:
    """A buffer's text with its line starts, to turn positions into offsets and back."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]

    def line(self, number: int) -> str:
        """The text of 0-based line ``number`` without its line break."""
        if not 0 <= number < len(self.starts):
            return ""
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[number]:end].rstrip("\r")

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based line and 0-based character column (clamped to the text)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[line] + max(column, 0), self.line_end(line))

    def line_end(self, line: int) -> int:
        return self.starts[line] + len(self.line(line))

    def line_col(self, offset: int) -> tuple[int, int]:
        """0-based line and character column of an offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    # LSP positions count UTF-16 code units; the loader counts characters.

    def position(self, offset: int) -> types.Position:
        line, col = self.line_col(offset)
        prefix = self.line(line)[:col]
        return types.Position(line=line, character=col + sum(1 for c in prefix if ord(c) > 0xFFFF))

    def from_position(self, position: types.Position) -> int:
        text = self.line(position.line)
        units = 0
        for col, char in enumerate(text):
            if units >= position.character:
                return self.offset(position.line, col)
            units += 2 if ord(char) > 0xFFFF else 1
        return self.offset(position.line, len(text))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def span_offsets(self, span: Span) -> tuple[int, int]:
        """Offsets of a loader span (1-based line and column, end exclusive)."""
        start = self.offset(span.line - 1, span.col - 1)
        end = self.offset(span.end_line - 1, span.end_col - 1)
        return start, max(start, end)

    def span_range(self, span: Span) -> types.Range:
        return self.range(*self.span_offsets(span))

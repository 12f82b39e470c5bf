"""Where the cursor is in a YAML buffer, read from the text itself (the buffer is often broken while typing).

Block-style YAML only: one pass over the lines with a stack of open mappings and sequences gives
the document path of the mapping under the cursor, even when the loader cannot read the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.lsp.text import Lines
from compiler.source import Path

_KEY = re.compile(r"""^(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<plain>[^\s:#'"\[{,][^:#]*?))\s*:(?:\s+|$)""")
_DASH = re.compile(r"^-(?:\s+|$)")


@dataclass
class Entry:
    """One line's structure: an optional sequence dash and an optional key."""

    indent: int  # column of the content (after any dash)
    dash: int | None  # column of '- ' when the line starts a sequence item
    key: str | None
    rest: str  # text after 'key:' (or the whole content when there is no key)


def entry(text: str) -> Entry | None:
    stripped = text.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    indent = len(text) - len(stripped)
    dash = None
    m = _DASH.match(stripped)
    if m is not None:
        dash = indent
        indent += m.end()
        stripped = stripped[m.end():]
    m = _KEY.match(stripped)
    if m is None:
        return Entry(indent, dash, None, stripped)
    key = next(g for g in (m.group("dq"), m.group("sq"), m.group("plain")) if g is not None)
    return Entry(indent, dash, key.strip(), stripped[m.end():])


@dataclass(eq=False)
class _Frame:
    kind: str  # "map" | "seq"
    col: int
    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    pending: str | None = None  # the last key with an empty value: what a deeper block belongs to
    index: int = -1


class _Stack:
    def __init__(self) -> None:
        self.frames = [_Frame("map", 0, ())]

    @property
    def top(self) -> _Frame:
        return self.frames[-1]

    def feed(self, e: Entry) -> None:
        if e.dash is not None:
            while len(self.frames) > 1 and self.top.col > e.dash:
                self.frames.pop()
            if not (self.top.kind == "seq" and self.top.col == e.dash):
                owner = self.top
                seq = _Frame("seq", e.dash, (*owner.path, owner.pending) if owner.pending else owner.path)
                self.frames.append(seq)
            seq = self.top
            seq.index += 1
            self.frames.append(_Frame("map", e.indent, (*seq.path, seq.index)))
        else:
            while len(self.frames) > 1 and (self.top.col > e.indent or (self.top.kind == "seq" and self.top.col >= e.indent)):
                self.frames.pop()
            if self.top.col < e.indent and self.top.pending is not None:
                self.frames.append(_Frame("map", e.indent, (*self.top.path, self.top.pending)))
        if e.key is not None:
            frame = self.top
            frame.keys.setdefault(e.key, e.rest.strip())
            frame.pending = e.key if not e.rest.strip() or e.rest.strip().startswith(("&", "#")) else None


@dataclass
class Context:
    path: Path  # the mapping holding the cursor's line
    indent: int
    key: str | None  # the key whose value the cursor is in (None: the cursor is typing a key)
    prefix: str  # the text typed so far (of the key, or of the value)
    siblings: dict[str, str] = field(default_factory=dict)  # keys of the same mapping -> their inline text
    in_list: bool = False  # the value is a sequence item of ``key`` (block '- x' or flow '[a, x')

    @property
    def value_path(self) -> Path:
        return (*self.path, self.key) if self.key is not None else self.path


def context_at(lines: Lines, offset: int) -> Context:
    number, col = lines.line_col(offset)
    stack = _Stack()
    for n in range(number):
        e = entry(lines.line(n))
        if e is not None:
            stack.feed(e)
    before = lines.line(number)[:col]
    e = entry(before)
    if e is None:  # nothing typed on this line yet: a key at the cursor's column
        e = Entry(len(before), None, None, "")
    typing_key = e.key is None and e.dash is None
    item_of: _Frame | None = None
    if e.key is None and e.dash is not None:
        # '- val' : a value of the key that owns the sequence (or the start of an item mapping).
        while len(stack.frames) > 1 and stack.top.col > e.dash:
            stack.frames.pop()
        item_of = stack.top
    probe = Entry(e.indent, e.dash, e.key or "\0", e.rest)
    stack.feed(probe)
    frame = stack.top
    frame.keys.pop("\0", None)
    for n in range(number + 1, len(lines.starts)):  # the rest of the block: keys written below
        later = entry(lines.line(n))
        if later is None:
            continue
        stack.feed(later)
        if frame not in stack.frames:
            break
    if item_of is not None and item_of.kind == "map" and item_of.pending is not None:
        return Context(item_of.path, e.dash or 0, item_of.pending, e.rest, dict(item_of.keys), in_list=True)
    if item_of is not None and item_of.kind == "seq" and item_of.path:
        parent = item_of.path[:-1]
        key = item_of.path[-1]
        if isinstance(key, str):
            return Context(parent, e.dash or 0, key, e.rest, {}, in_list=True)
    if typing_key:
        return Context(frame.path, e.indent, None, e.rest.strip(), frame.keys)
    if e.key is None:
        return Context(frame.path, e.indent, None, e.rest.strip(), frame.keys)
    value = e.rest.lstrip()
    in_list = value.startswith("[")
    if in_list:
        value = value[1:].split(",")[-1].lstrip()
    return Context(frame.path, e.indent, e.key, value, frame.keys, in_list)

"""Syntax of Step Functions JSONPath: a hand-written parser.

Step Functions evaluates JSONPath with Jayway (Java), whose grammar and
result rules differ from jsonpath-ng's (e.g. ``$['a','b']`` is one object,
not two results). A small recursive-descent parser gives us Jayway's grammar
and exact character offsets for the validator's diagnostics. The AST is in
``_path_ast.py``, evaluation in ``_path_eval.py``.
"""

from __future__ import annotations

import re
from typing import Any

from compiler.asl._path_ast import (
    BoolOp,
    Compare,
    Exists,
    Expr,
    Field,
    Filter,
    Index,
    Literal,
    Not,
    Operand,
    Regex,
    Scan,
    Segment,
    Slice,
    Wildcard,
    segments_definite,
)
from compiler.asl.errors import PathSyntaxError

# ------------------------------------------------------------------------ parser

_COMPARE_OPS = ("==", "!=", "<=", ">=", "=~", "<", ">")
_WORD_OPS = ("nin", "in")
# A bare word where a filter wants a value (``@.lang == fr``): a string someone forgot to quote.
_BARE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# Characters that end a dot-notation name. In a filter, operators and the
# closing brackets also end it (``@.x==1``).
_NAME_END = frozenset(".[( \t\r\n")
_NAME_END_FILTER = _NAME_END | frozenset(")]=!<>&|,")


class PathParser:
    def __init__(self, text: str, base: int = 0) -> None:
        self.text = text
        self.pos = 0
        self.base = base  # offset of ``text`` in an enclosing text (intrinsics)

    # -- helpers
    def error(self, message: str, pos: int | None = None) -> PathSyntaxError:
        at = self.pos if pos is None else pos
        return PathSyntaxError(message, self.base + at, self.text)

    def peek(self, n: int = 0) -> str:
        i = self.pos + n
        return self.text[i] if i < len(self.text) else ""

    def skip_ws(self) -> None:
        while self.peek() in (" ", "\t", "\r", "\n") and self.peek():
            self.pos += 1

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            found = repr(self.peek()) if self.peek() else "end of path"
            raise self.error(f"expected {ch!r}, found {found}")
        self.pos += 1

    # -- entry point
    def parse(self) -> tuple[bool, tuple[Segment, ...]]:
        """Parse a whole path; returns (is_context_path, segments)."""
        if not self.text:
            raise self.error("empty path; a path starts with '$'")
        if self.peek() != "$":
            raise self.error(f"a path must start with '$', found {self.peek()!r}")
        self.pos = 1
        context = False
        if self.peek() == "$":
            context = True
            self.pos = 2
        segments = self.parse_segments(in_filter=False)
        if self.pos != len(self.text):
            raise self.error(f"unexpected character {self.peek()!r}")
        return context, segments

    def parse_segments(self, in_filter: bool) -> tuple[Segment, ...]:
        segs: list[Segment] = []
        while True:
            c = self.peek()
            if c == ".":
                start = self.pos
                self.pos += 1
                if self.peek() == ".":
                    self.pos += 1
                    segs.append(Scan())
                    if self.peek() == "[":
                        continue
                    if not self.peek() or self.peek() == ".":
                        raise self.error("a path must not end with '..'", start)
                    segs.append(self.parse_dot_member(in_filter))
                    continue
                if self.peek() == "[":  # Jayway accepts ``$.['a']`` and ``$.[0]``
                    continue
                if not self.peek() or self.peek() in (_NAME_END_FILTER if in_filter else _NAME_END):
                    raise self.error("expected a field name after '.'", self.pos)
                segs.append(self.parse_dot_member(in_filter))
            elif c == "[":
                segs.append(self.parse_bracket())
            else:
                return tuple(segs)

    def parse_dot_member(self, in_filter: bool) -> Segment:
        if self.peek() == "*":
            self.pos += 1
            return Wildcard()
        ends = _NAME_END_FILTER if in_filter else _NAME_END
        start = self.pos
        while self.peek() and self.peek() not in ends:
            self.pos += 1
        name = self.text[start : self.pos]
        if self.peek() == "(":
            # Jayway has path functions (length(), min(), ...); Step Functions
            # does not accept them: intrinsics (States.ArrayLength) replace them.
            raise self.error(
                f"path functions such as {name}() are not supported by Step Functions "
                "(use an intrinsic like States.ArrayLength instead)",
                start,
            )
        return Field((name,))

    def parse_bracket(self) -> Segment:
        open_pos = self.pos
        self.pos += 1
        self.skip_ws()
        c = self.peek()
        seg: Segment
        if c in ("'", '"'):
            names = [self.read_quoted()]
            self.skip_ws()
            while self.peek() == ",":
                self.pos += 1
                self.skip_ws()
                if self.peek() not in ("'", '"') or not self.peek():
                    raise self.error("expected a quoted field name after ','")
                names.append(self.read_quoted())
                self.skip_ws()
            seg = Field(tuple(names))
        elif c == "*":
            self.pos += 1
            seg = Wildcard()
        elif c == "?":
            self.pos += 1
            self.skip_ws()
            self.expect("(")
            expr = FilterParser(self).parse_or()
            self.skip_ws()
            self.expect(")")
            seg = Filter(expr)
        elif c == "-" or c == ":" or c.isdigit():
            seg = self.parse_index_or_slice()
        elif not c:
            raise self.error("unclosed '['", open_pos)
        else:
            raise self.error(f"unexpected character {c!r} after '['")
        self.skip_ws()
        if self.peek() != "]":
            if not self.peek():
                raise self.error("unclosed '['", open_pos)
            raise self.error(f"expected ']', found {self.peek()!r}")
        self.pos += 1
        return seg

    def read_quoted(self) -> str:
        quote = self.peek()
        start = self.pos
        self.pos += 1
        out_start = self.pos
        while True:
            c = self.peek()
            if not c:
                raise self.error(f"unterminated string (missing closing {quote})", start)
            if c == "\\":
                # AWS keeps the backslash in the name (recorded: the path
                # $['Test\"'] selects the key Test\"); it only stops the next
                # character from closing the string.
                self.pos += 2
                continue
            if c == quote:
                name = self.text[out_start : self.pos]
                self.pos += 1
                return name
            self.pos += 1

    def read_int(self) -> int | None:
        start = self.pos
        if self.peek() == "-":
            self.pos += 1
        while self.peek().isdigit():
            self.pos += 1
        digits = self.text[start : self.pos]
        if digits in ("", "-"):
            if digits == "-":
                raise self.error("expected a number after '-'", start)
            return None
        return int(digits)

    def parse_index_or_slice(self) -> Segment:
        start_pos = self.pos
        first = self.read_int()
        self.skip_ws()
        if self.peek() == ":":
            self.pos += 1
            self.skip_ws()
            end = self.read_int()
            step = None
            self.skip_ws()
            if self.peek() == ":":
                self.pos += 1
                self.skip_ws()
                step = self.read_int()
                if step == 0:
                    raise self.error("slice step must not be 0", start_pos)
            return Slice(first, end, step)
        if first is None:
            raise self.error("expected an index", start_pos)
        indices = [first]
        while self.peek() == ",":
            self.pos += 1
            self.skip_ws()
            nxt = self.read_int()
            if nxt is None:
                raise self.error("expected an index after ','")
            indices.append(nxt)
            self.skip_ws()
        return Index(tuple(indices))


class FilterParser:
    """``?( ... )`` expressions: ||, &&, !, comparisons, existence, literals."""

    def __init__(self, p: PathParser) -> None:
        self.p = p

    def parse_or(self) -> Expr:
        items = [self.parse_and()]
        while self._take("||"):
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else BoolOp("||", tuple(items))

    def parse_and(self) -> Expr:
        items = [self.parse_unary()]
        while self._take("&&"):
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else BoolOp("&&", tuple(items))

    def _take(self, tok: str) -> bool:
        self.p.skip_ws()
        if self.p.text.startswith(tok, self.p.pos):
            self.p.pos += len(tok)
            return True
        return False

    def parse_unary(self) -> Expr:
        p = self.p
        p.skip_ws()
        if p.peek() == "!" and p.peek(1) != "=":
            p.pos += 1
            return Not(self.parse_unary())
        if p.peek() == "(":
            p.pos += 1
            inner = self.parse_or()
            p.skip_ws()
            p.expect(")")
            return inner
        left = self.parse_operand()
        p.skip_ws()
        for op in _COMPARE_OPS:
            if p.text.startswith(op, p.pos):
                p.pos += len(op)
                p.skip_ws()
                right: Operand | Literal | Regex
                right = self.parse_regex() if op == "=~" else self.parse_operand()
                return Compare(op, left, right)
        for op in _WORD_OPS:
            end = p.pos + len(op)
            if p.text.startswith(op, p.pos) and end < len(p.text) and p.text[end] in " [":
                p.pos = end
                p.skip_ws()
                return Compare(op, left, self.parse_operand())
        return Exists(left)

    def parse_regex(self) -> Regex:
        p = self.p
        if p.peek() != "/":
            raise p.error("expected a /regex/ after '=~'")
        start = p.pos
        p.pos += 1
        while p.peek() and p.peek() != "/":
            p.pos += 2 if p.peek() == "\\" else 1
        if not p.peek():
            raise p.error("unterminated regular expression", start)
        pattern = p.text[start + 1 : p.pos]
        p.pos += 1
        fstart = p.pos
        while p.peek().isalpha():
            p.pos += 1
        return Regex(pattern, p.text[fstart : p.pos])

    def parse_operand(self) -> Operand | Literal:
        p = self.p
        p.skip_ws()
        c = p.peek()
        start = p.pos
        if c in ("@", "$"):
            p.pos += 1
            segs = p.parse_segments(in_filter=True)
            return Operand(c == "$", segs, segments_definite(segs))
        if c in ("'", '"'):
            return Literal(p.read_quoted())
        if c == "[":
            p.pos += 1
            items: list[Any] = []
            p.skip_ws()
            while p.peek() != "]":
                item = self.parse_operand()
                if not isinstance(item, Literal):
                    raise p.error("only literals are allowed in a filter list", start)
                items.append(item.value)
                p.skip_ws()
                if p.peek() == ",":
                    p.pos += 1
                elif p.peek() != "]":
                    raise p.error("expected ',' or ']' in a filter list")
                p.skip_ws()
            p.pos += 1
            return Literal(items)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if p.text.startswith(word, p.pos):
                p.pos += len(word)
                return Literal(value)
        bare = _BARE_WORD.match(p.text, start)
        if bare is not None:
            # Jayway (Step Functions' JSONPath) has no unquoted strings: its filter parser reads a
            # bare word as a number, a boolean or null and fails, so the state fails when it reads
            # the path (FilterCompiler.readLiteral).
            raise p.error(f"unquoted string {bare.group(0)!r} in the filter", start)
        while p.peek() and (p.peek().isdigit() or p.peek() in "+-.eE"):
            p.pos += 1
        num = p.text[start : p.pos]
        if num:
            try:
                return Literal(float(num) if any(ch in num for ch in ".eE") else int(num))
            except ValueError:
                raise p.error(f"invalid number {num!r}", start) from None
        found = repr(c) if c else "end of path"
        raise p.error(f"expected a value or a path in the filter, found {found}", start)

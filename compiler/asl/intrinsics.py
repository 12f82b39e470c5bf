"""Intrinsic functions (``States.Format(...)`` and friends): parse, check, run.

Parsing is cached per text; evaluation re-uses the parsed call tree. Runtime
behaviour follows what AWS recorded in shared/conformance/asl/intrinsics
(e.g. MathAdd rounds each argument like Java's Math.round, Format renders
objects like Java's Map.toString, StringToJson of a blank string is null,
StringSplit splits on every delimiter character and drops empty parts).
"""

from __future__ import annotations

import difflib
import functools
import random
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from compiler.asl._intrinsic_funcs import (
    FUNCTIONS,
    RANDOM_FUNCTIONS,
    format_template_placeholders,
    states_format,
)
from compiler.asl._path_ast import compare_by_type
from compiler.asl._path_syntax import PathParser
from compiler.asl.errors import RUNTIME, PathSyntaxError, StatesError
from compiler.asl.jsonpath import Path, parse_path, variable_path

__all__ = [
    "INTRINSICS",
    "MAX_NESTING",
    "Call",
    "check_intrinsic",
    "evaluate_intrinsic",
    "is_intrinsic",
    "parse_intrinsic",
]

# name -> (min_args, max_args); None = no upper bound.
INTRINSICS: dict[str, tuple[int, int | None]] = {
    "States.Format": (1, None),
    "States.StringToJson": (1, 1),
    "States.JsonToString": (1, 1),
    "States.Array": (0, None),
    "States.ArrayPartition": (2, 2),
    "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3),
    "States.ArrayGetItem": (2, 2),
    "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1),
    "States.Base64Encode": (1, 1),
    "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2),
    "States.JsonMerge": (3, 3),
    "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2),
    "States.StringSplit": (2, 2),
    "States.UUID": (0, 0),
}
# AWS allows up to 10 intrinsics nested within one field.
MAX_NESTING = 10


class StrArg(NamedTuple):
    value: str  # escapes resolved
    raw: str  # as written between the quotes (States.Format needs \{ \})
    offset: int


class ConstArg(NamedTuple):
    value: int | float | bool | None
    offset: int


class PathArg(NamedTuple):
    """A path argument: ``$.x``, ``$$.x`` or a workflow variable ``$name.x``.

    For a variable, ``variable`` is its name and ``path`` the part after it as
    a path over the variable's value (``$.x``), so static checks of ``path``
    still apply.
    """

    path: Path
    offset: int
    variable: str | None = None


class Call(NamedTuple):
    name: str
    args: tuple[Arg, ...]
    offset: int

    def depth(self) -> int:
        inner = [a.depth() for a in self.args if isinstance(a, Call)]
        return 1 + max(inner, default=0)


Arg = StrArg | ConstArg | PathArg | Call
# Named tuples (cheap to create on every cold start), compared as records.
compare_by_type(StrArg, ConstArg, PathArg, Call)

_CALL_START = re.compile(r"\s*[A-Za-z_][\w.]*\(")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_ESCAPABLE = "'{}\\"
# A workflow variable argument: ``$`` and a letter or ``_`` (``$.x`` and ``$$.x`` are paths).
_VARIABLE_NAME = re.compile(r"\$[^\W\d]\w*")


def is_intrinsic(text: object) -> bool:
    """True if ``text`` is shaped like a function call (``Name(...)``).

    Deliberately loose: ``State.Fromat(...)`` counts, so check_intrinsic can
    report it with a "did you mean" instead of treating it as a plain string.
    """
    return isinstance(text, str) and _CALL_START.match(text) is not None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str, pos: int | None = None) -> PathSyntaxError:
        return PathSyntaxError(message, self.pos if pos is None else pos, self.text)

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def parse(self) -> Call:
        self.skip_ws()
        call = self.parse_call()
        self.skip_ws()
        if self.pos != len(self.text):
            raise self.error(f"unexpected text after the closing ')': {self.text[self.pos:]!r}")
        return call

    def parse_call(self) -> Call:
        start = self.pos
        m = _NAME.match(self.text, self.pos)
        if not m:
            raise self.error("expected an intrinsic function name such as States.Format")
        self.pos = m.end()
        self.skip_ws()
        if self.peek() != "(":
            raise self.error(f"expected '(' after {m.group()!r}")
        self.pos += 1
        args: list[Arg] = []
        self.skip_ws()
        if self.peek() == ")":
            self.pos += 1
            return Call(m.group(), (), start)
        while True:
            self.skip_ws()
            args.append(self.parse_arg())
            self.skip_ws()
            c = self.peek()
            if c == ",":
                self.pos += 1
            elif c == ")":
                self.pos += 1
                return Call(m.group(), tuple(args), start)
            elif not c:
                raise self.error(f"missing ')' to close {m.group()}(", start)
            else:
                raise self.error(f"expected ',' or ')', found {c!r}")

    def parse_arg(self) -> Arg:
        c = self.peek()
        start = self.pos
        if c == "'":
            return self.parse_string()
        if c == "$":
            return self.parse_path_arg()
        if c == "-" or c.isdigit():
            m = _NUMBER.match(self.text, self.pos)
            if not m:
                raise self.error("invalid number")
            self.pos = m.end()
            num = m.group()
            return ConstArg(float(num) if m.group(1) or m.group(2) else int(num), start)
        for word, value in (("true", True), ("false", False), ("null", None)):
            end = start + len(word)
            if self.text.startswith(word, start) and not self.text[end : end + 1].isalnum():
                self.pos = end
                return ConstArg(value, start)
        if _NAME.match(self.text, self.pos):
            return self.parse_call()
        if not c:
            raise self.error("expected an argument, found end of text")
        if c == '"':
            raise self.error("string literals in intrinsic functions use single quotes")
        raise self.error(f"unexpected character {c!r} in argument list")

    def parse_string(self) -> StrArg:
        start = self.pos
        self.pos += 1
        value: list[str] = []
        while True:
            c = self.peek()
            if not c:
                raise self.error("unterminated string literal (missing closing ')", start)
            if c == "\\":
                nxt = self.text[self.pos + 1 : self.pos + 2]
                # AWS defines escapes for ' { } and \ only; any other
                # backslash is kept as written.
                value.append(nxt if nxt in _ESCAPABLE and nxt else "\\" + nxt)
                self.pos += 2
                continue
            if c == "'":
                raw = self.text[start + 1 : self.pos]
                self.pos += 1
                return StrArg("".join(value), raw, start)
            value.append(c)
            self.pos += 1

    def parse_path_arg(self) -> PathArg:
        # A path ends at the ',' or ')' that is not inside [...] (filters
        # and bracket names may contain both) or inside a quoted name.
        start = self.pos
        depth = 0
        quote = ""
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if quote:
                if c == "\\":
                    self.pos += 1
                elif c == quote:
                    quote = ""
            elif c in ("'", '"') and depth:
                quote = c
            elif c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
            elif depth == 0 and c in ",)":
                break
            self.pos += 1
        text = self.text[start : self.pos].rstrip()
        name = _VARIABLE_NAME.match(text)
        if name is not None:
            # ``$name...``: the rest is a path over the variable's value.
            try:
                var = variable_path(text)
            except PathSyntaxError as exc:
                # Offsets are in "$" + rest; the rest starts after the name.
                raise PathSyntaxError(exc.message, start + name.end() - 1 + exc.offset, self.text) from None
            assert var is not None
            return PathArg(var.path, start, var.name)
        try:
            parse_path(text)
        except PathSyntaxError as exc:
            # Re-parse to shift the offset into this text's coordinates.
            try:
                PathParser(text, base=start).parse()
            except PathSyntaxError as shifted:
                raise PathSyntaxError(shifted.message, shifted.offset, self.text) from None
            raise PathSyntaxError(exc.message, start + exc.offset, self.text) from None
        return PathArg(parse_path(text), start)


@functools.lru_cache(maxsize=4096)
def parse_intrinsic(text: str) -> Call:
    """Parse ``States.Name(arg, ...)``; raises PathSyntaxError with an offset."""
    return _Parser(text).parse()


def check_intrinsic(text: str) -> list[tuple[str, int]]:
    """Static problems of an intrinsic call, as (message, offset) pairs."""
    try:
        call = parse_intrinsic(text)
    except PathSyntaxError as exc:
        return [(exc.message, exc.offset)]
    problems: list[tuple[str, int]] = []
    if call.depth() > MAX_NESTING:
        problems.append((f"intrinsic functions nest {call.depth()} deep; AWS allows at most {MAX_NESTING}", 0))
    _check_call(call, problems)
    return problems


def _check_call(call: Call, problems: list[tuple[str, int]]) -> None:
    arity = INTRINSICS.get(call.name)
    if arity is None:
        close = difflib.get_close_matches(call.name, INTRINSICS, n=1, cutoff=0.6)
        if not close and not call.name.startswith("States."):
            close = difflib.get_close_matches("States." + call.name.split(".")[-1], INTRINSICS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append((f"unknown intrinsic function {call.name!r}{hint}", call.offset))
    else:
        lo, hi = arity
        n = len(call.args)
        if n < lo or (hi is not None and n > hi):
            want = f"{lo}" if lo == hi else (f"at least {lo}" if hi is None else f"{lo} to {hi}")
            problems.append((f"{call.name} takes {want} argument(s), got {n}", call.offset))
        elif call.name == "States.Format" and isinstance(call.args[0], StrArg):
            count = format_template_placeholders(call.args[0].raw, literal=True)
            if count != n - 1:
                problems.append(
                    (f"States.Format template has {count} '{{}}' placeholder(s) but {n - 1} value(s)",
                     call.args[0].offset)
                )
    for arg in call.args:
        if isinstance(arg, Call):
            _check_call(arg, problems)


def evaluate_intrinsic(
    text: str,
    data: object,
    context: object = None,
    variables: Mapping[str, Any] | None = None,
    rng: random.Random | None = None,
) -> object:
    """Run an intrinsic call against the state's data, the context object and the variables.

    ``rng`` is the random source of States.UUID and of an unseeded
    States.MathRandom (a local run passes its seeded one, so runs repeat).
    Raises StatesError("States.Runtime", ...) for invalid arguments, and
    PathNotFoundError (also States.Runtime) for a path argument that matches
    nothing. A text that does not parse raises PathSyntaxError (the validator
    should have caught it).
    """
    return _eval_call(parse_intrinsic(text), data, context, variables, rng)


def _eval_call(
    call: Call, data: object, context: object, variables: Mapping[str, Any] | None, rng: random.Random | None
) -> object:
    impl = FUNCTIONS.get(call.name)
    if impl is None:
        raise StatesError(RUNTIME, f"The intrinsic function '{call.name}' is not supported")
    lo, hi = INTRINSICS[call.name]
    if len(call.args) < lo or (hi is not None and len(call.args) > hi):
        raise StatesError(RUNTIME, f"Invalid number of arguments for {call.name}: {len(call.args)}")
    values: list[object] = []
    for arg in call.args:
        if isinstance(arg, StrArg | ConstArg):
            values.append(arg.value)
        elif isinstance(arg, PathArg):
            if arg.variable is None:
                values.append(arg.path.evaluate(data, context))
            elif variables is None or arg.variable not in variables:
                raise StatesError(RUNTIME, f"The variable '${arg.variable}' used in '{call.name}' is not defined")
            else:
                values.append(arg.path.evaluate(variables[arg.variable]))
        else:
            values.append(_eval_call(arg, data, context, variables, rng))
    if call.name == "States.Format":
        first = call.args[0]
        if isinstance(first, StrArg):
            # A literal template keeps its escapes so that \{ \} stay literal.
            return states_format(first.raw, values[1:], literal=True)
        return states_format(values[0], values[1:], literal=False)
    random_impl = RANDOM_FUNCTIONS.get(call.name)
    if random_impl is not None:
        return random_impl(values, rng if rng is not None else random.Random())
    return impl(values)

"""The terminal view of a run: one screen, a tree of executions and states in the order they ran.

Each state is one line: its status, the attempts when it was retried ("attempt 3/4 after 4 s
back-off"), the error it raised and the Catch it took (``Exception "偶数です" → Error Task``), and a
preview of its output cut to the terminal's width. Branches and iterations are indented under
their Parallel or Map state; Map iterations are summarised (counts per status, the first failed
item with its error); a nested execution is indented under the task that started it. The final
output follows, once, in full. ``verbose`` adds each state's input and output, ``history`` its
events. Text is printed as written (no ``\\u`` escapes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compiler.local.changes import summary
from compiler.local.emulator import S3Object
from compiler.local.session import LocalResult
from compiler.report.trace import ExecutionTrace, Group, Visit

# Each state line starts with one of these; a state that did not simply succeed names its status too.
GLYPHS = {"succeeded": "✓", "failed": "✗", "caught": "↪", "retried": "↻", "running": "…"}
_COLOURS = {"succeeded": "32", "failed": "31", "caught": "33", "retried": "36", "running": "2",
            "SUCCEEDED": "32", "FAILED": "31", "TIMED_OUT": "31", "ABORTED": "31"}
FULL_LINES = 20  # a final output longer than this, indented, is printed one member per line
PREVIEW_MIN = 12
MESSAGE_MIN = 16  # an error message is cut to the line's width, but never below this
_ANSI = re.compile(r"\033\[[0-9;]*m")  # no preview when fewer cells than this are left on the line


@dataclass
class ScreenOptions:
    width: int = 100
    colour: bool = False
    verbose: bool = False
    history: bool = False


def pretty(value: Any) -> str:
    """Indented JSON with Unicode as is (``偶数です`` reads as in the post)."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


def full(value: Any, indented: bool) -> str:
    """All of ``value``: indented JSON, or, when that runs longer than ``FULL_LINES``, one line per
    member of the top-level array or object (the seed's output, three StartExecution responses with
    their HTTP metadata, is 80 indented lines)."""
    text = pretty(value)
    if indented or text.count("\n") < FULL_LINES or not isinstance(value, list | dict) or not value:
        return text
    if isinstance(value, list):
        members = [compact(item) for item in value]
        open_, close = "[", "]"
    else:
        members = [f"{json.dumps(k, ensure_ascii=False)}: {compact(v)}" for k, v in value.items()]
        open_, close = "{", "}"
    body = ",\n".join("  " + member for member in members)
    return f"{open_}\n{body}\n{close}"


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def cut(text: str, width: int) -> str:
    """``text`` on one line, cut with an ellipsis to ``width`` cells."""
    text = " ".join(text.split())
    if cells(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        size = cells(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"


def error_message(cause: str | None) -> str | None:
    """The message inside a cause: a Lambda error document's errorMessage, else the cause itself."""
    if cause is None or cause == "":
        return None
    try:
        parsed = json.loads(cause)
    except ValueError:
        return cause
    if isinstance(parsed, dict) and isinstance(parsed.get("errorMessage"), str):
        return str(parsed["errorMessage"])
    return cause


def describe_error(error: str | None, cause: str | None, width: int | None = None) -> str:
    """``Exception "偶数です"``: the error and its message, the quoted message cut to ``width`` cells."""
    message = error_message(cause)
    text = error or "(no error name)"
    if message is None:
        return text
    quoted = json.dumps(" ".join(message.split()), ensure_ascii=False)
    if width is not None and cells(quoted) > width:
        quoted = cut(quoted[:-1], width - 1) + '"'
    return f"{text} {quoted}"


class _Screen:
    def __init__(self, options: ScreenOptions) -> None:
        self.options = options
        self.lines: list[str] = []
        self.shown: set[str] = set()

    def paint(self, text: str, code: str | None) -> str:
        return f"\033[{code}m{text}\033[0m" if self.options.colour and code else text

    def line(self, indent: int, text: str, tail: str = "", tail_code: str | None = None) -> None:
        """A line of the tree; ``tail`` (a preview) is cut to what the width leaves."""
        pad = "  " * indent
        room = self.options.width - cells(pad) - cells(_ANSI.sub("", text)) - 2
        if tail and room >= PREVIEW_MIN:
            text = f"{text}  {self.paint(cut(tail, room), tail_code)}"
        self.lines.append(pad + text)

    def block(self, indent: int, title: str, value: Any) -> None:
        pad = "  " * indent
        self.lines.append(f"{pad}{title}:")
        self.lines.append(textwrap.indent(pretty(value), pad + "  "))

    def execution(self, trace: ExecutionTrace, indent: int, label: str | None = None) -> None:
        self.shown.add(trace.id)
        execution = trace.execution
        name = f"{trace.machine} ({label})" if label else trace.machine
        status = self.paint(execution.status, _COLOURS.get(execution.status))
        arrow = "↳ " if trace.parent is not None else ""
        self.line(indent, f"{arrow}{name}  {status}", f"execution {execution.name}")
        self.visits(trace.visits, indent + 1)

    def visits(self, visits: Sequence[Visit], indent: int) -> None:
        for visit in visits:
            self.visit(visit, indent)

    def visit(self, visit: Visit, indent: int) -> None:
        status = visit.status
        head = f"{self.paint(GLYPHS[status], _COLOURS[status])} {visit.name}"
        notes = self.notes(visit, self.options.width - cells("  " * indent) - 4 - cells(visit.name))
        if notes:
            head = f"{head}  {notes}"
        tail = ""
        if visit.has_output and visit.error is None and not self.options.verbose:
            tail = "→ " + compact(visit.output)
        self.line(indent, head, tail, "2")
        if self.options.verbose:
            self.block(indent + 2, "input", visit.input)
            if visit.has_output:
                self.block(indent + 2, "output", visit.output)
            if visit.assigned:
                self.block(indent + 2, "assigned", visit.assigned)
        if self.options.history:
            for event in visit.events:
                details = compact(event.details) if event.details else ""
                self.line(indent + 2, f"· {event.id} {event.type}", details, "2")
        for child in visit.children:
            self.execution(child, indent + 1)
        if visit.type == "Map" and visit.groups:
            self.iterations(visit, indent + 1)
        else:
            for group in visit.groups:
                self.lines.append(f"{'  ' * (indent + 1)}{group.label}")
                self.visits(group.visits, indent + 2)

    def notes(self, visit: Visit, room: int) -> str:
        """Attempts, the error and the Catch taken, in ``room`` cells (the error message is cut)."""
        status = visit.status
        parts = [] if status == "succeeded" else [self.paint(status, _COLOURS[status])]
        if len(visit.attempts) > 1:
            last = visit.attempts[-1]
            of = f"/{visit.max_attempts}" if visit.max_attempts else ""
            parts.append(f"attempt {last.number}{of} after {seconds(last.backoff)} back-off")
        if visit.error is not None:
            after = f" → {visit.catch.next}" if visit.catch is not None else ""
            # What the line takes without the quoted message (" " stands for it and its space).
            fixed = cells(_ANSI.sub("", self._join(status, [*parts, f"{visit.error} {after}"])))
            text = describe_error(visit.error, visit.cause, max(MESSAGE_MIN, room - fixed)) + after
            parts.append(self.paint(text, _COLOURS[visit.status]))
        return self._join(status, parts)

    @staticmethod
    def _join(status: str, parts: list[str]) -> str:
        if status != "succeeded" and len(parts) > 1:
            return f"{parts[0]} {' · '.join(parts[1:])}"
        return " · ".join(parts)

    def iterations(self, visit: Visit, indent: int) -> None:
        counts: dict[str, int] = {}
        for group in visit.groups:
            counts[group.status] = counts.get(group.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        ran = len(visit.groups)
        word = "item" if ran == 1 else "items"
        of = f" of {visit.items}" if visit.items is not None and visit.items != ran else ""
        text = f"{ran}{of} {word}{' run' if of else ''}: {summary}"
        failed = _first_failed(visit.groups)
        if failed is not None:
            group, culprit = failed
            text += f"; first failed: {group.label}, {culprit.name}: {describe_error(culprit.error, culprit.cause)}"
        nested = [child for group in visit.groups for inner in group.visits for v in inner.walk()
                  for child in v.children]
        if nested and not self.options.verbose:
            text += f"; {len(nested)} nested executions (-v lists them)"
        self.line(indent, text)
        for child in nested:
            if self.options.verbose:
                self.execution(child, indent + 1)
            else:
                self.shown.update(t.id for t in _descendants(child))


def _descendants(trace: ExecutionTrace) -> list[ExecutionTrace]:
    found = [trace]
    for visit in trace.all_visits():
        for child in visit.children:
            found.extend(_descendants(child))
    return found


def _first_failed(groups: Sequence[Group]) -> tuple[Group, Visit] | None:
    for group in groups:
        if group.status != "failed":
            continue
        visits = [inner for visit in group.visits for inner in visit.walk()]
        culprit = next((v for v in visits if v.status == "failed"), visits[-1] if visits else None)
        if culprit is not None:
            return group, culprit
    return None


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def seconds(value: float) -> str:
    return f"{value:g} s"


def render(traces: Sequence[ExecutionTrace], label: str, objects: Sequence[S3Object] | None, emulator: str,
           options: ScreenOptions, changed: Mapping[str, Any] | None = None) -> str:
    """The screen for a run whose traces come from ``trace_run`` (the root execution first)."""
    screen = _Screen(options)
    root = traces[0]
    screen.execution(root, 0, label)
    for trace in traces[1:]:
        if trace.id not in screen.shown:  # started where the tree does not show (a summarised Map)
            screen.lines.append("")
            where = f" (started by '{trace.started_by.name}')" if trace.started_by else ""
            screen.lines.append(f"nested execution{where}:")
            screen.execution(trace, 1)
    execution = root.execution
    screen.lines.append("")
    screen.lines.append(f"status: {screen.paint(execution.status, _COLOURS.get(execution.status))}")
    if execution.status == "SUCCEEDED":
        screen.lines.append("output:")
        screen.lines.append(textwrap.indent(full(execution.output, options.verbose), "  "))
    else:
        if execution.error is not None:
            screen.lines.append(f"error: {execution.error}")
        if execution.cause is not None:
            parsed = _json_or_none(execution.cause)
            if isinstance(parsed, dict | list):
                screen.block(0, "cause", parsed)
            else:
                screen.lines.append(f"cause: {execution.cause}")
    lines = summary(changed) if changed else []
    if lines:
        screen.lines.append("")
        screen.lines.append(f"changed ({emulator}):")
        screen.lines.extend(lines)
    if objects is not None:
        screen.lines.append("")
        screen.lines.extend(_objects(objects, emulator))
    return "\n".join(screen.lines) + "\n"


def _objects(objects: Sequence[S3Object], emulator: str) -> list[str]:
    if not objects:
        return [f"S3 objects ({emulator}): none"]
    lines = [f"S3 objects ({emulator}):"]
    for item in objects:
        lines.append(f"  s3://{item.bucket}/{item.key}  ({item.size} bytes)")
        if item.content is not None:
            lines.append(textwrap.indent(item.content, "    | ", lambda _line: True))
    return lines


def show(result: LocalResult, *, verbose: bool = False, history: bool = False) -> str:
    """``compiler run``'s text view of a local run, for this terminal (width, colour as ``validate``)."""
    from compiler.report.trace import trace_run

    options = ScreenOptions(width=shutil.get_terminal_size().columns, verbose=verbose, history=history,
                            colour=sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    traces = trace_run(result.execution, result.setup.all_definitions())
    emulator = {"embedded": "embedded emulator"}.get(result.emulator, result.emulator)
    return render(traces, result.setup.label, result.objects, emulator, options, result.changes)

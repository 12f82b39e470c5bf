"""Options shared by several commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compiler.ir import Program
    from compiler.pipeline import Compiled

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def name_value(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` split at the first '='; argparse turns the error into a usage error (exit 2)."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expects NAME=VALUE, got {text!r}")
    return name, value


def add_context_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``-c NAME=VALUE`` (repeatable): CDK context, e.g. a spec parameter override; read as a dict."""
    parser.add_argument("-c", "--context", action="append", default=[], type=name_value,
                        metavar="NAME=VALUE", help=help_text)


def write_output(path: Path, text: str, command: str) -> bool:
    """Write ``text`` to ``path`` (``-o``); an unwritable path is one line on stderr, not a traceback."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"compiler {command}: cannot write {path}: {exc.strerror or exc}\n"
                         "  hint: -o needs a file path in an existing, writable folder\n")
        return False
    return True


STDIN = "-"


def compile_argument(spec: str | Path) -> Compiled:
    """``compile_spec`` of a spec argument; ``-`` reads the spec from standard input (as ``validate`` does).

    A spec read from standard input resolves its relative paths (``code: handlers/...``) against
    the current folder.
    """
    from compiler.pipeline import compile_spec

    if str(spec) == STDIN:
        return compile_spec("<stdin>", text=sys.stdin.buffer.read(), display="<stdin>")
    return compile_spec(spec)


def program_of(command: str, spec: str | Path, machines: list[str] | None) -> tuple[Program | None, int]:
    """The compiled program of a command that works on (some of) a spec's machines (``graph``, ``iam``).

    On errors, their diagnostics go to stderr and the exit code comes back: 1, or 2 when the spec
    cannot be read or ``--machine`` names a machine the spec does not have.
    """
    from compiler.formats import text as diagnostics_text

    compiled = compile_argument(spec)
    if compiled.program is None:
        sys.stderr.write(diagnostics_text.render([compiled.report]))
        return None, EXIT_USAGE if compiled.report.unreadable else EXIT_ERRORS
    unknown = [k for k in machines or [] if k not in compiled.program.machines]
    if unknown:
        known = ", ".join(compiled.program.machines) or "none"
        sys.stderr.write(f"compiler {command}: no state machine {', '.join(unknown)} (machines: {known})\n")
        return None, EXIT_USAGE
    return compiled.program, EXIT_OK

"""``compiler diff BASE [HEAD]``: what changed in meaning between two specs or git revisions.

Exit status: 0 no changes (or changes without --exit-code); 1 changes with --exit-code (like
``git diff --exit-code``); 2 usage errors, unreadable sides, or a side whose spec has errors (its
diagnostics are printed to standard error): a broken spec has no meaning to compare, and a CI
job must not mistake it for "there are changes".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.commands.options import write_output
from compiler.diff import diff_programs
from compiler.diff.formats import FORMATTERS
from compiler.diff.graphs import change_graphs
from compiler.diff.load import load_side
from compiler.diff.revisions import Side, SourceError, resolve
from compiler.formats import text as diagnostics_text
from compiler.ir import Program

EXIT_SAME, EXIT_CHANGED, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  compiler diff origin/main                 workflow.yaml at origin/main vs the working tree\n"
        "  compiler diff main..feature               the spec at two revisions\n"
        "  compiler diff old.yaml new.yaml           two files\n\n"
        "exit status: 0 no changes (or --exit-code not given), 1 changes with --exit-code,\n"
        "2 usage error or a spec with errors on either side (diagnostics on stderr)"
    )
    parser.add_argument("base", metavar="BASE",
                        help="a spec file ('-': standard input), or a git revision (REV: against the working tree), "
                        "A..B or A...B")
    parser.add_argument("head", nargs="?", metavar="HEAD", help="a spec file ('-': standard input), or a git revision")
    parser.add_argument("--spec", type=Path, default=Path("workflow.yaml"),
                        help="the spec file compared at git revisions (default: workflow.yaml)")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format (default: text)")
    parser.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes")
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    sides = [args.base] if args.head is None else [args.base, args.head]
    try:
        base_side, head_side = resolve(sides, args.spec)
    except SourceError as exc:
        sys.stderr.write(f"compiler diff: {exc}\n")
        return EXIT_USAGE
    if not base_side.exists and not head_side.exists:
        sys.stderr.write(f"compiler diff: {args.spec} exists on neither side\n")
        return EXIT_USAGE
    base, base_ok = _compile(base_side)
    head, head_ok = _compile(head_side)
    if not (base_ok and head_ok):
        return EXIT_USAGE
    diff = diff_programs(base, head, base_side.label, head_side.label)
    graphs = change_graphs(base, head, diff) if args.format == "markdown" else {}
    rendered = FORMATTERS[args.format](diff, graphs)
    if args.output is not None:
        if not write_output(args.output, rendered, "diff"):
            return EXIT_USAGE
    else:
        sys.stdout.write(rendered)
    return EXIT_CHANGED if args.exit_code and not diff.empty else EXIT_SAME


def _compile(side: Side) -> tuple[Program | None, bool]:
    """The side's program (None when the spec does not exist there), and whether it compiled."""
    if not side.exists:
        return None, True
    loaded = load_side(side.path, side.text, side.label)
    if loaded.program is None:
        sys.stderr.write(diagnostics_text.render([loaded.report]))
        sys.stderr.write(f"compiler diff: {side.label} has errors; fix them before comparing\n")
        return None, False
    return loaded.program, True

"""``compiler validate [SPEC ...]``: every problem at once, each with its line, column and hint."""

from __future__ import annotations

import argparse
import os
import sys

from compiler.commands.options import add_context_option
from compiler.formats import FORMATTERS
from compiler.local.asl_file import compile_file
from compiler.pipeline import compile_spec

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="*", default=["workflow.yaml"], metavar="SPEC",
                        help="spec files or ASL definitions (default: workflow.yaml); '-' reads a spec from standard input")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text",
                        help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the run too")
    parser.add_argument("--no-nag", action="store_true",
                        help="leave out the cdk-nag findings synth would report (W411), as 'synth --no-nag' does")
    add_context_option(parser, "a spec parameter's value, as 'cdk synth -c NAME=VALUE' gives it (repeatable): "
                       "names and limits are checked with it")


def run(args: argparse.Namespace) -> int:
    reports = []
    usage_problem = False
    overrides = dict(args.context)
    nag = not args.no_nag
    for spec in args.specs:
        if spec == "-":
            compiled = compile_spec("<stdin>", text=sys.stdin.buffer.read(), display="<stdin>", overrides=overrides,
                                    nag=nag)
        else:
            compiled = compile_file(spec, overrides, nag=nag)  # a spec, or a bare ASL definition (JSON/YAML)
        reports.append(compiled.report)
        usage_problem |= compiled.report.unreadable
    color = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(FORMATTERS[args.format](reports, color))
    if usage_problem:
        return EXIT_USAGE
    errors = any(r.has_errors for r in reports)
    warnings = any(not d.is_error for r in reports for d in r.diagnostics)
    return EXIT_ERRORS if errors or (args.strict and warnings) else EXIT_OK

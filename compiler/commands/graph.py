"""``compiler graph [SPEC] [--machine KEY] --format mermaid|dot|svg [-o FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.commands.options import compile_argument, write_output
from compiler.formats import text as diagnostics_text
from compiler.graph import dot, mermaid, program_graph, svg

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", type=Path, default=Path("workflow.yaml"),
                        help="the spec (default: workflow.yaml); '-' reads it from standard input")
    parser.add_argument("--machine", action="append", metavar="KEY",
                        help="draw only this state machine (repeatable; default: all)")
    parser.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid",
                        help="output format (default: mermaid); svg needs Graphviz's dot")
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    compiled = compile_argument(args.spec)
    if compiled.program is None:
        sys.stderr.write(diagnostics_text.render([compiled.report]))
        return EXIT_USAGE if compiled.report.unreadable else EXIT_ERRORS
    program = compiled.program
    unknown = [k for k in args.machine or [] if k not in program.machines]
    if unknown:
        known = ", ".join(program.machines) or "none"
        sys.stderr.write(f"compiler graph: no state machine {', '.join(unknown)} (machines: {known})\n")
        return EXIT_USAGE
    graph = program_graph(program, args.machine)
    if args.format == "mermaid":
        text = mermaid.render(graph)
    else:
        text = dot.render(graph)
        if args.format == "svg":
            try:
                text = svg.render(text)
            except (svg.GraphvizMissing, svg.GraphvizFailed) as exc:
                sys.stderr.write(f"compiler graph: {exc}\n")
                return EXIT_USAGE
    if args.output is not None:
        if not write_output(args.output, text, "graph"):
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK

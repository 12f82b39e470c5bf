"""``compiler graph [SPEC] [--machine KEY] --format mermaid|dot|svg [-o FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.commands.options import EXIT_OK, EXIT_USAGE, program_of, write_output
from compiler.graph import dot, mermaid, program_graph, svg


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", type=Path, default=Path("workflow.yaml"),
                        help="the spec (default: workflow.yaml); '-' reads it from standard input")
    parser.add_argument("--machine", action="append", metavar="KEY",
                        help="draw only this state machine (repeatable; default: all)")
    parser.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid",
                        help="output format (default: mermaid); svg needs Graphviz's dot")
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    program, code = program_of("graph", args.spec, args.machine)
    if program is None:
        return code
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

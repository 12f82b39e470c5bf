"""``compiler schema [--check]``: write (or verify) schema/workflow.schema.json from the models."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.commands.options import write_output
from compiler.schema_gen import render_schema

DEFAULT = Path("schema/workflow.schema.json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=None, help=f"where to write (default: {DEFAULT})")
    parser.add_argument("--test-file", action="store_true",
                        help="the schema of workflow test files instead (default: schema/workflow-test.schema.json)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file on disk is stale")


def run(args: argparse.Namespace) -> int:
    if args.test_file:
        from compiler.testing.schema import DEFAULT as TEST_DEFAULT
        from compiler.testing.schema import render_test_schema

        text = render_test_schema()
        args.output = args.output or TEST_DEFAULT
    else:
        text = render_schema()
        args.output = args.output or DEFAULT
    if args.check:
        try:
            current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        except (OSError, UnicodeDecodeError) as exc:
            sys.stderr.write(f"compiler schema: cannot read {args.output}: {getattr(exc, 'strerror', None) or exc}\n"
                             "  hint: --check compares a JSON Schema file; regenerate it with: compiler schema\n")
            return 2
        if current != text:
            sys.stderr.write(f"{args.output} is stale; regenerate it with: compiler schema\n")
            return 1
        return 0
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        sys.stderr.write(f"compiler schema: cannot create the folder of {args.output}: {exc.strerror or exc}\n")
        return 2
    if not write_output(args.output, text, "schema"):
        return 2
    sys.stdout.write(f"wrote {args.output}\n")
    return 0

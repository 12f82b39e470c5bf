"""``compiler test [PATH ...]``: run workflow test cases in-process, with expectations and state coverage.

PATH is a test file, a folder (searched for ``*.test.yaml`` and ``tests/workflow/*.yaml``) or a
spec / ASL file (its test files by that convention); default: the current folder. With
``--mock-config FILE`` the PATHs are specs (default workflow.yaml) and every test case of that
AWS MockConfigFile runs as is. Exit 0 when every case passes (and coverage reaches
``--min-coverage``), 1 otherwise, 2 when a test file has errors or nothing can run. See docs/testing.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """\
examples:
  compiler test                                  # every *.test.yaml and tests/workflow/*.yaml under .
  compiler test workflow.yaml --coverage         # the spec's test files, and which states/edges they reach
  compiler test -k 'branch*' --format junit -o report.xml
  compiler test definition.asl.json --mock-config MockConfigFile.json     # an AWS mock config's cases as is
  compiler test --export-mock-config MockConfigFile.json                  # the YAML cases' mocks for SFN Local
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="test files, folders or specs (default: the current folder)")
    parser.add_argument("-k", metavar="PATTERN", dest="pattern",
                        help="only cases whose name (or FILE::NAME) contains PATTERN or matches it as a glob")
    parser.add_argument("--mock-config", metavar="FILE", type=Path,
                        help="run every test case of this AWS MockConfigFile against the PATHs (specs or ASL files)")
    parser.add_argument("--format", choices=("text", "json", "junit"), default="text",
                        help="text: a line per case and a summary; json: one document; junit: JUnit XML")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="write the report (json, junit) to FILE instead of standard output")
    parser.add_argument("--coverage", action="store_true",
                        help="report state coverage per machine: states, transitions, Choice branches, "
                        "Retry rules, Catch edges")
    parser.add_argument("--min-coverage", metavar="N", type=float,
                        help="fail (exit 1) when the total coverage is below N percent (implies --coverage)")
    parser.add_argument("--export-mock-config", metavar="OUT.json", type=Path,
                        help="write the selected YAML cases' mocks as an AWS MockConfigFile, and run nothing")


def run(args: argparse.Namespace) -> int:
    from compiler.testing.command import main

    try:
        return main(args)
    except BrokenPipeError:
        raise
    except OSError as exc:
        sys.stderr.write(f"compiler test: {exc}\n")
        return 2

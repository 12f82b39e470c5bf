"""The body of ``compiler test`` (the argument wiring is in compiler/commands/test.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.testing import reports
from compiler.testing.runner import CaseResult
from compiler.testing.session import collect, run_all

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(args: argparse.Namespace) -> int:
    if args.min_coverage is not None and not 0 <= args.min_coverage <= 100:
        sys.stderr.write(f"compiler test: --min-coverage {args.min_coverage}: give a percentage from 0 to 100\n")
        return EXIT_USAGE
    if args.export_mock_config is not None and args.mock_config is not None:
        sys.stderr.write("compiler test: --export-mock-config writes the YAML cases' mocks; it does not take "
                         "--mock-config\n")
        return EXIT_USAGE
    found = collect(args.paths, mock_config=args.mock_config, pattern=args.pattern)
    if found.has_errors:
        from compiler.formats import FORMATTERS

        failing = [r for r in found.reports if r.diagnostics]
        if failing:
            sys.stderr.write(FORMATTERS["text"](failing, False))
        for message in found.usage:
            sys.stderr.write(f"compiler test: {message}\n")
        sys.stderr.write("compiler test: the test files have errors; nothing was run\n")
        return EXIT_USAGE
    if not found.cases:
        where = ", ".join(str(p) for p in args.paths) or "."
        sys.stderr.write(f"compiler test: no test case {'matches -k ' + args.pattern if args.pattern else 'found'} "
                         f"in {where}\n  hint: test files are <spec>.test.yaml beside a spec, or tests/workflow/*.yaml "
                         "(docs/testing.md)\n")
        return EXIT_USAGE
    if args.export_mock_config is not None:
        from compiler.testing.export import write_mock_config

        return write_mock_config(found, args.export_mock_config)
    text = args.format == "text"

    def show(result: CaseResult) -> None:
        if text:
            sys.stdout.write(reports.case_line(result))
            sys.stdout.flush()

    outcome = run_all(found, show)
    want_coverage = args.coverage or args.min_coverage is not None
    below = want_coverage and args.min_coverage is not None and outcome.coverage.total_percent() < args.min_coverage
    if text:
        if want_coverage:
            sys.stdout.write(reports.coverage_table(outcome.coverage))
        sys.stdout.write(reports.summary(outcome.results, outcome.seconds))
    else:
        document = (reports.to_json(outcome.results, outcome.seconds, outcome.coverage if want_coverage else None)
                    if args.format == "json" else reports.to_junit(outcome.results, outcome.seconds))
        _write(document, args.output)
    if below:
        sys.stderr.write(f"compiler test: coverage {outcome.coverage.total_percent():.1f} % is below "
                         f"--min-coverage {args.min_coverage:g} %\n")
    failed = any(not r.passed for r in outcome.results)
    return EXIT_FAILED if failed or below else EXIT_OK


def _write(document: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(document)
        return
    output.write_text(document, encoding="utf-8")
    sys.stderr.write(f"compiler test: wrote {output}\n")

"""``compiler import FILE``: turn an existing definition (ASL, CloudFormation/SAM, serverless.yml) into spec.

The spec goes to standard output, to ``-o OUT``, or into an existing spec with ``--into``. An existing
file is never replaced without ``--force`` (``--into`` without ``-o`` edits its target: that is what
was asked for). Diagnostics and the import report go to standard error; exit 0 when imported, 1 when
refused, 2 when a file cannot be read or would be overwritten.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from compiler.diagnostics import M_OUTPUT_EXISTS, Report
from compiler.formats import FORMATTERS
from compiler.importer.errors import Located
from compiler.importer.session import Outcome, import_file
from compiler.source import SourceMap

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

GUARANTEE = """\
round trip: every imported machine is emitted again (compiler.lower, the emitter validate/run/synth
use) and must equal the input definition as JSON values, or the import is refused (M503/M504) with
the construct or the first differing path. Allowed normalisations:
  - a recognised ARN or placeholder is written as ${key.arn} / ${params.NAME} and stands for the text
    it replaced (Lambda function ARNs -> 'function' resources with 'existing', state machine ARNs ->
    'state_machine' resources, or the target spec's own resources and machines by name with --into);
  - numbers compare by value (BackoffRate 2 is emitted as 2.0); key order inside objects is the emitter's;
  - CloudFormation intrinsics are read as the ${...} text Fn::Sub would use; literal Fn::Sub variables
    are inlined, as CloudFormation does.
placeholders ${X}: bound by the template to a function or state machine -> a resource reference; to a
literal -> spec parameter X with that default; unknown -> spec parameter X without a default
(warning M550); not a valid name (${AWS::Region}, ${self:service}) or inside a mapping key -> kept
verbatim (warning M550).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = GUARANTEE
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="an ASL definition (JSON/YAML), a CloudFormation/SAM template or a serverless.yml")
    parser.add_argument("--into", type=Path, metavar="SPEC", help="merge into this existing spec")
    parser.add_argument("--name", help="the machine's key in the spec (default: from the file or logical id)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="diagnostics format")


def run(args: argparse.Namespace) -> int:
    destination: Path | None = args.output or args.into
    if args.output is not None and args.output.exists() and not args.force:
        outcome = Outcome()
        outcome.add(SourceMap(str(args.output)), Located(
            M_OUTPUT_EXISTS, f"{args.output} exists; it is not replaced without --force",
            hint="pass --force, or choose another -o, or merge with --into"))
        return _finish(args, outcome, EXIT_USAGE)
    outcome = import_file(args.file, into=args.into, name=args.name)
    if not outcome.ok or outcome.text is None:
        usage = any(r.unreadable for r in outcome.reports.values())
        return _finish(args, outcome, EXIT_USAGE if usage else EXIT_ERRORS)
    written = _validate_written(outcome.text, destination, args.into)
    if written.has_errors:
        outcome.reports["<written spec>"] = written
        outcome.lines.append("the spec written has errors (above, at its lines): fix them before using it")
    code = EXIT_ERRORS if written.has_errors else EXIT_OK
    if destination is None:
        sys.stdout.write(outcome.text)
    else:
        try:
            _write_atomically(destination, outcome.text)
        except OSError as exc:
            outcome.lines.append(f"cannot write {destination}: {exc.strerror or exc}; nothing was written "
                                 "(hint: -o needs a file path in a writable folder)")
            return _finish(args, outcome, EXIT_USAGE)
        outcome.lines.append(f"wrote {destination}")
    return _finish(args, outcome, code)


def _validate_written(text: str, destination: Path | None, into: Path | None) -> Report:
    """The errors ``compiler validate`` finds in the spec as written (a definition can import cleanly
    and still break a rule, e.g. a Choice's Default naming no state); errors the ``--into`` target
    already had are its own (M551 said so), not the import's."""
    from compiler.pipeline import compile_spec

    path = destination if destination is not None else Path.cwd() / "imported.yaml"
    report = compile_spec(path, text=text.encode(), display=str(destination or "<stdout>")).report
    known = set()
    if into is not None:
        known = {(d.code, d.message) for d in compile_spec(into).report.diagnostics if d.is_error}
    report.diagnostics = [d for d in report.diagnostics if d.is_error and (d.code, d.message) not in known]
    return report


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _finish(args: argparse.Namespace, outcome: Outcome, code: int) -> int:
    reports: list[Report] = [r for r in outcome.reports.values() if r.diagnostics]
    if reports:
        sys.stderr.write(FORMATTERS[args.format](reports, False))
    for line in outcome.lines:
        sys.stderr.write(f"import: {line}\n")
    return code

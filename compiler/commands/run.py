"""``compiler run [SPEC|ASL_FILE]``: execute a state machine locally, offline, and show what each state did.

A spec is compiled first (its diagnostics, and exit 1, when it has errors); its functions run
in-process from their code folders and its machines can start each other. A bare ASL file runs
as it is, its Lambda tasks served by ``--handler`` or ``--mock``. Handlers' AWS calls go to an
embedded moto unless ``--endpoint-url`` or ``--real-aws`` says otherwise. Exit 0 when the
execution succeeds, 1 when it fails or cannot start, 2 on a usage error. See docs/run.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from compiler.local.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, LocalError, UsageError

EPILOG = """\
examples:
  compiler run                                  # workflow.yaml, the machine no other one starts
  compiler run workflow.yaml --machine main --input '{"k": 1}'
  compiler run definition.asl.json --handler my_fn=handlers/my/app.py:handler --mock other_fn='{"ok": true}'
  compiler run --mock-error my_fn=Lambda.ServiceException:unavailable   # the task fails: Retry and Catch
  compiler run --format json > run.json         # one document: status, executions, events, S3 objects
"""


# Step Functions refuses these in execution names (StartExecution: InvalidName).
_NAME_FORBIDDEN = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")


def execution_name(text: str) -> str:
    """An execution name AWS would accept: 1-80 characters, none of its forbidden ones."""
    if not 1 <= len(text) <= 80:
        raise argparse.ArgumentTypeError(f"an execution name has 1 to 80 characters, got {len(text)}")
    bad = _NAME_FORBIDDEN.search(text)
    if bad:
        raise argparse.ArgumentTypeError(f"{bad.group()!r} is not allowed in an execution name ({text!r})")
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", nargs="?", default="workflow.yaml", metavar="SPEC|ASL_FILE",
                        help="a spec (default: workflow.yaml) or an ASL definition (JSON/YAML); "
                        "'-' reads a spec from standard input")
    parser.add_argument("--machine", metavar="NAME",
                        help="the spec's machine to run, by key or state_machine_name "
                        "(default: the only one, or the only one no other machine starts)")
    parser.add_argument("--input", metavar="JSON|@file", help="the execution input (default: {})")
    parser.add_argument("--trigger", metavar="NAME",
                        help="start the machine as its trigger NAME would: the event it delivers (a schedule's "
                        "input, an event matching the rule, an S3 Object Created event, the HTTP body from --input) "
                        "through its input or input transformer")
    parser.add_argument("--name", metavar="EXEC_NAME", type=execution_name,
                        help="the execution's name (default: a seeded UUID)")
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="seed for names, ids, task tokens and retry jitter (default: 0)")
    parser.add_argument("--handler", action="append", default=[], metavar="ARN_OR_NAME=FILE.py:FUNC|MODULE:FUNC",
                        help="run this Python function for a Lambda function (repeatable)")
    parser.add_argument("--mock", action="append", default=[], metavar="ARN_OR_NAME=JSON|@file",
                        help="fixed result for a task resource (ARN or glob) or a function name (repeatable)")
    parser.add_argument("--mock-error", action="append", default=[], metavar="ARN_OR_NAME=ERROR[:CAUSE]",
                        help="make a task resource (ARN or glob) or a function fail with this error and cause, "
                        "on every call, to exercise Retry and Catch (repeatable)")
    parser.add_argument("--task-answer", action="append", default=[], metavar="TOKEN_OR_STATE=JSON|@file",
                        help="answer for a .waitForTaskToken or activity task (its worker's), by token or state name (repeatable)")
    parser.add_argument("--mock-config", metavar="FILE", type=Path,
                        help="an AWS MockConfigFile (Step Functions Local's format); with --test-case, its "
                        "mocked responses answer the case's Task states (see docs/testing.md)")
    parser.add_argument("--test-case", metavar="NAME",
                        help="the test case of --mock-config to run, as Step Functions Local runs ARN#NAME")
    parser.add_argument("--fixtures", metavar="DIR|FILE", type=Path,
                        help="data to put into the embedded emulator before the run: s3/<bucket>/<key> files, "
                        "dynamodb/<table>.json item lists, sqs/<queue>.json messages, secrets/<name> values "
                        "(or one JSON/YAML file with those parts; see docs/run.md)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="text view: add each state's input and output")
    parser.add_argument("--history", action="store_true", help="text view: add each state's events")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: a tree of executions and states; json: one document (see docs/run.md)")
    parser.add_argument("--report", metavar="FILE.html", type=Path,
                        help="also write the run as one self-contained HTML page: graphs coloured by what each "
                        "state did, a panel per state, nested executions, Map iterations, a timeline")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--endpoint-url", metavar="URL", type=_endpoint_url,
                       help="send handlers' AWS calls to this endpoint (e.g. LocalStack) instead of the embedded moto")
    where.add_argument("--real-aws", action="store_true",
                       help="handlers call real AWS with your credentials (no emulator, no fake credentials)")


def _endpoint_url(text: str) -> str:
    """An http(s) URL with a host; anything else made botocore raise ValueError mid-run (a traceback)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a URL: {text!r} ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"expects an http:// or https:// URL with a host, e.g. "
                                         f"http://localhost:4566, got {text!r}")
    return text


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except LocalError as exc:
        sys.stderr.write(f"compiler run: {exc}\n")
        return exc.exit_code


def _run(args: argparse.Namespace) -> int:
    from compiler.local.asl_file import read_asl
    from compiler.local.functions import handler_override
    from compiler.local.session import RunOptions, run_local
    from compiler.local.values import failure_value, json_value, split_pair

    cwd = Path.cwd()
    options = RunOptions(name=args.name, seed=args.seed, endpoint_url=args.endpoint_url, real_aws=args.real_aws)
    if args.input is not None:
        options.input = json_value(args.input, "--input")
    if args.fixtures is not None:
        from compiler.local.fixtures import read_fixtures

        options.fixtures = read_fixtures(args.fixtures)
    for item in args.handler:
        key, function = handler_override(item, cwd)
        options.handlers[key] = function
    for item in args.mock:
        key, value = split_pair(item, "--mock", "JSON|@file")
        options.mocks[key] = json_value(value, f"--mock {key}")
    for item in args.mock_error:
        key, value = split_pair(item, "--mock-error", "ERROR[:CAUSE]")
        if key in options.mocks:
            raise UsageError(f"--mock-error {key}: {key} already has a result from --mock; give one or the other")
        options.mocks[key] = failure_value(value, f"--mock-error {key}")
    if args.task_answer:
        options.task_answers = {}
        for item in args.task_answer:
            key, value = split_pair(item, "--task-answer", "JSON|@file")
            options.task_answers[key] = json_value(value, f"--task-answer {key}")
    path = Path(args.file)
    definition = None if args.file == "-" else read_asl(path)
    if definition is not None:
        if args.machine is not None:
            raise UsageError("--machine chooses a machine of a spec; an ASL file holds exactly one")
        from compiler.local.setup import from_asl

        setup = from_asl(path, definition)
    else:
        setup = _spec_setup(path, args.machine, args.trigger, options)
    if args.mock_config is not None or args.test_case is not None:
        options.state_mocks = _case_mocks(args, setup)
    result = run_local(setup, options)
    for warning in result.warnings:
        sys.stderr.write(f"compiler run: warning: {warning}\n")
    _print(args, result)
    if args.report is not None and not _write_report(args.report, result):
        return EXIT_USAGE
    return EXIT_OK if result.execution.status == "SUCCEEDED" else EXIT_FAILED


def _case_mocks(args: argparse.Namespace, setup: Any) -> Any:
    from compiler.testing.run_case import case_mocks

    if args.mock_config is None:
        raise UsageError("--test-case names a test case of --mock-config FILE; give the file too")
    return case_mocks(args.mock_config, args.test_case, setup)


def _spec_setup(path: Path, machine: str | None, trigger: str | None = None, options: Any = None) -> Any:
    from compiler.commands.options import compile_argument
    from compiler.formats import FORMATTERS
    from compiler.local.setup import choose_machine, from_program

    compiled = compile_argument(path)
    if compiled.report.diagnostics:  # errors stop the run; warnings are shown as validate shows them
        sys.stderr.write(FORMATTERS["text"]([compiled.report], False))
    if compiled.program is None:
        usage = compiled.report.unreadable
        raise LocalError(f"{path}: the spec has errors; nothing was run", exit_code=EXIT_USAGE if usage else EXIT_FAILED)
    program = compiled.program
    root = Path.cwd() if str(path) == "-" else path.resolve().parent
    from compiler.deps.local import version_notes

    for note in version_notes(program, root):  # layers' packages come from this interpreter
        sys.stderr.write(f"compiler run: note: {note}\n")
    if trigger is not None:
        machine = _trigger_input(program, trigger, machine, options)
    return from_program(program, choose_machine(program, machine), root)


def _trigger_input(program: Any, name: str, machine: str | None, options: Any) -> str:
    """The machine the trigger starts; its input set on ``options`` (--input is an HTTP trigger's body)."""
    import json

    from compiler.triggers.events import TransformError
    from compiler.triggers.local import TriggerNotFound, start

    body = options.input if options.input is not None else None
    try:
        started = start(program, name, machine, body)
    except (TriggerNotFound, TransformError) as exc:
        raise UsageError(str(exc)) from exc
    if options.input is not None and started.trigger.type != "http_api":
        raise UsageError(f"--input with --trigger {name}: a {started.trigger.type} trigger builds its own input")
    options.input = started.delivery.input
    target = started.machine + (f":{started.trigger.alias}" if started.trigger.alias else "")
    if started.delivery.event is not None:
        sys.stderr.write(f"compiler run: trigger '{name}' ({started.trigger.type}) delivers "
                         f"{json.dumps(started.delivery.event, ensure_ascii=False)}\n")
    sys.stderr.write(f"compiler run: trigger '{name}' starts {target} with "
                     f"{json.dumps(started.delivery.input, ensure_ascii=False)}\n")
    return started.machine


def _write_report(path: Path, result: Any) -> bool:
    from compiler.report.data import ReportRun
    from compiler.report.page import write_report

    try:
        write_report(path, [ReportRun(result.setup.label, result.execution, result.setup.all_definitions())])
    except OSError as exc:
        sys.stderr.write(f"compiler run: cannot write the report {path}: {exc.strerror or exc}\n"
                         "  hint: --report needs a file path in an existing, writable folder\n")
        return False
    return True


def _print(args: argparse.Namespace, result: Any) -> None:
    from compiler.local.document import document
    from compiler.local.screen import show

    if args.format == "json":
        sys.stdout.write(json.dumps(document(result), ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(show(result, verbose=args.verbose, history=args.history))

"""Command-line entry point: argument parsing and dispatch only; each command has its own module."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

# Explicit list: name -> module under compiler.commands (imported only when used, so
# `validate` never pays for aws_cdk).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "start a project of your own: a spec, handlers, cdk.json, pinned CDK CLI, CI"),
    "validate": ("validate", "check a spec and report every problem with its line"),
    "schema": ("schema", "write the JSON Schema of the spec format"),
    "import": ("import_", "turn an existing ASL definition, CloudFormation/SAM template or serverless.yml into spec"),
    "diff": ("diff", "what changed in meaning between two specs or git revisions"),
    "graph": ("graph", "draw the state machines as Mermaid, DOT or SVG"),
    "synth": ("synth", "synthesize the CloudFormation template (the app.py stack) without the CDK CLI"),
    "run": ("run", "execute a state machine locally (handlers in-process, AWS calls to an embedded emulator)"),
    "test": ("test", "run workflow test cases (YAML, or an AWS MockConfigFile's) with state coverage"),
    "iam": ("iam", "print each state machine's generated IAM policy, the states needing each statement, and why any resource is a wildcard"),
    "deploy-local": ("deploy_local", "deploy to a local AWS emulator (moto) with the CDK CLI and verify what was created"),
    "lsp": ("lsp", "the language server: every check of validate as you type, in any editor (stdio or --tcp)"),
}

EXIT_USAGE = 2


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The parser; with ``only``, just that command's module is imported (a cold start costs less)."""
    parser = argparse.ArgumentParser(
        prog="compiler",
        description="Declarative YAML-to-CDK workflow compiler for AWS Step Functions.",
    )
    parser.add_argument("--version", action=_PrintVersion, nargs=0,
                        help="print the version and the CDK and cdk-nag versions it was built with")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, ModuleType] = {}
    for name, (module_name, help_text) in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text, description=help_text, add_help=False)
            continue
        module = importlib.import_module(f"compiler.commands.{module_name}")
        modules[name] = module
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
    return parser, modules


class _PrintVersion(argparse.Action):
    """``--version``: read the bundled pins only when asked (every other call skips that cost)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from compiler.packaged import version_text

        sys.stdout.write(version_text() + "\n")
        parser.exit(0)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    own_process = argv is None  # the console script or `python -m compiler`, not a caller's process
    if own_process:
        # The command line has no use for third-party pydantic plugins; looking for them scans
        # every installed distribution's entry points when the models are first built.
        from compiler.pydantic_plugins import disable

        disable()
    # The objects the imports create live until the process ends, so collecting them over and
    # over (~80 collections, ~25 ms of a cold `validate`) finds nothing: freeze them once
    # imported. The command's own garbage is still collected.
    collecting = own_process and gc.isenabled()
    if collecting:
        gc.disable()
    try:
        parser, modules = build_parser(words[0] if words and words[0] in COMMANDS else None)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    module = modules[args.command]
    try:
        code = int(module.run(args))
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    if own_process:
        from compiler.process_exit import leave

        leave(code)
    return code

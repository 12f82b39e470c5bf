"""``compiler deploy-local [SPEC] [--keep] [--destroy] [--port N] [-c NAME=VALUE ...]``.

Deploys the spec's stack with the real CDK CLI (``cdk bootstrap``, ``cdk deploy
--method=direct``) to a moto server on localhost, reads every resource back and compares it
with the template and the spec, and with ``--destroy`` runs ``cdk destroy`` and checks that
nothing is left. A spec with errors stops before anything is started.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from compiler.commands.options import add_context_option

if TYPE_CHECKING:  # the deploy modules load boto3: only when the command runs
    from compiler.deploy.inprocess import RoundTrip
    from compiler.ir import Program

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", default="workflow.yaml", metavar="SPEC",
                        help="spec file (default: workflow.yaml)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the emulator running afterwards and print how to reach it")
    parser.add_argument("--destroy", action="store_true",
                        help="run `cdk destroy --force` after the deploy and check that nothing is left")
    parser.add_argument("--port", type=int, default=0, metavar="N",
                        help="port of the emulator on localhost (default: a free one)")
    add_context_option(parser, "context value passed to cdk deploy, e.g. a spec parameter (repeatable)")


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    context: dict[str, str] = dict(args.context)
    if not 0 <= args.port <= 65535:
        sys.stderr.write(f"compiler deploy-local: --port must be 0..65535, got {args.port}\n")
        return EXIT_USAGE
    spec = Path(args.spec)
    if not spec.is_file():
        problem = "a folder, not a spec file" if spec.is_dir() else "no such file"
        sys.stderr.write(f"compiler deploy-local: {spec}: {problem}\n")
        return EXIT_USAGE

    from compiler.formats import FORMATTERS
    from compiler.pipeline import compile_spec

    compiled = compile_spec(spec, overrides=context)
    if compiled.report.diagnostics:
        sys.stderr.write(FORMATTERS["text"]([compiled.report], False))
    if not compiled.ok or compiled.program is None:
        # Nothing was started: a spec with errors never reaches `cdk deploy`.
        sys.stderr.write("compiler deploy-local: the spec has errors; nothing was deployed\n")
        return EXIT_ERRORS
    from compiler.deploy.round_trip import custom_resources

    custom = custom_resources(compiled.program)
    if custom:
        sys.stderr.write("compiler deploy-local: the local emulator cannot create these resources: "
                         f"{'; '.join(custom)}; nothing was deployed\n")
        return EXIT_ERRORS
    return _deploy(args, spec, compiled.program, context, out)


def _deploy(args: argparse.Namespace, spec: Path, program: Program, context: dict[str, str], out: TextIO) -> int:
    from compiler.deploy.assembly import AssemblyError
    from compiler.deploy.cdk_cli import CdkError
    from compiler.deploy.env import shell_exports
    from compiler.deploy.inprocess import DeployError
    from compiler.deploy.round_trip import deploy_with_cli
    from compiler.deploy.server import MotoServer, ServerError
    workdir = Path(tempfile.mkdtemp(prefix="deploy-local-"))
    server = MotoServer(port=args.port, log_path=workdir / "moto.log")
    code = EXIT_ERRORS
    try:
        server.start()
        out.write(f"deploy-local: moto server on {server.url} (pid {server.pid})\n")
        out.flush()
        result = deploy_with_cli(server, spec, program, workdir, context=context, destroy=args.destroy)
        code = _report(result, args.destroy, out)
    except (ServerError, CdkError, DeployError, AssemblyError, OSError) as exc:
        sys.stderr.write(f"compiler deploy-local: {exc}\n")
    finally:
        if args.keep and server.running():
            out.write(f"\nthe emulator keeps running (pid {server.pid}); point the AWS CLI or boto3 at it:\n"
                      f"{shell_exports(server.port)}\n"
                      f"  aws stepfunctions list-state-machines\n"
                      f"its log: {server.log_path}; stop it with: kill -- -{server.pid}\n"
                      "(machines created through CloudFormation are not executed by this emulator; "
                      "`compiler run` executes the same ASL locally)\n")
        else:
            server.stop()
            shutil.rmtree(workdir, ignore_errors=True)
            out.write("deploy-local: moto server stopped\n")
    return code


def _report(result: RoundTrip, destroyed: bool, out: TextIO) -> int:
    from compiler.deploy.inventory import EMULATOR_KEEPS, count, describe_inventory
    from compiler.deploy.report import failed, write_table
    from compiler.deploy.verify import DEFINITION_NOTE

    timings = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
    out.write(f"deploy-local: {timings}\n\n")
    write_table(result.verification.rows, out)
    out.write(f"{DEFINITION_NOTE}\n")
    if result.skipped_types:
        out.write(f"the emulator's CloudFormation skipped: {', '.join(result.skipped_types)}\n")
    out.write(f"created: {describe_inventory(result.created)}\n")
    ok = not failed(result.verification.rows)
    if destroyed and result.left is not None:
        left = result.left
        out.write(f"after cdk destroy, not removed: {describe_inventory(left.unexpected)}\n")
        if count(left.retained):
            names = ", ".join(sorted(n for v in left.retained.values() for n in v))
            out.write(f"  retained, as the template's DeletionPolicy: Retain asks: {names}\n")
        for kind, names_left in left.by_emulator.items():
            out.write(f"  left by the emulator ({EMULATOR_KEEPS[kind]}): {', '.join(sorted(names_left))}\n")
        for kind, names_left in left.unexpected.items():
            out.write(f"  NOT REMOVED {kind}: {', '.join(sorted(names_left))}\n")
        ok = ok and left.ok
    out.write("deploy-local: OK\n" if ok else "deploy-local: FAILED (see MISMATCH / NOT REMOVED above)\n")
    return EXIT_OK if ok else EXIT_ERRORS

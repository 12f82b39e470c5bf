"""``compiler synth [SPEC] [-o DIR] [-c NAME=VALUE ...]``: the CloudFormation template, no CDK CLI.

The same app as ``cdk synth`` (app.py), in-process. aws_cdk is imported only when the command
runs: the CLI imports every command module to build its parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.commands.options import add_context_option

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", default="workflow.yaml", metavar="SPEC",
                        help="spec file (default: workflow.yaml)")
    parser.add_argument("-o", "--output", default="cdk.out", metavar="DIR",
                        help="cloud assembly folder (default: cdk.out)")
    add_context_option(parser, "context value, e.g. a spec parameter override (repeatable)")
    parser.add_argument("--no-nag", action="store_true", help="skip the cdk-nag AwsSolutions checks")


def misspelled_parameters(spec: str, context: dict[str, str]) -> list[str]:
    """One line per ``-c NAME=...`` whose NAME is not a spec parameter but is close to one.

    Any other context name is CDK's business (feature flags, ``nag``) and passes as it is.
    """
    from compiler.diagnostics import did_you_mean
    from compiler.loader import load_file

    loaded = load_file(spec)
    data = loaded.data if loaded.ok and isinstance(loaded.data, dict) else {}
    parameters = data.get("parameters")
    names = [str(n) for n in parameters] if isinstance(parameters, dict) else []
    lines = []
    for name in context:
        hint = None if name in names else did_you_mean(name, names)
        if hint is not None:
            lines.append(f"compiler synth: -c {name}=...: '{name}' is not a parameter of {spec}; {hint}\n")
    return lines


def run(args: argparse.Namespace) -> int:
    context: dict[str, str] = dict(args.context)
    typos = misspelled_parameters(args.spec, context)
    if typos:
        sys.stderr.write("".join(typos))
        return EXIT_USAGE
    from compiler.project import project_root, use_project_node

    use_project_node(project_root(args.spec))  # before aws_cdk starts jsii's Node
    try:
        from compiler.commands.cdk_app import print_diagnostics, synthesize
        from compiler.emit.stack_app import make_app, truthy
    except ModuleNotFoundError as exc:
        if exc.name not in ("aws_cdk", "constructs", "cdk_nag"):
            raise
        sys.stderr.write(f"compiler synth: {exc.name} is not installed\n"
                         "  hint: pip install 'sfn-workflow-compiler[cdk]' (the CDK libraries are an extra)\n")
        return EXIT_USAGE

    nag = not args.no_nag and truthy(context.get("nag", "true"))
    # Checked here: CDK's App raises a jsii error for a file, and hangs for a folder it cannot create.
    outdir = Path(args.output)
    try:
        if outdir.exists() and not outdir.is_dir():
            raise NotADirectoryError(20, "it exists and is not a folder")
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        sys.stderr.write(f"compiler synth: cannot use {outdir} as the cloud assembly folder: "
                         f"{exc.strerror or exc}\n  hint: -o needs a folder path that can be created and written\n")
        return EXIT_USAGE
    app = make_app(args.output, context, spec=args.spec)
    result = synthesize(app, args.spec, nag=nag)
    print_diagnostics(result, sys.stderr)
    if not result.ok or result.template is None:
        return EXIT_USAGE if result.report.unreadable else EXIT_ERRORS
    sys.stdout.write(f"{result.template}\n")
    counts = ", ".join(f"{n} {kind}" for kind, n in (result.resources or {}).items())
    sys.stdout.write(f"stack {result.stack_name}: {sum((result.resources or {}).values())} resources ({counts})\n")
    sys.stdout.write("cdk-nag: no unacknowledged findings\n" if nag else "cdk-nag: skipped\n")
    return EXIT_OK

"""``compiler init [DIR] [--example NAME] [--force] [--install]``: start a project of your own.

Writes a spec with its handlers, the JSON Schema its first line points at, ``cdk.json`` (whose
app is the installed ``compiler``: no app.py to maintain), the pinned CDK CLI and Node 22
(package.json, package-lock.json), ``requirements.txt``, ``.gitignore``, a GitHub workflow and a
pre-commit config. Existing files with other content are never overwritten without ``--force``.
Exit 0 on success, 1 when files would be overwritten or ``npm ci`` fails, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from compiler.scaffold.plan import available

    parser.add_argument("folder", nargs="?", default=".", metavar="DIR",
                        help="the project folder, created when missing (default: the current folder)")
    parser.add_argument("--example", choices=available(), default="minimal",
                        help="what the spec starts as (default: minimal)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist with other content")
    parser.add_argument("--install", action="store_true",
                        help="run `npm ci` afterwards (the pinned CDK CLI and Node 22 for jsii)")


def run(args: argparse.Namespace) -> int:
    from compiler.scaffold.plan import EXAMPLES, conflicts, plan, write

    target = Path(args.folder)
    if target.exists() and not target.is_dir():
        sys.stderr.write(f"compiler init: {target} exists and is not a folder\n")
        return EXIT_USAGE
    planned = plan(args.example, target.resolve().name)
    clashes = conflicts(target, planned)
    if clashes and not args.force:
        sys.stderr.write(f"compiler init: {len(clashes)} file(s) in {target} would be overwritten:\n")
        sys.stderr.writelines(f"  {name}\n" for name in clashes)
        sys.stderr.write("  hint: pass --force to overwrite them, or choose an empty folder\n")
        return EXIT_REFUSED
    try:
        write(target, planned)
    except OSError as exc:
        sys.stderr.write(f"compiler init: cannot write in {target}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    out = sys.stdout
    out.write(f"created {target} ({args.example}: {EXAMPLES[args.example].description}), "
              f"{len(planned)} files{f', {len(clashes)} overwritten' if clashes else ''}\n")
    if args.install:
        status = _npm_ci(target)
        if status != 0:
            return EXIT_REFUSED
    steps = [] if target.resolve() == Path.cwd().resolve() else [f"cd {target}"]
    if not args.install:
        steps.append("npm ci                 # the pinned CDK CLI and Node 22 for jsii")
    steps += ["compiler validate", "compiler run", "compiler synth         # or: npx cdk synth"]
    out.write("next:\n" + "".join(f"  {step}\n" for step in steps))
    return EXIT_OK


def _npm_ci(target: Path) -> int:
    npm = shutil.which("npm")
    if npm is None:
        sys.stderr.write("compiler init: npm is not on PATH; install Node.js and run `npm ci` in the project\n")
        return EXIT_REFUSED
    sys.stdout.write(f"npm ci in {target}\n")
    sys.stdout.flush()
    return subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target,
                          check=False).returncode

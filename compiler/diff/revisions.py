"""Where the two sides of ``compiler diff`` come from: spec files, or git revisions.

    compiler diff BASE.yaml HEAD.yaml     two files
    compiler diff REV                     the spec at REV against the working tree
    compiler diff A..B                    the spec at A against the spec at B
    compiler diff A...B                   the spec at the merge base of A and B against B
    compiler diff REV1 REV2               the spec at REV1 against the spec at REV2
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 60


class SourceError(Exception):
    """A side cannot be read: not a file, not a revision, git missing or failing."""


@dataclass(frozen=True)
class Side:
    label: str  # how the side is named in the output: "origin/main:workflow.yaml", "head.yaml"
    path: Path  # the spec file (for the working tree), or the spec's path in the checkout
    text: bytes | None  # None: read ``path`` from disk; b"" never (missing is ``exists=False``)
    exists: bool = True


STDIN = "-"
SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def resolve(args: list[str], spec: Path, stdin: Callable[[], bytes] = lambda: sys.stdin.buffer.read()) -> tuple[Side, Side]:
    if args.count(STDIN) > 1:
        raise SourceError("only one side can be read from standard input ('-')")
    if len(args) == 2 and all(_is_file(a) for a in args):
        return _file(args[0], stdin), _file(args[1], stdin)
    for arg in args:
        others_are_files = len(args) == 2 and all(_is_file(a) for a in args if a != arg)
        if not _is_file(arg) and (others_are_files or arg.endswith(SPEC_SUFFIXES)) and not _quiet_revision(arg, spec):
            raise SourceError(f"'{arg}': no such file" + ("" if Path(arg).parent.is_dir() else
                                                         f" (the folder {Path(arg).parent} does not exist)"))
    if args == [STDIN]:
        raise SourceError("'-' (standard input) is one side: give the other one too, e.g. 'compiler diff - new.yaml'")
    if len(args) == 1 and "..." in args[0]:
        left, right = args[0].split("...", 1)
        right = right or "HEAD"
        return _revision(_git(spec, "merge-base", left or "HEAD", right).strip(), spec, left or "HEAD"), \
            _revision(right, spec)
    if len(args) == 1 and ".." in args[0]:
        left, right = args[0].split("..", 1)
        return _revision(left or "HEAD", spec), _revision(right or "HEAD", spec)
    if len(args) == 1:
        if Path(args[0]).is_file() and not _is_revision(args[0], spec):
            raise SourceError(f"'{args[0]}' is a file: give two spec files, or a git revision")
        return _revision(args[0], spec), _working_tree(spec)
    if len(args) == 2:
        return _revision(args[0], spec), _revision(args[1], spec)
    raise SourceError("give two spec files, or one or two git revisions (REV, A..B)")


def _is_file(arg: str) -> bool:
    return arg == STDIN or Path(arg).is_file()


def _quiet_revision(arg: str, spec: Path) -> bool:
    try:
        return _is_revision(arg, spec)
    except SourceError:
        return False


def _file(arg: str, stdin: Callable[[], bytes]) -> Side:
    if arg == STDIN:
        return Side("<stdin>", Path.cwd() / "<stdin>", stdin())
    return Side(arg, Path(arg), None)


def _working_tree(spec: Path) -> Side:
    if not spec.is_file():
        return Side(f"{spec} (working tree)", spec, None, exists=False)
    return Side(f"{spec} (working tree)", spec, None)


def _revision(rev: str, spec: Path, shown: str | None = None) -> Side:
    if not _is_revision(rev, spec):
        if _run(spec, "rev-parse", "--is-inside-work-tree").returncode != 0:
            raise SourceError(
                f"'{rev}' is not a spec file, and {spec} is not inside a git repository to read revisions from"
            )
        raise SourceError(f"'{rev}' is neither a spec file nor a git revision")
    label = f"{shown or rev}:{spec.as_posix()}"
    # "REV:./path" is resolved from git's working directory, so run git in the spec's folder.
    proc = _run(spec, "cat-file", "-e", f"{rev}:./{spec.name}")
    if proc.returncode != 0:
        return Side(label, spec, None, exists=False)
    return Side(label, spec, _git_bytes(spec, "show", f"{rev}:./{spec.name}"))


def _is_revision(rev: str, spec: Path) -> bool:
    return _run(spec, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0


def _run(spec: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    folder = spec.resolve().parent
    if not folder.is_dir():
        raise SourceError(f"folder of {spec} does not exist")
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise SourceError("git is not installed; compare two spec files instead") from exc
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"git {args[0]} did not finish within {GIT_TIMEOUT} s") from exc


def _git_bytes(spec: Path, *args: str) -> bytes:
    proc = _run(spec, *args)
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise SourceError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def _git(spec: Path, *args: str) -> str:
    return _git_bytes(spec, *args).decode()

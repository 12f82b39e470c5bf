"""The front half of the pipeline: load -> model -> checks -> lower -> late checks, collecting diagnostics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from compiler.checks import CheckContext, run_checks, run_late_checks
from compiler.diagnostics import Report
from compiler.ir import Program
from compiler.loader import load_bytes, load_file
from compiler.lower import lower
from compiler.model import Spec, build_spec


@dataclass
class Compiled:
    report: Report
    spec: Spec | None
    program: Program | None
    data: Any = None  # the loaded document (plain values), for tools that navigate it (compiler lsp)

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def _without_nag(check: str) -> bool:
    return check != "nag"


def compile_spec(
    path: str | FsPath,
    *,
    text: bytes | None = None,
    display: str | None = None,
    overrides: Mapping[str, str] | None = None,
    root: FsPath | None = None,
    nag: bool = False,
) -> Compiled:
    """Everything ``validate`` reports; the program only when there are no errors.

    ``nag`` adds the cdk-nag findings the spec's choices will cause at synth (W411): ``validate``
    and ``synth`` show them; other callers (run, diff, graph, tests) are not about the stack.

    ``root`` is the folder relative paths (code folders) resolve against: by default the file's
    folder, or the working directory for ``text`` (an editor's buffer passes its file's folder).
    """
    file = FsPath(path)
    name = display or str(path)
    loaded = load_bytes(text, name) if text is not None else load_file(file, name)
    report = loaded.report
    if not loaded.ok:
        return Compiled(report, None, None)
    spec, findings = build_spec(loaded.data)
    report.extend(findings)
    if spec is None:
        return Compiled(report, None, None, loaded.data)
    if root is None:
        root = file.resolve().parent if text is None else FsPath.cwd()
    ctx = CheckContext(spec=spec, data=loaded.data, root=root, source=loaded.source)
    report.extend(run_checks(ctx))
    if report.has_errors:
        return Compiled(report, spec, None, loaded.data)
    program = lower(spec, overrides)
    report.extend(run_late_checks(ctx._replace(program=program), None if nag else _without_nag))
    if report.has_errors:
        return Compiled(report, spec, None, loaded.data)
    return Compiled(report, spec, program, loaded.data)

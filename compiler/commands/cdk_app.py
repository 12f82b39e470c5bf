"""Compile a spec and synthesize its stack in-process: shared by ``app.py`` (under the CDK CLI) and
``compiler synth``.

A bad spec stops before any construct is made, with the same diagnostics ``compiler validate``
prints. The app's context (``cdk synth -c name=value``) overrides spec parameters of that name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from aws_cdk import App

from compiler.emit.stack_app import SynthResult
from compiler.emit.stack_app import synthesize as synthesize_program
from compiler.formats import FORMATTERS
from compiler.pipeline import compile_spec


def synthesize(app: App, spec_path: str | Path, *, nag: bool = True) -> SynthResult:
    spec_path = Path(spec_path)
    context = app.node.get_all_context()
    overrides = {name: str(value) for name, value in context.items() if value is not None}
    compiled = compile_spec(spec_path, overrides=overrides, nag=nag)
    if not compiled.ok or compiled.program is None:
        return SynthResult(compiled.report)
    return synthesize_program(app, compiled.program, spec_path.resolve().parent, compiled.report, nag=nag)


def print_diagnostics(result: SynthResult, stream: TextIO) -> None:
    """The report in ``compiler validate``'s text format (nothing when it is clean)."""
    if result.report.diagnostics:
        stream.write(FORMATTERS["text"]([result.report], False))

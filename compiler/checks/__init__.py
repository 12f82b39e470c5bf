"""Semantic checks: one concern per module, each a function yielding findings.

A check gets the validated spec and the raw loaded data (for exact paths) and yields ``Finding``s
(path, code, message, hint); it never locates or prints anything. All checks always run, so every
problem is reported at once; a check that crashes becomes an I900 finding, not an aborted run.

Early checks (``run_checks``) read the model. Late checks (``run_late_checks``) run only when the
early ones found no error, on the lowered program (``ctx.program``: parameters substituted, tasks
classified, each machine's ASL), and still report at spec paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path as FsPath
from typing import Any, NamedTuple, Protocol

from compiler.diagnostics import I_INTERNAL, Finding
from compiler.ir import Program
from compiler.model.spec import Spec
from compiler.source import SourceMap


class CheckContext(NamedTuple):
    spec: Spec
    data: dict[str, Any]
    root: FsPath  # the folder the spec's relative paths (handlers/...) are resolved against
    program: Program | None = None  # set for the late checks
    source: SourceMap | None = None  # where each value was written, for checks that read the text itself


class Check(Protocol):
    def __call__(self, ctx: CheckContext) -> Iterable[Finding]: ...


def _registry() -> tuple[tuple[str, Check], ...]:
    # Explicit and ordered: no discovery by walking the file system.
    from compiler.checks import (
        activities,
        asl_rules,
        cut_scalars,
        functions,
        graph,
        handlers,
        iam_statements,
        jsonata,
        limits,
        monitoring,
        observability,
        ops_rules,
        overrides,
        paths,
        query_language,
        references,
        resource_rules,
        runtime_lifecycle,
        task_definitions,
        triggers,
        variables,
        versions,
    )

    return (
        ("references", references.check),
        ("graph", graph.check),
        ("paths", paths.check),
        ("asl_rules", asl_rules.check),
        ("jsonata", jsonata.check),
        ("variables", variables.check),
        ("limits", limits.check),
        ("handlers", handlers.check),
        ("iam_statements", iam_statements.check),
        ("functions", functions.check),
        ("runtime_lifecycle", runtime_lifecycle.check),
        ("cut_scalars", cut_scalars.check),
        ("query_language", query_language.check),
        ("resource_rules", resource_rules.check),
        ("ops_rules", ops_rules.check),
        ("task_definitions", task_definitions.check),
        ("activities", activities.check),
        ("versions", versions.check),
        ("triggers", triggers.check),
        ("overrides", overrides.check),
        ("observability", observability.check),
        ("monitoring", monitoring.check),
    )


def _late_registry() -> tuple[tuple[str, Check], ...]:
    # Checks that need the resolved program (values after parameter substitution, the task
    # classification, the emitted ASL). Explicit and ordered, like the early ones.
    from compiler.checks import dependencies, iam, nag, substituted, task_definitions

    return (("iam", iam.check), ("substituted", substituted.check), ("dependencies", dependencies.check),
            ("nag", nag.check), ("task_definitions_substituted", task_definitions.late))


def run_checks(ctx: CheckContext, only: Callable[[str], bool] | None = None) -> Iterator[Finding]:
    yield from _run(_registry(), ctx, only)


def run_late_checks(ctx: CheckContext, only: Callable[[str], bool] | None = None) -> Iterator[Finding]:
    assert ctx.program is not None, "late checks read the lowered program"
    yield from _run(_late_registry(), ctx, only)


def _run(
    registry: tuple[tuple[str, Check], ...], ctx: CheckContext, only: Callable[[str], bool] | None
) -> Iterator[Finding]:
    for name, check in registry:
        if only is not None and not only(name):
            continue
        try:
            yield from check(ctx)
        except Exception as exc:  # a bug in one check must not hide the others' findings
            yield Finding(
                I_INTERNAL,
                f"the '{name}' check failed: {type(exc).__name__}: {exc}",
                (),
                "this is a bug in the compiler; please report it with the spec that triggers it",
            )

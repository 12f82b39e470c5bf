"""Layers and functions built from ``requirements:``: the target fits, pip can install, the size fits.

This check runs the build (``compiler.deps``): a requirement pip cannot install for the Lambda
target is reported at its line by ``validate``, not found by synth. Builds are cached, so only a
changed requirement list runs pip again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path as FsPath

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.deps import build_cache
from compiler.deps.plan import Item, plan
from compiler.deps.requirements import Requirements, RequirementsFileError, read
from compiler.diagnostics import Finding
from compiler.model.resources import Function

LIMIT = 250 * 1024 * 1024  # Lambda: a function and all its layers, unzipped


def check(ctx: CheckContext) -> Iterator[Finding]:
    assert ctx.program is not None
    planned = plan(ctx.program)
    for conflict in planned.conflicts:
        yield Finding(codes.E_LAYER_TARGET, conflict.message, conflict.path, conflict.hint)
    sizes: dict[str, int] = {}
    for item in planned.items:
        requirements, findings = _read(ctx, item)
        yield from findings
        if requirements is None:
            continue
        built = build_cache.cached(requirements, item.target, item.prefix)
        if built is not None:
            sizes[item.key] = built.unzipped_size
            continue
        from compiler.deps import pip_build  # pip, zip and subprocess: only when the cache has no build

        try:
            built = pip_build.build(requirements, item.target, prefix=item.prefix, root=ctx.root)
        except pip_build.BuildError as exc:
            index = requirements.index_of(exc.requirement) if exc.requirement else None
            at_item = index is not None and requirements.file is None
            path = (*item.path, index) if at_item and index is not None else item.path
            where = f" (line {requirements.lines[index].number} of {item.requirements})" \
                if index is not None and requirements.file is not None else ""
            yield Finding(codes.E_NO_WHEEL,
                          f"{item.kind} '{item.key}': pip cannot install this for {item.target}{where}: {exc.message}",
                          path,
                          "pin a version that publishes a manylinux wheel for this Python and architecture "
                          "(see its files on PyPI), or build the package elsewhere and use layer_version_arn")
            continue
        sizes[item.key] = built.unzipped_size
    yield from _sizes(ctx, sizes)


def _read(ctx: CheckContext, item: Item) -> tuple[Requirements | None, list[Finding]]:
    try:
        requirements = read(item.requirements, ctx.root)
    except RequirementsFileError as exc:
        return None, [Finding(codes.E_REQUIREMENTS, f"{item.kind} '{item.key}': {exc}", item.path,
                              "give a path relative to the spec's folder, or write the pins as a list")]
    findings = []
    for line in requirements.problems:
        in_list = requirements.file is None
        path = (*item.path, line.number - 1) if in_list else item.path
        where = "" if in_list else f" (line {line.number} of {item.requirements})"
        findings.append(Finding(codes.E_REQUIREMENTS, f"{item.kind} '{item.key}'{where}: {line.problem}", path,
                                "write one requirement as pip reads it, e.g. 'numpy==2.4.6'"))
    if not requirements.lines and not findings:
        findings.append(Finding(codes.E_REQUIREMENTS, f"{item.kind} '{item.key}' has no requirements", item.path,
                                "list at least one, e.g. [numpy==2.4.6]"))
    return (None if findings else requirements), findings


def _sizes(ctx: CheckContext, built: dict[str, int]) -> Iterator[Finding]:
    for key, fn in ctx.spec.resources.items():
        if not isinstance(fn, Function) or fn.existing is not None:
            continue
        code = _folder_size(ctx.root / fn.code) if fn.code else 0
        total = code + built.get(key, 0) + sum(built.get(layer, 0) for layer in fn.layers)
        if total > LIMIT:
            parts = [f"code {_mb(code)}"] + ([f"requirements {_mb(built[key])}"] if key in built else []) + [
                f"layer '{layer}' {_mb(built[layer])}" for layer in fn.layers if layer in built]
            yield Finding(codes.E_UNZIPPED_SIZE,
                          f"function '{key}' and its layers are {_mb(total)} unzipped ({', '.join(parts)}); Lambda "
                          "allows 250 MB",
                          ("resources", key, "layers" if fn.layers else "code"),
                          "drop requirements the function does not import, or move it to a container image")


def _folder_size(folder: FsPath) -> int:
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"

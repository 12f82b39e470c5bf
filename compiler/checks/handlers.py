"""Handlers of new Python functions: the code folder, the handler's file, and its function.

``handler: lambda_function.lambda_handler`` with ``code: handlers/first`` means the file
``handlers/first/lambda_function.py`` defines ``lambda_handler`` at top level. The file is read
with ``ast``, never imported: validating must not run user code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path as FsPath

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding, did_you_mean
from compiler.model.resources import Function
from compiler.source import Path

MAX_SOURCE_BYTES = 2 * 1024 * 1024  # a handler file larger than this is not read


# The file a handler's module is read from, per runtime family (Lambda's own lookup order for Node.js).
SUFFIXES = {"python": (".py",), "nodejs": (".js", ".mjs", ".cjs")}
SUGGESTED_RUNTIME = {"python": "python3.12", "nodejs": "nodejs22.x"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    cache: dict[FsPath, tuple[set[str], str | None]] = {}
    for key, resource in ctx.spec.resources.items():
        if not isinstance(resource, Function) or resource.existing is not None:
            continue
        if resource.runtime.startswith("python"):
            yield from _function(ctx.root, key, resource, cache)
        else:
            yield from _node_function(ctx.root, key, resource)


def _family(runtime: str) -> str:
    return "python" if runtime.startswith("python") else "nodejs"


def _other_runtime(folder: FsPath, module: str, runtime: str) -> Finding | None:
    """E361 when the handler's module exists only as another runtime family's file."""
    family = _family(runtime)
    relative = FsPath(*module.split("."))
    for other, suffixes in SUFFIXES.items():
        if other == family:
            continue
        found = next((relative.with_suffix(s) for s in suffixes if (folder / relative.with_suffix(s)).is_file()), None)
        if found is not None:
            return Finding(codes.E_RUNTIME_CODE,
                           f"runtime {runtime} runs {' or '.join(SUFFIXES[family])} files, but the handler's module "
                           f"is {found.as_posix()}, a {other} file",
                           (), f"set 'runtime: {SUGGESTED_RUNTIME[other]}', or write the handler in {family}")
    return None


def _folder_and_handler(root: FsPath, key: str, fn: Function,
                        example: str) -> tuple[FsPath, str, str] | Finding | None:
    """The code folder, module and function of a handler; a Finding when either is wrong; None when
    the model already reports a missing field. Shared by the runtime families' checks."""
    base: Path = ("resources", key)
    if fn.code is None or fn.handler is None:
        return None
    folder = root / fn.code
    if not folder.is_dir():
        return Finding(codes.E_CODE_FOLDER, f"the code folder '{fn.code}' does not exist", (*base, "code"),
                       f"create {fn.code}/ next to the spec (paths are relative to the spec's folder)")
    module, dot, function = fn.handler.rpartition(".")
    if not dot or not module or not function:
        return Finding(codes.E_HANDLER_FILE, f"handler '{fn.handler}' is not 'module.function'", (*base, "handler"),
                       f"write e.g. '{example}'")
    return folder, module, function


def _node_function(root: FsPath, key: str, fn: Function) -> Iterator[Finding]:
    base: Path = ("resources", key)
    parts = _folder_and_handler(root, key, fn, "index.handler")
    if isinstance(parts, Finding):
        yield parts
        return
    if parts is None:
        return
    folder, module, _ = parts
    assert fn.code is not None and fn.handler is not None
    relative = FsPath(*module.split("/"))
    if any((folder / relative.with_suffix(s)).is_file() for s in SUFFIXES["nodejs"]):
        return
    other = _other_runtime(folder, module, fn.runtime)
    if other is not None:
        yield Finding(other.code, other.message, (*base, "runtime"), other.hint)
        return
    yield Finding(codes.E_HANDLER_FILE, f"handler '{fn.handler}' needs the file {fn.code}/{relative.as_posix()}.js "
                  "(or .mjs, .cjs), which does not exist", (*base, "handler"),
                  f"create {fn.code}/{relative.as_posix()}.js")


def _function(root: FsPath, key: str, fn: Function, cache: dict[FsPath, tuple[set[str], str | None]]) -> Iterator[Finding]:
    base: Path = ("resources", key)
    parts = _folder_and_handler(root, key, fn, "lambda_function.lambda_handler")
    if isinstance(parts, Finding):
        yield parts
        return
    if parts is None:
        return
    folder, module, function = parts
    assert fn.code is not None and fn.handler is not None
    relative = FsPath(*module.split(".")).with_suffix(".py")
    source = folder / relative
    if not source.is_file():
        other = _other_runtime(folder, module, fn.runtime)
        if other is not None:
            yield Finding(other.code, other.message, (*base, "runtime"), other.hint)
            return
        present = sorted(p.stem for p in folder.glob("*.py"))
        hint = did_you_mean(module, present)
        yield Finding(codes.E_HANDLER_FILE, f"handler '{fn.handler}' needs the file {fn.code}/{relative.as_posix()}, "
                      "which does not exist", (*base, "handler"),
                      hint or (f"Python files in {fn.code}: {', '.join(present)}" if present
                               else f"create {fn.code}/{relative.as_posix()}"))
        return
    if source not in cache:
        cache[source] = _top_level_names(source)
    names, problem = cache[source]
    if problem is not None:
        yield Finding(codes.E_HANDLER_FUNCTION, f"{fn.code}/{relative.as_posix()} cannot be read: {problem}",
                      (*base, "handler"), "fix the file so Python can parse it")
    elif function not in names:
        yield Finding(codes.E_HANDLER_FUNCTION,
                      f"{fn.code}/{relative.as_posix()} defines no top-level function '{function}'",
                      (*base, "handler"), did_you_mean(function, names) or f"define 'def {function}(event, context):'")


def _top_level_names(source: FsPath) -> tuple[set[str], str | None]:
    """Names bound at module level (functions, assignments, imports), or the reason none could be read."""
    try:
        if source.stat().st_size > MAX_SOURCE_BYTES:
            return set(), f"it is larger than {MAX_SOURCE_BYTES:,} bytes"
        tree = ast.parse(source.read_bytes(), filename=str(source))
    except (OSError, SyntaxError, ValueError) as exc:
        return set(), f"{type(exc).__name__}: {exc}"
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names, None

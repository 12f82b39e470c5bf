"""Lambda functions for a local run: the spec's function resources, and ``--handler`` overrides."""

from __future__ import annotations

import re
from pathlib import Path

from compiler.ir import Program
from compiler.local.errors import UsageError
from compiler.local.values import split_pair
from compiler.refs import Ref, replace_refs
from compiler.run import LambdaFunction

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def spec_functions(program: Program, spec_dir: Path) -> tuple[dict[str, LambdaFunction], list[str]]:
    """``(ARN -> LambdaFunction, keys of functions that cannot run here)`` for every function resource.

    The code folder is relative to the spec's folder (as synth resolves it), and the
    environment's ``${...}`` references take the values a local run gives them. A function
    with ``existing`` has no code here, and a Node.js one cannot run in-process: those are
    returned by key so the caller can ask for ``--handler`` or ``--mock`` only if a task uses them.
    """
    functions: dict[str, LambdaFunction] = {}
    unavailable: list[str] = []
    for key, resource in program.spec.resources.items():
        if resource.type != "function":
            continue
        arn = program.local_value(Ref(key, "arn"))
        code = getattr(resource, "code", None)
        runtime = getattr(resource, "runtime", "python3.12")
        if code is None or not runtime.startswith("python"):
            unavailable.append(key)
            continue
        environment = {name: replace_refs(value, program.local_value) for name, value in resource.environment.items()}
        functions[arn] = LambdaFunction(
            code_dir=(spec_dir / code),
            handler=resource.handler or "lambda_function.lambda_handler",
            environment=environment,
            function_name=program.local_value(Ref(key, "name")),
            timeout=float(resource.timeout),
            memory=resource.memory_size,
        )
    return functions, unavailable


def handler_override(item: str, cwd: Path) -> tuple[str, LambdaFunction]:
    """``--handler ARN_OR_NAME=path/to/file.py:function`` or ``=package.module:function``."""
    key, target = split_pair(item, "--handler", "path/to/file.py:function or module:function")
    location, sep, function = target.rpartition(":")
    if not sep or not location or not _IDENTIFIER.fullmatch(function):
        raise UsageError(f"--handler {key}: expected path/to/file.py:function or module:function, got {target!r}")
    if location.endswith(".py"):
        path = Path(location)
        path = path if path.is_absolute() else cwd / path
        if not path.is_file():
            raise UsageError(f"--handler {key}: no such file: {path}")
        return key, LambdaFunction(code_dir=path.parent, handler=f"{path.stem}.{function}", timeout=900.0)
    if not all(_IDENTIFIER.fullmatch(part) for part in location.split(".")):
        raise UsageError(f"--handler {key}: {location!r} is neither a .py file nor a module name")
    module_file = cwd.joinpath(*location.split("."))
    if not (module_file.with_suffix(".py").is_file() or (module_file / "__init__.py").is_file()):
        raise UsageError(f"--handler {key}: no module {location!r} under {cwd}",
                         hint="give a path to the file (path/to/file.py:function) or run from the folder "
                         "that holds the module")
    # Lambda's own limit: a handler given by hand may be slow, and there is no configured timeout.
    return key, LambdaFunction(code_dir=cwd, handler=f"{location}.{function}", timeout=900.0)

"""What a spec needs built from ``requirements:``, and for which Lambda target.

A layer is built for the runtime and architecture of the functions that use it (they must agree);
a layer nobody uses is built for its first ``compatible_runtimes``/``compatible_architectures``
(python3.12, x86_64 by default). A layer whose ``layer_version_arn`` has a value (a parameter set
with ``-c``) is not built: the ARN overrides the requirements.
"""

from __future__ import annotations

from typing import NamedTuple

from compiler.deps.target import Target, is_python
from compiler.ir import Program
from compiler.model.resources import Function, Layer
from compiler.source import Path

DEFAULT_TARGET = Target("python3.12", "x86_64")


class Item(NamedTuple):
    key: str  # the layer's or function's resource key
    kind: str  # "layer" | "function"
    requirements: str | list[str]
    target: Target
    prefix: str  # "python" for a layer (Lambda adds /opt/python to sys.path), "" for a function

    @property
    def path(self) -> Path:
        return ("resources", self.key, "requirements")


class Conflict(NamedTuple):
    """A layer built from requirements that cannot serve one of its users."""

    layer: str
    function: str
    path: Path  # the function's ``layers`` entry
    message: str
    hint: str


class Plan(NamedTuple):
    items: tuple[Item, ...]
    conflicts: tuple[Conflict, ...]

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def overridden(program: Program, layer: Layer) -> bool:
    """The layer's ARN has a value after parameter substitution: it is used, nothing is built."""
    if layer.layer_version_arn is None:
        return False
    return bool(str(program.with_parameters(layer.layer_version_arn)).strip())


def plan(program: Program) -> Plan:
    resources = program.spec.resources
    items: list[Item] = []
    conflicts: list[Conflict] = []
    for key, resource in resources.items():
        if (isinstance(resource, Function) and resource.existing is None and resource.requirements is not None
                and is_python(resource.runtime)):
            items.append(Item(key, "function", resource.requirements,
                              Target(resource.runtime, resource.architecture), ""))
        if not isinstance(resource, Layer) or resource.requirements is None or overridden(program, resource):
            continue
        users = [(name, index, fn) for name, fn in resources.items() if isinstance(fn, Function)
                 and fn.existing is None for index, layer in enumerate(fn.layers) if layer == key]
        target = _declared(resource)
        found: list[Conflict] = []
        if users:
            first = users[0][2]
            target = Target(first.runtime, first.architecture)
        for name, index, fn in users:
            path = ("resources", name, "layers", index)
            if not is_python(fn.runtime):
                found.append(Conflict(key, name, path,
                                      f"layer '{key}' is built from Python requirements, but function '{name}' "
                                      f"runs {fn.runtime}",
                                      "use a layer built for that runtime (code: or layer_version_arn:)"))
            elif (fn.runtime, fn.architecture) != (target.runtime, target.architecture):
                found.append(Conflict(key, name, path,
                                      f"layer '{key}' is built for {target} (function '{users[0][0]}'), but "
                                      f"function '{name}' runs {fn.runtime} {fn.architecture}",
                                      "a layer from requirements is built for one runtime and architecture: give "
                                      "these functions the same ones, or declare a second layer"))
            elif resource.compatible_architectures and fn.architecture not in resource.compatible_architectures:
                found.append(Conflict(key, name, path,
                                      f"function '{name}' runs on {fn.architecture}, but layer '{key}' is only "
                                      f"compatible with {', '.join(resource.compatible_architectures)}",
                                      f"add {fn.architecture} to the layer's compatible_architectures, or change "
                                      "the function's architecture"))
        conflicts.extend(found)
        if not found:
            items.append(Item(key, "layer", resource.requirements, target, "python"))
    return Plan(tuple(items), tuple(conflicts))


def _declared(layer: Layer) -> Target:
    runtimes = [r for r in layer.compatible_runtimes or [] if is_python(r)]
    runtime = runtimes[0] if runtimes else DEFAULT_TARGET.runtime
    architecture = layer.compatible_architectures[0] if layer.compatible_architectures else DEFAULT_TARGET.architecture
    return Target(runtime, architecture)

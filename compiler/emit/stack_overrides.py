"""``stack.overrides`` and ``stack.extensions``, applied after every resource and machine is built."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, Stack

from compiler.emit.stack_resolve import Resolver, SynthError
from compiler.model.spec import Spec


def apply_overrides(stack: Stack, resolver: Resolver, spec: Spec) -> None:
    for key, overrides in spec.stack.overrides.items():
        resource = resolver.get(key).node.default_child
        if not isinstance(resource, CfnResource):
            raise SynthError(f"'{key}' creates no CloudFormation resource to override", ("stack", "overrides", key))
        for path, value in overrides.items():
            resource.add_property_override(path.removeprefix("Properties."), resolver.value(value))


def run_extensions(stack: Stack, resolver: Resolver, spec: Spec, root: Path) -> None:
    if not spec.stack.extensions:
        return
    resources: dict[str, Any] = {key: resolver.get(key) for key in [*spec.resources, *spec.state_machines]}
    sys.path.insert(0, str(root))  # a module beside the spec
    try:
        for index, extension in enumerate(spec.stack.extensions):
            module_name, _, function = extension.partition(":")
            try:
                getattr(importlib.import_module(module_name), function)(stack, resources)
            except Exception as exc:  # the user's code: its failure is a diagnostic at the line
                raise SynthError(f"extension '{extension}' failed: {type(exc).__name__}: {exc}",
                                 ("stack", "extensions", index)) from exc
    finally:
        sys.path.remove(str(root))

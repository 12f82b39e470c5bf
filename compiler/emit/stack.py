"""The CDK stack of a compiled spec (the only emitter that imports aws_cdk, with stack_*.py)."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import App, Stack, Tags

from compiler.emit.stack_machines import register_machines
from compiler.emit.stack_overrides import apply_overrides, run_extensions
from compiler.emit.stack_resolve import Resolver
from compiler.emit.stack_resources import register_resources
from compiler.ir import Program


class WorkflowStack(Stack):
    """Every resource and state machine of one spec; construct ids are the spec keys."""

    def __init__(self, scope: App, program: Program, root: Path) -> None:
        spec = program.spec
        super().__init__(
            scope,
            spec.stack.name,
            stack_name=spec.stack.name,
            description=spec.stack.description or spec.description,
        )
        self.program = program
        self.resolver = Resolver(self, program.parameter_values)
        register_resources(self, self.resolver, program, root)
        register_machines(self, self.resolver, program)
        # Spec order decides construct order (and so template order): deterministic.
        for key in [*spec.resources, *program.machines]:
            self.resolver.get(key)
        apply_overrides(self, self.resolver, spec)
        run_extensions(self, self.resolver, spec, root)
        for name, value in sorted(spec.stack.tags.items()):
            Tags.of(self).add(name, value)

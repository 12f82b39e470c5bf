"""Turning spec strings into CDK tokens: ``${key.attr}``, ``${params.X}`` and ``${AWS::Region}``.

Constructs are built on first use (``Resolver.get``), so a policy may reference a function and a
function a policy's bucket without a fixed order of kinds; the spec's order decides the order in
the template, which keeps it deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aws_cdk import Aws, Stack

from compiler.refs import Ref

TEMPLATE_PART = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*|AWS::[A-Za-z]+)\}")
PSEUDO: dict[str, str] = {
    "AWS::Partition": Aws.PARTITION,
    "AWS::Region": Aws.REGION,
    "AWS::AccountId": Aws.ACCOUNT_ID,
    "AWS::StackName": Aws.STACK_NAME,
    "AWS::URLSuffix": Aws.URL_SUFFIX,
}


class SynthError(Exception):
    """A problem only building the stack reveals; reported as a diagnostic, never a traceback."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path  # where in the spec, so the diagnostic gets a line


class Resolver:
    def __init__(self, stack: Stack, parameters: dict[str, str | int | None]) -> None:
        self.stack = stack
        self.parameters = parameters
        self.builders: dict[str, Callable[[], Any]] = {}
        self.attributes: dict[str, Callable[[Any, str], str]] = {}
        self.built: dict[str, Any] = {}
        self._building: list[str] = []
        # While a machine's own role policy is built, references to it must not point at the
        # machine itself (a circular dependency): they resolve to its ARN built from its name.
        self.self_refs: dict[str, Callable[[str], str]] = {}

    def register(self, key: str, build: Callable[[], Any], attribute: Callable[[Any, str], str]) -> None:
        self.builders[key] = build
        self.attributes[key] = attribute

    def get(self, key: str) -> Any:
        if key in self.built:
            return self.built[key]
        if key in self._building:
            cycle = " -> ".join([*self._building[self._building.index(key):], key])
            raise SynthError(f"resources reference each other in a cycle: {cycle}", ("resources", key))
        if key not in self.builders:
            raise SynthError(f"unknown resource '{key}'")
        self._building.append(key)
        try:
            self.built[key] = self.builders[key]()
        finally:
            self._building.pop()
        return self.built[key]

    def token(self, ref: Ref) -> str:
        if ref.is_parameter:
            if ref.attr not in self.parameters:
                raise SynthError(f"unknown parameter '{ref.attr}'")
            value = self.parameters[ref.attr]
            return "" if value is None else str(value)
        if ref.key in self.self_refs:
            return self.self_refs[ref.key](ref.attr)
        construct = self.get(ref.key)
        return self.attributes[ref.key](construct, ref.attr)

    def string(self, text: str) -> str:
        """A string with every reference and pseudo parameter replaced by its token."""
        if "${" not in text:
            return text

        def part(match: re.Match[str]) -> str:
            inner = match.group(1)
            if inner in PSEUDO:
                return PSEUDO[inner]
            key, _, attr = inner.partition(".")
            return self.token(Ref(key, attr))

        return TEMPLATE_PART.sub(part, text)

    def value(self, value: Any) -> Any:
        """A JSON-like value with every string resolved (IAM conditions, environment)."""
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        return value

"""Definition substitutions: each resource reference in a definition becomes ``${name}``."""

from __future__ import annotations

from typing import Any

from compiler.refs import Ref, replace_refs


class Placeholders:
    """Allocates stable placeholder names for the references one definition uses."""

    def __init__(self) -> None:
        self.by_ref: dict[Ref, str] = {}
        self.by_name: dict[str, Ref] = {}

    def name(self, ref: Ref) -> str:
        if ref in self.by_ref:
            return self.by_ref[ref]
        # Only letters, digits and '_' so CloudFormation and Step Functions accept the key as is.
        base = f"{ref.key}_{ref.attr}"
        name, n = base, 1
        while name in self.by_name:
            n += 1
            name = f"{base}_{n}"
        self.by_ref[ref] = name
        self.by_name[name] = ref
        return name

    def token(self, ref: Ref) -> str:
        return "${" + self.name(ref) + "}"

    def substitute(self, value: Any) -> Any:
        return replace_refs(value, self.token)

    def table(self) -> dict[str, Ref]:
        return dict(sorted(self.by_name.items()))


def fill(definition: Any, values: dict[str, str]) -> Any:
    """The definition with ``${name}`` placeholders replaced by ``values`` (as a deploy would)."""
    if isinstance(definition, str):
        if "${" not in definition:
            return definition
        for name, value in values.items():
            definition = definition.replace("${" + name + "}", value)
        return definition
    if isinstance(definition, dict):
        return {fill(k, values): fill(v, values) for k, v in definition.items()}
    if isinstance(definition, list):
        return [fill(v, values) for v in definition]
    return definition

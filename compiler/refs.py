"""``${key.attr}`` references inside strings: finding them and swapping them for placeholders."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from compiler.source import Path

REFERENCE = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\}")
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")
PARAMS = "params"


@dataclass(frozen=True, order=True)
class Ref:
    """An attribute of a resource (``${bucket.arn}``) or a spec parameter (``${params.stage}``)."""

    key: str
    attr: str

    @property
    def is_parameter(self) -> bool:
        return self.key == PARAMS

    def __str__(self) -> str:
        return f"${{{self.key}.{self.attr}}}"


def refs_in(text: str) -> Iterator[tuple[Ref, int]]:
    """Each reference in ``text`` with its offset."""
    for match in REFERENCE.finditer(text):
        yield Ref(match.group(1), match.group(2)), match.start()


def walk_strings(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string value inside a JSON-like value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, (*path, index))


def replace_refs(value: Any, replace: Callable[[Ref], str]) -> Any:
    """A copy of a JSON-like value with each reference replaced by ``replace(ref)``."""
    if isinstance(value, str):
        if "${" not in value:
            return value
        return REFERENCE.sub(lambda m: replace(Ref(m.group(1), m.group(2))), value)
    if isinstance(value, dict):
        return {key: replace_refs(item, replace) for key, item in value.items()}
    if isinstance(value, list):
        return [replace_refs(item, replace) for item in value]
    return value


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


def unfill(definition: Any, table: Mapping[str, Ref]) -> Any:
    """The definition with each ``${name}`` placeholder of ``table`` turned back into its ``${key.attr}``."""
    if isinstance(definition, str):
        if "${" not in definition:
            return definition
        return PLACEHOLDER.sub(lambda m: str(table[m.group(1)]) if m.group(1) in table else m.group(0), definition)
    if isinstance(definition, Mapping):
        return {key: unfill(value, table) for key, value in definition.items()}
    if isinstance(definition, list):
        return [unfill(value, table) for value in definition]
    return definition

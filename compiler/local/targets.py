"""A spec resource as a local run creates it, and where it is created."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LocalResource:
    key: str  # the spec's key
    kind: str
    name: str  # the local name (a key: its id)
    arn: str
    settings: dict[str, Any] = field(default_factory=dict)
    existing: bool = False


@dataclass(frozen=True)
class Target:
    """The emulator the resources are created in: the embedded moto, or another one at ``endpoint``."""

    client: Callable[[str], Any]
    endpoint: str | None = None  # None: the embedded moto, whose records may be renamed
    # Secret values given by --fixtures (by spec key or name): a secret is created with its value.
    secret_values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def embedded(self) -> bool:
        return self.endpoint is None

    def given_secret(self, resource: LocalResource) -> Any:
        for wanted in (resource.key, resource.name):
            if wanted in self.secret_values:
                return self.secret_values[wanted]
        return None


# moto takes a resource id of the caller's choice from this tag; an emulator that ignores it chooses its own id,
# and the run warns that the definitions name another one.
CUSTOM_ID_TAG = "_custom_id_"

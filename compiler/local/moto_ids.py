"""Giving the embedded moto's resources the ids the run's definitions use.

A spec resource's local ARN (``Program.local_value``) is fixed before the run: a KMS key's id is
derived from its spec key, a secret's ARN ends in ``-AbCdEf``, a connection's in a fixed UUID.
moto chooses its own, so after creating one the embedded backend's record is renamed. Another
emulator (``--endpoint-url``) is asked with the ``_custom_id_`` tag instead (``spec_resources``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from compiler.aws_env import REGION

ACCOUNT = "123456789012"


class _LazyPrivateKey:
    """moto makes an RSA-2048 private key for every new key, symmetric ones too (50-250 ms each); a
    symmetric key never signs, so the key pair is made only if something asks for it."""

    def __init__(self, key_spec: str) -> None:
        self._spec = key_spec
        self._key: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._key is None:
            from moto.kms.utils import generate_private_key

            self._key = generate_private_key(self._spec)
        return getattr(self._key, name)


@contextmanager
def lazy_private_keys() -> Iterator[None]:
    import moto.kms.models as kms_models

    original = kms_models.generate_private_key
    kms_models.generate_private_key = _LazyPrivateKey  # type: ignore[assignment]
    try:
        yield
    finally:
        kms_models.generate_private_key = original


def has_key(key_id: str) -> bool:
    from moto.kms.models import kms_backends

    return key_id in kms_backends[ACCOUNT][REGION].keys


def rename_key(moto_id: str, wanted: str) -> None:
    from moto.kms.models import kms_backends

    backend = kms_backends[ACCOUNT][REGION]
    key = backend.keys.pop(moto_id)
    key.id = wanted
    key.arn = key.arn.replace(moto_id, wanted)
    backend.keys[wanted] = key


def rename_secret(name: str, wanted_arn: str) -> None:
    """moto finds a secret by name or by its exact ARN (``SecretsStore``), so a new ARN is enough."""
    from moto.secretsmanager.models import secretsmanager_backends

    secretsmanager_backends[ACCOUNT][REGION].secrets[name].arn = wanted_arn


def rename_connection(name: str, wanted_arn: str) -> None:
    from moto.events.models import events_backends

    connection = events_backends[ACCOUNT][REGION].connections[name]
    connection.uuid = uuid.UUID(wanted_arn.rsplit("/", 1)[-1])
    connection.arn = wanted_arn

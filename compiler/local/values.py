"""Flag values: ``JSON`` or ``@file``, ``ERROR[:CAUSE]``, and ``KEY=VALUE`` pairs (keys may hold '=' only in ARNs, never)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler.local.errors import UsageError
from compiler.run import TaskFailure


def json_value(text: str, flag: str, *, base: Path | None = None) -> Any:
    """The JSON value of ``text``; ``@path`` reads the file (JSON, or YAML when it ends in .yaml/.yml)."""
    if text.startswith("@"):
        path = Path(text[1:])
        if base is not None and not path.is_absolute():
            path = base / path
        try:
            raw = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{flag}: cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
        if not raw.strip():
            raise UsageError(f"{flag}: {path} is empty", hint="write a JSON value in it, e.g. {}")
        if path.suffix in (".yaml", ".yml"):
            return yaml_value(raw, f"{flag} {path}")
        return _parse(raw, f"{flag} {path}")
    return _parse(text, flag)


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{where}: not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            hint="quote JSON for the shell, e.g. --input '{\"key\": 1}', or read a file with @path",
        ) from None


def yaml_value(text: str, where: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise UsageError(f"{where}: not YAML: {exc}") from None


def failure_value(text: str, flag: str) -> TaskFailure:
    """``ERROR[:CAUSE]``: the error name ends at the first ':' (error names have none; a cause may)."""
    error, _, cause = text.partition(":")
    if not error.strip():
        raise UsageError(f"{flag}: expected ERROR[:CAUSE] with an error name, got {text!r}",
                         hint="e.g. --mock-error my_function=Lambda.ServiceException:unavailable")
    return TaskFailure(error, cause)


def split_pair(item: str, flag: str, value_name: str) -> tuple[str, str]:
    """``KEY=VALUE`` split at the first '=' (ARNs and state names have none)."""
    key, sep, value = item.partition("=")
    if not sep or not key or not value:
        raise UsageError(f"{flag} expects KEY={value_name}, got {item!r}")
    return key, value

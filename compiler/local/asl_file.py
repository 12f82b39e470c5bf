"""A bare ASL definition file (JSON or YAML with StartAt and States at the top): run it, validate it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compiler.local.errors import LocalError, UsageError


def read_asl(path: Path) -> dict[str, Any] | None:
    """The definition when ``path`` holds a bare ASL definition; None when it is something else (a spec).

    Read with the importer's reader (JSON, or YAML with CloudFormation tags); a file that cannot be
    read is a usage error, one that does not parse is left to the spec loader unless it is .json.
    """
    from compiler.importer.errors import Refusal
    from compiler.importer.readers import is_definition
    from compiler.importer.readers.document import read_file

    if not path.is_file():
        raise UsageError(f"cannot read {path}: no such file")
    try:
        doc = read_file(path)
    except Refusal as exc:
        if path.suffix == ".json":
            raise LocalError(f"{path}: {exc.located.message}") from None
        return None
    return dict(doc.data) if is_definition(doc.data) else None

"""The one wildcard the tool grants on its own and acknowledges to cdk-nag itself (shared by the
nag check at validate time and the stack that acknowledges it)."""

from __future__ import annotations

import re

# ``${key.arn}:*``: every version and alias of a spec function (a task may invoke a qualified ARN).
_FUNCTION_VERSIONS = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_-]*)\.arn\}:\*")


def function_versions_key(resource: str) -> str | None:
    """The function key of ``${key.arn}:*``, else None."""
    match = _FUNCTION_VERSIONS.fullmatch(resource)
    return match.group(1) if match else None

"""Every wildcard resource of a policy, with why it could not be narrower (for ``compiler iam``)."""

from __future__ import annotations

from typing import Any

from compiler.iam.base import Statement


def wildcards(found: list[Statement]) -> list[dict[str, Any]]:
    """Every resource with a ``*``, with why it is not narrower."""
    out = []
    for statement in found:
        for resource in statement.resources:
            if "*" not in resource:
                continue
            reasons = list(statement.reasons) or [SUFFIX if _named_then_star(resource) else UNEXPLAINED]
            out.append({"resource": resource, "actions": list(statement.actions), "reasons": reasons})
    return out


SUFFIX = "the parts of one named target (a function's versions, a machine's executions, objects under a key prefix)"
UNEXPLAINED = "(no reason recorded)"


def _named_then_star(resource: str) -> bool:
    """One trailing ``*`` after a named target: ``${fn.arn}:*``, ``execution:${child.name}:*``, ``bucket/out/*``."""
    if resource.count("*") != 1 or not resource.endswith("*"):
        return False
    head = resource[:-1].rstrip(":/")
    last = head.replace("/", ":").rsplit(":", 1)[-1]
    return bool(last) and last not in TYPE_WORDS


TYPE_WORDS = {"function", "table", "stateMachine", "execution", "event-bus", "rule", "job", "workgroup", "bucket", ""}

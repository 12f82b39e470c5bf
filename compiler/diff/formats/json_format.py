"""JSON: the records as they are, plus a summary block; stable key order for golden files."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from compiler.diff.records import Diff

SCHEMA_VERSION = 1


def as_dict(diff: Diff) -> dict[str, Any]:
    data = dataclasses.asdict(diff)
    return {
        "version": SCHEMA_VERSION,
        "base": diff.base,
        "head": diff.head,
        "changed": not diff.empty,
        "summary": {
            "flags": len(diff.flags),
            "resources": len(diff.resources),
            "iam": len(diff.iam),
            "machines": len(diff.machines),
            "states": sum(len(m.states) for m in diff.machines),
        },
        "flags": data["flags"],
        "resources": data["resources"],
        "iam": data["iam"],
        "machines": data["machines"],
        "notes": data["notes"],
    }


def render(diff: Diff, graphs: Mapping[str, str] | None = None) -> str:
    return json.dumps(as_dict(diff), ensure_ascii=False, indent=2) + "\n"

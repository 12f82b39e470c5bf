"""Readable labels for edges: Choice rules (``$.x == 3``) and the errors a Catch handles."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

MAX_LABEL = 80
_OPS = {"Equals": "==", "LessThan": "<", "GreaterThan": ">", "LessThanEquals": "<=", "GreaterThanEquals": ">="}
_TESTS = {"IsNull": "null", "IsPresent": "present", "IsNumeric": "numeric", "IsString": "a string",
          "IsBoolean": "a boolean", "IsTimestamp": "a timestamp"}
_KINDS = ("String", "Numeric", "Boolean", "Timestamp")


def rule_label(rule: Mapping[str, Any]) -> str:
    return shorten(_rule(rule))


def _rule(rule: Mapping[str, Any]) -> str:
    if "Condition" in rule:
        return str(rule["Condition"])
    if isinstance(rule.get("And"), list):
        return " and ".join(_group(r) for r in rule["And"])
    if isinstance(rule.get("Or"), list):
        return " or ".join(_group(r) for r in rule["Or"])
    if isinstance(rule.get("Not"), Mapping):
        return f"not {_group(rule['Not'])}"
    variable = str(rule.get("Variable", "?"))
    for key, value in rule.items():
        if key in _TESTS:
            return f"{variable} is {'' if value else 'not '}{_TESTS[key]}"
        if key == "StringMatches":
            return f"{variable} matches {json.dumps(value, ensure_ascii=False)}"
        for kind in _KINDS:
            if not key.startswith(kind):
                continue
            op, path = key[len(kind):], False
            if op.endswith("Path"):
                op, path = op[: -len("Path")], True
            if op in _OPS:
                shown = str(value) if path else json.dumps(value, ensure_ascii=False)
                return f"{variable} {_OPS[op]} {shown}"
    return variable


def _group(rule: Any) -> str:
    text = _rule(rule) if isinstance(rule, Mapping) else str(rule)
    return f"({text})" if " and " in text or " or " in text else text


def errors_label(catcher: Mapping[str, Any]) -> str:
    return shorten(", ".join(str(e) for e in catcher.get("ErrorEquals") or []))


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

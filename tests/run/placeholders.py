"""Compare an actual JSON value with a recorded one that has placeholders in it.

The rules of shared/conformance/asl/README.md ("Comparing against
placeholders"): a placeholder counts only where it stands on its own;
it matches its own text or any non-empty text (``date`` an ISO-8601
date-time, ``111111111111`` any 12 digits); an expected value that is exactly
one placeholder accepts any JSON value; a bracketed token stands for the same
text everywhere in one case. Numbers compare by value, booleans are not numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_ISO = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
_WORD = "A-Za-z0-9_-"


class Matcher:
    """Stateful within one case: bracketed tokens keep the text they first matched."""

    def __init__(self, placeholders: Iterable[str]) -> None:
        self.tokens = sorted(set(placeholders), key=len, reverse=True)
        self.bound: dict[str, str] = {}
        alternatives = "|".join(re.escape(t) for t in self.tokens)
        self._find = re.compile(alternatives) if self.tokens else None

    # ---------------------------------------------------------------- strings

    def _occurrences(self, text: str) -> list[tuple[int, int, str]]:
        if self._find is None:
            return []
        found = []
        for m in self._find.finditer(text):
            token = m.group()
            bracketed = token.startswith("<") and token.endswith(">")
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end()] if m.end() < len(text) else ""
            alone = not re.match(f"[{_WORD}]", before) and not re.match(f"[{_WORD}]", after)
            if bracketed or alone:
                found.append((m.start(), m.end(), token))
        return found

    def match_string(self, expected: str, actual: str) -> bool:
        occurrences = self._occurrences(expected)
        if not occurrences:
            return expected == actual
        pattern, names, pos = "", [], 0
        for start, end, token in occurrences:
            pattern += re.escape(expected[pos:start])
            pos = end
            if token in self.bound:
                pattern += re.escape(self.bound[token])
                continue
            if token == "date":
                body = _ISO
            elif token == "111111111111":
                body = r"\d{12}"
            else:
                body = ".+?"
            group = f"g{len(names)}"
            names.append((group, token))
            pattern += f"(?P<{group}>{re.escape(token)}|{body})"
        pattern += re.escape(expected[pos:])
        m = re.fullmatch(pattern, actual, re.DOTALL)
        if m is None:
            return False
        seen: dict[str, str] = {}
        for group, token in names:
            text = m.group(group)
            bracketed = token.startswith("<") and token.endswith(">")
            if bracketed and seen.setdefault(token, text) != text:
                return False
        self.bound.update(seen)
        return True

    # ---------------------------------------------------------------- values

    def is_whole_placeholder(self, expected: Any) -> bool:
        return isinstance(expected, str) and expected in self.tokens

    def match(self, expected: Any, actual: Any) -> bool:
        if self.is_whole_placeholder(expected):
            if isinstance(actual, str):
                return self.match_string(expected, actual)
            return True
        if isinstance(expected, bool) or isinstance(actual, bool):
            return type(expected) is type(actual) and expected == actual
        if isinstance(expected, int | float) and isinstance(actual, int | float):
            return float(expected) == float(actual)
        if isinstance(expected, str):
            return isinstance(actual, str) and self.match_string(expected, actual)
        if isinstance(expected, list):
            return (
                isinstance(actual, list)
                and len(expected) == len(actual)
                and all(self.match(e, a) for e, a in zip(expected, actual, strict=True))
            )
        if isinstance(expected, dict):
            return isinstance(actual, dict) and self._match_object(expected, actual)
        return expected == actual

    def _match_object(self, expected: dict[str, Any], actual: dict[str, Any]) -> bool:
        if len(expected) != len(actual):
            return False
        rest = dict(actual)
        pending = []
        for key, value in expected.items():
            if key in rest and not self._occurrences(key):
                if not self.match(value, rest.pop(key)):
                    return False
            else:
                pending.append((key, value))
        for key, value in pending:
            hit = next((k for k in rest if self.match_string(key, k) and self.match(value, rest[k])), None)
            if hit is None:
                return False
            del rest[hit]
        return not rest


def describe(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)[:600]

"""docs/diagnostics.md documents exactly the registered codes, each with an example and a fix."""

from __future__ import annotations

import re

from compiler.diagnostics import CODES
from tests.checks.conftest import ROOT

DOCS = ROOT / "docs" / "diagnostics.md"
HEADING = re.compile(r"^### ([A-Z]\d{3})$", re.MULTILINE)


def _sections() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    out: dict[str, str] = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end():end]
        # A section ends where the next stage's "## " heading begins.
        out[match.group(1)] = body.split("\n## ")[0]
    return out


def test_every_registered_code_is_documented() -> None:
    assert sorted(set(CODES) - set(_sections())) == []


def test_every_documented_code_is_registered() -> None:
    assert sorted(set(_sections()) - set(CODES)) == []


def test_codes_are_documented_once_and_in_order() -> None:
    found = HEADING.findall(DOCS.read_text(encoding="utf-8"))
    assert len(found) == len(set(found))
    assert found == sorted(found, key=lambda c: (c[1:], c))


def test_each_entry_has_a_title_and_a_fix() -> None:
    for code, body in _sections().items():
        assert re.search(r"\*\*.+\*\*", body), f"{code} has no bold title"
        assert "Fix:" in body, f"{code} says no fix"

"""Shared helpers for the importer tests: the corpus location and a one-call import of a definition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.importer.convert import Imported, check_round_trip, convert, standalone
from compiler.importer.writer import check_reads_back, dump, new_spec
from tests import shared

REPO = Path(__file__).resolve().parents[2]
CORPUS = shared.ASL_REAL
FIXTURES = REPO / "tests" / "fixtures"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*.json"))


def load_corpus(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def import_definition(definition: Any, key: str = "imported", origin: str = "test") -> tuple[Imported, str]:
    """Convert, check the round trip and the YAML text; the spec's YAML text."""
    imported = convert(definition, key)
    data = standalone(imported)
    check_round_trip(data, imported, definition)
    text = dump(new_spec(imported, definition, origin))
    check_reads_back(text, data, origin)
    return imported, text


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    """Every real-world definition; tests using it carry the ``conformance`` marker (tests/shared.py)."""
    files = corpus_files()
    assert files, f"no definitions in {CORPUS}"
    return files

"""schema/workflow.schema.json: generated from the models, never stale, and every valid spec obeys it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from compiler.loader import load_file
from compiler.pipeline import compile_spec
from compiler.schema_gen import render_schema
from compiler.testing.schema import render_test_schema

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "schema" / "workflow.schema.json"


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == render_schema(), "regenerate with: compiler schema"


def valid_specs() -> list[Path]:
    candidates = [REPO / "workflow.yaml", *sorted((REPO / "examples").glob("*.yaml"))]
    candidates += sorted((REPO / "tests" / "cases" / "valid").glob("**/*.yaml"))
    return [p for p in candidates if p.exists()]


@pytest.mark.parametrize("spec", valid_specs(), ids=lambda p: str(p.relative_to(REPO)))
def test_valid_specs_validate_against_the_schema(spec: Path) -> None:
    assert compile_spec(spec).ok
    data = load_file(spec).data
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert not validator.is_valid({"version": 1, "state_machines": {"m": {"states": {"A": {"type": "taks"}}}}})
    assert not validator.is_valid({"version": 1, "resources": {"b": {"type": "bucket", "bucket_nme": "x"}}})


def test_seed_spec_points_editors_at_the_schema() -> None:
    first = (REPO / "workflow.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/workflow.schema.json"


def test_the_spec_schema_is_titled_for_the_file_it_describes() -> None:
    # Editors show the title; the model's own ("Spec") is a class name the user never sees.
    document = json.loads(render_schema())
    assert document["title"] == "workflow.yaml"
    assert list(document)[:3] == ["$schema", "$id", "title"]


def test_the_test_file_schema_is_titled_for_test_files() -> None:
    document = json.loads(render_test_schema())
    assert document["title"].startswith("workflow test file")
    assert list(document)[:3] == ["$schema", "$id", "title"]

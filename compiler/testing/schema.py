"""The JSON Schema of workflow test files, generated from the models (``compiler schema --test-file``)."""

from __future__ import annotations

from pathlib import Path

from compiler.schema_gen import schema_document
from compiler.testing.models import TestFile

SCHEMA_ID = "https://example.invalid/sfn-workflow-compiler/workflow-test.schema.json"
DEFAULT = Path("schema/workflow-test.schema.json")


def render_test_schema() -> str:
    return schema_document(TestFile.model_json_schema(by_alias=True, mode="validation"), SCHEMA_ID,
                           "workflow test file (*.test.yaml, tests/workflow/*.yaml)")

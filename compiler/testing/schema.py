"""The JSON Schema of workflow test files, generated from the models (``compiler schema --test-file``)."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.testing.models import TestFile

SCHEMA_ID = "https://example.invalid/sfn-workflow-compiler/workflow-test.schema.json"
DEFAULT = Path("schema/workflow-test.schema.json")


def render_test_schema() -> str:
    schema = TestFile.model_json_schema(by_alias=True, mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "workflow test file (*.test.yaml, tests/workflow/*.yaml)",
    }
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

"""The JSON Schema of the spec, generated from the models (the single source of truth)."""

from __future__ import annotations

import json

from compiler.model.spec import Spec

SCHEMA_ID = "https://example.invalid/sfn-workflow-compiler/workflow.schema.json"


def render_schema() -> str:
    schema = Spec.model_json_schema(by_alias=True, mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "workflow.yaml",
        **schema,
    }
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

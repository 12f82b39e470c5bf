"""The JSON Schema of the spec, generated from the models (the single source of truth)."""

from __future__ import annotations

import json
from typing import Any

from compiler.model.spec import Spec

SCHEMA_ID = "https://example.invalid/sfn-workflow-compiler/workflow.schema.json"


def render_schema() -> str:
    return schema_document(Spec.model_json_schema(by_alias=True, mode="validation"), SCHEMA_ID, "workflow.yaml")


def schema_document(schema: dict[str, Any], schema_id: str, title: str) -> str:
    """A model's JSON Schema as a file: its dialect, its id, and a title for editors (the model's
    own title, e.g. "Spec", is a class name the user never sees)."""
    own = {k: v for k, v in schema.items() if k != "title"}
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, "title": title, **own}
    return json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

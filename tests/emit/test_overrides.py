"""stack.overrides and stack.extensions in the synthesized template (tests/cases/valid/overrides.yaml)."""

from __future__ import annotations

import json
from typing import Any

from compiler.diff import diff_programs
from compiler.pipeline import compile_spec
from tests.golden.regen import CASE_TEMPLATES, case_template_path, synth_case_template


def test_the_override_and_the_extension_are_in_the_template() -> None:
    text = synth_case_template(CASE_TEMPLATES["overrides"])
    assert case_template_path("overrides").read_text(encoding="utf-8") == text, "regenerate: python -m tests.golden.regen"
    template: dict[str, Any] = json.loads(text)
    (machine,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::StepFunctions::StateMachine"]
    assert machine["Properties"]["TracingConfiguration"] == {"Enabled": True}
    assert [k for k in template["Outputs"] if k.startswith("ordersarn")]


def test_compiler_diff_shows_a_changed_override(tmp_path: Any) -> None:
    base = compile_spec(CASE_TEMPLATES["overrides"]).program
    changed = tmp_path / "overrides.yaml"
    changed.write_text(CASE_TEMPLATES["overrides"].read_text(encoding="utf-8").replace(
        "Enabled: true", "Enabled: false"), encoding="utf-8")
    (tmp_path / "overrides_extension.py").write_text("def add_outputs(stack, resources):\n    pass\n")
    head = compile_spec(changed).program
    assert base is not None and head is not None
    result = diff_programs(base, head)
    assert "TracingConfiguration" in json.dumps(result, default=str)

"""AWS's mixing rule in the runner and the emitted ASL: a nested JSONata block's states say so themselves."""

from __future__ import annotations

import pytest

from compiler.pipeline import compile_spec
from compiler.run import DefinitionError, execute

SPEC = """\
version: 1
state_machines:
  main:
    states:
      Each:
        type: map
        query_language: jsonata
        items: "{% [1, 2] %}"
        item_processor:
          states:
            Double:
              type: pass
              output: "{% $states.input * 2 %}"
"""


def test_a_jsonata_map_in_a_jsonpath_machine_runs_its_processor_as_jsonata(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "workflow.yaml"
    path.write_text(SPEC, "utf-8")
    compiled = compile_spec(path)
    assert compiled.program is not None, compiled.report.sorted()
    definition = compiled.program.machines["main"].definition
    inner = definition["States"]["Each"]["ItemProcessor"]["States"]["Double"]
    assert inner["QueryLanguage"] == "JSONata"
    execution = execute(definition, {})
    assert execution.status == "SUCCEEDED"
    assert execution.output == [2, 4]


def test_the_runner_refuses_jsonpath_in_a_jsonata_machine() -> None:
    definition = {"QueryLanguage": "JSONata", "StartAt": "A",
                  "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}}
    with pytest.raises(DefinitionError, match="inside a JSONata state machine"):
        execute(definition, {})

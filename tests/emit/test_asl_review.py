"""Emitter regressions found in review: each test compiles a small spec and reads the emitted ASL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compiler.pipeline import compile_spec

HEAD = """\
version: 1
resources:
  echo:
    type: function
    code: fn
    handler: app.handler
"""


def _definition(tmp_path: Path, machines: str, key: str = "m") -> dict[str, Any]:
    (tmp_path / "fn").mkdir(exist_ok=True)
    (tmp_path / "fn" / "app.py").write_text("def handler(event, context):\n    return event\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + machines, encoding="utf-8")
    compiled = compile_spec(spec)
    assert compiled.program is not None, compiled.report.sorted()
    return compiled.program.machines[key].definition


def test_jsonata_lambda_invoke_without_payload_sends_the_state_input(tmp_path: Path) -> None:
    # CDK's LambdaInvoke writes Payload: "{% $states.input %}" in JSONata (and Payload.$: $ in
    # JSONPath); without it the function was called with no payload at all.
    definition = _definition(tmp_path, """\
state_machines:
  m:
    query_language: jsonata
    states:
      A:
        type: task
        invoke: echo
        invoke_style: lambda_invoke
""")
    assert definition["States"]["A"]["Arguments"] == {
        "FunctionName": "${echo_arn}",
        "Payload": "{% $states.input %}",
    }


def test_jsonpath_lambda_invoke_without_payload_sends_the_state_input(tmp_path: Path) -> None:
    definition = _definition(tmp_path, """\
state_machines:
  m:
    states:
      A:
        type: task
        invoke: echo
        invoke_style: lambda_invoke
""")
    assert definition["States"]["A"]["Parameters"] == {"FunctionName": "${echo_arn}", "Payload.$": "$"}

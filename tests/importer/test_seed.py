"""The seed's two machines, written by hand as the ASL CDK v1 deployed, import to a spec that
compiles to the same ASL as workflow.yaml (placeholders filled with the fake account and region)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compiler.importer.session import import_file
from compiler.pipeline import compile_spec
from compiler.refs import fill
from tests.importer.conftest import FIXTURES, REPO

SEED = FIXTURES / "seed-asl"


def _filled(spec: Path) -> dict[str, Any]:
    compiled = compile_spec(spec)
    assert compiled.ok, [f"{d.code} {d.message}" for d in compiled.report.sorted()]
    assert compiled.program is not None
    program = compiled.program
    return {m.name: fill(m.definition, program.local_substitutions(m)) for m in program.machines.values()}


def test_seed_machines_import_to_the_same_asl(tmp_path: Path) -> None:
    spec = tmp_path / "imported.yaml"
    sub = import_file(SEED / "sub.asl.json", name="sfn_sub_state_machine")
    assert sub.ok and sub.text is not None
    spec.write_text(sub.text, encoding="utf-8")
    main = import_file(SEED / "main.asl.json", into=spec, name="sfn_main_state_machine")
    assert main.ok and main.text is not None
    spec.write_text(main.text, encoding="utf-8")

    expected = _filled(REPO / "workflow.yaml")
    actual = _filled(spec)
    assert actual == expected
    # The nested machine's ARN was recognised as the machine imported just before.
    assert "start_execution: sfn_sub_state_machine" in main.text
    assert "invoke: sfn_second_lambda" in main.text


def test_seed_main_alone_keeps_the_sub_machine_as_existing(tmp_path: Path) -> None:
    main = import_file(SEED / "main.asl.json", name="main")
    assert main.ok and main.text is not None
    assert "state_machine_arn: arn:aws:states:us-east-1:123456789012:stateMachine:sfn_sub_state_machine" in main.text
    spec = tmp_path / "main.yaml"
    spec.write_text(main.text, encoding="utf-8")
    assert _filled(spec)["main"] == _filled(REPO / "workflow.yaml")["sfn_main_state_machine"]


def test_seed_into_workflow_reuses_its_functions_and_machine(tmp_path: Path) -> None:
    """Imported into workflow.yaml itself, the ARNs resolve to the spec's own keys."""
    spec = tmp_path / "workflow.yaml"
    spec.write_text((REPO / "workflow.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    main = import_file(SEED / "main.asl.json", into=spec, name="main_again")
    assert main.ok and main.text is not None
    added = main.text[len(spec.read_text(encoding="utf-8")):]
    assert "invoke: first" in added and "start_execution: sub" in added

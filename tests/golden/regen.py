"""Regenerate every golden file of the emitters (review the diff before committing):

    python -m tests.golden.regen

- asl/<spec>/<machine>.json: the emitted ASL, pretty (the deployed text is its compact form);
- iam/<spec>.json: each machine's role statements from the IAM registry;
- templates/workflow.template.json: the seed's CloudFormation template (``compiler synth``);
- templates/<case>.template.json: the template of each case of ``CASE_TEMPLATES`` (nag off).

<spec> is ``workflow`` for workflow.yaml, else the name of a tests/cases/valid/*.yaml file.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from compiler.asl.definition import to_pretty_json
from compiler.iam import machine_statements
from compiler.pipeline import compile_spec
from tests.golden.specs import GOLDEN, REPO, golden_specs

TEMPLATE = GOLDEN / "templates" / "workflow.template.json"


def expected_files() -> dict[Path, str]:
    """Every ASL and IAM golden file with its expected text (pure Python, no synth)."""
    files: dict[Path, str] = {}
    for name, spec in golden_specs().items():
        compiled = compile_spec(spec)
        if compiled.program is None:
            raise SystemExit(f"{spec} does not compile: {[d.message for d in compiled.report.diagnostics]}")
        iam = {}
        for key, machine in compiled.program.machines.items():
            files[GOLDEN / "asl" / name / f"{key}.json"] = to_pretty_json(machine.definition)
            iam[key] = [
                {"actions": list(s.actions), "resources": list(s.resources)}
                for s in machine_statements(compiled.program, machine)
            ]
        files[GOLDEN / "iam" / f"{name}.json"] = json.dumps(iam, indent=2, ensure_ascii=False) + "\n"
    return files


def synth_seed_template() -> str:
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    with tempfile.TemporaryDirectory() as out:
        result = synthesize(make_app(out), REPO / "workflow.yaml", nag=True)
        if not result.ok or result.template is None:
            raise SystemExit(f"workflow.yaml does not synthesize: {[d.message for d in result.report.diagnostics]}")
        return result.template.read_text(encoding="utf-8")


# Templates of specs beyond the seed, one per feature whose CloudFormation resources have no other golden.
CASE_TEMPLATE_NAMES = ("versions_aliases", "triggers", "overrides", "encryption_logging", "alarms_notifications",
                       "activities")
CASE_TEMPLATES = {name: REPO / "tests" / "cases" / "valid" / f"{name}.yaml" for name in CASE_TEMPLATE_NAMES}


def case_template_path(name: str) -> Path:
    return GOLDEN / "templates" / f"{name}.template.json"


def synth_case_template(spec: Path) -> str:
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    with tempfile.TemporaryDirectory() as out:
        result = synthesize(make_app(out), spec, nag=False)
        if not result.ok or result.template is None:
            raise SystemExit(f"{spec} does not synthesize: {[d.message for d in result.report.diagnostics]}")
        return result.template.read_text(encoding="utf-8")


def main() -> int:
    for folder in (GOLDEN / "asl", GOLDEN / "iam"):
        shutil.rmtree(folder, ignore_errors=True)  # drop files of removed specs and machines
    files = expected_files()
    files[TEMPLATE] = synth_seed_template()
    for name, spec in CASE_TEMPLATES.items():
        files[case_template_path(name)] = synth_case_template(spec)
    for path, text in sorted(files.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {len(files)} golden files under {GOLDEN.relative_to(REPO)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

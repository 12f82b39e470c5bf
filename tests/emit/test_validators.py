"""External validators over what we emit: cfn-lint, cdk-nag and the npm asl-validator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.pipeline import compile_spec
from compiler.refs import fill
from tests.emit.conftest import REPO, Synth
from tests.golden.specs import golden_specs

CFN_LINT = Path(sys.executable).parent / "cfn-lint"
# cfn-lint's Step Functions schema lacks InputPath/OutputPath on Succeed states, which the States
# Language spec and Step Functions allow (cfn-lint#4297 fixed only `Output`): a known false positive.
KNOWN_FALSE_POSITIVES = {("E3601", "Additional properties are not allowed ('OutputPath' was unexpected)")}


@pytest.fixture(scope="module")
def case_templates(seed: Synth, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every valid case synthesized (nag off: cases carry no acknowledgements), in this process."""
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    out = {"workflow": seed.template_path}
    root = tmp_path_factory.mktemp("cases")
    for name, spec in golden_specs().items():
        if name == "workflow":
            continue
        result = synthesize(make_app(str(root / name)), spec, nag=False)
        assert result.ok and result.template is not None, (name, [d.message for d in result.report.diagnostics])
        out[name] = result.template
    return out


def test_cfn_lint_finds_no_errors(case_templates: dict[str, Path]) -> None:
    done = subprocess.run(
        [str(CFN_LINT), "--format", "parseable", *map(str, case_templates.values())],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode in (0, 2, 4, 6), done.stderr  # bit 2: errors, bit 4: warnings
    errors = []
    for line in done.stdout.splitlines():
        parts = line.split(":", 6)
        code, message = parts[5], parts[6]
        if code.startswith("E") and not any(code == c and message.startswith(m) for c, m in KNOWN_FALSE_POSITIVES):
            errors.append(line)
        # Warnings: only "dependency already enforced" (W3005), which CDK templates always carry.
        assert code.startswith("E") or code == "W3005", line
    assert not errors, "\n".join(errors)


def test_cdk_nag_every_acknowledgement_is_used(seed: Synth) -> None:
    """The seed synthesized with nag (the fixture would have failed on an unacknowledged
    finding); here: each acknowledgement in workflow.yaml matches a finding, so none is stale."""
    from aws_cdk import App
    from cdk_nag import AwsSolutionsChecks

    from compiler.emit.stack import WorkflowStack
    from compiler.packaged import cdk_context

    app = App(outdir=str(seed.folder / "nag-dry"), context=cdk_context())
    WorkflowStack(app, seed.program, seed.folder)
    found = {v.rule_name.split("[", 1)[0] for v in AwsSolutionsChecks().validate_scope(app).violations}
    acknowledged = {ack.rule for ack in seed.program.spec.stack.nag_acknowledgements}
    assert acknowledged == found


def test_asl_validator_accepts_every_emitted_definition() -> None:
    node = shutil.which("node", path=str(REPO / "node_modules" / ".bin")) or shutil.which("node")
    assert node is not None, "node not found (run scripts/setup)"
    definitions = {}
    for name, spec in golden_specs().items():
        compiled = compile_spec(spec)
        assert compiled.program is not None, name
        for key, machine in compiled.program.machines.items():
            # Placeholders filled with the fake ARNs a local run uses, so checkArn sees real ARNs.
            definitions[f"{name}/{key}"] = fill(machine.definition, compiled.program.local_substitutions(machine))
    done = subprocess.run(
        [node, str(Path(__file__).with_name("asl_validate.js"))],
        input=json.dumps(definitions), capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    invalid = {name: r["errors"] for name, r in results.items() if not r["isValid"]}
    assert not invalid, json.dumps(invalid, indent=2)
    assert len(results) == len(definitions) >= 2

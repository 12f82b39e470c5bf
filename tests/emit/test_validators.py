"""External validators over what we emit: cdk-nag and the npm asl-validator (cfn-lint, and cdk-nag's
findings against validate's: tests/emit/test_synth_differential.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from compiler.pipeline import compile_spec
from compiler.refs import fill
from tests.emit.conftest import REPO, Synth
from tests.golden.specs import golden_specs

# cfn-lint runs over every template synth writes of the repository's specs (and of generated ones),
# with cdk-nag on: tests/emit/test_synth_differential.py.


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

"""End to end with the real CDK CLI against a moto server on localhost (slow: ~30-50 s each).

The server is a fixture that is stopped in ``finally``; the documented command starts and
stops its own, and the test checks that it is gone afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from compiler.deploy.inventory import snapshot
from compiler.deploy.report import MISMATCH
from compiler.deploy.round_trip import EndpointSession, deploy_with_cli
from compiler.deploy.server import MotoServer
from tests.deploy.conftest import REPO, copy_seed

pytestmark = pytest.mark.slow
FUNCTIONS = {"sfn_first_lambda", "sfn_second_lambda", "sfn_third_lambda", "sfn_error_lambda"}


def test_cdk_deploy_and_destroy_leave_nothing(moto_server: MotoServer, tmp_path: Path) -> None:
    from compiler.pipeline import compile_spec

    spec = copy_seed(tmp_path / "project")
    program = compile_spec(spec).program
    assert program is not None
    session = EndpointSession(moto_server.url)
    result = deploy_with_cli(moto_server, spec, program, tmp_path / "work", destroy=True)

    assert [r.logical_id for r in result.verification.rows if r.status == MISMATCH] == []
    machines = [r for r in result.verification.rows if r.type == "AWS::StepFunctions::StateMachine"]
    assert len(machines) == 2 and all("emitted ASL" in r.detail for r in machines)
    created = result.created
    assert created["stacks"] == {"step-functions"}
    assert created["functions"] == FUNCTIONS
    assert created["buckets"] == {"sfn-bucket-by-aws-cdk"}
    assert len(created["roles"]) == 6 and len(created["state machines"]) == 2

    # Independently of the round trip's own bookkeeping: what exists now.
    after = snapshot(session)
    assert "step-functions" not in after["stacks"]
    assert after["functions"] & FUNCTIONS == set()
    assert after["roles"] & created["roles"] == set()
    assert after["state machines"] == set()
    assert result.left is not None and result.left.ok
    # Kept on purpose: the seed's bucket (removal_policy: retain) and CDK's Lambda log groups;
    # kept by moto: the managed policy (no delete handler in its CloudFormation).
    assert after["buckets"] & created["buckets"] == {"sfn-bucket-by-aws-cdk"}
    assert after["policies"] & created["policies"] == result.left.by_emulator["policies"]


def test_the_documented_command_deploys_verifies_destroys_and_stops_the_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_", "JSII_"))}
    proc = subprocess.run(
        [sys.executable, "-m", "compiler", "deploy-local", "workflow.yaml", "--destroy"],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False,
    )
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "0 MISMATCH" in out and "deploy-local: OK" in out
    assert "sfn_main_state_machine" in out and "sfn_first_lambda" in out
    assert "created: 1 stacks, 1 buckets, 4 functions, 1 layers, 6 roles, 1 policies, 2 state machines" in out
    assert "after cdk destroy, not removed: nothing" in out
    assert "Traceback" not in proc.stderr
    port = int(out.split("http://localhost:", 1)[1].split()[0])
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://localhost:{port}/moto-api/data.json", timeout=2)

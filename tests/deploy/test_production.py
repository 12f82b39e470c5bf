"""examples/production deployed in-process to the emulator: no MISMATCH; the types the emulator's
CloudFormation skips (versions, aliases, schedules, HTTP APIs) are named UNSUPPORTED; the NumPy
layer holds cpython-312-x86_64-linux-gnu modules; the rules of the triggers are read back."""

from __future__ import annotations

import shutil

import pytest

from compiler.deploy.inprocess import RoundTrip, round_trip
from compiler.deploy.report import MISMATCH, OK, UNSUPPORTED
from tests.deploy.conftest import REPO, assemble

EXAMPLE = REPO / "examples" / "production"


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    folder = tmp_path_factory.mktemp("deploy-production")
    shutil.copytree(EXAMPLE, folder / "production")
    assembly = assemble(folder / "production" / "workflow.yaml", folder / "cdk.out", nag=True)
    return round_trip(assembly.outdir, assembly.program)


def test_no_mismatch(trip: RoundTrip) -> None:
    assert [(r.type, r.logical_id, r.detail) for r in trip.verification.rows if r.status == MISMATCH] == []


def test_the_layer_holds_numpy_for_python312_x86_64(trip: RoundTrip) -> None:
    (layer,) = [r for r in trip.verification.rows if r.type == "AWS::Lambda::LayerVersion"]
    assert layer.status == OK and "numpy-2.4.6" in layer.detail
    assert "extension modules cpython-312-x86_64-linux-gnu" in layer.detail


def test_trigger_rules_are_read_back_and_the_skipped_types_named(trip: RoundTrip) -> None:
    by_type: dict[str, list[str]] = {}
    for row in trip.verification.rows:
        by_type.setdefault(row.type, []).append(row.status)
    assert by_type["AWS::Events::Rule"] == [OK, OK, OK]  # two triggers and the failure notification
    for kind in ("AWS::StepFunctions::StateMachineVersion", "AWS::StepFunctions::StateMachineAlias",
                 "AWS::Scheduler::Schedule", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Route",
                 "AWS::CloudWatch::Alarm", "AWS::StepFunctions::Activity"):
        assert set(by_type[kind]) == {UNSUPPORTED}, kind
    # The review activity is left out of the emulator's copy, but the machine that runs it and the
    # kms: grant conditioned on its ARN are compared in full (its Ref is the ARN AWS gives its name).
    assert by_type["AWS::StepFunctions::StateMachine"] == [OK]

"""The in-process round trip of the seed (mock_aws + CreateStack): every resource verified,
the emulator's gaps named, a broken deploy caught, and nothing left after DeleteStack."""

from __future__ import annotations

import json
from typing import Any

import pytest

from compiler.deploy.assembly import StackArtifact
from compiler.deploy.inprocess import DeployError, RoundTrip, round_trip
from compiler.deploy.report import MISMATCH, OK, UNSUPPORTED, Row
from tests.deploy.conftest import Assembly, synth

SEED_FUNCTIONS = {"sfn_first_lambda", "sfn_second_lambda", "sfn_third_lambda", "sfn_error_lambda"}
ARN = "arn:aws:{}:us-east-1:123456789012:{}"
POLICY_ARN = "arn:aws:iam::123456789012:policy/sfn_lambda_policy"


@pytest.fixture(scope="module")
def seed_trip(seed_assembly: Assembly) -> RoundTrip:
    return round_trip(seed_assembly.outdir, seed_assembly.program)


def rows_of(trip: RoundTrip, kind: str) -> list[Row]:
    return [r for r in trip.verification.rows if r.type == kind]


def only(trip: RoundTrip, kind: str, physical: str) -> Row:
    (row,) = [r for r in rows_of(trip, kind) if r.physical_id == physical]
    return row


def test_no_mismatch_and_the_core_resources_are_verified(seed_trip: RoundTrip) -> None:
    rows = seed_trip.verification.rows
    assert [r for r in rows if r.status == MISMATCH] == []
    assert only(seed_trip, "AWS::IAM::ManagedPolicy", POLICY_ARN).status == OK
    for name in ("second", "third", "error"):
        assert only(seed_trip, "AWS::Lambda::Function", f"sfn_{name}_lambda").status == OK
    machines = rows_of(seed_trip, "AWS::StepFunctions::StateMachine")
    assert {r.physical_id for r in machines} == {
        ARN.format("states", "stateMachine:sfn_main_state_machine"),
        ARN.format("states", "stateMachine:sfn_sub_state_machine"),
    }
    assert all(r.status == OK and "emitted ASL" in r.detail for r in machines)
    assert {r.type for r in rows} >= {"AWS::S3::Bucket", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::Logs::LogGroup"}


def test_the_seed_layer_deployed_holds_numpy_for_python312_x86_64(seed_trip: RoundTrip) -> None:
    """Issue 17: workflow.yaml's NumPy layer is built from requirements, and what was deployed is read back."""
    (layer,) = rows_of(seed_trip, "AWS::Lambda::LayerVersion")
    assert layer.status == OK and "numpy-2.4.6" in layer.detail, layer.detail
    assert "extension modules cpython-312-x86_64-linux-gnu" in layer.detail


def test_the_emulator_gaps_are_exactly_the_known_ones(seed_trip: RoundTrip) -> None:
    """Pinned: a new gap (or a fixed one) in moto shows here, not as a silent pass."""
    gaps = sorted((r.type, g) for r in seed_trip.verification.rows for g in r.gaps)
    assert gaps == sorted(
        [("AWS::S3::Bucket", "bucket public access block"),
         ("AWS::S3::BucketPolicy", "bucket policies (the TLS-only policy is not created)"),
         ("AWS::Lambda::Function", "function layers"),
         ("AWS::CDK::Metadata", "CDK metadata (no AWS resource in any case)")]
        + [("AWS::IAM::Role", "role managed-policy attachments")]  # sfn_lambda_role
        # the 3 functions' own roles, each allowed to write to its own log group
        + [("AWS::IAM::Policy", "log group Arn attribute without ':*' in policies")] * 3
    )
    assert all(r.status == UNSUPPORTED for r in seed_trip.verification.rows if r.gaps)
    assert seed_trip.skipped_types == ["AWS::CDK::Metadata", "AWS::S3::BucketPolicy"]


def test_bucket_encryption_and_function_settings_were_read_back(seed_trip: RoundTrip) -> None:
    bucket = only(seed_trip, "AWS::S3::Bucket", "sfn-bucket-by-aws-cdk")
    assert bucket.problems == [] and bucket.gaps == ["bucket public access block"]
    first = only(seed_trip, "AWS::Lambda::Function", "sfn_first_lambda")
    assert first.problems == [] and first.gaps == ["function layers"]
    assert any(n.startswith("code ") for n in first.notes)


def test_definitions_are_filled_with_the_deployed_arns(seed_trip: RoundTrip, seed_assembly: Assembly) -> None:
    values = seed_trip.verification.substitutions
    assert values["main"] == {
        "first_arn": ARN.format("lambda", "function:sfn_first_lambda"),
        "sub_arn": ARN.format("states", "stateMachine:sfn_sub_state_machine"),
    }
    assert set(values["sub"]) == set(seed_assembly.program.machines["sub"].substitutions)


def test_created_then_nothing_left_but_what_the_template_retains(seed_trip: RoundTrip) -> None:
    created = seed_trip.created
    assert created["stacks"] == {"step-functions"}
    assert created["buckets"] == {"sfn-bucket-by-aws-cdk"}
    assert created["functions"] == SEED_FUNCTIONS
    assert len(created["roles"]) == 6 and "sfn_lambda_role" in created["roles"]
    assert created["policies"] == {POLICY_ARN}
    assert len(created["state machines"]) == 2
    left = seed_trip.left
    assert left is not None and left.ok, left
    assert left.unexpected == {}
    # The seed keeps its bucket (removal_policy: retain) and CDK keeps Lambda log groups.
    assert left.retained == {
        "buckets": {"sfn-bucket-by-aws-cdk"},
        "log groups": {f"/aws/lambda/{name}" for name in SEED_FUNCTIONS},
    }
    assert left.by_emulator == {"policies": created["policies"], "layers": created["layers"]}


def _break_function(session: Any, stack: StackArtifact) -> None:
    session.client("lambda").update_function_configuration(
        FunctionName="sfn_first_lambda", Environment={"Variables": {"BUCKET_NAME": "another-bucket"}}
    )


def _break_definition(session: Any, stack: StackArtifact) -> None:
    sfn = session.client("stepfunctions")
    arn = ARN.format("states", "stateMachine:sfn_sub_state_machine")
    definition = json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"])
    definition["States"]["Third Task"]["ResultPath"] = "$.third"
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(definition))


@pytest.mark.parametrize(
    ("breaker", "physical", "message"),
    [
        (_break_function, "sfn_first_lambda", "Environment: expected"),
        (_break_definition, ARN.format("states", "stateMachine:sfn_sub_state_machine"),
         "deployed definition differs"),
    ],
)
def test_a_changed_resource_is_a_mismatch(seed_assembly: Assembly, breaker: Any, physical: str, message: str) -> None:
    trip = round_trip(seed_assembly.outdir, seed_assembly.program, before_verify=breaker)
    bad = [r for r in trip.verification.rows if r.status == MISMATCH]
    assert [r.physical_id for r in bad] == [physical]
    assert message in bad[0].detail


def test_missing_assets_are_caught_although_the_emulator_accepts_them(seed_assembly: Assembly) -> None:
    """moto creates functions from a missing zip (code size 0); AWS would reject the stack."""
    trip = round_trip(seed_assembly.outdir, seed_assembly.program, publish=False, destroy=False)
    bad = {r.physical_id: r.detail for r in trip.verification.rows if r.status == MISMATCH}
    layers = {p for p in bad if ":layer:" in p}
    assert set(bad) - layers == SEED_FUNCTIONS and len(layers) == 1
    assert all("package is empty" in detail for detail in bad.values())


def test_custom_resources_are_refused_not_waited_for(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.deploy.conftest import REPO

    text = (REPO / "workflow.yaml").read_text(encoding="utf-8").replace(
        "removal_policy: retain", "removal_policy: destroy")
    assembly = synth(tmp_path_factory.mktemp("deploy-destroy-policy"), text=text)
    with pytest.raises(DeployError, match="Custom::S3AutoDeleteObjects"):
        round_trip(assembly.outdir, assembly.program)

"""The in-process round trip of a spec with a declared ECS task definition
(tests/cases/valid/ecs_task_definition.yaml): nothing is deployed for the definition itself (it is
registered elsewhere); the machine deployed runs its ARN, and its role's policy, read back through
IAM, passes exactly the declared roles and runs exactly the declared revision (no MISMATCH)."""

from __future__ import annotations

import pytest

from compiler.deploy.inprocess import RoundTrip, round_trip
from compiler.deploy.report import MISMATCH, OK
from tests.deploy.conftest import REPO, assemble

CASE = REPO / "tests" / "cases" / "valid" / "ecs_task_definition.yaml"


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    assembly = assemble(CASE, tmp_path_factory.mktemp("deploy-ecs") / "cdk.out")
    return round_trip(assembly.outdir, assembly.program)


def test_the_machine_and_its_exact_grants_are_read_back(trip: RoundTrip) -> None:
    rows = trip.verification.rows
    assert [r for r in rows if r.status == MISMATCH] == []
    assert not [r for r in rows if r.type.startswith("AWS::ECS::")]  # registered elsewhere: nothing deployed
    machine = next(r for r in rows if r.type == "AWS::StepFunctions::StateMachine")
    assert machine.status == OK and "etl_arn=arn:aws:ecs:us-east-1:123456789012:task-definition/etl:3" in machine.detail
    policies = [r for r in rows if r.type == "AWS::IAM::Policy"]
    assert policies and all(r.status == OK for r in policies)
    roles = [r for r in rows if r.type == "AWS::IAM::Role"]
    assert len(roles) == 2 and all(r.status == OK for r in roles)  # the machine's and the declared task role

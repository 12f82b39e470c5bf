"""The in-process round trip of tables, queues, topics, event buses and keys
(tests/cases/valid/data_resources.yaml): each one read back through its service, the emulator's
gaps named and pinned, a changed queue caught, and nothing left but what the template retains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.deploy.assembly import StackArtifact
from compiler.deploy.inprocess import RoundTrip, round_trip
from compiler.deploy.report import MISMATCH, OK, UNSUPPORTED
from compiler.pipeline import compile_spec
from tests.deploy.conftest import REPO, Assembly, assemble

CASE = REPO / "tests" / "cases" / "valid" / "data_resources.yaml"


@pytest.fixture(scope="module")
def data_assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    return assemble(CASE, tmp_path_factory.mktemp("deploy-data") / "cdk.out")


@pytest.fixture(scope="module")
def trip(data_assembly: Assembly) -> RoundTrip:
    return round_trip(data_assembly.outdir, data_assembly.program)


def test_every_new_kind_is_read_back_with_no_mismatch(trip: RoundTrip) -> None:
    rows = trip.verification.rows
    assert [r for r in rows if r.status == MISMATCH] == []
    by_type: dict[str, list[str]] = {}
    for row in rows:
        by_type.setdefault(row.type, []).append(row.status)
    assert by_type["AWS::SQS::Queue"] == [OK] * 4
    assert by_type["AWS::SNS::Topic"] == [OK] * 2
    assert by_type["AWS::Events::EventBus"] == [OK]
    assert by_type["AWS::KMS::Alias"] == [OK]
    assert by_type["AWS::DynamoDB::Table"] == [UNSUPPORTED] * 2  # settings moto does not apply (below)
    machine = next(r for r in rows if r.type == "AWS::StepFunctions::StateMachine")
    assert machine.status == OK and "jobs_url=https://sqs.us-east-1.amazonaws.com/123456789012/" in machine.detail


def test_the_emulator_gaps_are_exactly_the_known_ones(trip: RoundTrip) -> None:
    gaps = sorted({(r.type, g) for r in trip.verification.rows for g in r.gaps})
    assert gaps == sorted([
        ("AWS::CDK::Metadata", "CDK metadata (no AWS resource in any case)"),
        ("AWS::DynamoDB::Table", "table encryption key"),
        ("AWS::DynamoDB::Table", "table encryption settings"),
        ("AWS::DynamoDB::Table", "table point-in-time recovery"),
        ("AWS::DynamoDB::Table", "table time to live"),
        ("AWS::KMS::Key", "key metadata (moto keeps a CloudFormation KeyPolicy unparsed and cannot describe the key)"),
        ("AWS::SNS::TopicPolicy", "topic policies (the TLS-only policy is not created)"),
        ("AWS::SQS::QueuePolicy", "queue policies (the TLS-only policy is not created)"),
    ])


def test_created_then_only_the_retained_table_and_key_are_left(trip: RoundTrip) -> None:
    created = trip.created
    assert len(created["tables"]) == 2 and "counters" in created["tables"]
    assert len(created["queues"]) == 4 and len(created["topics"]) == 2
    assert created["event buses"] == {"orders-bus"} and len(created["keys"]) == 1
    left = trip.left
    assert left is not None and left.ok, left
    assert set(left.retained) == {"tables", "keys"}  # removal_policy: retain, the default of both
    assert left.retained["tables"] == created["tables"]


def _break_queue(session: Any, stack: StackArtifact) -> None:
    sqs = session.client("sqs")
    url = next(u for u in sqs.list_queues()["QueueUrls"] if "-jobs" in u)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "5"})


def test_a_changed_queue_is_a_mismatch(data_assembly: Assembly) -> None:
    changed = round_trip(data_assembly.outdir, data_assembly.program, before_verify=_break_queue, destroy=False)
    bad = [r for r in changed.verification.rows if r.status == MISMATCH]
    assert len(bad) == 1 and "VisibilityTimeout: expected 60, deployed 5" in bad[0].detail


@pytest.mark.parametrize(("example", "kinds"), [
    ("orders", {"AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::Events::EventBus", "AWS::StepFunctions::StateMachine"}),
    ("distributed-map", {"AWS::IAM::Policy", "AWS::StepFunctions::StateMachine"}),
])
def test_the_examples_deploy_with_no_mismatch(example: str, kinds: set[str],
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    spec = REPO / "examples" / example / "workflow.yaml"
    assembly = assemble(spec, tmp_path_factory.mktemp(f"deploy-{example}") / "cdk.out")
    orders = round_trip(assembly.outdir, assembly.program)
    rows = orders.verification.rows
    assert [r for r in rows if r.status == MISMATCH] == []
    assert {r.type for r in rows if r.status == OK} >= kinds
    assert orders.left is not None and orders.left.ok


OPS = """version: 1
stack: {name: ops-deployable}
resources:
  ops_key: {type: key, alias: alias/ops}
  audit_log: {type: log_group, retention_days: 90, key: ops_key}
  short_log: {type: log_group, log_group_name: /orders/short, retention_days: 7, removal_policy: destroy}
  partner_api_key: {type: secret, key: ops_key, generate: {length: 40}}
  legacy_secret: {type: secret, existing: {secret_name: legacy/app}}
state_machines:
  ops:
    states:
      Read Partner Key:
        type: task
        resource: arn:aws:states:::aws-sdk:secretsmanager:getSecretValue
        parameters: {SecretId: "${partner_api_key.arn}"}
        result_path: null
      # Also an imported secret: moto drops a statement whose only resource is one it did not create.
      Read Legacy:
        type: task
        resource: arn:aws:states:::aws-sdk:secretsmanager:getSecretValue
        parameters: {SecretId: "${legacy_secret.arn}"}
        result_path: null
      Write Audit:
        type: task
        resource: arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents
        parameters: {LogGroupName: "${audit_log.name}", LogStreamName: s, LogEvents: [{Timestamp: 0, Message: m}]}
        result_path: null
      Write Short:
        type: task
        resource: arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents
        parameters: {LogGroupName: "${short_log.name}", LogStreamName: s, LogEvents: [{Timestamp: 0, Message: m}]}
"""


def test_log_groups_and_secrets_deploy_and_what_names_a_secret_is_a_gap_not_a_mismatch(tmp_path: Path) -> None:
    spec = tmp_path / "workflow.yaml"
    spec.write_text(OPS, encoding="utf-8")
    assembly = assemble(spec, tmp_path / "cdk.out")
    ops = round_trip(assembly.outdir, assembly.program)
    rows = ops.verification.rows
    assert [r for r in rows if r.status == MISMATCH] == []
    groups = [r for r in rows if r.type == "AWS::Logs::LogGroup"]
    assert [r.status for r in groups] == [OK, OK]
    (secret,) = [r for r in rows if r.type == "AWS::SecretsManager::Secret"]
    assert secret.status == UNSUPPORTED
    (machine,) = [r for r in rows if r.type == "AWS::StepFunctions::StateMachine"]
    assert machine.gaps == [f"refers to {secret.logical_id} (AWS::SecretsManager::Secret), which the emulator does not create"]
    assert ops.left is not None and ops.left.ok


def test_connections_deploy_without_what_the_emulator_lacks_and_their_rows_say_so(tmp_path: Path) -> None:
    """moto's CloudFormation has neither connections nor secrets: the emulator's copy of the
    template goes without the connections (stand_ins), and every row that depends on one is
    UNSUPPORTED with its reason; none is a MISMATCH and none is missing from the table."""
    from compiler.commands.cdk_app import synthesize
    from compiler.deploy.round_trip import custom_resources
    from compiler.deploy.stand_ins import REASON, STAND_IN
    from compiler.emit.stack_app import make_app

    spec = REPO / "tests" / "cases" / "valid" / "ops_resources.yaml"
    compiled = compile_spec(spec)
    assert compiled.program is not None
    assert custom_resources(compiled.program) == []  # no longer refused up front
    result = synthesize(make_app(str(tmp_path / "cdk.out")), spec, nag=False)
    assert result.ok, [d.message for d in result.report.diagnostics]
    ops = round_trip(tmp_path / "cdk.out", compiled.program)
    rows = ops.verification.rows
    assert [r for r in rows if r.status == MISMATCH] == []
    template = ops.verification.deployed  # what the emulator created, by logical id
    connections = [r for r in rows if r.type == "AWS::Events::Connection"]
    assert len(connections) == 2 and all(r.status == UNSUPPORTED and r.gaps == [REASON] for r in connections)
    assert all(r.logical_id not in template.resources for r in connections)
    secrets = [r for r in rows if r.type == "AWS::SecretsManager::Secret"]
    assert len(secrets) == 2 and {r.status for r in secrets} == {UNSUPPORTED}
    (machine,) = [r for r in rows if r.type == "AWS::StepFunctions::StateMachine"]
    assert machine.status == UNSUPPORTED
    # The first value it cannot resolve names what the emulator did not create.
    assert [g.split(" ")[2] for g in machine.gaps] in [[r.logical_id] for r in connections + secrets]
    assert STAND_IN in REASON and ops.left is not None and ops.left.ok

"""Tables, queues, topics, event buses and keys in the template: secure defaults, imports that
create nothing, cdk-nag finding nothing on them, and a queue without a dead-letter queue that
cdk-nag refuses until the spec acknowledges it with a reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.diagnostics import C_NAG
from tests.emit.conftest import REPO

CASE = REPO / "tests" / "cases" / "valid" / "data_resources.yaml"
# The case's machine keeps no logs and no traces: findings on the machine, none on the resources.
MACHINE_ONLY = {"AwsSolutions-SF1", "AwsSolutions-SF2"}


def _synth(folder: Path, text: str, *, nag: bool) -> tuple[dict[str, Any] | None, list[Any]]:
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    spec = folder / "workflow.yaml"
    spec.write_text(text, encoding="utf-8")
    result = synthesize(make_app(str(folder / "out")), spec, nag=nag)
    template = json.loads(result.template.read_text(encoding="utf-8")) if result.template else None
    return template, result.report.sorted()


@pytest.fixture(scope="module")
def nagged(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    _, diagnostics = _synth(tmp_path_factory.mktemp("data-nag"), CASE.read_text(encoding="utf-8"), nag=True)
    return diagnostics


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out, diagnostics = _synth(tmp_path_factory.mktemp("data"), CASE.read_text(encoding="utf-8"), nag=False)
    assert out is not None, diagnostics
    return out


def of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def logical(template: dict[str, Any], key: str) -> str:
    (found,) = [k for k in template["Resources"] if k.startswith(key) and k[len(key):].isalnum()
                and len(k) == len(key) + 8]
    return found


def test_imports_create_nothing(template: dict[str, Any]) -> None:
    assert len(of(template, "AWS::DynamoDB::Table")) == 2  # orders, counters
    assert len(of(template, "AWS::SQS::Queue")) == 4
    assert len(of(template, "AWS::SNS::Topic")) == 2
    assert len(of(template, "AWS::Events::EventBus")) == 1
    assert len(of(template, "AWS::KMS::Key")) == 1


def test_tables_keep_point_in_time_recovery_and_use_the_spec_key(template: dict[str, Any]) -> None:
    tables = of(template, "AWS::DynamoDB::Table")
    for table in tables.values():
        assert table["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert table["DeletionPolicy"] == "Retain"
    orders = tables[logical(template, "orders")]["Properties"]
    assert orders["SSESpecification"]["KMSMasterKeyId"] == {"Fn::GetAtt": [logical(template, "datakey"), "Arn"]}
    assert orders["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert orders["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    counters = tables[logical(template, "counters")]["Properties"]
    assert counters["ProvisionedThroughput"] == {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}


def test_queues_are_encrypted_tls_only_and_wired_to_their_dead_letter_queue(template: dict[str, Any]) -> None:
    queues = of(template, "AWS::SQS::Queue")
    for queue in queues.values():
        props = queue["Properties"]
        assert "KmsMasterKeyId" in props or props.get("SqsManagedSseEnabled") is True
    policies = of(template, "AWS::SQS::QueuePolicy")
    assert len(policies) == len(queues)
    for policy in policies.values():
        (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Effect"] == "Deny" and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    ordered = queues[logical(template, "ordered")]["Properties"]
    assert ordered["FifoQueue"] is True and ordered["QueueName"] == "ordered.fifo"
    assert ordered["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": [logical(template, "failedfifo"), "Arn"]}
    jobs = queues[logical(template, "jobs")]["Properties"]
    assert jobs["RedrivePolicy"]["maxReceiveCount"] == 5 and jobs["VisibilityTimeout"] == 60


def test_topics_are_encrypted_and_tls_only(template: dict[str, Any]) -> None:
    topics = of(template, "AWS::SNS::Topic")
    ledger = topics[logical(template, "ledger")]["Properties"]
    assert ledger["FifoTopic"] is True
    assert "alias/aws/sns" in json.dumps(ledger["KmsMasterKeyId"])  # the AWS managed key without a spec key
    assert topics[logical(template, "events")]["Properties"]["KmsMasterKeyId"] == {
        "Fn::GetAtt": [logical(template, "datakey"), "Arn"]}
    assert len(of(template, "AWS::SNS::TopicPolicy")) == 2


def test_keys_rotate_and_are_kept(template: dict[str, Any]) -> None:
    (key,) = of(template, "AWS::KMS::Key").values()
    assert key["Properties"]["EnableKeyRotation"] is True and key["DeletionPolicy"] == "Retain"
    (alias,) = of(template, "AWS::KMS::Alias").values()
    assert alias["Properties"]["AliasName"] == "alias/orders-data"


def test_the_machine_role_is_granted_exactly_the_spec_resources(template: dict[str, Any]) -> None:
    (policy,) = [p for k, p in of(template, "AWS::IAM::Policy").items() if k.startswith("sagaRole")]
    statements = {json.dumps(s["Action"], sort_keys=True): s["Resource"] for s in policy["Properties"]["PolicyDocument"]["Statement"]}
    assert statements['"dynamodb:PutItem"'] == {"Fn::GetAtt": [logical(template, "orders"), "Arn"]}
    assert statements['"sqs:SendMessage"'][0] == {"Fn::GetAtt": [logical(template, "jobs"), "Arn"]}
    assert statements['["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]'] == {
        "Fn::GetAtt": [logical(template, "datakey"), "Arn"]}


def test_cdk_nag_finds_nothing_on_the_new_kinds(nagged: list[Any]) -> None:
    findings = [d for d in nagged if d.code == C_NAG]
    assert findings, "the case's machine has no logging: nag must say so (the pack ran)"
    assert {d.message.split("[")[0].split(" ")[0] for d in findings} <= MACHINE_ONLY
    assert all("on 'saga'" in d.message for d in findings)


QUEUE_ALONE = """version: 1
stack:
  nag_acknowledgements: ACKS
resources:
  jobs: {type: queue}
state_machines:
  main:
    logging: {level: all}
    tracing: true
    states:
      Send:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        parameters: {QueueUrl: "${jobs.url}", MessageBody.$: $}
"""
LOGGING_ACK = "{rule: AwsSolutions-IAM5, reason: CloudWatch Logs delivery actions take no resource.}"
DLQ_ACK = '{rule: AwsSolutions-SQS3, reason: "Messages are replayed from the order table, not from a DLQ."}'


def test_a_queue_without_a_dead_letter_queue_needs_an_acknowledgement(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    _, refused = _synth(tmp_path / "a", QUEUE_ALONE.replace("ACKS", f"[{LOGGING_ACK}]"), nag=True)
    assert [(d.code, d.message.split(" ")[0]) for d in refused if d.code == C_NAG] == [(C_NAG, "AwsSolutions-SQS3")]
    assert "on 'jobs'" in next(d.message for d in refused if d.code == C_NAG)
    (tmp_path / "b").mkdir()
    template, accepted = _synth(tmp_path / "b", QUEUE_ALONE.replace("ACKS", f"[{LOGGING_ACK}, {DLQ_ACK}]"), nag=True)
    assert template is not None and [d for d in accepted if d.is_error] == []

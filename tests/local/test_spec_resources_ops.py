"""Log groups, secrets and connections of a spec exist in the emulator before a run, like the other
kinds: in the embedded moto with the ARNs the definitions use, and at ``--endpoint-url`` too."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from compiler.local.spec_resources import create_all, spec_resources
from compiler.pipeline import compile_spec
from compiler.refs import Ref
from tests.local.conftest import Ran

LEGACY = "arn:aws:events:us-east-1:123456789012:connection/legacy/11111111-2222-4333-8444-555555555555"
SPEC = f"""\
version: 1
resources:
  key: {{type: key}}
  audit: {{type: log_group, log_group_name: /orders/audit, retention_days: 30, key: key}}
  old_logs: {{type: log_group, existing: {{log_group_name: /legacy/app}}}}
  api_secret:
    type: secret
    secret_name: partner-api
    generate: {{length: 20, exclude_punctuation: true, template: {{user: app}}, key_name: password}}
  imported: {{type: secret, existing: {{secret_name: prod/db}}}}
  partner:
    type: connection
    connection_name: partner
    authorization: {{type: basic, username: app, secret: api_secret, secret_field: password}}
  legacy: {{type: connection, existing: {{connection_arn: "{LEGACY}"}}}}
state_machines:
  main:
    states:
      Read Secret:
        type: task
        resource: arn:aws:states:::aws-sdk:secretsmanager:getSecretValue
        parameters: {{SecretId: "${{api_secret.arn}}"}}
        result_selector: {{arn.$: $.ARN, value.$: States.StringToJson($.SecretString)}}
        result_path: $.secret
        next: Read Imported
      Read Imported:
        type: task
        resource: arn:aws:states:::aws-sdk:secretsmanager:getSecretValue
        parameters: {{SecretId: "${{imported.arn}}"}}
        result_selector: {{value.$: $.SecretString}}
        result_path: $.imported
        next: Connection
      Connection:
        type: task
        resource: arn:aws:states:::aws-sdk:eventbridge:describeConnection
        parameters: {{Name: "${{partner.name}}"}}
        result_selector: {{arn.$: $.ConnectionArn, type.$: $.AuthorizationType, auth.$: $.AuthParameters}}
        result_path: $.connection
        end: true
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "workflow.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def _program(spec: Path) -> Any:
    compiled = compile_spec(spec)
    assert compiled.program is not None, compiled.report.diagnostics
    return compiled.program


def test_a_run_reads_the_generated_secret_and_the_connection(run_cli: Callable[..., Ran], spec: Path,
                                                             tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures.json"
    fixtures.write_text(json.dumps({"secrets": {"imported": "from-fixtures"}}), encoding="utf-8")
    ran = run_cli(str(spec), "--fixtures", str(fixtures), "--input", "{}", "--format", "json")
    assert ran.code == 0, ran.out + ran.err
    out = ran.json()["output"]
    program = _program(spec)
    # The secret the definitions name by its local ARN exists, with a value generated as the spec says:
    # its JSON template with a 20-character password without punctuation under key_name.
    assert out["secret"]["arn"] == program.local_value(Ref("api_secret", "arn"))
    assert out["secret"]["value"]["user"] == "app"
    assert re.fullmatch(r"[A-Za-z0-9]{20}", out["secret"]["value"]["password"])
    assert out["imported"] == {"value": "from-fixtures"}  # an existing secret's stand-in, valued by --fixtures
    # The connection's credentials come from that secret's field; its ARN is the one the definitions use.
    assert out["connection"]["arn"] == program.local_value(Ref("partner", "arn"))
    assert out["connection"]["type"] == "BASIC"
    assert out["connection"]["auth"] == {"BasicAuthParameters": {"Username": "app"}}
    assert "warnings" not in ran.json() and "compiler run: warning" not in ran.err


def test_log_groups_and_stand_ins_are_created_with_their_settings(spec: Path) -> None:
    program = _program(spec)
    with mock_aws():
        clients: dict[str, Any] = {}

        def client(name: str) -> Any:
            return clients.setdefault(name, boto3.client(name, region_name="us-east-1"))

        warnings = create_all(spec_resources(program), client)
        # The existing secret's value is not in the spec: the run says how to give one.
        assert warnings == ["the existing secret 'imported' (prod/db) is a stand-in without a value: give it one "
                            "in --fixtures (secrets: {imported: ...})"]
        groups = {g["logGroupName"]: g for g in client("logs").describe_log_groups()["logGroups"]}
        assert groups["/orders/audit"]["retentionInDays"] == 30
        assert groups["/orders/audit"]["kmsKeyId"] == program.local_value(Ref("key", "arn"))
        assert "retentionInDays" not in groups["/legacy/app"]  # a stand-in: named as in the spec, nothing more
        secrets = client("secretsmanager")
        with pytest.raises(secrets.exceptions.ResourceNotFoundException):
            secrets.get_secret_value(SecretId=program.local_value(Ref("imported", "arn")))
        legacy = client("events").describe_connection(Name="legacy")
        assert legacy["ConnectionArn"] == LEGACY and "stand-in" in legacy["Description"]
        # A second run against the same emulator (compiler test shares one) keeps them as they are.
        password = secrets.get_secret_value(SecretId="partner-api")["SecretString"]
        assert create_all(spec_resources(program), client) == []
        assert secrets.get_secret_value(SecretId="partner-api")["SecretString"] == password


ENDPOINT_SPEC = """\
version: 1
resources:
  key: {type: key}
  orders: {type: table, partition_key: {name: id}, key: key}
  jobs: {type: queue}
  token: {type: secret, generate: {length: 12}}
state_machines:
  main:
    states:
      Put:
        type: task
        resource: arn:aws:states:::dynamodb:putItem
        parameters: {TableName: "${orders.name}", Item: {id: {S: o-1}}}
        result_path: null
        next: Send
      Send:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        parameters: {QueueUrl: "${jobs.url}", MessageBody: hello}
        result_path: null
        next: Token
      Token:
        type: task
        resource: arn:aws:states:::aws-sdk:secretsmanager:getSecretValue
        parameters: {SecretId: "${token.arn}"}
        result_selector: {value.$: $.SecretString}
        end: true
"""


@pytest.fixture
def moto_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server._server.server_port}"  # type: ignore[union-attr]
    finally:
        server.stop()


def test_an_endpoint_gets_the_same_resources(run_cli: Callable[..., Ran], tmp_path: Path, moto_server: str) -> None:
    path = tmp_path / "workflow.yaml"
    path.write_text(ENDPOINT_SPEC, encoding="utf-8")
    ran = run_cli(str(path), "--endpoint-url", moto_server, "--format", "json")
    assert ran.code == 0, ran.out + ran.err
    doc = ran.json()
    assert doc["emulator"] == "endpoint"
    program = _program(path)
    remote = {"endpoint_url": moto_server, "region_name": "us-east-1", "aws_access_key_id": "testing",
              "aws_secret_access_key": "testing"}
    table = boto3.client("dynamodb", **remote).get_item(TableName="orders", Key={"id": {"S": "o-1"}})
    assert table["Item"] == {"id": {"S": "o-1"}}
    sqs = boto3.client("sqs", **remote)
    [message] = sqs.receive_message(QueueUrl=sqs.get_queue_url(QueueName="jobs")["QueueUrl"])["Messages"]
    assert message["Body"] == "hello"
    # The secret got the ARN the definitions use (moto honours the _custom_id_ tag) and a 12-character value.
    assert len(doc["output"]["value"]) == 12
    # moto's KMS chooses its own key ids: the run says the definitions name another one.
    [warning] = doc["warnings"]
    assert warning.startswith(f"the emulator at {moto_server} gave the key 'key' the ARN ")
    assert warning.endswith(f"the run's definitions use {program.local_value(Ref('key', 'arn'))}")

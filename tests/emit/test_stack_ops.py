"""Log groups, secrets and EventBridge connections in the template: retention as CloudWatch Logs
takes it, the key policy a log-group key needs, generated secret values (never a literal), and
connections whose credentials are dynamic references to a spec secret."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.checks.ops_rules import RETENTION_DAYS
from compiler.emit.stack_ops import RETENTION
from tests.emit.conftest import REPO

CASE = REPO / "tests" / "cases" / "valid" / "ops_resources.yaml"


def _template(folder: Path, text: str) -> dict[str, Any]:
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    spec = folder / "workflow.yaml"
    spec.write_text(text, encoding="utf-8")
    result = synthesize(make_app(str(folder / "out")), spec, nag=False)
    assert result.template is not None, [d.message for d in result.report.sorted()]
    out: dict[str, Any] = json.loads(result.template.read_text(encoding="utf-8"))
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _template(tmp_path_factory.mktemp("ops"), CASE.read_text(encoding="utf-8"))


def of(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


def test_every_retention_validate_accepts_is_the_one_the_template_says(tmp_path: Path) -> None:
    assert tuple(sorted(RETENTION)) == RETENTION_DAYS
    groups = "".join(f"  g{days}: {{type: log_group, retention_days: {days}}}\n" for days in RETENTION_DAYS)
    text = f"version: 1\nresources:\n{groups}state_machines:\n  m:\n    states:\n      Done: {{type: succeed}}\n"
    found = sorted(g["Properties"]["RetentionInDays"] for g in of(_template(tmp_path, text), "AWS::Logs::LogGroup"))
    assert tuple(found) == RETENTION_DAYS


def test_a_log_group_key_lets_cloudwatch_logs_use_it(template: dict[str, Any]) -> None:
    (key,) = of(template, "AWS::KMS::Key")
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    logs = [s for s in statements if "Service" in s.get("Principal", {})]
    assert len(logs) == 1
    assert "logs." in json.dumps(logs[0]["Principal"]) and "kms:EncryptionContext:aws:logs:arn" in logs[0]["Condition"]["ArnLike"]
    encrypted = [g for g in of(template, "AWS::Logs::LogGroup") if "KmsKeyId" in g["Properties"]]
    assert len(encrypted) == 1 and encrypted[0]["Properties"]["RetentionInDays"] == 90


def test_secrets_are_generated_never_written(template: dict[str, Any]) -> None:
    secrets = of(template, "AWS::SecretsManager::Secret")
    assert len(secrets) == 2  # legacy_secret is imported
    for secret in secrets:
        assert "SecretString" not in secret["Properties"] and "GenerateSecretString" in secret["Properties"]
        assert secret["DeletionPolicy"] == "Retain"
    login = next(s for s in secrets if "GenerateStringKey" in s["Properties"]["GenerateSecretString"])
    assert login["Properties"]["GenerateSecretString"]["SecretStringTemplate"] == '{"username": "orders"}'


def test_connections_read_their_credentials_from_the_spec_secret(template: dict[str, Any]) -> None:
    connections = {c["Properties"]["AuthorizationType"]: c["Properties"] for c in of(template, "AWS::Events::Connection")}
    assert set(connections) == {"API_KEY", "BASIC"}
    api_key = json.dumps(connections["API_KEY"]["AuthParameters"])
    assert "{{resolve:secretsmanager:" in api_key and connections["API_KEY"]["Name"] == "partner-api"
    assert ":SecretString:password::}}" in json.dumps(connections["BASIC"]["AuthParameters"])


def test_the_imported_connection_name_is_the_arn_part_after_connection(template: dict[str, Any]) -> None:
    (policy,) = [p for k, p in template["Resources"].items() if k.startswith("opsRole") and p["Type"] == "AWS::IAM::Policy"]
    text = json.dumps(policy["Properties"]["PolicyDocument"])
    assert "events!connection/legacy/*" in text and "legacy/1c3e5a7b" not in text.split("events!connection/")[1][:40]


def test_a_secret_without_rotation_needs_an_acknowledgement(tmp_path: Path) -> None:
    from compiler.commands.cdk_app import synthesize
    from compiler.diagnostics import C_NAG
    from compiler.emit.stack_app import make_app

    text = CASE.read_text(encoding="utf-8")
    start = text.index("  nag_acknowledgements:")
    end = text.index("resources:")
    spec = tmp_path / "workflow.yaml"
    spec.write_text(text[:start] + text[end:], encoding="utf-8")
    result = synthesize(make_app(str(tmp_path / "out")), spec, nag=True)
    rules = {d.message.split(" ")[0] for d in result.report.sorted() if d.code == C_NAG}
    assert "AwsSolutions-SMG4" in rules
    on = {d.message.split("'")[1] for d in result.report.sorted() if d.message.startswith("AwsSolutions-SMG4")}
    assert on == {"partner_api_key", "partner_login"}

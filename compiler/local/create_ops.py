"""Log groups, secrets and EventBridge connections of the spec, created in the emulator before a run.

A new secret gets a value as Secrets Manager would generate it (``GetRandomPassword`` with the spec's
``generate`` settings, inside its JSON ``template`` under ``key_name``), unless ``--fixtures`` gives
one. An ``existing`` secret's value is not in the spec: its stand-in has none unless ``--fixtures``
gives one, and the run says so. A connection takes its credentials from its spec secret; an existing
connection's authorization is not in the spec either, so its stand-in is an API-key connection with a
placeholder key, described as a stand-in. Each gets the ARN the run's definitions use: renamed in the
embedded moto, asked for with the ``_custom_id_`` tag elsewhere (a warning when the emulator ignores it).
"""

from __future__ import annotations

import json
from typing import Any

from compiler.local import moto_ids
from compiler.local.targets import CUSTOM_ID_TAG, LocalResource, Target

_STAND_IN_AUTH = {"ApiKeyAuthParameters": {"ApiKeyName": "x-stand-in", "ApiKeyValue": "stand-in"}}


def create_log_group(resource: LocalResource, target: Target) -> str | None:
    logs = target.client("logs")
    request: dict[str, Any] = {"logGroupName": resource.name}
    if resource.settings.get("key"):
        request["kmsKeyId"] = str(resource.settings["key"])
    logs.create_log_group(**request)
    retention = resource.settings.get("retention_days")
    if retention is not None and not resource.existing:
        logs.put_retention_policy(logGroupName=resource.name, retentionInDays=int(retention))
    return None


def create_secret(resource: LocalResource, target: Target) -> str | None:
    secrets = target.client("secretsmanager")
    request: dict[str, Any] = {"Name": resource.name}
    value = target.given_secret(resource)
    if value is None and not resource.existing:
        value = _generated(secrets, resource.settings.get("generate") or {})
    if value is not None:
        request["SecretString"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    for name, field in (("Description", "description"), ("KmsKeyId", "key")):
        if resource.settings.get(field):
            request[name] = str(resource.settings[field])
    suffix = resource.arn.rsplit("-", 1)[-1]  # Secrets Manager's six characters after the name
    if not target.embedded:
        request["Tags"] = [{"Key": CUSTOM_ID_TAG, "Value": suffix}]
    created = secrets.create_secret(**request)
    if target.embedded:
        moto_ids.rename_secret(resource.name, resource.arn)
    notes = [_other_arn(resource, str(created.get("ARN")), target)] if not target.embedded else []
    if value is None:
        notes.append(f"the existing secret '{resource.key}' ({resource.name}) is a stand-in without a value: give it "
                     f"one in --fixtures (secrets: {{{resource.key}: ...}})")
    return "; ".join(n for n in notes if n) or None


def _generated(secrets: Any, generate: dict[str, Any]) -> str:
    """What ``GenerateSecretString`` would store: a password, or a JSON object holding it."""
    request: dict[str, Any] = {"PasswordLength": int(generate.get("length", 32))}
    if generate.get("exclude_characters"):
        request["ExcludeCharacters"] = str(generate["exclude_characters"])
    if generate.get("exclude_punctuation"):
        request["ExcludePunctuation"] = True
    if generate.get("include_space"):
        request["IncludeSpace"] = True
    password = str(secrets.get_random_password(**request)["RandomPassword"])
    template, key_name = generate.get("template"), generate.get("key_name")
    if template is not None and key_name:
        return json.dumps({**template, key_name: password}, sort_keys=True)
    return password


def create_connection(resource: LocalResource, target: Target) -> str | None:
    events = target.client("events")
    try:
        events.describe_connection(Name=resource.name)
        return None  # moto replaces a connection created twice; a shared emulator keeps the first
    except Exception as exc:  # botocore's ResourceNotFoundException: create it
        if "ResourceNotFound" not in str(getattr(exc, "response", {}).get("Error", {}).get("Code", "")):
            raise
    request: dict[str, Any] = {"Name": resource.name}
    if resource.existing:
        request.update(AuthorizationType="API_KEY", AuthParameters=_STAND_IN_AUTH,
                       Description=f"stand-in for the existing connection '{resource.key}' (its authorization is "
                       "not in the spec)")
    else:
        auth = resource.settings.get("authorization") or {}
        value = _secret_value(target, auth)
        if value is None:
            return (f"the connection '{resource.key}' was not created: its secret '{auth.get('secret')}' has no "
                    "value (give one in --fixtures secrets:)")
        request.update(_authorization(auth, value))
        if resource.settings.get("description"):
            request["Description"] = str(resource.settings["description"])
    created = events.create_connection(**request)
    if target.embedded:
        moto_ids.rename_connection(resource.name, resource.arn)
        return None
    return _other_arn(resource, str(created.get("ConnectionArn")), target)


def _secret_value(target: Target, auth: dict[str, Any]) -> str | None:
    try:
        text = str(target.client("secretsmanager").get_secret_value(SecretId=auth["secret_name"])["SecretString"])
    except Exception:  # botocore's ResourceNotFoundException: the secret, or its value, is missing
        return None
    field = auth.get("secret_field")
    if not field:
        return text
    try:
        found = json.loads(text).get(field)
    except (ValueError, AttributeError):
        return None
    return None if found is None else str(found)


def _authorization(auth: dict[str, Any], value: str) -> dict[str, Any]:
    kind = auth.get("type")
    if kind == "api_key":
        return {"AuthorizationType": "API_KEY",
                "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": auth["api_key_name"], "ApiKeyValue": value}}}
    if kind == "basic":
        return {"AuthorizationType": "BASIC",
                "AuthParameters": {"BasicAuthParameters": {"Username": auth["username"], "Password": value}}}
    return {"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS", "AuthParameters": {"OAuthParameters": {
        "AuthorizationEndpoint": auth["authorization_endpoint"], "HttpMethod": auth.get("http_method", "POST"),
        "ClientParameters": {"ClientID": auth["client_id"], "ClientSecret": value}}}}


def _other_arn(resource: LocalResource, got: str, target: Target) -> str | None:
    if got == resource.arn:
        return None
    return (f"the emulator at {target.endpoint} gave the {resource.kind} '{resource.key}' the ARN {got}; the run's "
            f"definitions use {resource.arn}")

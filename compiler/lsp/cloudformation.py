"""What a ``${key.attr}`` becomes in the synthesized template, without importing aws_cdk.

Logical ids follow CDK's ``makeUniqueId`` for a construct at the stack's top level with the spec
key as its id (``compiler/emit/stack_resources.py``): the path without ``Resource``, then the first
8 hex digits of the MD5 of the path. tests/lsp checks them against the golden template.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")

# kind -> attribute -> how CloudFormation reads it from the logical id ('Ref' or a GetAtt name).
_FORMS: dict[str, dict[str, str]] = {
    "bucket": {"arn": "Arn", "name": "Ref", "domain_name": "DomainName", "regional_domain_name": "RegionalDomainName"},
    "function": {"arn": "Arn", "name": "Ref"},
    "role": {"arn": "Arn", "name": "Ref"},
    "managed_policy": {"arn": "Ref"},
    "layer": {"arn": "Ref"},
    "machine": {"arn": "Ref", "name": "Name"},
    "table": {"arn": "Arn", "name": "Ref", "stream_arn": "StreamArn"},
    "queue": {"arn": "Arn", "name": "QueueName", "url": "Ref"},
    "topic": {"arn": "Ref", "name": "TopicName"},
    "event_bus": {"arn": "Arn", "name": "Ref"},
    "key": {"arn": "Arn", "id": "Ref"},
    "log_group": {"arn": "Arn", "name": "Ref"},
    "secret": {"arn": "Ref"},
    "connection": {"arn": "Arn", "name": "Ref"},
    "activity": {"arn": "Ref", "name": "Name"},
}


def logical_id(key: str) -> str:
    components = [key, "Resource"]
    digest = hashlib.md5("/".join(components).encode()).hexdigest()[:8].upper()
    human = "".join(c for c in components if c not in ("Resource", "Default"))
    return _NON_ALNUM.sub("", human) + digest


def cloudformation(kind: str, key: str, attr: str, body: Any) -> str | None:
    """The template expression of ``${key.attr}`` as JSON, or None when it has no fixed form here."""
    if isinstance(body, dict) and isinstance(body.get("existing"), dict):
        given = {k: v for k, v in body["existing"].items() if isinstance(v, str)}
        return json.dumps(given.get(f"{_base(kind)}_{attr}") or given) if given else None
    if kind == "layer" and isinstance(body, dict) and isinstance(body.get("layer_version_arn"), str):
        return json.dumps(body["layer_version_arn"])
    form = _FORMS.get(kind, {}).get(attr)
    if form is None:
        return None
    lid = logical_id(key)
    if form == "Ref":
        return json.dumps({"Ref": lid})
    return json.dumps({"Fn::GetAtt": [lid, form]})


def _base(kind: str) -> str:
    return {"managed_policy": "policy", "machine": "state_machine"}.get(kind, kind)

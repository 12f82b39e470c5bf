"""aws-sdk integrations speak PascalCase, whatever the service's own API does.

Step Functions' page on AWS SDK integrations says parameters are written in PascalCase even when the
service's API is camelCase (``StateMachineArn`` for sfn's ``stateMachineArn``); the recorded
``aws-sdk:sfn:startExecution`` result (``ExecutionArn``, ``StartDate``) shows results come back the
same way. boto3 wants the API's own member names, so a request is renamed member by member along
the operation's input shape, and a result along its output shape. Map keys are data: never renamed.
"""

from __future__ import annotations

from typing import Any


def to_request(shape: Any, value: Any) -> Any:
    """``value`` with each structure member named as the service's model names it."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        by_lower = {name.lower(): name for name in members}
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key if key in members else by_lower.get(str(key).lower(), key))
            out[name] = to_request(members.get(name), item)
        return out
    if kind == "list" and isinstance(value, list):
        return [to_request(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: to_request(shape.value, item) for key, item in value.items()}
    return value


def to_result(shape: Any, value: Any) -> Any:
    """A result with each structure member in PascalCase (``logGroups`` -> ``LogGroups``)."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {_pascal(key): to_result(members.get(key), item) for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [to_result(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: to_result(shape.value, item) for key, item in value.items()}
    return value


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]

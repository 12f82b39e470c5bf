"""Amazon API Gateway: ``apigateway:invoke`` (request-response, ``.waitForTaskToken``). Only
``AuthType: IAM_ROLE`` calls are signed with the machine's role: ``execute-api:Invoke`` on
``API-ID/STAGE/METHOD/PATH``; ``NO_AUTH`` and ``RESOURCE_POLICY`` need no statement."""

from __future__ import annotations

import re

from compiler.iam.base import Context, Statement, Task, arn
from compiler.iam.calls import RR, WAIT

SERVICE = "apigateway"
ACTIONS = {"invoke": (RR, WAIT)}
ENDPOINT = re.compile(r"^(?:https://)?([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com")


def statements(task: Task, ctx: Context) -> list[Statement]:
    auth = task.get("AuthType")
    if auth is None or auth.template != "IAM_ROLE":
        return []
    parts: list[str] = []
    reasons: list[str] = []
    runtime: list[str] = []
    endpoint = task.get("ApiEndpoint")
    match = ENDPOINT.match(endpoint.template) if endpoint is not None and endpoint.template else None
    region = match.group(2) if match else None
    parts.append(match.group(1) if match else "*")
    for key in ("Stage", "Method", "Path"):
        value = task.get(key)
        text = value.template if value is not None else None
        if text is None:
            parts.append("*")
            if value is not None:
                reasons.append(task.runtime(key))
                runtime.append(key)
            else:
                reasons.append(f"state '{task.name}': the call gives no {key}")
        else:
            parts.append(text.strip("/") if key == "Path" else text)
    if match is None:
        reasons.append(task.runtime("ApiEndpoint"))
        runtime.append("ApiEndpoint")
    resource = arn("execute-api", "/".join(parts))
    if region is not None:
        resource = resource.replace("${AWS::Region}", region)
    return [Statement(("execute-api:Invoke",), (resource.replace("**", "*"),), reasons=tuple(reasons), runtime=tuple(runtime))]

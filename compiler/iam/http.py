"""HTTPS endpoints: ``http:invoke`` (request-response). ``states:InvokeHTTPEndpoint`` on the
machine itself, scoped by conditions to the method and endpoint the task calls; the EventBridge
connection's credentials (``events:RetrieveConnectionCredentials``) and the secret EventBridge
keeps them in (``secretsmanager:GetSecretValue``/``DescribeSecret`` on ``events!connection/NAME/*``),
as the Step Functions guide's "Call HTTPS APIs" page documents."""

from __future__ import annotations

import re

from compiler.iam.base import Context, Statement, Task, arn
from compiler.iam.calls import RR
from compiler.refs import Ref

SERVICE = "http"
ACTIONS = {"invoke": (RR,)}
CONNECTION = re.compile(r"^arn:[^:]+:events:[^:]*:[^:]*:connection/([^/]+)/.+$")


def statements(task: Task, ctx: Context) -> list[Statement]:
    conditions = []
    method = task.get("Method")
    if method is not None and method.template is not None:
        conditions.append(("StringEquals", "states:HTTPMethod", (method.template,)))
    endpoint = task.get("ApiEndpoint")
    reasons: list[str] = []
    if endpoint is not None and endpoint.template is not None:
        conditions.append(("StringLike", "states:HTTPEndpoint", (endpoint.template.rstrip("*") + "*",)))
    else:
        reasons.append(task.runtime("ApiEndpoint"))
    out = [Statement(("states:InvokeHTTPEndpoint",), (str(Ref(ctx.machine, "arn")),), tuple(sorted(conditions)),
                     reasons=tuple(reasons), runtime=("ApiEndpoint",) if reasons else ())]
    connection = task.at("Authentication", "ConnectionArn")
    if connection is None or connection.template is None:
        target, secret = arn("events", "connection/*"), arn("secretsmanager", "secret:events!connection/*")
        why: tuple[str, ...] = (task.runtime("Authentication.ConnectionArn"),)
    else:
        ref = connection.ref
        why = ()
        if ref is not None and not ref.is_parameter and ctx.kind(ref) == "connection":
            target = str(Ref(ref.key, "arn"))
            secret = arn("secretsmanager", f"secret:events!connection/{Ref(ref.key, 'name')}/*")
        else:
            target = connection.template
            match = CONNECTION.match(target)
            secret = arn("secretsmanager", f"secret:events!connection/{match.group(1) if match else '*'}/*")
    runtime = ("Authentication.ConnectionArn",) if why else ()
    out.append(Statement(("events:RetrieveConnectionCredentials",), (target,), reasons=why, runtime=runtime))
    out.append(Statement(("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"), (secret,), reasons=why,
                         runtime=runtime))
    return out

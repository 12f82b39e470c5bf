"""What AWS refuses in log groups, secrets and EventBridge connections, said at validate time.

- E386: a log group retention CloudWatch Logs does not offer; a generated secret's length outside
  1 to 4,096.
- E390: a generated secret's ``template`` without ``key_name`` (or the reverse): Secrets Manager
  needs both to put the password into a JSON object.
- E391: an OAuth connection whose authorization endpoint is not an HTTPS URL.

Names are checked by ``limits`` (E340).
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.model.resources_ops import Connection, LogGroup, Secret
from compiler.source import Path

# The retention periods PutRetentionPolicy accepts (days); null keeps the events forever.
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                  3288, 3653)
SECRET_LENGTH = (1, 4_096)


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, resource in ctx.spec.resources.items():
        base: Path = ("resources", key)
        if isinstance(resource, LogGroup) and resource.existing is None:
            yield from _retention(resource, base)
        elif isinstance(resource, Secret) and resource.generate is not None:
            yield from _generate(resource, base)
        elif isinstance(resource, Connection) and resource.authorization is not None:
            yield from _endpoint(resource, base)


def _retention(group: LogGroup, base: Path) -> Iterator[Finding]:
    days = group.retention_days
    if days is None or days in RETENTION_DAYS:
        return
    below = max((d for d in RETENTION_DAYS if d < days), default=None)
    above = min((d for d in RETENTION_DAYS if d > days), default=None)
    near = " or ".join(str(d) for d in (below, above) if d is not None)
    yield Finding(codes.E_RESOURCE_RANGE, f"retention_days {days} is not a retention CloudWatch Logs offers",
                  (*base, "retention_days"),
                  f"the nearest are {near}; the values are {', '.join(map(str, RETENTION_DAYS))}, or null for never")


def _generate(secret: Secret, base: Path) -> Iterator[Finding]:
    generate = secret.generate
    assert generate is not None
    path: Path = (*base, "generate")
    low, high = SECRET_LENGTH
    if not low <= generate.length <= high:
        yield Finding(codes.E_RESOURCE_RANGE, f"length is {generate.length:,}; Secrets Manager generates {low} to {high:,} characters",
                      (*path, "length"), "32 characters or more is a good password")
    if (generate.template is None) != (generate.key_name is None):
        given, missing = ("template", "key_name") if generate.template is not None else ("key_name", "template")
        yield Finding(codes.E_SECRET_GENERATE, f"'{given}' needs '{missing}': the generated password goes into a field of the template",
                      (*path, given), "e.g. 'template: {username: app}' with 'key_name: password', or neither")


def _endpoint(connection: Connection, base: Path) -> Iterator[Finding]:
    auth = connection.authorization
    if auth is None or auth.type != "oauth_client_credentials":
        return
    endpoint = auth.authorization_endpoint
    if "${" not in endpoint and not endpoint.startswith("https://"):
        yield Finding(codes.E_CONNECTION_ENDPOINT, f"authorization_endpoint '{endpoint}' is not an HTTPS URL",
                      (*base, "authorization", "authorization_endpoint"), "EventBridge accepts only https:// endpoints")

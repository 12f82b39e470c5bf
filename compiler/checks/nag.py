"""cdk-nag findings that come from the spec's own choices, reported before synth (W411).

``compiler synth`` (and ``cdk synth``) run cdk-nag's AwsSolutions pack and refuse the stack on any
finding that ``stack.nag_acknowledgements`` does not accept. The resources the tool generates by
itself are nag-clean by construction (or acknowledge their one necessary wildcard themselves);
what remains comes from a choice written in the spec, so it is reported here, at that entry, with
the fix or the exact acknowledgement to paste. Each rule is mirrored from cdk-nag 3's source:

- S1: a new bucket without server access logs (the spec format has no access-log setting);
- L1: a function whose runtime is not the newest CDK knows in its family (``LATEST_RUNTIMES``,
  checked against aws_cdk's ``Runtime.ALL`` by tests/emit/test_nag_clean.py);
- SF1: a machine that does not log ALL events; SF2: a machine without X-Ray tracing;
- IAM4: a role with AWS managed policies; IAM5: a statement with a wildcard action or resource.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.model.resources import Bucket, Function, ManagedPolicy, Role
from compiler.source import Path

# The newest runtime of each family in the pinned aws-cdk-lib's Runtime.ALL (what cdk-nag's L1 compares with).
LATEST_RUNTIMES = {"python": "python3.14", "nodejs": "nodejs24.x"}
PACK = "AwsSolutions"


def check(ctx: CheckContext) -> Iterator[Finding]:
    acks = ctx.spec.stack.nag_acknowledgements

    def accepted(rule: str, key: str) -> bool:
        return any(a.rule == f"{PACK}-{rule}" and (a.resources is None or key in a.resources) for a in acks)

    for finding, rule, key in _findings(ctx):
        if not accepted(rule, key):
            yield finding


def paste(rule: str, key: str) -> str:
    """The acknowledgement a user can paste under ``stack.nag_acknowledgements`` (valid as it stands)."""
    return (f'{{rule: {PACK}-{rule}, reason: "TODO: say why this is acceptable here", resources: [{key}]}}')


def _finding(rule: str, key: str, message: str, path: Path, fix: str | None, on_key: bool = False) -> Finding:
    accept = f"or accept it: add under stack.nag_acknowledgements: {paste(rule, key)}"
    hint = f"{fix}, {accept}" if fix else accept[3:]
    return Finding(codes.W_NAG, f"cdk-nag {PACK}-{rule} on '{key}': {message}", path, hint, on_key=on_key)


def _findings(ctx: CheckContext) -> Iterator[tuple[Finding, str, str]]:
    data_resources = ctx.data.get("resources") if isinstance(ctx.data.get("resources"), dict) else {}
    for key, resource in ctx.spec.resources.items():
        base: Path = ("resources", key)
        written = data_resources.get(key) if isinstance(data_resources, dict) else None
        written = written if isinstance(written, dict) else {}
        if isinstance(resource, Bucket) and resource.existing is None:
            yield _finding("S1", key, "the bucket has no server access logs", base, None, on_key=True), "S1", key
        elif isinstance(resource, Function) and resource.existing is None:
            family = "python" if resource.runtime.startswith("python") else "nodejs"
            latest = LATEST_RUNTIMES[family]
            if resource.runtime != latest:
                where = (*base, "runtime") if "runtime" in written else base
                yield (_finding("L1", key, f"runtime {resource.runtime} is not the newest of its family ({latest})",
                                where, None, on_key="runtime" not in written), "L1", key)
        if isinstance(resource, Role) and resource.existing is None and resource.aws_managed_policies:
            yield (_finding("IAM4", key, "the role uses AWS managed policies "
                            f"({', '.join(resource.aws_managed_policies)})", (*base, "aws_managed_policies"),
                            "attach your own policy with the actions it needs"), "IAM4", key)
        if isinstance(resource, ManagedPolicy | Role) and getattr(resource, "existing", None) is None:
            for i, statement in enumerate(resource.statements or []):
                wild = [a for a in statement.actions if "*" in a] + [r for r in statement.resources if "*" in r]
                if wild:
                    yield (_finding("IAM5", key, f"the statement grants wildcards ({', '.join(wild)})",
                                    (*base, "statements", i), "name the actions and resources exactly"),
                           "IAM5", key)
    data_machines = ctx.data.get("state_machines") if isinstance(ctx.data.get("state_machines"), dict) else {}
    for key, machine in ctx.spec.state_machines.items():
        base = ("state_machines", key)
        written = data_machines.get(key) if isinstance(data_machines, dict) else None
        written = written if isinstance(written, dict) else {}
        if machine.logging is None or machine.logging.level != "all":
            where = (*base, "logging") if "logging" in written else base
            yield (_finding("SF1", key, "the machine does not log ALL events to CloudWatch Logs", where,
                            "set 'logging: {level: all}'", on_key="logging" not in written), "SF1", key)
        if not machine.tracing:
            where = (*base, "tracing") if "tracing" in written else base
            yield (_finding("SF2", key, "the machine has no X-Ray tracing", where, "set 'tracing: true'",
                            on_key="tracing" not in written), "SF2", key)

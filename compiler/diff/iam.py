"""IAM permissions gained and lost, by principal, action and resource.

Sources: managed policy statements, roles (inline statements, attached policies, trust), and each
state machine's generated permissions. For the latter the IAM registry (``compiler.iam``)
is used when it is installed; until then a machine's permissions are approximated by the
integrations its tasks use and the resources they reference, which changes exactly when the
generated statements would.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from compiler.asl.tasks import classify
from compiler.diff.records import Flag, IamChange, Permission
from compiler.diff.states import flatten
from compiler.diff.values import canonical
from compiler.ir import Program
from compiler.refs import refs_in, walk_strings

SERVICE_PREFIX = "arn:aws:states:::"


def permissions(program: Program | None, definitions: Mapping[str, Mapping[str, Any]],
                approximated: set[str] | None = None) -> set[Permission]:
    """Every permission the spec grants; ``definitions`` are the machines' resolved ASL.
    The keys of machines whose permissions had to be approximated go into ``approximated``."""
    if program is None:
        return set()
    out: set[Permission] = set()
    for key, resource in program.spec.resources.items():
        if resource.type == "managed_policy" and resource.statements:
            out.update(_statements(f"managed_policy {key}", resource.statements))
        elif resource.type == "role" and resource.existing is None:
            principal = f"role {key}"
            out.update(_statements(principal, resource.statements))
            for policy in resource.managed_policies:
                out.add(Permission(principal, "allow", "attach managed policy", policy))
            for policy in resource.aws_managed_policies:
                out.add(Permission(principal, "allow", "attach AWS managed policy", policy))
            trusted = resource.assumed_by if isinstance(resource.assumed_by, list) else [resource.assumed_by]
            for service in trusted:
                if service:
                    out.add(Permission(principal, "allow", "sts:AssumeRole (trust)", service))
    registry = _registry()
    for key, definition in definitions.items():
        principal = f"state_machine {key}"
        generated = _from_registry(registry, program, key) if registry is not None else None
        if generated is None:
            generated = set(_integrations(principal, definition))
            if approximated is not None:
                approximated.add(key)
        out.update(generated)
    return out


def _statements(principal: str, statements: Iterable[Any]) -> Iterator[Permission]:
    for st in statements:
        condition = canonical(st.conditions) if st.conditions else ""
        for action in st.actions:
            for resource in st.resources:
                yield Permission(principal, st.effect, action, resource, condition)


def _registry() -> Any:
    # Optional on purpose: without the registry (or for a task it does not know) a machine's
    # permissions are approximated by its integrations, so the diff still shows the change.
    try:
        return importlib.import_module("compiler.iam")
    except ImportError:
        return None


def _from_registry(registry: Any, program: Program, key: str) -> set[Permission] | None:
    compute = getattr(registry, "machine_statements", None)
    if compute is None:
        return None
    principal = f"state_machine {key}"
    out: set[Permission] = set()
    try:
        found = compute(program, program.machines[key])
    except getattr(registry, "UnsupportedIntegration", ()):  # synth reports it; diff falls back
        return None
    for st in found:
        effect = str(getattr(st, "effect", "allow")).lower()
        conditions = getattr(st, "conditions", None)
        for action in st.actions:
            for resource in st.resources:
                out.add(Permission(principal, effect, action, str(resource), canonical(conditions) if conditions else ""))
    return out


def _integrations(principal: str, definition: Mapping[str, Any]) -> Iterator[Permission]:
    for state in flatten(definition).values():
        for holder in (state.body, state.body.get("ItemReader"), state.body.get("ResultWriter")):
            if not isinstance(holder, dict) or not isinstance(holder.get("Resource"), str):
                continue
            resource = holder["Resource"]
            refs = sorted({str(ref) for _, text in walk_strings(holder) for ref, _ in refs_in(text)})
            for action in _actions(resource):
                for target in refs or ["*"]:
                    yield Permission(principal, "allow", action, target)


def _actions(resource: str) -> list[str]:
    integration = classify(resource)
    if (integration.service, integration.action) == ("lambda", "invoke") or integration.is_lambda_function:
        return ["lambda:InvokeFunction"]
    if integration.starts_execution:
        sync = integration.pattern in ("sync", "sync:2")
        return ["states:StartExecution", *(["states:DescribeExecution", "states:StopExecution"] if sync else [])]
    if resource.startswith(SERVICE_PREFIX):
        return [f"integration {resource[len(SERVICE_PREFIX):]}"]
    if resource.startswith("${"):
        return ["lambda:InvokeFunction"]  # a placeholder as the Resource: the spec's functions (invoke_style function_arn)
    return [f"integration {resource}"]


def diff_permissions(before: set[Permission], after: set[Permission]) -> tuple[list[IamChange], list[Flag]]:
    changes = [IamChange("gained", p) for p in sorted(after - before)]
    changes += [IamChange("lost", p) for p in sorted(before - after)]
    flags = []
    by_principal: dict[tuple[str, str], list[Permission]] = {}
    for change in changes:
        by_principal.setdefault((change.permission.principal, change.kind), []).append(change.permission)
    for (principal, kind), perms in sorted(by_principal.items(), key=lambda kv: (kv[0][1] != "gained", kv[0][0])):
        listed = "; ".join(_describe(p) for p in perms)
        verb = "gains" if kind == "gained" else "loses"
        flags.append(Flag("iam", principal, f"{verb} {listed}"))
    return changes, flags


def _describe(p: Permission) -> str:
    text = f"{'deny ' if p.effect == 'deny' else ''}`{p.action}` on `{p.resource}`"
    return text + (f" when `{p.condition}`" if p.condition else "")

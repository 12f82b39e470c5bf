"""Versions and aliases: what CloudFormation and Step Functions refuse about ``aliases:``.

- an alias routing to ``current`` or shifting by deployment preference needs ``publish_version``
  (the version this stack publishes is what they point at);
- routing weights add up to 100 over two different versions (CreateStateMachineAlias);
- canary and linear shifts need a percentage and an interval;
- a task's ``alias:`` is one of the started machine's aliases.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.walk import states
from compiler.diagnostics import Finding, did_you_mean
from compiler.model.spec import StateMachine
from compiler.model.states.task import TaskState


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, machine in ctx.spec.state_machines.items():
        yield from _aliases(key, machine)
    for info in states(ctx.spec):
        state = info.state
        if not isinstance(state, TaskState) or state.alias is None or state.start_execution is None:
            continue
        target = ctx.spec.state_machines.get(state.start_execution)
        if target is None:
            continue  # an existing machine (or an unknown key, which references.py reports)
        if state.alias not in target.aliases:
            hint = did_you_mean(state.alias, target.aliases) or (
                f"declare it under state_machines.{state.start_execution}.aliases" if not target.aliases
                else f"its aliases: {', '.join(target.aliases)}")
            yield Finding(codes.E_UNKNOWN_ALIAS,
                          f"machine '{state.start_execution}' has no alias '{state.alias}'",
                          (*info.path, "alias"), hint)


def _aliases(key: str, machine: StateMachine) -> Iterator[Finding]:
    for name, alias in machine.aliases.items():
        path = ("state_machines", key, "aliases", name)
        uses_current = alias.deployment_preference is not None or any(
            route.version == "current" for route in alias.routing or [])
        if uses_current and not machine.publish_version:
            yield Finding(codes.E_ALIAS_VERSION,
                          f"alias '{name}' points at the version this stack publishes, but machine '{key}' "
                          "publishes none",
                          ("state_machines", key, "aliases", name), "set 'publish_version: true' on the machine",
                          on_key=True)
        if alias.routing is not None:
            total = sum(route.weight for route in alias.routing)
            versions = [route.version for route in alias.routing]
            if total != 100:
                yield Finding(codes.E_ALIAS_ROUTING,
                              f"alias '{name}' routes {total}% of executions; the weights must add up to 100",
                              (*path, "routing"), "adjust the weights so that they add up to 100")
            if len(versions) == 2 and versions[0] == versions[1]:
                yield Finding(codes.E_ALIAS_ROUTING,
                              f"alias '{name}' routes twice to version {versions[0]}",
                              (*path, "routing", 1, "version"), "route to two different versions, or to one at 100")
        preference = alias.deployment_preference
        if preference is None:
            continue
        if preference.type != "all_at_once":
            missing = [f for f in ("percentage", "interval") if getattr(preference, f) is None]
            if missing:
                yield Finding(codes.E_DEPLOYMENT_PREFERENCE,
                              f"a {preference.type} deployment needs {' and '.join(missing)}",
                              (*path, "deployment_preference", "type"),
                              "percentage: the share shifted at each step (1-99); interval: minutes between steps")
        if not preference.alarms:
            yield Finding(codes.W_NO_ROLLBACK_ALARMS,
                          f"alias '{name}' shifts to each new version ({preference.type}) without alarms: "
                          "nothing rolls a failing version back",
                          (*path, "deployment_preference"),
                          "list the CloudWatch alarms that should stop the shift under 'alarms'")

"""Alarms and notifications of a state machine: what CloudWatch and EventBridge refuse, or loop on.

- E456: an alarm's period is a multiple of 60 seconds, and its periods together last at most a day
  (CloudWatch: "the total evaluation period ... cannot exceed one day");
- E457: a notification that starts its own machine starts it again on every status change;
- E450: a notification's input transformer, checked as a trigger's.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.triggers import transformer_findings
from compiler.diagnostics import Finding

DAY = 86400


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, machine in ctx.spec.state_machines.items():
        for name, alarm in machine.alarms.items():
            path = ("state_machines", key, "alarms", name)
            if alarm.period_seconds % 60:
                yield Finding(codes.E_ALARM, f"alarm '{name}': a period of {alarm.period_seconds} s is not a multiple "
                              "of 60", (*path, "period_seconds"), "use 60, 300, 3600, ...")
            elif alarm.period_seconds * alarm.evaluation_periods > DAY:
                yield Finding(codes.E_ALARM, f"alarm '{name}' evaluates {alarm.evaluation_periods} periods of "
                              f"{alarm.period_seconds} s: more than a day", (*path, "evaluation_periods"),
                              "CloudWatch evaluates at most one day: fewer or shorter periods")
            for index, action in enumerate(alarm.actions):
                yield from _managed_key_topic(ctx, action, "CloudWatch", (*path, "actions", index))
        for name, notification in machine.notifications.items():
            if notification.input_transformer is not None:
                yield from transformer_findings(notification.input_transformer, (
                    "state_machines", key, "notifications", name, "input_transformer"))
            for index, target in enumerate(notification.targets):
                yield from _managed_key_topic(ctx, target, "EventBridge",
                                              ("state_machines", key, "notifications", name, "targets", index))
                if target == key:
                    yield Finding(codes.E_NOTIFY_SELF, f"notification '{name}' starts machine '{key}' on its own "
                                  "status changes: each execution starts another", ("state_machines", key,
                                  "notifications", name, "targets", index),
                                  "notify a topic or a queue, or another machine")


def _managed_key_topic(ctx: CheckContext, key: str, service: str, path: tuple[str | int, ...]) -> Iterator[Finding]:
    topic = ctx.spec.resources.get(key)
    if topic is not None and topic.type == "topic" and getattr(topic, "existing", None) is None \
            and getattr(topic, "key", None) is None:
        yield Finding(codes.W_MANAGED_KEY_TOPIC,
                      f"topic '{key}' is encrypted with the AWS managed key alias/aws/sns, whose policy does not let "
                      f"{service} use it: its messages would never arrive", path,
                      f"give topic '{key}' a 'key' of this spec (the stack then lets {service} use it)")

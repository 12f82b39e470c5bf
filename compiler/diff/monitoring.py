"""Alarms and notifications of a machine that a change removes: nobody is told any more.

A removed alarm stops notifying its topics (and stops rolling back the aliases whose deployment
preference named it); a removed notification stops sending the machine's status changes. Both are
flagged: the deployment succeeds and nothing says that the watch is gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.diff.records import Flag


def monitoring_flags(machine: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Flag]:
    """``old`` and ``new`` are the machine's dumps (``alarms``, ``notifications``, ``aliases``)."""
    flags = []
    alarms, notifications = new.get("alarms", {}), new.get("notifications", {})
    for name, alarm in old.get("alarms", {}).items():
        if name in alarms:
            continue
        told = ", ".join(f"`{t}`" for t in alarm.get("actions", []))
        message = f"removed: the CloudWatch alarm on `{alarm['metric']}` is deleted"
        message += f": its ALARM state no longer reaches {told}" if told else ""
        rolled_back = [alias for alias, spec in old.get("aliases", {}).items()
                       if name in (spec.get("deployment_preference") or {}).get("alarms", [])]
        if rolled_back:
            message += "; alias " + ", ".join(f"`{a}`" for a in rolled_back) + " no longer rolls back on it"
        flags.append(Flag("monitoring", f"alarm {machine}.{name}", message))
    for name, notification in old.get("notifications", {}).items():
        if name not in notifications:
            statuses = ", ".join(notification.get("statuses", []))
            targets = ", ".join(f"`{t}`" for t in notification.get("targets", []))
            flags.append(Flag("monitoring", f"notification {machine}.{name}",
                              f"removed: executions ending {statuses} are no longer sent to {targets}"))
    return flags

"""Amazon EventBridge: ``events:putEvents`` (request-response, ``.waitForTaskToken``) on the event
bus of each entry (``default`` when an entry names none)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.arns import Resources, fill
from compiler.iam.base import Context, Statement, Task, arn, value_of
from compiler.iam.calls import RR, WAIT, Call

SERVICE = "events"
CALLS = {"putEvents": Call(("events:PutEvents",), (RR, WAIT))}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    entries = task.payload.get("Entries")
    if not isinstance(entries, list):
        wildcard = arn("events", "event-bus/*")
        return [calls.statement(("events:PutEvents",), Resources([wildcard], [task.runtime("Entries")], ["Entries"]))]
    found = Resources()
    for entry in entries:
        if not isinstance(entry, dict):
            found.add(Resources([arn("events", "event-bus/*")], [task.runtime("Entries")], ["Entries"]))
            continue
        bus = value_of(entry, "EventBusName")
        if bus is None:
            found.add(Resources([arn("events", "event-bus/default")]))
            continue
        entry_task = Task(task.name, task.resource, {"EventBusName" + (".$" if bus.template is None else ""): bus.template or "$"})
        found.add(fill(entry_task, "events", "event-bus", ctx) or Resources([arn("events", "event-bus/*")]))
    return [calls.statement(("events:PutEvents",), found)]

"""The text view of a run: each state's events as the console (and the seed post) shows them.

For every execution (the main one first, then each nested one, depth first), each state
entered is listed with the event details the post quotes: its input, what its task was
scheduled with (resource and input), a failure (error and cause) and what it exited with.
Branch and iteration states are indented under their Parallel or Map state.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from compiler.local.emulator import S3Object
from compiler.run import Execution, HistoryEvent

# Event details worth reading, in the order the post quotes them; the rest is bookkeeping.
_SHOWN = {
    "LambdaFunctionScheduled": ("resource", "input", "timeoutInSeconds"),
    "TaskScheduled": ("resourceType", "resource", "region", "parameters", "timeoutInSeconds"),
    "ActivityScheduled": ("resource", "input", "timeoutInSeconds"),
    "LambdaFunctionFailed": ("error", "cause"),
    "LambdaFunctionTimedOut": ("error", "cause"),
    "LambdaFunctionScheduleFailed": ("error", "cause"),
    "LambdaFunctionStartFailed": ("error", "cause"),
    "TaskFailed": ("resourceType", "resource", "error", "cause"),
    "TaskTimedOut": ("resourceType", "resource", "error", "cause"),
    "TaskStartFailed": ("resourceType", "resource", "error", "cause"),
    "TaskSubmitFailed": ("resourceType", "resource", "error", "cause"),
    "FailStateEntered": ("name", "input"),
}


def pretty(value: Any) -> str:
    """Indented JSON with Unicode as is (``偶数です`` reads as in the post)."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def render(root: Execution, label: str, objects: Sequence[S3Object] | None, emulator: str) -> str:
    out: list[str] = []
    for execution in root.all_executions():
        out.extend(_execution(execution, root, label))
        out.append("")
    out.extend(_outcome(root))
    if objects is not None:
        out.append("")
        out.extend(_objects(objects, emulator))
    return "\n".join(out) + "\n"


def _execution(execution: Execution, root: Execution, label: str) -> list[str]:
    if execution is root:
        title = f"=== {execution.state_machine_name} ({label}) — execution {execution.name}"
    else:
        parent = next(e for e in root.all_executions() if e.execution_arn == execution.parent_arn)
        starter = _started_by(parent, execution.execution_arn)
        by = f", started by '{starter}' of {parent.state_machine_name}" if starter else ""
        title = f"=== {execution.state_machine_name} — nested execution {execution.name}{by}"
    lines = [f"{title} — {execution.status} ==="]
    shown_under, depth = _owners(execution.events)
    for event in execution.events:
        kind = event.type
        details = event.details or {}
        indent = "  " * (max(depth.get(shown_under.get(event.id, 0), 0), 0) + 1)
        if kind.endswith("StateEntered"):
            lines.append(f"{indent}▶ {details.get('name')} ({kind[: -len('StateEntered')]})")
            lines.extend(_block(indent + "  ", "input", details.get("input")))
        elif kind.endswith("StateExited"):
            lines.extend(_block(indent + "  ", kind, {"name": details.get("name"), "output": details.get("output")}))
        elif kind in _SHOWN:
            # The post shows "timeoutInSeconds": null; AWS has since dropped a null one.
            fields = {key: details.get(key) for key in _SHOWN[kind] if key in details or key == "timeoutInSeconds"}
            lines.extend(_block(indent + "  ", kind, fields))
    lines.extend(_final(execution, "  "))
    return lines


def _block(indent: str, title: str, value: Any) -> list[str]:
    return [f"{indent}{title}:", textwrap.indent(pretty(value), indent + "  ")]


def _owners(events: Sequence[HistoryEvent]) -> tuple[dict[int, int], dict[int, int]]:
    """``(event id -> StateEntered id of the state it is listed under, StateEntered id -> depth)``.

    Events of one thread of control link to the one before (previousEventId). A state's own
    events chain back to its StateEntered; a state entered after a ParallelStateStarted or
    MapIterationStarted sits inside that Parallel or Map; one entered after a StateExited is a
    sibling of the state that exited. Names are unique in a machine and iterations run one after
    another, so a StateExited closes the last open state of its name.
    """
    owner: dict[int, int] = {0: 0}  # 0: the execution itself
    parent: dict[int, int] = {}
    depth: dict[int, int] = {0: -1}
    shown: dict[int, int] = {}
    open_states: dict[str, int] = {}
    for event in events:
        before = owner.get(event.previous_event_id, 0)
        name = str((event.details or {}).get("name"))
        if event.type.endswith("StateEntered"):
            owner[event.id] = shown[event.id] = event.id
            parent[event.id] = before
            depth[event.id] = depth.get(before, -1) + 1
            open_states[name] = event.id
        elif event.type.endswith("StateExited") and name in open_states:
            entered = open_states.pop(name)
            shown[event.id] = entered
            owner[event.id] = parent[entered]  # what follows continues in the enclosing state
        else:
            owner[event.id] = shown[event.id] = before
    return shown, depth


def _started_by(parent: Execution, child_arn: str) -> str | None:
    shown_under, _ = _owners(parent.events)
    by_id = {e.id: e for e in parent.events}
    for event in parent.events:
        output = (event.details or {}).get("output")
        if event.type in ("TaskSucceeded", "TaskSubmitted") and child_arn in json.dumps(output):
            entered = by_id.get(shown_under.get(event.id, 0))
            if entered is not None:
                return str((entered.details or {}).get("name"))
    return None


def _final(execution: Execution, indent: str) -> list[str]:
    if execution.status == "SUCCEEDED":
        return [f"{indent}{execution.status}", *_block(indent, "output", execution.output)]
    lines = [f"{indent}{execution.status}"]
    if execution.error is not None:
        lines.append(f"{indent}error: {execution.error}")
    if execution.cause is not None:
        lines.extend(_block(indent, "cause", _parsed(execution.cause)))
    return lines


def _parsed(cause: str) -> Any:
    """A JSON cause (a Lambda error document) shown as JSON, so its Unicode reads as text."""
    try:
        return json.loads(cause)
    except ValueError:
        return cause


def _outcome(root: Execution) -> list[str]:
    lines = [f"status: {root.status}"]
    if root.status == "SUCCEEDED":
        lines.extend(_block("", "output", root.output))
    else:
        if root.error is not None:
            lines.append(f"error: {root.error}")
        if root.cause is not None:
            lines.extend(_block("", "cause", _parsed(root.cause)))
    return lines


def _objects(objects: Sequence[S3Object], emulator: str) -> list[str]:
    if not objects:
        return [f"S3 objects ({emulator}): none"]
    lines = [f"S3 objects ({emulator}):"]
    for item in objects:
        lines.append(f"  s3://{item.bucket}/{item.key}  ({item.size} bytes)")
        if item.content is not None:
            lines.append(textwrap.indent(item.content, "    | ", lambda _line: True))
    return lines

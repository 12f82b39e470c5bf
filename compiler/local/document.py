"""``compiler run --format json``: one JSON document per run, for scripts and CI (see docs/run.md)."""

from __future__ import annotations

from typing import Any

from compiler.local.session import LocalResult
from compiler.run import Execution

FORMAT_VERSION = 1


def document(result: LocalResult) -> dict[str, Any]:
    root = result.execution
    out: dict[str, Any] = {"version": FORMAT_VERSION, "status": root.status}
    out.update(_outcome(root))
    out["execution_arn"] = root.execution_arn
    out["machine"] = result.setup.label
    out["emulator"] = result.emulator
    out["executions"] = [_execution(e) for e in root.all_executions()]
    out["s3_objects"] = [o.to_json() for o in result.objects] if result.objects is not None else None
    if result.changes is not None:
        out["changes"] = result.changes
    if result.warnings:
        out["warnings"] = result.warnings
    return out


def _outcome(execution: Execution) -> dict[str, Any]:
    if execution.status == "SUCCEEDED":
        return {"output": execution.output}
    return {"error": execution.error, "cause": execution.cause}


def _execution(execution: Execution) -> dict[str, Any]:
    summary = execution.summary()
    return {
        "name": execution.name,
        "arn": execution.execution_arn,
        "machine": execution.state_machine_name,
        "machine_arn": execution.state_machine_arn,
        "parent_arn": execution.parent_arn,
        "status": execution.status,
        "input": execution.input,
        **_outcome(execution),
        # Each state entered: name, type, input, output (when it exited), error and cause (when it raised).
        "states": summary["states"],
        # GetExecutionHistory's events: payloads (input, output, parameters) as JSON text, as the API gives them.
        "events": execution.history(),
        # Distributed Map runs: each child execution (item or batch) with its input and outcome.
        "map_runs": [{"map_run_arn": run.arn, "state": run.state_name, "succeeded": run.succeeded,
                      "failed": run.failed, "children": run.children} for run in execution.map_runs],
    }

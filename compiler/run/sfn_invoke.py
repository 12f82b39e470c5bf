"""Nested executions: ``arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]``.

The child machine is looked up by ARN (or name) in the registry the caller
gives. It runs to completion at once (deterministic), on its own clock that
starts at the parent's current virtual time:

* fire-and-forget returns StartExecution's response right away; the child
  still runs and is reported among the parent's children;
* ``.sync`` returns DescribeExecution's response with Input/Output as JSON
  text, ``.sync:2`` with them parsed; a child that does not succeed fails the
  task with States.TaskFailed and the response as cause, as AWS does;
* ``.waitForTaskToken`` starts the child and waits for the caller's answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from compiler.asl.errors import StatesError
from compiler.run.errors import RUNTIME, TASK_FAILED
from compiler.run.invoke import TaskContext, TaskOutcome, describe_resource, json_text_argument
from compiler.run.result import Execution


class StepFunctionsInvoker:
    def __init__(self, state_machines: Mapping[str, Any] | None = None) -> None:
        # ARN (or bare name) -> definition (dict or JSON text).
        self.state_machines = dict(state_machines or {})

    def _lookup(self, arn: str) -> Any:
        if arn in self.state_machines:
            return self.state_machines[arn]
        # A version or alias (stateMachine:NAME:QUALIFIER) runs the spec's definition locally.
        parts = arn.split(":")
        if len(parts) == 8 and parts[5] == "stateMachine" and ":".join(parts[:7]) in self.state_machines:
            return self.state_machines[":".join(parts[:7])]
        name = arn.rsplit(":", 1)[-1]
        if name in self.state_machines:
            return self.state_machines[name]
        raise StatesError(
            "StepFunctions.StateMachineDoesNotExistException",
            f"State Machine Does Not Exist: '{arn}' (not defined in this run: compiler run knows the spec's "
            "machines, and --mock stands in for others (CLI); execute() takes definitions in state_machines= (API))",
        )

    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any:
        info = describe_resource(resource)
        if not info.resource.startswith("startExecution"):
            raise StatesError(RUNTIME, f"The resource '{resource}' is not supported locally: "
                              "mock it with --mock (CLI) or mocks= (API)")
        if not isinstance(parameters, dict) or not isinstance(parameters.get("StateMachineArn"), str):
            raise StatesError(RUNTIME, "states:startExecution needs Parameters with a StateMachineArn")
        arn: str = parameters["StateMachineArn"]
        child_input = _child_input(parameters.get("Input"))
        child = context.start_child(arn, self._lookup(arn), child_input, parameters.get("Name"))
        started = _start_response(child)
        if info.pattern in ("sync", "sync:2"):
            described = describe_for_task(child, parsed=info.pattern == "sync:2")
            if child.status != "SUCCEEDED":
                raise StatesError(TASK_FAILED, json.dumps(described, separators=(",", ":")))
            return TaskOutcome(described, duration=child.stop_time - child.start_time, submitted=started)
        return started


def _child_input(value: Any) -> Any:
    # AWS passes a string Input through as the JSON text of the child's input.
    try:
        return json_text_argument(value)
    except ValueError:
        raise StatesError(
            "StepFunctions.InvalidExecutionInputException", f"Invalid State Machine Execution Input: '{value}'"
        ) from None


def _millis(seconds: float) -> int:
    # Service integrations render dates as epoch milliseconds.
    return round(seconds * 1000)


def _start_response(child: Execution) -> dict[str, Any]:
    """StartExecution's response as the optimized integration gives it: the Java SDK's fields and metadata."""
    from compiler.run.aws_shapes import compact, sdk_metadata

    request_id = child.request_id
    body = compact({"executionArn": child.execution_arn, "startDate": 0}).replace(
        '"startDate":0', f'"startDate":{_java_double(child.start_time)}')
    return {
        "ExecutionArn": child.execution_arn,
        **sdk_metadata("states", "startExecution", body, request_id, child.start_time),
        "StartDate": _millis(child.start_time),
    }


def _java_double(seconds: float) -> str:
    """How the service's JSON writes an epoch-seconds date: ``1.762432806123E9``."""
    whole, _, fraction = f"{seconds:.3f}".rstrip("0").rstrip(".").partition(".")
    digits = (whole + fraction).rstrip("0") or "0"
    return f"{digits[0]}.{digits[1:] or '0'}E{len(whole) - 1}"


def describe_for_task(child: Execution, *, parsed: bool) -> dict[str, Any]:
    """DescribeExecution's response as a .sync task returns it (capitalised keys)."""

    def text(value: Any) -> Any:
        return value if parsed else json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    out: dict[str, Any] = {
        "ExecutionArn": child.execution_arn,
        "Input": text(child.input),
        "InputDetails": {"Included": True},
        "Name": child.name,
    }
    if child.status == "SUCCEEDED":
        out["Output"] = text(child.output)
        out["OutputDetails"] = {"Included": True}
    else:
        if child.error is not None:
            out["Error"] = child.error
        if child.cause is not None:
            out["Cause"] = child.cause
    out.update(
        {
            "RedriveCount": 0,
            "StartDate": _millis(child.start_time),
            "StateMachineArn": child.state_machine_arn,
            "Status": child.status,
            "StopDate": _millis(child.stop_time),
        }
    )
    return out


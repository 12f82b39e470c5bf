"""What a run returns: the execution, its history, its states and its children."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.run.clock import iso
from compiler.run.history import HistoryEvent, to_json_text
from compiler.run.runtime import MapRun, StateRecord

RUNNING = "RUNNING"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
TIMED_OUT = "TIMED_OUT"
ABORTED = "ABORTED"


@dataclass
class Execution:
    execution_arn: str
    name: str
    state_machine_arn: str
    state_machine_name: str
    input: Any
    start_time: float  # virtual clock, seconds since the epoch
    request_id: str = ""
    status: str = RUNNING
    output: Any = None
    error: str | None = None
    cause: str | None = None
    stop_time: float = 0.0
    events: list[HistoryEvent] = field(default_factory=list, repr=False)
    states: list[StateRecord] = field(default_factory=list, repr=False)
    children: list[Execution] = field(default_factory=list, repr=False)
    map_runs: list[MapRun] = field(default_factory=list, repr=False)
    parent_arn: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED

    def history(self, *, json_text: bool = True) -> list[dict[str, Any]]:
        """GetExecutionHistory's ``events`` (payloads as JSON text unless ``json_text=False``)."""
        return [event.to_dict(json_text=json_text) for event in self.events]

    def describe(self) -> dict[str, Any]:
        """DescribeExecution's response (as boto3 returns it, dates as ISO text)."""
        out: dict[str, Any] = {
            "executionArn": self.execution_arn,
            "stateMachineArn": self.state_machine_arn,
            "name": self.name,
            "status": self.status,
            "startDate": iso(self.start_time),
            "input": to_json_text(self.input),
            "inputDetails": {"included": True},
        }
        if self.status != RUNNING:
            out["stopDate"] = iso(self.stop_time)
        if self.status == SUCCEEDED:
            out["output"] = to_json_text(self.output)
            out["outputDetails"] = {"included": True}
        if self.error is not None:
            out["error"] = self.error
        if self.cause is not None:
            out["cause"] = self.cause
        return out

    def summary(self) -> dict[str, Any]:
        """What the console shows: outcome, every state's input, output and assigned variables, nested executions."""
        out: dict[str, Any] = {"executionArn": self.execution_arn, "status": self.status}
        if self.status == SUCCEEDED:
            out["output"] = self.output
        else:
            out["error"], out["cause"] = self.error, self.cause
        out["states"] = [_state_summary(s) for s in self.states]
        if self.map_runs:
            out["mapRuns"] = [
                {"mapRunArn": run.arn, "state": run.state_name, "succeeded": run.succeeded, "failed": run.failed}
                for run in self.map_runs
            ]
        if self.children:
            out["children"] = [child.summary() for child in self.children]
        return out

    def all_executions(self) -> list[Execution]:
        """This execution and every nested one, depth first."""
        found = [self]
        for child in self.children:
            found.extend(child.all_executions())
        return found


def _state_summary(record: StateRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"name": record.name, "type": record.state_type, "input": record.entered_input}
    if record.nested:
        out["nested"] = True
    if record.exited:
        out["output"] = record.exited_output
    if record.assigned_variables is not None:
        out["assigned"] = record.assigned_variables
    if record.error is not None or record.cause is not None:
        out["error"], out["cause"] = record.error, record.cause
    return out

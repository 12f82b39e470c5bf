"""Alarms on a state machine's CloudWatch metrics, and notifications of its execution status changes."""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from compiler.model.base import ResourceKey, SpecModel
from compiler.model.triggers import InputTransformer

AlarmName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
# Each spec metric and its AWS/States metric (the unit of execution_time is milliseconds).
METRICS = {"failed": "ExecutionsFailed", "timed_out": "ExecutionsTimedOut", "throttled": "ExecutionThrottled",
           "aborted": "ExecutionsAborted", "execution_time": "ExecutionTime"}
Status = Literal["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"]
FAILURES: tuple[Status, ...] = ("FAILED", "TIMED_OUT", "ABORTED")


class Alarm(SpecModel):
    """Goes off when the metric reaches ``threshold`` in ``evaluation_periods`` periods in a row."""

    metric: Literal["failed", "timed_out", "throttled", "aborted", "execution_time"]
    threshold: float = Field(default=1, ge=0)  # executions; milliseconds for execution_time
    period_seconds: int = Field(default=300, ge=60, le=86400)
    evaluation_periods: int = Field(default=1, ge=1, le=100)
    alarm_name: str | None = None
    description: str | None = None
    actions: list[ResourceKey] = []  # topics of the spec, notified on ALARM


class Notification(SpecModel):
    """An EventBridge rule on the machine's ``Step Functions Execution Status Change`` events."""

    statuses: list[Status] = Field(default_factory=lambda: list(FAILURES), min_length=1)
    targets: list[ResourceKey] = Field(min_length=1, max_length=5)  # topics, queues, functions, machines
    # What each target receives instead of the whole event (the message of a topic or queue, the
    # input of a machine, the event of a function).
    input_transformer: InputTransformer | None = None
    description: str | None = None

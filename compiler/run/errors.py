"""Errors of the local runner, on top of the language core's StatesError."""

from __future__ import annotations

from compiler.asl.errors import RUNTIME, StatesError, state_cause
from compiler.asl.jsonata import QUERY_EVALUATION_ERROR

ALL = "States.ALL"
TASK_FAILED = "States.TaskFailed"
TIMEOUT = "States.Timeout"
DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded"
BRANCH_FAILED = "States.BranchFailed"
ITEM_READER_FAILED = "States.ItemReaderFailed"
RESULT_WRITER_FAILED = "States.ResultWriterFailed"
EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold"
NO_CHOICE_MATCHED = "States.NoChoiceMatched"
HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"

__all__ = [
    "ALL",
    "QUERY_EVALUATION_ERROR",
    "RUNTIME",
    "DefinitionError",
    "ExecutionCannotFinish",
    "ExecutionTimedOut",
    "FailError",
    "StatesError",
    "cause_of",
    "error_of",
    "error_output",
    "located",
]


class DefinitionError(ValueError):
    """The definition cannot run: an unknown state type, a missing Next target, ...

    AWS would have refused it at CreateStateMachine; we name the state so the
    user can find it.
    """

    def __init__(self, message: str, state: str | None = None) -> None:
        super().__init__(f"state '{state}': {message}" if state else message)
        self.state = state


class ExecutionTimedOut(Exception):
    """The execution ran past its TimeoutSeconds; no Catch can take this."""


class ExecutionCannotFinish(Exception):
    """The execution would never end in AWS: a ``.waitForTaskToken`` task nobody answers, with neither
    TimeoutSeconds nor HeartbeatSeconds on the task nor TimeoutSeconds on the machine. AWS keeps
    such an execution RUNNING (up to a STANDARD execution's one-year limit); a local run stops and
    says so instead of inventing an outcome."""


class FailError(StatesError):
    """An error whose Error or Cause may be absent (a bare Fail state, a task timeout).

    AWS reports a missing Error or Cause as absent, not as an empty string.
    """

    def __init__(self, error: str | None, cause: str | None) -> None:
        super().__init__(error or "", cause or "")
        self.has_error = error is not None
        self.has_cause = cause is not None


def error_of(err: StatesError) -> str | None:
    if isinstance(err, FailError) and not err.has_error:
        return None
    return err.error


def cause_of(err: StatesError) -> str | None:
    if isinstance(err, FailError) and not err.has_cause:
        return None
    return err.cause


def error_output(err: StatesError) -> dict[str, str]:
    """The object a Catcher hands on; absent parts stay absent, as in AWS."""
    out: dict[str, str] = {}
    error, cause = error_of(err), cause_of(err)
    if error is not None:
        out["Error"] = error
    if cause is not None:
        out["Cause"] = cause
    return out


# The errors of the interpreter itself (not of a task or a Fail state): AWS names the state in their cause.
_LOCATED = frozenset({RUNTIME, QUERY_EVALUATION_ERROR})


class LocatedError(StatesError):
    """A States.Runtime / States.QueryEvaluationError whose cause already names the state it happened in."""


def located(err: StatesError, state_name: str, event_id: int) -> StatesError:
    """Add AWS's "An error occurred while executing the state ..." prefix, once.

    Only States.Runtime and States.QueryEvaluationError carry it (recorded);
    errors bubbling up from a branch or an iteration already have the inner
    state's prefix.
    """
    if err.error not in _LOCATED or isinstance(err, LocatedError):
        return err
    return LocatedError(err.error, state_cause(state_name, event_id, err.cause))

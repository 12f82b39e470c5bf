"""Local interpreter of Amazon States Language: ``compiler run``.

>>> execution = execute({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, {"a": 1})
>>> execution.status, execution.output
('SUCCEEDED', {'a': 1})
"""

from compiler.run.api import execute
from compiler.run.context import EXPRESS, STANDARD, Identity
from compiler.run.errors import DefinitionError, ExecutionCannotFinish, StatesError
from compiler.run.history import HistoryEvent
from compiler.run.invoke import (
    NO_ANSWER,
    NOT_MOCKED,
    FunctionInvoker,
    MockInvoker,
    StateMocks,
    TaskContext,
    TaskFailure,
    TaskInvoker,
    TaskOutcome,
)
from compiler.run.lambda_invoke import LambdaFunction, LambdaInvoker, find_function
from compiler.run.result import ABORTED, FAILED, SUCCEEDED, TIMED_OUT, Execution
from compiler.run.runtime import MapRun, StateRecord
from compiler.run.sfn_invoke import StepFunctionsInvoker

__all__ = [
    "ABORTED",
    "EXPRESS",
    "FAILED",
    "NOT_MOCKED",
    "NO_ANSWER",
    "STANDARD",
    "SUCCEEDED",
    "TIMED_OUT",
    "DefinitionError",
    "Execution",
    "ExecutionCannotFinish",
    "FunctionInvoker",
    "HistoryEvent",
    "Identity",
    "LambdaFunction",
    "LambdaInvoker",
    "MapRun",
    "MockInvoker",
    "StateMocks",
    "StateRecord",
    "StatesError",
    "StepFunctionsInvoker",
    "TaskContext",
    "TaskFailure",
    "TaskInvoker",
    "TaskOutcome",
    "execute",
    "find_function",
]

"""Pluggable task resources: what a Task state's Resource does locally.

The engine hands every Task to a ``TaskInvoker`` chosen by its resource ARN.
An invoker returns the task's result (or a ``TaskOutcome`` that also says how
much virtual time it took) or raises StatesError.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from compiler.asl.errors import StatesError
from compiler.run.errors import RUNTIME

if TYPE_CHECKING:
    from compiler.run.result import Execution
    from compiler.run.runtime import Runtime


@dataclass(frozen=True, slots=True)
class TaskContext:
    """What an invoker may know about the task it runs."""

    state_name: str
    context: Mapping[str, Any]  # the context object $$ of the state
    timeout_seconds: float | None
    heartbeat_seconds: float | None
    now: float  # virtual time (seconds since the epoch) when the task started
    runtime: Runtime
    # Runs a state machine as a child of the current execution (nested executions).
    start_child: Callable[..., Execution] = field(repr=False)
    token: str | None = None


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    """A result plus the virtual seconds the task took (for TimeoutSeconds)."""

    output: Any
    duration: float = 0.0
    # For .sync integrations: what the start call returned (TaskSubmitted event).
    submitted: Any = None


class TaskInvoker(Protocol):
    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any: ...


class StateMocks(Protocol):
    """Results chosen by state name, consulted before the resource's invoker (see ``execute(state_mocks=)``)."""

    def answer(self, context: TaskContext) -> Any:
        """The task's result for this call, ``NOT_MOCKED`` to run the resource, or raise StatesError to fail it."""
        ...


class _NotMocked:
    def __repr__(self) -> str:
        return "NOT_MOCKED"


# StateMocks.answer's "this state is not mocked: run its resource as usual".
NOT_MOCKED: Any = _NotMocked()


class FunctionInvoker:
    """Adapts a plain function ``f(resource, parameters, context)`` to TaskInvoker."""

    def __init__(self, func: Callable[[str, Any, TaskContext], Any]) -> None:
        self.func = func

    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any:
        return self.func(resource, parameters, context)


class MockInvoker:
    """Fixed results for resources nothing else handles.

    ``results`` maps a resource ARN (or a glob such as ``arn:aws:states:::sqs:*``)
    to a value, or to a callable ``f(parameters, context)`` giving the value; a
    ``TaskFailure`` value fails the task with its error and cause.
    A resource with no entry fails the execution with a message naming it.
    """

    def __init__(self, results: Mapping[str, Any] | None = None) -> None:
        self.results = dict(results or {})

    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any:
        for pattern, value in self.results.items():
            if pattern == resource or fnmatch.fnmatchcase(resource, pattern):
                return mock_result(value, parameters, context)
        raise StatesError(
            RUNTIME,
            f"No local implementation for the resource '{resource}' of the state '{context.state_name}': "
            "give it a result with --mock RESOURCE=JSON or a failure with --mock-error RESOURCE=ERROR[:CAUSE] (CLI), "
            "or with mocks= or invokers= (API).",
        )


def mock_result(value: Any, parameters: Any, context: TaskContext) -> Any:
    """A mock's result for one call; a ``TaskFailure`` (given, or returned by a callable) fails the task."""
    if callable(value):
        value = value(parameters, context)
    if isinstance(value, TaskFailure):
        raise StatesError(value.error, value.cause)
    return value


class Dispatcher:
    """Chooses the invoker for a resource: exact ARN, then globs, in the order given."""

    def __init__(self, routes: Mapping[str, TaskInvoker], fallback: TaskInvoker) -> None:
        self.exact = {k: v for k, v in routes.items() if not _is_glob(k)}
        self.globs = [(k, v) for k, v in routes.items() if _is_glob(k)]
        self.fallback = fallback
        self._cache: dict[str, TaskInvoker] = {}

    def routes(self, resource: str) -> bool:
        """Whether an invoker was given for ``resource`` (not just the fallback)."""
        return resource in self.exact or any(fnmatch.fnmatchcase(resource, pattern) for pattern, _ in self.globs)

    def invoker_for(self, resource: str) -> TaskInvoker:
        found = self._cache.get(resource)
        if found is None:
            found = self.exact.get(resource) or next(
                (inv for pattern, inv in self.globs if fnmatch.fnmatchcase(resource, pattern)), self.fallback
            )
            self._cache[resource] = found
        return found


def json_text_argument(value: Any) -> Any:
    """A payload argument as the called service receives it: a string is the request's JSON text, so
    it arrives parsed; none (or null) arrives as {}. Raises ValueError for a string that is not JSON,
    which each service answers in its own way."""
    if value is None:
        return {}
    return json.loads(value) if isinstance(value, str) else value


def _is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


# ------------------------------------------------------------------ resources


@dataclass(frozen=True, slots=True)
class ResourceInfo:
    """How the history names a resource."""

    is_lambda_function: bool  # a function ARN as Resource: LambdaFunction* events
    resource_type: str  # e.g. "lambda", "states", "aws-sdk:s3"
    resource: str  # e.g. "invoke", "startExecution.sync:2"
    pattern: str  # "", "sync", "sync:2" or "waitForTaskToken"

    @property
    def is_activity(self) -> bool:
        """An activity ARN as Resource: Activity* events, answered by a worker (``--task-answer``)."""
        return self.resource_type == "activity"


def describe_resource(arn: str) -> ResourceInfo:
    parts = arn.split(":")
    if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
        return ResourceInfo(True, "lambda", arn, "")
    if len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity":
        return ResourceInfo(False, "activity", arn, "")
    if len(parts) >= 6 and parts[2] == "states" and parts[3] == "" and parts[4] == "":
        service = ":".join(parts[5:-1])
        action = parts[-1]
        if len(parts) >= 7 and parts[-1] == "2" and parts[-2].endswith(".sync"):
            service, action = ":".join(parts[5:-2]), parts[-2] + ":2"
        pattern = action.split(".", 1)[1] if "." in action else ""
        return ResourceInfo(False, service, action, pattern)
    service = parts[2] if len(parts) > 2 else "unknown"
    return ResourceInfo(False, service, parts[-1], "")


# ------------------------------------------------------------------ callbacks


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """The task fails with this error and cause: a callback's SendTaskFailure, or a mock's value."""

    error: str
    cause: str = ""


class _NoAnswer:
    def __repr__(self) -> str:
        return "NO_ANSWER"


# A callback that never answers: the task times out (TimeoutSeconds/HeartbeatSeconds).
NO_ANSWER: Any = _NoAnswer()

# token -> answer, state name -> answer, or f(token, parameters) -> answer.
TaskAnswers = Mapping[str, Any] | Callable[[str, Any], Any]


# How to answer a callback, for messages that CLI and API users alike read.
HOW_TO_ANSWER = "give one by state name or token with --task-answer STATE=JSON (CLI) or task_answers= (API)"


def answer_for(answers: TaskAnswers | None, token: str, state_name: str, parameters: Any) -> Any:
    """The answer to a task token; NO_ANSWER when nobody sends one (the task waits, as in AWS)."""
    if answers is None:
        return NO_ANSWER
    if callable(answers):
        return answers(token, parameters)
    if token in answers:
        return answers[token]
    if state_name in answers:
        return answers[state_name]
    return NO_ANSWER

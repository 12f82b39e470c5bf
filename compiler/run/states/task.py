"""Task: call the resource through its invoker, with timeouts, callbacks and retries.

An activity (its ARN as the Resource) has no invoker of its own: its worker is whatever answers
the task, in this order: a state mock (a test case), an invoker routed to the activity's ARN
(``--mock ARN=...``, ``invokers=``), the answer given by state name or task token
(``--task-answer STATE=JSON``, ``task_answers=``), as the worker's SendTaskSuccess or
SendTaskFailure would. Without one, the task waits as in AWS: until its TimeoutSeconds or
HeartbeatSeconds (ActivityTimedOut, no ActivityStarted: no worker took it), or for ever.
"""

from __future__ import annotations

from typing import Any

from compiler.asl.errors import PathNotFoundError, StatesError
from compiler.asl.jsonpath import evaluate
from compiler.run import query
from compiler.run.errors import (
    TIMEOUT,
    ExecutionCannotFinish,
    ExecutionTimedOut,
    FailError,
    cause_of,
    error_of,
)
from compiler.run.invoke import (
    HOW_TO_ANSWER,
    NO_ANSWER,
    NOT_MOCKED,
    ResourceInfo,
    TaskContext,
    TaskFailure,
    TaskOutcome,
    answer_for,
    describe_resource,
)
from compiler.run.io import effective_input, finish, parameters
from compiler.run.limits import check_result_size
from compiler.run.retry import with_retry
from compiler.run.runtime import NOT_TRUNCATED, Step

# AWS's default task timeout when none is given: 99999999 seconds.
DEFAULT_TIMEOUT = 99_999_999.0


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    data = effective_input(step)
    info = describe_resource(state["Resource"])

    def attempt() -> Any:
        # An activity's token goes to its worker, not into the context object.
        token = _new_token(step) if info.pattern == "waitForTaskToken" or info.is_activity else None
        if token is not None and not info.is_activity:
            step.context()["Task"] = {"Token": token}
        params = parameters(step, data)
        return _call(step, info, params, data, token)

    result = with_retry(step, attempt, from_task=True)
    return finish(step, result), state.get("Next")


def _new_token(step: Step) -> str:
    return step.runtime.uuid().replace("-", "") + step.runtime.uuid().replace("-", "")


def _seconds(step: Step, data: Any, name: str) -> float | None:
    state = step.state
    if name in state:
        if step.jsonata:
            return float(query.value(step, state[name], name, "number"))
        return float(state[name])
    path = state.get(f"{name}Path")
    if path is None:
        return None
    try:
        value = evaluate(path, data, step.context() if "$$" in path else None, step.scope.variables)
    except PathNotFoundError:
        raise step.runtime_error(f"The {name}Path parameter does not reference an input value: {path}") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise step.runtime_error(f"The {name}Path parameter does not reference a positive integer: {path}")
    return float(value)


def _call(step: Step, info: ResourceInfo, params: Any, data: Any, token: str | None) -> Any:
    lane = step.lane
    runtime = step.runtime
    timeout = _seconds(step, data, "TimeoutSeconds")
    heartbeat = _seconds(step, data, "HeartbeatSeconds")
    family = _Events(step, info)
    family.scheduled(params, timeout, heartbeat)
    family.started()
    resource = step.state["Resource"]
    context = TaskContext(
        state_name=step.name,
        context=step.context(),
        timeout_seconds=timeout,
        heartbeat_seconds=heartbeat,
        now=lane.clock.now(),
        runtime=runtime,
        start_child=runtime.start_child_of(step),
        token=token,
    )
    try:
        # A mock by state name (a MockConfigFile test case) stands in for the resource, its
        # callback (.waitForTaskToken) and its child execution (.sync) alike.
        mocks = runtime.state_mocks
        outcome = NOT_MOCKED if mocks is None else mocks.answer(context)
        if outcome is NOT_MOCKED and info.is_activity:
            outcome = _activity_worker(runtime, resource, params, context, token)
        elif outcome is NOT_MOCKED:
            outcome = _invoke(runtime, resource, params, context)
            if isinstance(outcome, TaskOutcome) and outcome.submitted is not None:
                family.submitted(outcome.submitted)
            if token is not None:
                outcome = _await_token(runtime.task_answers, token, step.name, params)
    except StatesError as err:
        family.failed(err)
        raise
    value, duration = _unpack(outcome)
    if outcome is NO_ANSWER and timeout is None and heartbeat is None:
        _wait_forever(step, info)
    # No heartbeats are simulated, so a task running past HeartbeatSeconds has missed one.
    limit = min(x for x in (timeout, heartbeat, DEFAULT_TIMEOUT) if x is not None)
    if duration > limit:
        lane.clock.advance(limit)
        if outcome is not NO_ANSWER:
            family.worker_started()  # a worker took the task and answered too late
        family.timed_out()
        raise FailError(TIMEOUT, None)
    lane.clock.advance(duration)
    try:
        check_result_size(step.name, value)
    except StatesError as err:
        family.failed(err)
        raise
    family.succeeded(value)
    step.result, step.has_result = value, True
    return value


def _activity_worker(runtime: Any, resource: str, params: Any, context: TaskContext, token: str | None) -> Any:
    """The answer of an activity's worker (see the module's doc); NO_ANSWER when nobody gives one."""
    if runtime.dispatcher.routes(resource):
        return _invoke(runtime, resource, params, context)
    assert token is not None
    return _await_token(runtime.task_answers, token, context.state_name, params)


def _invoke(runtime: Any, resource: str, params: Any, context: TaskContext) -> Any:
    try:
        return runtime.dispatcher.invoker_for(resource).invoke(resource, params, context)
    except StatesError:
        raise
    except Exception as exc:
        # A custom invoker's own exception fails the task like a Lambda error would.
        raise StatesError(type(exc).__name__, str(exc)) from exc


def _unpack(outcome: Any) -> tuple[Any, float]:
    if outcome is NO_ANSWER:
        return None, float("inf")
    if isinstance(outcome, TaskOutcome):
        return outcome.output, outcome.duration
    return outcome, 0.0


def _wait_forever(step: Step, info: ResourceInfo) -> None:
    """A callback nobody answers, with no task timeout: the execution's own timeout ends it, or nothing does."""
    deadline = step.scope.deadline
    waits_for = "an activity worker" if info.is_activity else "a task token"
    if deadline is not None:
        step.lane.clock.advance(max(0.0, deadline - step.lane.clock.now()))
        raise ExecutionTimedOut(f"The execution ran longer than its TimeoutSeconds while the state '{step.name}' "
                                f"waited for {waits_for}.")
    nobody = "an activity worker that never answers" if info.is_activity else "a task token that nobody sends"
    raise ExecutionCannotFinish(
        f"the state '{step.name}' waits for {nobody}, and it has neither TimeoutSeconds "
        "nor HeartbeatSeconds (nor the machine a TimeoutSeconds): in AWS this execution would stay RUNNING "
        f"(a STANDARD execution up to its one-year limit). To run it locally, {HOW_TO_ANSWER}, or set "
        "TimeoutSeconds/HeartbeatSeconds on the state to see it time out.")


def _await_token(answers: Any, token: str, state_name: str, params: Any) -> Any:
    answer = answer_for(answers, token, state_name, params)
    if isinstance(answer, TaskFailure):
        raise StatesError(answer.error, answer.cause)
    return answer


class _Events:
    """The task's events: LambdaFunction* for a function ARN, Activity* for an activity ARN, Task*
    otherwise. ActivityStarted is written when a worker takes the task, so only with its answer."""

    __slots__ = ("info", "lane", "region", "tag", "worker")

    def __init__(self, step: Step, info: ResourceInfo) -> None:
        self.info = info
        self.lane = step.lane
        self.region = step.runtime.identity.region
        self.tag = {"resourceType": info.resource_type, "resource": info.resource}
        self.worker = False  # an activity's worker took the task (ActivityStarted written)

    def scheduled(self, params: Any, timeout: float | None, heartbeat: float | None) -> None:
        if self.info.is_lambda_function:
            details: dict[str, Any] = {"resource": self.info.resource, "input": params, "inputDetails": NOT_TRUNCATED}
            details["timeoutInSeconds"] = int(timeout) if timeout is not None else None
            self.lane.add("LambdaFunctionScheduled", details)
            return
        if self.info.is_activity:
            details = {"resource": self.info.resource, "input": params, "inputDetails": NOT_TRUNCATED}
        else:
            details = {**self.tag, "region": self.region, "parameters": params}
        if timeout is not None:
            details["timeoutInSeconds"] = int(timeout)
        if heartbeat is not None:
            details["heartbeatInSeconds"] = int(heartbeat)
        self.lane.add("ActivityScheduled" if self.info.is_activity else "TaskScheduled", details)

    def started(self) -> None:
        if self.info.is_lambda_function:
            self.lane.add("LambdaFunctionStarted")
        elif not self.info.is_activity:
            self.lane.add("TaskStarted", dict(self.tag))

    def worker_started(self) -> None:
        if self.info.is_activity and not self.worker:
            self.worker = True
            self.lane.add("ActivityStarted", {})

    def submitted(self, output: Any) -> None:
        self.lane.add("TaskSubmitted", {**self.tag, "output": output, "outputDetails": NOT_TRUNCATED})

    def succeeded(self, output: Any) -> None:
        self.worker_started()
        if self.info.is_lambda_function or self.info.is_activity:
            kind = "ActivitySucceeded" if self.info.is_activity else "LambdaFunctionSucceeded"
            self.lane.add(kind, {"output": output, "outputDetails": NOT_TRUNCATED})
        else:
            self.lane.add("TaskSucceeded", {**self.tag, "output": output, "outputDetails": NOT_TRUNCATED})

    def failed(self, err: StatesError) -> None:
        self.worker_started()
        if self.info.is_lambda_function or self.info.is_activity:
            kind = "ActivityFailed" if self.info.is_activity else "LambdaFunctionFailed"
            self.lane.add(kind, {"error": error_of(err), "cause": cause_of(err)})
        else:
            self.lane.add("TaskFailed", {**self.tag, "error": error_of(err), "cause": cause_of(err)})

    def timed_out(self) -> None:
        if self.info.is_activity:
            self.lane.add("ActivityTimedOut", {"error": TIMEOUT})
            return
        kind = "LambdaFunctionTimedOut" if self.info.is_lambda_function else "TaskTimedOut"
        details: dict[str, Any] = {"error": TIMEOUT}
        if not self.info.is_lambda_function:
            details = {**self.tag, **details}
        self.lane.add(kind, details)

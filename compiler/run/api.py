"""``execute()``: run a state machine definition locally and return the Execution."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from compiler.asl.errors import StatesError
from compiler.run.clock import VirtualClock, iso
from compiler.run.context import STANDARD, ContextBase, ExecutionInfo, Identity, execution_arn
from compiler.run.engine import ExecutionTimedOut, run_block
from compiler.run.errors import RUNTIME, TIMEOUT, DefinitionError, cause_of, error_of
from compiler.run.history import History, Lane
from compiler.run.invoke import Dispatcher, MockInvoker, StateMocks, TaskAnswers, TaskInvoker
from compiler.run.lambda_invoke import LambdaFunction, LambdaInvoker
from compiler.run.limits import DEFAULT_MAX_TRANSITIONS, MAX_PAYLOAD_BYTES, TransitionGuard, payload_size
from compiler.run.program import Program, load_program
from compiler.run.result import FAILED, SUCCEEDED, TIMED_OUT, Execution
from compiler.run.runtime import NOT_TRUNCATED, Runtime, Scope, Step
from compiler.run.sfn_invoke import StepFunctionsInvoker

# Nested executions deeper than this are surely a machine starting itself.
MAX_NESTING = 16
DEFAULT_ROLE = "StepFunctionsLocalRole"
# The resources a ``services`` invoker is asked for (it refuses, naming the mock to give, those it cannot run).
SERVICE_ROUTES = ("arn:*:states:::dynamodb:*", "arn:*:states:::sqs:*", "arn:*:states:::sns:*",
                  "arn:*:states:::events:*", "arn:*:states:::aws-sdk:*")


def execute(
    definition: Mapping[str, Any] | str,
    input: Any = None,
    *,
    name: str | None = None,
    state_machine_name: str = "LocalStateMachine",
    state_machine_type: str = STANDARD,
    synchronous: bool = False,
    functions: Mapping[str, LambdaFunction] | None = None,
    state_machines: Mapping[str, Mapping[str, Any] | str] | None = None,
    invokers: Mapping[str, TaskInvoker] | None = None,
    mocks: Mapping[str, Any] | None = None,
    task_answers: TaskAnswers | None = None,
    state_mocks: StateMocks | None = None,
    services: TaskInvoker | None = None,
    seed: int = 0,
    start_time: datetime | None = None,
    max_transitions: int = DEFAULT_MAX_TRANSITIONS,
    identity: Identity | None = None,
    role_arn: str | None = None,
) -> Execution:
    """Run ``definition`` on ``input`` (None means ``{}``) and return the finished Execution.

    Task resources: ``invokers`` (ARN or glob -> TaskInvoker) win; then
    ``mocks`` (resource ARN, glob or function name -> result, ``TaskFailure``
    to fail the task, or f(parameters, context) giving either); then Lambda
    functions from ``functions`` (function ARN or name -> LambdaFunction) and
    nested machines from ``state_machines`` (ARN or name -> definition). A mock
    keyed by a function name (or function ARN) answers that function wherever a
    task calls it: its ARN in any account and region, qualified or not, and
    ``lambda:invoke`` with any FunctionName naming it (see ``find_function``),
    as Invoke's response with the mock as Payload. Waits and
    back-offs use a virtual clock that starts at ``start_time`` (default: now).
    ``state_mocks`` answers tasks by state name before any of those (a MockConfigFile
    test case: ``compiler.testing``).
    ``services`` (e.g. ``aws_invoke.ServiceInvoker``) serves the service integrations it runs
    (DynamoDB, SQS, SNS, EventBridge, ``aws-sdk:*``) after mocks and invokers.
    ``synchronous`` runs an EXPRESS machine as StartSyncExecution would.
    The same ``seed`` gives the same names, ids, tokens and jitter.

    Raises DefinitionError for a definition that cannot run and ValueError for
    an input that is not JSON or exceeds 256 KiB; every other failure is the
    execution's (status FAILED with error and cause).
    """
    program = load_program(json.loads(definition) if isinstance(definition, str) else definition)
    identity = identity or Identity()
    routes: dict[str, TaskInvoker] = dict(invokers or {})
    mock_invoker = MockInvoker(mocks)
    # A mocked resource wins over the built-in Lambda and Step Functions invokers.
    for pattern in mocks or {}:
        routes.setdefault(pattern, mock_invoker)
    lambdas = LambdaInvoker(functions or {}, identity, mocks)
    routes.setdefault("arn:*:lambda:*:function:*", lambdas)
    routes.setdefault("arn:*:states:::lambda:invoke*", lambdas)
    routes.setdefault("arn:*:states:::states:startExecution*", StepFunctionsInvoker(state_machines))
    if services is not None:
        for pattern in SERVICE_ROUTES:
            routes.setdefault(pattern, services)
    runtime = Runtime(
        identity=identity,
        role_arn=role_arn or identity.role_arn(DEFAULT_ROLE),
        dispatcher=Dispatcher(routes, mock_invoker),
        guard=TransitionGuard(max_transitions),
        rng=random.Random(seed),
        run_block=run_block,
        task_answers=task_answers,
        state_mocks=state_mocks,
    )
    runtime.execute_child = _child_runner(runtime)
    moment = start_time or datetime.now(UTC)
    return run_execution(
        runtime,
        program,
        _json_copy(input),
        name=name,
        machine_name=state_machine_name,
        machine_type=state_machine_type,
        start=VirtualClock.at(moment).now(),
        synchronous=synchronous,
    )


def _json_copy(value: Any) -> Any:
    if value is None:
        return {}
    try:
        copied = json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the execution input is not JSON: {exc}") from None
    if payload_size(copied) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"the execution input exceeds {MAX_PAYLOAD_BYTES} bytes")
    return copied


def run_execution(
    runtime: Runtime,
    program: Program,
    data: Any,
    *,
    name: str | None,
    machine_name: str,
    machine_type: str,
    start: float,
    parent_arn: str | None = None,
    synchronous: bool = False,
) -> Execution:
    name = name or runtime.uuid()
    machine_arn = runtime.identity.state_machine_arn(machine_name)
    arn = execution_arn(runtime.identity, machine_name, name, machine_type, runtime.uuid())
    info = ExecutionInfo(arn, name, machine_arn, machine_name, runtime.role_arn, iso(start), data, machine_type,
                         synchronous)
    execution = Execution(arn, name, machine_arn, machine_name, data, start, request_id=runtime.uuid(),
                          parent_arn=parent_arn)
    runtime.executions[arn] = execution
    history = History()
    execution.events = history.events
    history.add(0, start, "ExecutionStarted", {"input": data, "inputDetails": NOT_TRUNCATED, "roleArn": runtime.role_arn})
    # AWS links the first state's event to 0, not to ExecutionStarted.
    lane = Lane(history, VirtualClock(start), 0)
    timeout = program.definition.get("TimeoutSeconds")
    scope = Scope(runtime, ContextBase(info), lane, execution.states, map_runs=execution.map_runs,
                  deadline=start + float(timeout) if timeout is not None else None)
    try:
        execution.output = run_block(program, data, scope)
        execution.status = SUCCEEDED
        lane.add("ExecutionSucceeded", {"output": execution.output, "outputDetails": NOT_TRUNCATED})
    except StatesError as err:
        execution.status = FAILED
        execution.error, execution.cause = error_of(err), cause_of(err)
        details = {k: v for k, v in (("error", execution.error), ("cause", execution.cause)) if v is not None}
        lane.add("ExecutionFailed", details)
    except ExecutionTimedOut as timed_out:
        execution.status = TIMED_OUT
        execution.error, execution.cause = TIMEOUT, str(timed_out)
        lane.add("ExecutionTimedOut", {"error": TIMEOUT, "cause": str(timed_out)})
    execution.stop_time = lane.clock.now()
    return execution


def _child_runner(runtime: Runtime) -> Any:
    def execute_child(step: Step, machine_arn: str, definition: Any, data: Any, name: str | None) -> Execution:
        parent = runtime.executions[step.scope.base.record_arn]
        depth = sum(1 for _ in _ancestors(runtime, parent))
        if depth >= MAX_NESTING:
            raise StatesError(RUNTIME, f"nested executions go deeper than {MAX_NESTING} levels")
        try:
            program = load_program(json.loads(definition) if isinstance(definition, str) else definition)
        except (DefinitionError, ValueError) as exc:
            raise StatesError("StepFunctions.InvalidDefinitionException", f"{machine_arn}: {exc}") from None
        machine_name = machine_arn.rsplit(":", 1)[-1]
        if name is not None:
            taken = runtime.identity.arn("states", f"execution:{machine_name}:{name}")
            if taken in runtime.executions:
                raise StatesError("StepFunctions.ExecutionAlreadyExistsException", f"Execution Already Exists: '{taken}'")
        try:
            data = _json_copy(data)
        except ValueError as exc:
            raise StatesError("StepFunctions.InvalidExecutionInputException", str(exc)) from None
        child = run_execution(
            runtime,
            program,
            data,
            name=name,
            machine_name=machine_name,
            machine_type=STANDARD,
            start=step.lane.clock.now(),
            parent_arn=parent.execution_arn,
        )
        parent.children.append(child)
        return child

    return execute_child


def _ancestors(runtime: Runtime, execution: Execution) -> Any:
    while execution.parent_arn is not None:
        execution = runtime.executions[execution.parent_arn]
        yield execution

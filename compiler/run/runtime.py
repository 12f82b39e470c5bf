"""The objects the engine and the state types share while an execution runs."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compiler.asl.errors import StatesError
from compiler.asl.variables import VariableScope
from compiler.run.clock import iso
from compiler.run.context import ContextBase, Identity
from compiler.run.errors import RUNTIME, located
from compiler.run.history import History, Lane
from compiler.run.limits import TransitionGuard
from compiler.run.program import Program

if TYPE_CHECKING:
    from compiler.run.invoke import Dispatcher
    from compiler.run.result import Execution

NOT_TRUNCATED = {"truncated": False}


@dataclass(slots=True)
class StateRecord:
    """One state entered: what the console shows as its input and output."""

    name: str
    state_type: str
    entered_input: Any
    nested: bool
    exited: bool = False
    exited_output: Any = None
    error: str | None = None
    cause: str | None = None
    # The variables the state's (or its catcher's) Assign set, as the history's assignedVariables.
    assigned_variables: dict[str, Any] | None = None
    # How the state left, for coverage: the state it went on to (None at an end), the Choice rule
    # taken (its index, or "Default"), the retrier index of each retry, the catcher that took an error.
    next_state: str | None = None
    branch: int | str | None = None
    retried: list[int] = field(default_factory=list)
    caught_by: int | None = None
    # A Task's result (its last successful attempt's), before ResultSelector/ResultPath/OutputPath.
    result: Any = None
    has_result: bool = False


@dataclass
class Runtime:
    """Shared by an execution, its branches, iterations and child executions."""

    identity: Identity
    role_arn: str
    dispatcher: Dispatcher
    guard: TransitionGuard
    rng: random.Random
    # The engine's block runner, handed to Parallel/Map without an import cycle.
    run_block: Callable[[Program, Any, Scope], Any]
    # Answers for .waitForTaskToken tasks (see invoke.answer_for).
    task_answers: Any = None
    # Results by state name that stand in for a task's resource (invoke.StateMocks), e.g. a MockConfigFile test case.
    state_mocks: Any = None
    # Runs a child execution for states:startExecution; set by the API layer:
    # f(step, state_machine_arn, definition, input, name) -> Execution.
    execute_child: Callable[..., Execution] | None = None
    # Every execution of this run by ARN (children are attached to their parent).
    executions: dict[str, Execution] = field(default_factory=dict)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def start_child_of(self, step: Step) -> Callable[..., Execution]:
        execute_child = self.execute_child
        if execute_child is None:
            raise StatesError(RUNTIME, "nested executions are not available in this run")

        def start(state_machine_arn: str, definition: Any, input: Any, name: str | None = None) -> Execution:
            return execute_child(step, state_machine_arn, definition, input, name)

        return start


class Scope:
    """One running block of states: a lane of events plus where to record states."""

    __slots__ = ("base", "deadline", "lane", "map_runs", "nested", "records", "runtime", "variables")

    def __init__(
        self,
        runtime: Runtime,
        base: ContextBase,
        lane: Lane,
        records: list[StateRecord],
        *,
        nested: bool = False,
        map_runs: list[MapRun] | None = None,
        deadline: float | None = None,
        variables: VariableScope | None = None,
    ) -> None:
        self.runtime = runtime
        # Workflow variables: one scope per execution, branch and iteration (see compiler.asl.variables).
        self.variables = variables if variables is not None else VariableScope()
        # The execution's TimeoutSeconds as a moment on the virtual clock.
        self.deadline = deadline
        self.base = base
        self.lane = lane
        self.records = records
        self.nested = nested
        self.map_runs: list[MapRun] = map_runs if map_runs is not None else []

    def child(self, *, lane: Lane | None = None, records: list[StateRecord] | None = None) -> Scope:
        """A Parallel branch or inline Map iteration: it reads this scope's variables, keeps its own."""
        return Scope(
            self.runtime,
            self.base,
            lane or self.lane.fork(),
            self.records if records is None else records,
            nested=True,
            map_runs=self.map_runs,
            deadline=self.deadline,
            variables=self.variables.child(),
        )


@dataclass
class MapRun:
    """A Distributed Map run: its iterations are child executions with their own history."""

    arn: str
    state_name: str
    history: History
    records: list[StateRecord] = field(default_factory=list)
    succeeded: int = 0
    failed: int = 0
    # Each child execution (one per item or batch): index, input, status, output or error/cause.
    children: list[dict[str, Any]] = field(default_factory=list)


class Step:
    """One state being executed."""

    __slots__ = ("_context", "assigned", "branch", "caught_by", "entered_at", "entered_id", "has_result", "input",
                 "jsonata", "name", "program", "result", "retried", "retry_count", "scope", "state")

    def __init__(
        self, name: str, state: Any, scope: Scope, entered_id: int, data: Any, program: Program
    ) -> None:
        self.name = name
        # The state's query language is JSONata (its own QueryLanguage, else its block's).
        self.jsonata = name in program.jsonata
        # What the state's Assign evaluated to; applied to the scope when the state exits.
        self.assigned: dict[str, Any] | None = None
        self.state = state
        self.scope = scope
        self.entered_id = entered_id
        self.entered_at = scope.lane.clock.now()
        self.input = data
        self.program = program
        self.retry_count = 0
        # For coverage (copied to the StateRecord): Choice rule taken, retriers used, catcher that took an error.
        self.branch: int | str | None = None
        self.retried: list[int] = []
        self.caught_by: int | None = None
        self.result: Any = None
        self.has_result = False
        self._context: dict[str, Any] | None = None

    @property
    def runtime(self) -> Runtime:
        return self.scope.runtime

    @property
    def lane(self) -> Lane:
        return self.scope.lane

    def context(self) -> dict[str, Any]:
        """``$$`` for this state (built on first use; most states never look)."""
        if self._context is None:
            retry = self.retry_count if self.state.get("Type") == "Task" else None
            self._context = self.scope.base.for_state(self.name, iso(self.entered_at), retry_count=retry)
        return self._context

    def reset_context(self) -> None:
        self._context = None

    def runtime_error(self, message: str) -> StatesError:
        return located(StatesError(RUNTIME, message), self.name, self.entered_id)

"""What happened in a run, state by state: the model the terminal view and the HTML report share.

An execution's history is a flat list of events; ``previousEventId`` links each event to the one
before it in its thread of control (the execution, a Parallel branch, a Map iteration). Walking
those links gives a tree: each state entered is a :class:`Visit`, a Parallel or Map visit holds
its branches or iterations as :class:`Group` s of visits, and a task that started a nested
execution holds that :class:`ExecutionTrace`. Each visit also gets what the console shows in its
panel: input, task parameters, result, output, assigned variables, every attempt with its error
and back-off, and the Catch it took (matched against the state's definition, as the interpreter
matched it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from compiler.run import Execution, HistoryEvent, StateRecord
from compiler.run.errors import StatesError
from compiler.run.retry import error_matches

Status = Literal["succeeded", "failed", "caught", "retried", "running"]

_SCHEDULED = ("LambdaFunctionScheduled", "TaskScheduled", "ActivityScheduled", "MapStateStarted",
              "ParallelStateStarted")
_RESULT = ("LambdaFunctionSucceeded", "TaskSucceeded", "ActivitySucceeded")
_ATTEMPT_FAILED = ("LambdaFunctionFailed", "LambdaFunctionTimedOut", "LambdaFunctionStartFailed",
                   "LambdaFunctionScheduleFailed", "TaskFailed", "TaskTimedOut", "TaskStartFailed",
                   "TaskSubmitFailed", "ActivityFailed", "ActivityTimedOut", "MapRunFailed")


@dataclass
class Attempt:
    number: int  # 1 for the first try
    started: float  # virtual clock, seconds since the epoch
    backoff: float = 0.0  # seconds waited before this attempt (0 for the first)
    finished: float | None = None
    error: str | None = None
    cause: str | None = None


@dataclass
class Catch:
    error_equals: list[str]
    next: str


@dataclass
class Group:
    """A Parallel branch or a Map iteration: the visits of one thread of control."""

    label: str  # "branch 2", "item 0"
    index: int
    visits: list[Visit] = field(default_factory=list)
    status: str = "succeeded"


@dataclass
class Visit:
    """One state entered."""

    id: str  # unique in the run: "e0.v3"
    name: str
    type: str
    entered: float
    input: Any
    exited: float | None = None
    output: Any = None
    has_output: bool = False
    parameters: Any = None  # what the task was scheduled with (Lambda input or service parameters)
    has_parameters: bool = False
    result: Any = None  # the task's raw result, before ResultSelector/ResultPath/OutputPath
    has_result: bool = False
    assigned: dict[str, Any] | None = None
    error: str | None = None  # the error the state raised at last (caught or not)
    cause: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    max_attempts: int | None = None  # 1 + the MaxAttempts of the retrier that took the last retried error
    catch: Catch | None = None
    groups: list[Group] = field(default_factory=list)  # branches or iterations
    map_run: str | None = None  # a Distributed Map run's ARN
    items: int | None = None  # a Map's item count (MapStateStarted's length); fewer may have run
    children: list[ExecutionTrace] = field(default_factory=list)  # nested executions it started
    events: list[HistoryEvent] = field(default_factory=list)

    @property
    def status(self) -> Status:
        if self.exited is None:
            return "failed" if self.error is not None else "running"
        if self.error is not None:
            return "caught"
        if len(self.attempts) > 1:
            return "retried"
        return "succeeded"

    def walk(self) -> Iterator[Visit]:
        """This visit and every visit inside its branches and iterations (not nested executions)."""
        yield self
        for group in self.groups:
            for visit in group.visits:
                yield from visit.walk()


@dataclass
class ExecutionTrace:
    id: str  # "e0", "e1", ... in the order of Execution.all_executions()
    execution: Execution
    definition: Mapping[str, Any]
    visits: list[Visit] = field(default_factory=list)  # the top-level states, in order
    parent: ExecutionTrace | None = None
    started_by: Visit | None = None

    @property
    def name(self) -> str:
        return self.execution.name

    @property
    def machine(self) -> str:
        return self.execution.state_machine_name

    def all_visits(self) -> Iterator[Visit]:
        for visit in self.visits:
            yield from visit.walk()


def trace_run(root: Execution, definitions: Mapping[str, Mapping[str, Any]]) -> list[ExecutionTrace]:
    """Every execution of a run (the root first, then nested ones depth first), as traces.

    ``definitions`` maps a state machine's ARN or name to its definition (for each Retry and
    Catch; a machine not found is traced without them).
    """
    executions = root.all_executions()
    traces = [
        ExecutionTrace(f"e{i}", e, _definition_of(e, definitions)) for i, e in enumerate(executions)
    ]
    by_arn = {t.execution.execution_arn: t for t in traces}
    for trace in traces:
        _Walker(trace).walk()
    for trace in traces[1:]:
        parent = by_arn.get(trace.execution.parent_arn or "")
        if parent is None:
            continue
        trace.parent = parent
        starter = _starter(parent, trace.execution.execution_arn)
        trace.started_by = starter
        if starter is not None:
            starter.children.append(trace)
    return traces


def _definition_of(execution: Execution, definitions: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any]:
    for key in (execution.state_machine_arn, execution.state_machine_name):
        if key in definitions:
            return definitions[key]
    return {}


def _starter(parent: ExecutionTrace, child_arn: str) -> Visit | None:
    """The task state of ``parent`` whose events name the nested execution's ARN."""
    for visit in parent.all_visits():
        for event in visit.events:
            if event.type.startswith("Task") and child_arn in json.dumps(event.details or {}, default=str):
                return visit
    return None


def _climb(visit: Visit | None, group: Group | None, event: HistoryEvent,
           entered_at: Mapping[str, tuple[Visit | None, Group | None]]) -> tuple[Visit | None, Group | None]:
    """The visit an event belongs to: after a state that never exited (a Fail state, a failed
    task in a branch), a Map's, a Parallel's or an enclosing state's events follow on from it."""
    kind = event.type
    if kind.startswith(("MapIteration", "MapState", "MapRun")):
        wanted: Any = lambda v: v.type == "Map"  # noqa: E731
    elif kind.startswith("ParallelState"):
        wanted = lambda v: v.type == "Parallel"  # noqa: E731
    elif kind.endswith("StateExited"):
        name = (event.details or {}).get("name")
        wanted = lambda v: v.name == name and v.exited is None  # noqa: E731
    else:
        return visit, group
    position = (visit, group)
    while position[0] is not None and not wanted(position[0]):
        position = entered_at.get(position[0].id, (None, None))
    return position if position[0] is not None else (visit, group)


def state_definitions(definition: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every state of a machine by name, those of its branches and item processors too."""
    found: dict[str, Mapping[str, Any]] = {}
    pending = [definition]
    while pending:
        block = pending.pop()
        for name, state in (block.get("States") or {}).items():
            if not isinstance(state, Mapping):
                continue
            found.setdefault(name, state)
            pending.extend(b for b in state.get("Branches") or [] if isinstance(b, Mapping))
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), Mapping):
                    pending.append(state[key])
    return found


class _Walker:
    """Builds one execution's visit tree from its history (and its Distributed Map runs' histories)."""

    def __init__(self, trace: ExecutionTrace) -> None:
        self.trace = trace
        self.states = state_definitions(trace.definition)
        self.count = 0
        self.runs = {run.arn: run for run in trace.execution.map_runs}

    def walk(self) -> None:
        execution = self.trace.execution
        self._history(execution.events, execution.states, Group("execution", 0, self.trace.visits))

    def _history(self, events: Sequence[HistoryEvent], records: Sequence[StateRecord], top: Group | None,
                 *, owner: Visit | None = None) -> None:
        """``top``: the group a thread's first state joins (None: each thread that starts at
        event 0 is a new iteration of ``owner``, as in a Distributed Map run's history)."""
        # Where each event leaves its thread: (the visit it is inside, the group a next state joins).
        Position = tuple[Visit | None, Group | None]
        where: dict[int, Position] = {0: (owner, top)}
        entered_at: dict[str, Position] = {}
        records_left = iter(records)
        for event in events:
            visit, group = where.get(event.previous_event_id, (owner, top))
            kind = event.type
            details = event.details or {}
            if kind.endswith("StateEntered"):
                if group is None:  # the first state of a branch or of a Distributed Map iteration
                    assert visit is not None
                    group = Group(self._group_label(visit, len(visit.groups)), len(visit.groups))
                    visit.groups.append(group)
                entered = self._visit(event, next(records_left, None))
                group.visits.append(entered)
                entered_at[entered.id] = (visit, group)
                where[event.id] = (entered, None)
                continue
            visit, group = _climb(visit, group, event, entered_at)
            where[event.id] = (visit, group)
            if visit is None:
                continue  # the execution's own events
            visit.events.append(event)
            if kind.endswith("StateExited"):
                self._exit(visit, event)
                where[event.id] = entered_at[visit.id]
            elif kind == "MapStateStarted" and isinstance(details.get("length"), int):
                visit.items = int(details["length"])
            elif kind == "MapIterationStarted":
                iteration = Group(f"item {details.get('index', len(visit.groups))}", len(visit.groups))
                visit.groups.append(iteration)
                where[event.id] = (visit, iteration)
            elif kind in ("MapIterationFailed", "MapIterationAborted") and group is not None:
                group.status = "failed"
            elif kind == "MapRunStarted":
                visit.map_run = str(details.get("mapRunArn"))
                run = self.runs.get(visit.map_run)
                if run is not None:
                    self._history(run.history.events, run.records, None, owner=visit)
                    for iteration in visit.groups:
                        if any(v.status == "failed" for v in iteration.visits):
                            iteration.status = "failed"
            self._task_event(visit, event)

    def _group_label(self, holder: Visit, index: int) -> str:
        if holder.type != "Parallel":
            return f"item {index}"
        branches = len(self._state(holder).get("Branches") or []) or 1
        return f"branch {index % branches + 1}"

    def _visit(self, event: HistoryEvent, record: StateRecord | None) -> Visit:
        details = event.details or {}
        visit = Visit(f"{self.trace.id}.v{self.count}", str(details.get("name")), event.type[: -len("StateEntered")],
                      event.timestamp, details.get("input"))
        self.count += 1
        if record is not None:
            visit.error, visit.cause = record.error, record.cause
        visit.events.append(event)
        return visit

    def _exit(self, visit: Visit, event: HistoryEvent) -> None:
        details = event.details or {}
        visit.exited = event.timestamp
        visit.output = details.get("output")
        visit.has_output = True
        assigned = details.get("assignedVariables")
        visit.assigned = dict(assigned) if isinstance(assigned, Mapping) else None
        if visit.error is not None:
            visit.catch = self._catch(visit)

    def _task_event(self, visit: Visit, event: HistoryEvent) -> None:
        kind = event.type
        details = event.details or {}
        if kind in _SCHEDULED:
            previous = visit.attempts[-1] if visit.attempts else None
            attempt = Attempt(len(visit.attempts) + 1, event.timestamp)
            if previous is not None and previous.finished is not None:
                attempt.backoff = max(0.0, event.timestamp - previous.finished)
            visit.attempts.append(attempt)
            if kind in ("LambdaFunctionScheduled", "ActivityScheduled"):
                visit.parameters, visit.has_parameters = details.get("input"), True
            elif kind == "TaskScheduled":
                visit.parameters, visit.has_parameters = details.get("parameters"), True
        elif kind in _RESULT:
            visit.result, visit.has_result = details.get("output"), True
            if visit.attempts:
                visit.attempts[-1].finished = event.timestamp
        elif kind in _ATTEMPT_FAILED and visit.attempts and visit.attempts[-1].finished is None:
            last = visit.attempts[-1]
            last.finished = event.timestamp
            last.error, last.cause = details.get("error"), details.get("cause")
        elif kind in ("MapStateFailed", "ParallelStateFailed") and visit.attempts:
            visit.attempts[-1].finished = visit.attempts[-1].finished or event.timestamp
        if kind in _SCHEDULED and len(visit.attempts) > 1:
            visit.max_attempts = self._max_attempts(visit)

    def _state(self, visit: Visit) -> Mapping[str, Any]:
        return self.states.get(visit.name) or {}

    def _max_attempts(self, visit: Visit) -> int | None:
        failed = visit.attempts[-2]
        retriers = self._state(visit).get("Retry") or []
        err = StatesError(failed.error or "States.TaskFailed", failed.cause or "")
        for retrier in retriers:
            if isinstance(retrier, Mapping) and error_matches(retrier.get("ErrorEquals", ()), err,
                                                              from_task=visit.type == "Task"):
                return 1 + int(retrier.get("MaxAttempts", 3))
        return None

    def _catch(self, visit: Visit) -> Catch | None:
        err = StatesError(visit.error or "", visit.cause or "")
        for catcher in self._state(visit).get("Catch") or []:
            if isinstance(catcher, Mapping) and error_matches(catcher.get("ErrorEquals", ()), err,
                                                              from_task=visit.type == "Task"):
                return Catch([str(e) for e in catcher.get("ErrorEquals", ())], str(catcher.get("Next")))
        return None

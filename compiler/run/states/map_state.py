"""Map: run the ItemProcessor once per item (inline or as a Distributed Map run).

Iterations run one after another, in item order. Each starts on its own fork
of the virtual clock at the moment a MaxConcurrency slot frees up, so waits
inside iterations overlap as they would in AWS. An inline Map fails at the
first failing iteration; a Distributed Map counts failures against
ToleratedFailureCount/Percentage and keeps each iteration's events in the map
run's own history (AWS runs them as child executions: each sees its own
``$$.Execution``, the ARN, name and start its ResultWriter entry reports).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from compiler.asl.errors import StatesError
from compiler.asl.jsonata import evaluate_template
from compiler.asl.variables import VariableScope
from compiler.run import query
from compiler.run.clock import VirtualClock, iso
from compiler.run.context import ContextBase
from compiler.run.errors import EXCEED_TOLERATED_FAILURE_THRESHOLD, error_output
from compiler.run.history import History, Lane
from compiler.run.io import effective_input, finish, payload, select
from compiler.run.program import Program
from compiler.run.retry import with_retry
from compiler.run.runtime import MapRun, Scope, Step
from compiler.run.states import map_io, map_results
from compiler.run.states.map_config import MapLimits, read_limits

_MISSING = object()


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    data = effective_input(step)
    limits = read_limits(step, data)
    if "ItemReader" in state:
        items = map_io.read_items(step, data)
    else:
        items = query.items(step) if step.jsonata else _items_from_path(step, data)
    make_input, count = _inputs(step, data, items)
    program = step.program.blocks[step.name][0]
    processor = state.get("ItemProcessor", state.get("Iterator", {}))
    distributed = (processor.get("ProcessorConfig") or {}).get("Mode") == "DISTRIBUTED"

    def attempt() -> Any:
        step.lane.add("MapStateStarted", {"length": count})
        if distributed:
            result = _run_distributed(step, program, make_input, count, limits)
        else:
            result = _run_inline(step, program, make_input, count, limits)
        step.lane.add("MapStateSucceeded")
        return result

    return finish(step, with_retry(step, attempt)), state.get("Next")


def _items_from_path(step: Step, data: Any) -> list[Any]:
    path = step.state.get("ItemsPath", "$")
    items = select(step, path, data)
    if not isinstance(items, list):
        raise step.runtime_error(
            f"Map state input must be an array, but the ItemsPath '{path}' points to a {_kind(items)}."
        )
    return items


def _kind(value: Any) -> str:
    return {dict: "object", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _inputs(step: Step, data: Any, items: list[Any]) -> tuple[Callable[[int], Any], int]:
    """Iteration ``index``'s input (the item through ItemSelector, or a batch) and the count."""
    state = step.state
    selector = state.get("ItemSelector", state.get("Parameters", _MISSING))
    base = step.scope.base
    entered = iso(step.entered_at)

    def select_item(index: int) -> Any:
        item = items[index]
        if selector is _MISSING:
            return item
        context = base.for_state(step.name, entered, map_item=(index, item))
        if step.jsonata:
            return evaluate_template(selector, query.bindings(step, context), "ItemSelector")
        return payload(step, selector, data, context)

    if "ItemBatcher" in state:
        groups = map_io.batches(step, data, len(items), select_item)
        return groups.__getitem__, len(groups)
    return select_item, len(items)


class _Slots:
    """When each iteration may start, given MaxConcurrency (0: all at once)."""

    def __init__(self, start: float, concurrency: int) -> None:
        self.start = start
        self.free: list[float] = [start] * concurrency if concurrency > 0 else []
        self.latest = start

    def take(self) -> float:
        return heapq.heappop(self.free) if self.free else self.start

    def release(self, finished: float, bounded: bool) -> None:
        if bounded:
            heapq.heappush(self.free, finished)
        self.latest = max(self.latest, finished)


def _run_inline(step: Step, program: Program, make_input: Callable[[int], Any], count: int, limits: MapLimits) -> Any:
    lane, scope, runtime = step.lane, step.scope, step.runtime
    slots = _Slots(lane.clock.now(), limits.max_concurrency)
    results: list[Any] = []
    for index in range(count):
        value = make_input(index)
        it_lane = Lane(lane.history, VirtualClock(slots.take()), lane.last)
        tag = {"name": step.name, "index": index}
        it_lane.add("MapIterationStarted", tag)
        try:
            results.append(runtime.run_block(program, value, scope.child(lane=it_lane)))
        except StatesError:
            it_lane.add("MapIterationFailed", tag)
            lane.last = it_lane.last
            lane.clock.advance_to(it_lane.clock.now())
            lane.add("MapStateFailed")
            raise
        it_lane.add("MapIterationSucceeded", tag)
        slots.release(it_lane.clock.now(), limits.max_concurrency > 0)
        lane.last = it_lane.last
    lane.clock.advance_to(slots.latest)
    return results


def _run_distributed(
    step: Step, program: Program, make_input: Callable[[int], Any], count: int, limits: MapLimits
) -> Any:
    lane, scope, runtime = step.lane, step.scope, step.runtime
    label = step.state.get("Label") or step.name
    machine = scope.base.info.state_machine_name
    run = MapRun(runtime.identity.arn("states", f"mapRun:{machine}/{label}:{runtime.uuid()}"), step.name, History())
    scope.map_runs.append(run)
    lane.add("MapRunStarted", {"mapRunArn": run.arn})
    slots = _Slots(lane.clock.now(), limits.max_concurrency)
    outcomes: list[map_results.Outcome] = []
    exceeded = False
    for index in range(count):
        value = make_input(index)
        started = slots.take()
        # A child execution in AWS: it sees none of the outer variables, and ``$$.Execution`` is its
        # own (its ARN, name, start and input); its states are recorded with the parent's.
        info = replace(scope.base.info, execution_arn=map_results.child_arn(run, index),
                       name=map_results.child_name(run, index), start_time=iso(started), input=value)
        child = Scope(runtime, ContextBase(info, scope.base.record_arn), Lane(run.history, VirtualClock(started), 0),
                      run.records, nested=True, map_runs=scope.map_runs, variables=VariableScope())
        try:
            output = runtime.run_block(program, value, child)
            outcomes.append(map_results.Outcome(index, value, True, output, started, child.lane.clock.now()))
            run.succeeded += 1
            run.children.append({"index": index, "input": value, "status": "SUCCEEDED", "output": output})
        except StatesError as err:
            run.failed += 1
            # A failed child execution has no output; its error stands in its place.
            failure = error_output(err)
            outcomes.append(map_results.Outcome(index, value, False, failure, started, child.lane.clock.now()))
            run.children.append({"index": index, "input": value, "status": "FAILED", **failure})
            exceeded = limits.exceeded(run.failed, count)
        slots.release(child.lane.clock.now(), limits.max_concurrency > 0)
        if exceeded:
            break
    lane.clock.advance_to(slots.latest)
    if exceeded:
        if "Resource" in (step.state.get("ResultWriter") or {}):
            # The export happens for a failed Map Run too: the items never started are PENDING.
            map_results.write_results(step, run, outcomes, [make_input(i) for i in range(len(outcomes), count)])
        cause = "The specified tolerated failure threshold for the Map Run has been exceeded."
        lane.add("MapRunFailed", {"error": EXCEED_TOLERATED_FAILURE_THRESHOLD, "cause": cause})
        lane.add("MapStateFailed")
        raise StatesError(EXCEED_TOLERATED_FAILURE_THRESHOLD, cause)
    lane.add("MapRunSucceeded")
    if "ResultWriter" in step.state:
        return map_results.write_results(step, run, outcomes, [])
    return [o.value for o in outcomes]

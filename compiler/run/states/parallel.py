"""Parallel: every branch gets the same input; the output is the list of branch outputs.

Branches run one after another (deterministic), each on its own fork of the
virtual clock. All branches run even when one fails, as concurrent branches
in AWS would have; the failure that happened first (virtual time, then branch
order) fails the state with that branch's own error name and cause, which is
what AWS reports (recorded: a branch's Fail error reaches Catch unchanged).
"""

from __future__ import annotations

from typing import Any

from compiler.asl.errors import StatesError
from compiler.run.io import effective_input, finish, parameters
from compiler.run.retry import with_retry
from compiler.run.runtime import Step


def run(step: Step) -> tuple[Any, str | None]:
    # Every branch gets the same input (JSONata: the Arguments) and a variable scope of its own.
    data = parameters(step, effective_input(step))
    branches = step.program.blocks[step.name]
    runtime = step.runtime

    def attempt() -> Any:
        lane = step.lane
        lane.add("ParallelStateStarted")
        outputs: list[Any] = []
        failure: tuple[float, StatesError] | None = None
        finished = lane.clock.now()
        for program in branches:
            scope = step.scope.child()
            try:
                outputs.append(runtime.run_block(program, data, scope))
            except StatesError as err:
                at = scope.lane.clock.now()
                if failure is None or at < failure[0]:
                    failure = (at, err)
            finished = max(finished, scope.lane.clock.now())
        # The state's next event follows the last event any branch wrote.
        lane.last = len(lane.history.events)
        if failure is not None:
            lane.clock.advance_to(failure[0])
            lane.add("ParallelStateFailed")
            raise failure[1]
        lane.clock.advance_to(finished)
        lane.add("ParallelStateSucceeded")
        return outputs

    return finish(step, with_retry(step, attempt)), step.state.get("Next")

"""Tasks answered by state name during a run: the interpreter's ``StateMocks`` for a test case.

As Step Functions Local documents it: each mocked state counts its invocations from 0 (retries,
Map iterations and Parallel branches of the execution included); invocation N takes the
response's entry for N. ``Return`` is the task's result as the integration gives it (for
``lambda:invoke`` the whole Invoke response; for ``.waitForTaskToken`` the callback's output, no
token is awaited; for ``.sync`` the finished job's description). ``Throw`` fails the task with its
Error and Cause, so Retry and Catch apply. An invocation the response does not cover fails the
execution (States.Runtime, which no Retry or Catch takes).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from compiler.asl.errors import StatesError
from compiler.run import NOT_MOCKED, TaskContext
from compiler.run.errors import RUNTIME
from compiler.testing.responses import MockedResponse


class CaseMocks:
    """``machine name -> state name -> MockedResponse``; states of other machines run as usual."""

    def __init__(self, by_machine: Mapping[str, Mapping[str, MockedResponse]], label: str = "the test case") -> None:
        self.by_machine = {machine: dict(states) for machine, states in by_machine.items()}
        self.label = label
        self.invocations: dict[tuple[str, str], int] = {}

    def mocked_states(self) -> dict[str, set[str]]:
        return {machine: set(states) for machine, states in self.by_machine.items()}

    def answer(self, context: TaskContext) -> Any:
        machine = context.context.get("StateMachine", {}).get("Name", "")
        states = self.by_machine.get(machine)
        response = states.get(context.state_name) if states is not None else None
        if response is None:
            return NOT_MOCKED
        key = (machine, context.state_name)
        number = self.invocations.get(key, 0)
        self.invocations[key] = number + 1
        attempt = response.for_invocation(number)
        if attempt is None:
            raise StatesError(
                RUNTIME,
                f"The state '{context.state_name}' has no mocked response for its invocation {number} in "
                f"{self.label}: the response '{response.name}' covers invocations {response.covered()}.",
            )
        if attempt.error is not None:
            raise StatesError(attempt.error, attempt.cause)
        return copy.deepcopy(attempt.value)

"""Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched."""

from __future__ import annotations

from typing import Any

from compiler.asl.choice import select_next
from compiler.asl.errors import StatesError
from compiler.run.errors import NO_CHOICE_MATCHED
from compiler.run.io import effective_input, select
from compiler.run.runtime import Step


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    data = effective_input(step)
    following = select_next(state, data, step.context())
    if following is None:
        following = state.get("Default")
    if following is None:
        raise StatesError(
            NO_CHOICE_MATCHED,
            f"No Choices rule of the state '{step.name}' matched the input and it has no Default.",
        )
    return select(step, state.get("OutputPath", "$"), data), following

"""Pass: Result (or the effective input) through ResultPath and OutputPath; JSONata: Output."""

from __future__ import annotations

from typing import Any

from compiler.run.io import effective_input, finish, parameters, pass_through
from compiler.run.runtime import Step


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    if step.jsonata:
        # No $states.result in a JSONata Pass: Output (default: the input) and Assign only.
        return pass_through(step, step.input), state.get("Next")
    data = parameters(step, effective_input(step))
    return finish(step, state.get("Result", data)), state.get("Next")

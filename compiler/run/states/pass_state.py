"""Pass: Result (or the effective input) through ResultPath and OutputPath."""

from __future__ import annotations

from typing import Any

from compiler.run.io import effective_input, parameters, place_result
from compiler.run.runtime import Step


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    data = parameters(step, effective_input(step))
    result = state.get("Result", data)
    return place_result(step, result), state.get("Next")

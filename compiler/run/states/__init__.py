"""One module per state type; each exposes ``run(step) -> (output, next state or None)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler.run.runtime import Step
from compiler.run.states import choice, map_state, parallel, pass_state, task, terminal, wait

Handler = Callable[[Step], tuple[Any, str | None]]

HANDLERS: dict[str, Handler] = {
    "Pass": pass_state.run,
    "Task": task.run,
    "Choice": choice.run,
    "Wait": wait.run,
    "Succeed": terminal.run_succeed,
    "Fail": terminal.run_fail,
    "Parallel": parallel.run,
    "Map": map_state.run,
}

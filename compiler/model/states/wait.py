"""Wait: for seconds or until a timestamp, given literally or by path."""

from typing import Literal

from compiler.model.states.common import Flow, InputOutput, StateBase


class WaitState(StateBase, Flow, InputOutput):
    type: Literal["wait"]
    seconds: int | str | None = None
    timestamp: str | None = None
    seconds_path: str | None = None
    timestamp_path: str | None = None

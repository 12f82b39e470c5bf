"""Pass: passes its input on, optionally with a fixed result or a Parameters template."""

from typing import Literal

from compiler.model.base import Json
from compiler.model.states.common import Flow, InputOutput, StateBase


class PassState(StateBase, Flow, InputOutput):
    type: Literal["pass"]
    result: Json = None
    result_path: str | None = None
    parameters: Json = None

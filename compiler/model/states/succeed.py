"""Succeed: ends the machine (or branch) successfully."""

from typing import Literal

from compiler.model.states.common import InputOutput, StateBase


class SucceedState(StateBase, InputOutput):
    type: Literal["succeed"]

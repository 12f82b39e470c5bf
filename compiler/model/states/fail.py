"""Fail: ends the machine with an error name and cause."""

from typing import Literal

from compiler.model.states.common import StateBase


class FailState(StateBase):
    type: Literal["fail"]
    error: str | None = None
    cause: str | None = None
    error_path: str | None = None
    cause_path: str | None = None

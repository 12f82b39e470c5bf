"""Parallel: branches, each a small machine of its own, run side by side."""

from typing import Literal

from pydantic import Field

from compiler.model.base import Json, QueryLanguage, SpecModel
from compiler.model.states.common import ErrorHandling, Flow, InputOutput, ResultHandling, StateBase


class Branch(SpecModel):
    comment: str | None = None
    start_at: str | None = None
    query_language: QueryLanguage | None = None
    states: "dict[str, _states.State]" = Field(min_length=1)


class ParallelState(StateBase, Flow, InputOutput, ResultHandling, ErrorHandling):
    type: Literal["parallel"]
    branches: list[Branch] = Field(min_length=1)
    parameters: Json = None
    arguments: Json = None


# Last, because the ``State`` union names this module's models: the package is still being
# initialized here, and pydantic resolves ``_states.State`` only when it first builds the schemas.
from compiler.model import states as _states  # noqa: E402

"""One module per ASL state type; ``State`` is the discriminated union over ``type``."""

from typing import Annotated

from pydantic import Field

from compiler.model.states.choice import ChoiceRule, ChoiceState
from compiler.model.states.common import Catcher, Retrier
from compiler.model.states.fail import FailState
from compiler.model.states.map import (
    ItemBatcher,
    ItemProcessor,
    ItemReader,
    MapState,
    ProcessorConfig,
    ResultWriter,
)
from compiler.model.states.parallel import Branch, ParallelState
from compiler.model.states.pass_ import PassState
from compiler.model.states.succeed import SucceedState
from compiler.model.states.task import TaskState
from compiler.model.states.wait import WaitState

State = Annotated[
    TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState,
    Field(discriminator="type"),
]

__all__ = [
    "Branch",
    "Catcher",
    "ChoiceRule",
    "ChoiceState",
    "FailState",
    "ItemBatcher",
    "ItemProcessor",
    "ItemReader",
    "MapState",
    "ParallelState",
    "PassState",
    "ProcessorConfig",
    "ResultWriter",
    "Retrier",
    "State",
    "SucceedState",
    "TaskState",
    "WaitState",
]

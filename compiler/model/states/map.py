"""Map: runs an item processor for each item, inline or as a distributed map."""

from typing import Annotated, Literal

from pydantic import Field

from compiler.model.base import Json, QueryLanguage, SpecModel
from compiler.model.states.common import ErrorHandling, Flow, InputOutput, ResultHandling, StateBase


class ProcessorConfig(SpecModel):
    mode: Literal["inline", "distributed"] = "inline"
    execution_type: Literal["standard", "express"] | None = None


class ItemProcessor(SpecModel):
    comment: str | None = None
    processor_config: ProcessorConfig | None = None
    start_at: str | None = None
    query_language: QueryLanguage | None = None
    states: "dict[str, _states.State]" = Field(min_length=1)


class ItemReader(SpecModel):
    resource: str
    parameters: Json = None
    arguments: Json = None
    reader_config: dict[str, Json] | None = None


class ItemBatcher(SpecModel):
    max_items_per_batch: int | None = Field(default=None, ge=1)
    max_items_per_batch_path: str | None = None
    max_input_bytes_per_batch: int | None = Field(default=None, ge=1)
    max_input_bytes_per_batch_path: str | None = None
    batch_input: Json = None


class ResultWriter(SpecModel):
    resource: str | None = None
    parameters: Json = None
    arguments: Json = None
    writer_config: dict[str, Json] | None = None


class MapState(StateBase, Flow, InputOutput, ResultHandling, ErrorHandling):
    type: Literal["map"]
    item_processor: ItemProcessor | None = None
    iterator: ItemProcessor | None = None
    items_path: str | None = None
    items: Json = None
    item_selector: Json = None
    parameters: Json = None
    item_reader: ItemReader | None = None
    item_batcher: ItemBatcher | None = None
    result_writer: ResultWriter | None = None
    # A string is a JSONata expression ('{% ... %}'), checked in checks/jsonata.py.
    max_concurrency: Annotated[int, Field(ge=0)] | str | None = None
    max_concurrency_path: str | None = None
    tolerated_failure_percentage: Annotated[float, Field(ge=0, le=100)] | str | None = None
    tolerated_failure_percentage_path: str | None = None
    tolerated_failure_count: Annotated[int, Field(ge=0)] | str | None = None
    tolerated_failure_count_path: str | None = None
    label: str | None = None


# Last, because the ``State`` union names this module's models: the package is still being
# initialized here, and pydantic resolves ``_states.State`` only when it first builds the schemas.
from compiler.model import states as _states  # noqa: E402

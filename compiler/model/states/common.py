"""Fields shared by several state types: transitions, I/O paths, retry and catch."""

from typing import Literal

from pydantic import Field

from compiler.model.base import Json, QueryLanguage, SpecModel


class StateBase(SpecModel):
    comment: str | None = None
    query_language: QueryLanguage | None = None


class Flow(SpecModel):
    """``next`` may be omitted: the state then goes on to the state written after it."""

    next: str | None = None
    end: bool | None = None


class InputOutput(SpecModel):
    input_path: str | None = None
    output_path: str | None = None
    assign: dict[str, Json] | None = None
    output: Json = None


class Retrier(SpecModel):
    errors: list[str] = Field(min_length=1)
    interval_seconds: int | None = None
    max_attempts: int | None = None
    backoff_rate: float | None = None
    max_delay_seconds: int | None = None
    jitter_strategy: Literal["FULL", "NONE"] | None = None
    comment: str | None = None


class Catcher(SpecModel):
    errors: list[str] = Field(min_length=1)
    next: str
    result_path: str | None = None
    output: Json = None
    assign: dict[str, Json] | None = None
    comment: str | None = None


class ErrorHandling(SpecModel):
    retry: list[Retrier] = []
    catch: list[Catcher] = []


class ResultHandling(SpecModel):
    result_path: str | None = None
    result_selector: dict[str, Json] | None = None

"""Choice: rules in snake_case (``string_equals``, ``numeric_less_than_path``, ``and``/``or``/``not``)."""

from typing import Literal

from pydantic import Field

from compiler.model.base import Json
from compiler.model.states.common import InputOutput, StateBase

STRING_OPS = (
    "string_equals", "string_less_than", "string_greater_than",
    "string_less_than_equals", "string_greater_than_equals", "string_matches",
)
NUMERIC_OPS = (
    "numeric_equals", "numeric_less_than", "numeric_greater_than",
    "numeric_less_than_equals", "numeric_greater_than_equals",
)
TIMESTAMP_OPS = (
    "timestamp_equals", "timestamp_less_than", "timestamp_greater_than",
    "timestamp_less_than_equals", "timestamp_greater_than_equals",
)
TYPE_TESTS = ("is_null", "is_present", "is_numeric", "is_string", "is_boolean", "is_timestamp")
PATH_OPS = tuple(
    f"{op}_path" for op in (*STRING_OPS[:-1], *NUMERIC_OPS, "boolean_equals", *TIMESTAMP_OPS)
)
OPERATORS = (*STRING_OPS, *NUMERIC_OPS, *TIMESTAMP_OPS, "boolean_equals", *TYPE_TESTS, *PATH_OPS)


class ChoiceRule(StateBase):
    """A rule: a comparison on ``variable``, or ``and``/``or``/``not`` over rules; top-level rules
    carry ``next``. In JSONata machines a rule is a ``condition`` expression instead."""

    variable: str | None = None
    condition: Json = None
    and_: "list[ChoiceRule] | None" = Field(default=None, alias="and")
    or_: "list[ChoiceRule] | None" = Field(default=None, alias="or")
    not_: "ChoiceRule | None" = Field(default=None, alias="not")
    next: str | None = None
    assign: dict[str, Json] | None = None
    output: Json = None

    string_equals: str | None = None
    string_less_than: str | None = None
    string_greater_than: str | None = None
    string_less_than_equals: str | None = None
    string_greater_than_equals: str | None = None
    string_matches: str | None = None
    numeric_equals: int | float | None = None
    numeric_less_than: int | float | None = None
    numeric_greater_than: int | float | None = None
    numeric_less_than_equals: int | float | None = None
    numeric_greater_than_equals: int | float | None = None
    boolean_equals: bool | None = None
    timestamp_equals: str | None = None
    timestamp_less_than: str | None = None
    timestamp_greater_than: str | None = None
    timestamp_less_than_equals: str | None = None
    timestamp_greater_than_equals: str | None = None
    is_null: bool | None = None
    is_present: bool | None = None
    is_numeric: bool | None = None
    is_string: bool | None = None
    is_boolean: bool | None = None
    is_timestamp: bool | None = None
    string_equals_path: str | None = None
    string_less_than_path: str | None = None
    string_greater_than_path: str | None = None
    string_less_than_equals_path: str | None = None
    string_greater_than_equals_path: str | None = None
    numeric_equals_path: str | None = None
    numeric_less_than_path: str | None = None
    numeric_greater_than_path: str | None = None
    numeric_less_than_equals_path: str | None = None
    numeric_greater_than_equals_path: str | None = None
    boolean_equals_path: str | None = None
    timestamp_equals_path: str | None = None
    timestamp_less_than_path: str | None = None
    timestamp_greater_than_path: str | None = None
    timestamp_less_than_equals_path: str | None = None
    timestamp_greater_than_equals_path: str | None = None

    def operators(self) -> list[str]:
        return [op for op in OPERATORS if getattr(self, op) is not None]


class ChoiceState(StateBase, InputOutput):
    type: Literal["choice"]
    choices: list[ChoiceRule] = Field(min_length=1)
    default: str | None = None

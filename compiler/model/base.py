"""Shared pydantic configuration and small value types of the spec."""

from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


class SpecModel(BaseModel):
    """Every spec object: unknown fields are errors, values are immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True, strict=True)

    if not TYPE_CHECKING:
        # The checks ask every state for fields only some state types have (``getattr(state,
        # "items_path", None)``). pydantic's own __getattr__ first looks for private attributes and
        # extra fields, which spec models have none of: ~10 us a miss, a third of the variables
        # check's time on a 1,000-state spec. A field that exists never reaches __getattr__.
        def __getattr__(self, name: str) -> Any:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def given(self, name: str) -> bool:
        """Whether the field was written in the spec (``null`` included), not defaulted."""
        return name in self.model_fields_set


# Free JSON: Parameters templates, Result values, payloads.
Json = Any

ResourceKey = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
QueryLanguage = Literal["jsonpath", "jsonata"]
PositiveInt = Annotated[int, Field(ge=0)]


class Exclusive(SpecModel):
    """A model where some groups of fields exclude each other (checked after validation)."""

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        for group in self.exclusive_groups():
            given = [name for name in group if getattr(self, name) is not None]
            if len(given) > 1:
                raise PydanticCustomError(
                    "exclusive_fields",
                    "{fields} exclude each other; write only one of them",
                    {"fields": " and ".join(f"'{name}'" for name in given)},
                )
        for group in self.required_groups():
            if all(getattr(self, name) is None for name in group):
                raise PydanticCustomError(
                    "one_of_required",
                    "one of {fields} is required",
                    {"fields": ", ".join(f"'{name}'" for name in group)},
                )
        return self

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return []

    def required_groups(self) -> list[tuple[str, ...]]:
        return []

"""Shared pydantic configuration and small value types of the spec."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class SpecModel(BaseModel):
    """Every spec object: unknown fields are errors, values are immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True, strict=True)

    def given(self, name: str) -> bool:
        """Whether the field was written in the spec (``null`` included), not defaulted."""
        return name in self.model_fields_set


# Free JSON: Parameters templates, Result values, payloads.
Json = Any

ResourceKey = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
QueryLanguage = Literal["jsonpath", "jsonata"]
PositiveInt = Annotated[int, Field(ge=0)]

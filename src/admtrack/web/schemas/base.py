"""What every response model shares: unknown fields are refused, value sets are documented."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

MaybeFloat = float | None


def one_of(values: tuple[str, ...], description: str, *, nullable: bool = False) -> Any:
    """A string field documented (and checked by the schema tests) as one of ``values``."""
    enum: list[JsonValue] = [*values, None] if nullable else list(values)
    return Field(description=description, json_schema_extra={"enum": enum})


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Input(BaseModel):
    """A request body or form. Published as a closed object (send only these fields); fields it
    does not name are ignored, as they always were, so that no client breaks."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False})

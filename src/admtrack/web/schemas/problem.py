"""RFC 9457 problem details, the shape of every 4xx answer."""

from __future__ import annotations

from pydantic import Field

from .base import Shape


class FieldProblem(Shape):
    location: str = Field(description="e.g. query.limit")
    message: str


class LocatedIssue(Shape):
    """A data-quality problem of a refused file or import, where it was found."""

    code: str = Field(description="stable code, e.g. obs.not-a-number")
    severity: str
    message: str
    file: str | None
    row: int | None
    column: str | None


class Problem(Shape):
    """RFC 9457 problem details, sent as ``application/problem+json``."""

    type: str = Field(description="about:blank: the status code says it all")
    title: str
    status: int
    detail: str
    instance: str = Field(description="the path that was asked for")
    errors: list[FieldProblem] | None = Field(
        default=None, description="every invalid input, on 422"
    )
    issues: list[LocatedIssue] | None = Field(
        default=None, description="every located problem of a refused file or import"
    )

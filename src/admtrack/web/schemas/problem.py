"""RFC 9457 problem details, the shape of every 4xx answer."""

from __future__ import annotations

from pydantic import Field

from .base import Shape

LABEL = "with ?lang= (not en): `message` in that language"


class FieldProblem(Shape):
    location: str = Field(description="e.g. query.limit")
    message: str
    message_label: str | None = Field(default=None, description=LABEL)


class LocatedIssue(Shape):
    """A data-quality problem of a refused file or import, where it was found."""

    code: str = Field(description="stable code, e.g. obs.not-a-number")
    severity: str
    message: str
    file: str | None
    row: int | None
    column: str | None
    message_label: str | None = Field(default=None, description=LABEL)


class Problem(Shape):
    """RFC 9457 problem details, sent as ``application/problem+json``.

    The problem is in English. A request with ``?lang=`` naming another language admtrack
    offers (id, vi, th, km, my) also gets the problem in that language: ``title_label``,
    ``detail_label``, ``message_label`` on each entry of ``errors`` and ``issues``, and
    ``label_lang``. The messages of admtrack's own checks (file, row, column and what is
    wrong) are translated; a message without a translation, e.g. from a library, stays English
    in its label. A request refused for its ``lang`` itself answers in English."""

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
    title_label: str | None = Field(default=None, description="with ?lang=: `title` in it")
    detail_label: str | None = Field(default=None, description="with ?lang=: `detail` in it")
    label_lang: str | None = Field(
        default=None, description="with ?lang=: the language of the labels"
    )

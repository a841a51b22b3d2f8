"""Reading an action report from a form (the desk's page or the API): the uploaded document,
refused past the size limit without reading the rest, and the report's fields."""

from __future__ import annotations

from datetime import date

from starlette.datastructures import UploadFile

from admtrack.errors import TooLarge, ValidationError
from admtrack.services.actions import StatusInput


async def read_upload(file: object, limit: int, what: str) -> tuple[str, bytes] | None:
    """The uploaded file's name and bytes (None when the form's file field was left empty);
    TooLarge (413) past ``limit`` bytes, without reading the rest."""
    if not isinstance(file, UploadFile):
        return None
    content = await file.read(limit + 1)
    if not content and not file.filename:
        return None
    if len(content) > limit:
        raise TooLarge(f"{what} is larger than the limit of {limit:,} bytes")
    return file.filename or "upload", content


def status_input(
    plan: str, fields: dict[str, str], upload: tuple[str, bytes] | None
) -> StatusInput:
    """A report from form fields: the date is checked here, everything else by the service."""
    text = fields.get("as_of", "").strip()
    try:
        as_of = date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise ValidationError("as_of", [f"{text!r} is not a date (YYYY-MM-DD)"]) from None
    return StatusInput(
        plan=plan, action=fields.get("action", "").strip(), country=fields.get("country", ""),
        status=fields.get("status", ""), as_of=as_of, note=fields.get("note", ""),
        evidence_url=fields.get("evidence_url") or None, upload=upload,
    )  # fmt: skip

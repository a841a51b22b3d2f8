"""The exceptions admtrack raises. Data problems in imported files are values (see
:mod:`admtrack.domain.issues`); these exceptions are for misuse and refused operations."""

from __future__ import annotations

from collections.abc import Sequence


class AdmtrackError(Exception):
    """Base class of every error admtrack raises on purpose."""


class ValidationError(AdmtrackError):
    """A plan, spec or other structured input breaks an invariant.

    ``problems`` lists every problem found, so the user can fix them all at once (each may be a
    :class:`admtrack.domain.text.Message`, which the pages show in their language).
    """

    def __init__(self, what: str, problems: Sequence[str]) -> None:
        self.what = what
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{what}: {len(self.problems)} problem(s)\n{lines}")


class ImportRejected(AdmtrackError):
    """An import was refused because its data have errors; nothing was written."""

    def __init__(self, source: str, issues: list[object]) -> None:
        self.source = source
        self.issues = list(issues)
        shown = "\n".join(f"  - {i}" for i in self.issues[:50])
        more = f"\n  ... and {len(self.issues) - 50} more" if len(self.issues) > 50 else ""
        super().__init__(
            f"import of {source} rejected, nothing was written: "
            f"{len(self.issues)} error(s)\n{shown}{more}"
        )


class NotFound(AdmtrackError):
    """A plan, indicator, country or release that was asked for does not exist."""


class MethodError(AdmtrackError):
    """An analytics method cannot be applied to the given data (e.g. a geometric mean of zeros)."""


class Unauthenticated(AdmtrackError):
    """The request needs a signed-in user (or an API token) and has none, or a bad one."""


class Forbidden(AdmtrackError):
    """The signed-in user's role or member state does not allow this action."""


class Conflict(AdmtrackError):
    """Someone else changed the object first (e.g. another reviewer acted): reload and retry."""


class TooManyAttempts(AdmtrackError):
    """Sign-in refused for a while after repeated failures (per account or per address)."""


class TooLarge(AdmtrackError):
    """An upload is over the size or row limit."""

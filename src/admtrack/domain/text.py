"""Messages that keep their template: a :class:`Message` is the English text a user or a client
reads (a plain ``str``), and also remembers the catalogue message it was made from and its named
parameters, so that a page can show it in another language
(:func:`admtrack.services.texts.message_label`).

Every template is a message of admtrack's catalogues (``admtrack i18n extract`` finds the first
argument of ``Message(...)`` as it finds ``N_(...)``). The standard library only: the domain,
the readers and the services all make them.
"""

from __future__ import annotations

from typing import Self


class Message(str):
    """``template % params``, the English text, remembering ``template`` and ``params``.

    A parameter may itself be a :class:`Message` (translated in turn where shown). Anything
    that turns the text into another string (an f-string, a join) keeps only the English."""

    __slots__ = ("template", "params")
    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Self:
        text = template % params if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, object]) -> Message:
    return Message(template, **params)

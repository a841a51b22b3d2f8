"""A Message is its English text and remembers its template and parameters."""

from __future__ import annotations

import pickle

from admtrack.domain.text import Message


def test_a_message_is_the_english_text() -> None:
    m = Message("%(text)r is not a year", text="20_23")
    assert m == "'20_23' is not a year" and isinstance(m, str)
    assert m.template == "%(text)r is not a year" and m.params == {"text": "20_23"}
    assert f"row 2: {m}" == "row 2: '20_23' is not a year"
    plain = Message("the file is empty")
    assert plain == plain.template == "the file is empty" and plain.params == {}


def test_a_message_survives_pickling_with_its_parts() -> None:
    m = Message("%(what)s: %(problem)s", what="x.csv", problem=Message("the file is empty"))
    back = pickle.loads(pickle.dumps(m))
    assert back == m == "x.csv: the file is empty"
    assert back.template == m.template and isinstance(back.params["problem"], Message)

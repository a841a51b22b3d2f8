"""Outcome weights as the API and the weights form give them."""

from __future__ import annotations

from admtrack.errors import ValidationError


def parse_weights(text: str | None) -> dict[str, float]:
    """``"DO2:2,DO5:0.5"`` -> {"DO2": 2.0, "DO5": 0.5}; a blank value (``"DO2:"``) keeps the
    nominal weight, so it is left out."""
    if not text:
        return {}
    weights: dict[str, float] = {}
    problems = []
    for part in text.split(","):
        code, sep, value = part.partition(":")
        if not sep:
            problems.append(f"{part!r} has no ':'")
            continue
        if not value.strip():
            continue
        try:
            weights[code.strip()] = float(value)
        except ValueError:
            problems.append(f"{part!r} is not CODE:NUMBER")
    if problems:
        raise ValidationError("weights", sorted(set(problems)))
    return weights

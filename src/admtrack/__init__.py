"""admtrack: monitoring and evaluation of the ASEAN Digital Masterplan."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

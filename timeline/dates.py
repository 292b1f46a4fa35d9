"""Temporal expressions: find them in text and resolve them against a reference date."""

from __future__ import annotations

import datetime as dt

from .model import TimeExpr


def extract(text: str, dct: dt.date | None) -> list[TimeExpr]:
    """Every calendar expression in `text`, resolved against `dct` (publication date)."""
    return []

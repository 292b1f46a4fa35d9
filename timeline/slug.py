"""Stable, readable ids for events."""

from __future__ import annotations

import re
import unicodedata

_SMALL = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "and", "or", "for", "with", "by", "from", "as", "is", "are", "was", "were", "be"])


def slugify(text: str, words: int = 6) -> str:
    """Lower-case ASCII words joined by hyphens: "First direct talks held" -> "first-direct-talks-held"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    tokens = re.findall(r"[a-z0-9]+", ascii_text.lower())
    kept = [t for t in tokens if t not in _SMALL] or tokens
    return "-".join(kept[:words]) or "event"

"""What in a collected article is not the story: headline, byline, captions, sidebars, promos.

Articles copied from web pages carry the page around them.  Each paragraph is classified
once, from its own shape and its neighbours; a sentence in a paragraph that is not the story
is kept for display but never dated into an event.  The rules look at form (a time-stamp
line, a photo credit, a "Read next" header, a repeated line, a call to action), never at the
topic, so they carry over to articles nobody has looked at.
"""

from __future__ import annotations

import re

from .text import paragraphs

_SIDEBAR_HEADER = re.compile(
    r"(?i)^(?:read (?:next|more|also)|related(?: (?:stories|articles|news|coverage|content))?|"
    r"more (?:from|on|stories|news|in)\b.*|recommended(?: for you)?|most (?:read|popular|viewed)|"
    r"you (?:may|might) (?:also )?like|latest(?: news| stories)?|trending(?: now)?|see also|"
    r"also read|top stories|more news|popular(?: now)?|editor'?s picks|what to read next|"
    r"in other news|further reading)\s*:?$"
)
_TIMESTAMP = re.compile(r"(?i)^(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?|"
                        r"\d+\s+(?:min|mins|minutes|hours?|hrs?)\s+ago)$")
# A photo credit ends the line: "Photo / Doug Mills, The New York Times", "(Photo: AFP)".
_NAME = r"[A-Z][\w.'’&-]*(?:\s+(?:(?:of|the|and|de|van|von|for)\s+)?[A-Z][\w.'’&-]*)*"
_CAPTION = re.compile(
    r"(?:\b(?i:photo|image|picture|photograph|credit|video|illustration)s?\s*(?:[/:|©]|(?i:by)\b)\s*"
    + _NAME + r"(?:\s*[,/;]\s*" + _NAME + r")*\s*\.?\s*$"
    r"|\((?i:photo|image|picture)[^)]{0,80}\)\s*$|©\s*\S.{0,60}$"
    r"|\b(?i:getty images|afp via getty|reuters/|ap photo|epa-efe|shutterstock)\b.{0,40}$)"
)
# Calls to action: at the start of a line, or phrases that only promotions use.
_PROMO_START = re.compile(
    r"(?i)^(?:subscribe\b|sign up\b|follow us\b|join (?:us|our)\b|download (?:our|the) app|"
    r"click here|register (?:now|for free)|log ?in\b|share this\b|advertisement$|sponsored$|"
    r"read more$|leave a comment|leave the first comment|what is your opinion|"
    r"support (?:our|independent) journalism)"
)
_PROMO_ANY = re.compile(
    r"(?i)\b(?:save your (?:spot|seat|place)|(?:our|upcoming|free) (?:webinar|webclass|masterclass|"
    r"online course|newsletter)|sign up for our|"
    r"subscribe to our|follow us on\b|for more news\b|all rights reserved|cookie (?:policy|settings)|"
    r"terms of (?:use|service)|privacy policy|download our app|leave (?:a|the first) comment|"
    r"what is your opinion|support (?:our|independent) journalism)"
)
_ATTRIBUTION = re.compile(r"(?i)\b(?:said|says|told|according to|announced)\b")
_META_LINE = re.compile(
    r"(?i)^(?:author|by|date|published|posted|updated|source|tags?|filed under|written by|"
    r"reporter|editor|photo|image|credit|dateline|first published|last updated)\b\s*:?.{0,80}$"
)
_LABEL_ONLY = re.compile(r"(?i)^(?:author|by|date|published|posted|updated|source|tags?)\s*:?\s*$")


def classify(text: str) -> dict[int, str]:
    """Paragraph index -> why it is not part of the story (absent: it is the story)."""
    pars = [(s, e, text[s:e]) for s, e in paragraphs(text)]
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    sidebar_from: int | None = None
    n = len(pars)
    for i, (_, _, p) in enumerate(pars):
        stripped = p.strip()
        words = stripped.split()
        key = " ".join(words).lower()
        header = len(words) <= 6 and not re.search(r"[.!?…]$", stripped)
        if header and _SIDEBAR_HEADER.match(stripped) and i >= n // 3:
            sidebar_from = i if sidebar_from is None else sidebar_from
        if sidebar_from is not None and i >= sidebar_from:
            out[i] = "sidebar"
            continue
        if _TIMESTAMP.match(stripped):
            out[i] = "sidebar"
            if i + 1 < n:
                out[i + 1] = "sidebar"
            continue
        if i in out:
            continue
        if key in seen and len(words) > 2:
            out[i] = "repeated"
            continue
        seen.setdefault(key, i)
        if _LABEL_ONLY.match(stripped) or (_META_LINE.match(stripped) and len(words) <= 12
                                           and not stripped.endswith(".")):
            out[i] = "byline"
            # "Author:" on its own line: the next short line is the name.
            if _LABEL_ONLY.match(stripped) and i + 1 < n and len(pars[i + 1][2].split()) <= 6:
                out[i + 1] = "byline"
            continue
        if len(words) <= 70 and _CAPTION.search(stripped):
            out[i] = "caption"
            continue
        promo = len(words) <= 60 and (_PROMO_START.search(stripped) or _PROMO_ANY.search(stripped))
        if promo and not _ATTRIBUTION.search(stripped):
            out[i] = "promotion"
            continue
        if not re.search(r"[.!?…\"”’:]$", stripped) and (len(words) <= 14 or (i == 0 and len(words) <= 30)):
            out[i] = "headline" if i == 0 else "heading"
    return out

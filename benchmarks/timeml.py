"""TimeML reading and TempEval-3-style scoring of calendar date expressions.

Parsing keeps the exact characters of the <TEXT> element (no newline translation, entities
decoded), so gold offsets and system offsets refer to the same string.  Scoring follows
TempEval-3 (strict = same span, relaxed = overlap, value = relaxed match with the same
normalised value) restricted to *calendar* values; see `FILTER_NOTE`.

This module is pure (no third-party imports) so the tests can load it cheaply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FILTER_NOTE = (
    "Scored gold: TIMEX3 of type DATE or TIME (TIME truncated to the day) whose value is a "
    "calendar value: YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD, season YYYY-SP/SU/FA/WI (mapped to "
    "EDTF YYYY-21/22/23/24) or quarter YYYY-Qn (kept as YYYY-Qn: only a system that outputs "
    "the same quarter gets the value; reported in its own category). Not scored: DURATION, "
    "SET, PRESENT_REF/PAST_REF/FUTURE_REF, values with X, decades (199), centuries (19), "
    "half-years (H1), weekends (-WE). A system expression overlapping only such an unscored "
    "gold TIMEX3 is ignored (neither true nor false positive). Matching is one-to-one "
    "(exact spans first, then largest overlap)."
)

SEASONS = {"SP": 21, "SU": 22, "FA": 23, "WI": 24}

# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class GoldTimex:
    start: int  # offsets in Document.text
    end: int
    text: str
    tid: str
    type: str
    value: str
    mod: str = ""


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str
    dct: str | None  # the DCT TIMEX3's value as written
    text: str  # raw text of <TEXT>, tags stripped, entities decoded
    timexes: tuple[GoldTimex, ...]

    def dct_date(self) -> dt.date | None:
        if self.dct is None:
            return None
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", self.dct)
        if m is None:
            return None
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None


@dataclass(frozen=True)
class SysTimex:
    """One expression reported by a system, its value already normalised (see normalise)."""

    start: int
    end: int
    text: str
    value: str | None
    kind: str = ""  # system-specific (ours: TimeExpr.kind; HeidelTime: TIMEX3 type)


# --------------------------------------------------------------------------------------------
# Parsing

_TOKEN = re.compile(
    r"<!--.*?-->"  # comment
    r"|<!\[CDATA\[(?P<cdata>.*?)\]\]>"
    r"|<\?.*?\?>"  # processing instruction
    r"|<(?P<close>/?)(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)"
    r"(?P<empty>/?)>"
    r"|(?P<chars>[^<]+)",
    re.DOTALL,
)
_ATTR = re.compile(r"([A-Za-z_][\w.:-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def decode_entities(s: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m[1]
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _NAMED.get(name, m[0])

    return _ENTITY.sub(repl, s)


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        out[m[1]] = decode_entities(m[2] if m[2] is not None else m[3])
    return out


def _element(source: str, name: str) -> str | None:
    """The raw content of the first <name ...>...</name> element in `source`."""
    m = re.search(rf"<{name}(?:\s[^>]*)?>(.*?)</{name}\s*>", source, re.DOTALL)
    return None if m is None else m[1]


def parse_timeml(source: str, doc_id: str = "", path: str = "") -> Document:
    """Parse one TimeML document given as a string (read it with newline="")."""
    dct: str | None = None
    dct_part = _element(source, "DCT")
    if dct_part is not None:
        m = re.search(r"<TIMEX3\b([^>]*)>", dct_part)
        if m is not None:
            dct = _attrs(m[1]).get("value")
    body = _element(source, "TEXT")
    if body is None:
        raise ValueError(f"{doc_id or path or 'document'}: no <TEXT> element")

    chunks: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    for m in _TOKEN.finditer(body):
        if m["chars"] is not None:
            piece = decode_entities(m["chars"])
        elif m["cdata"] is not None:
            piece = m["cdata"]
        elif m["name"] is not None:
            piece = ""
            if m["name"] == "TIMEX3":
                if m["close"]:
                    if not open_timex:
                        raise ValueError(f"{doc_id}: </TIMEX3> without <TIMEX3>")
                    start, attrs = open_timex.pop()
                    text = "".join(chunks)[start:length]
                    timexes.append(
                        GoldTimex(
                            start=start,
                            end=length,
                            text=text,
                            tid=attrs.get("tid", ""),
                            type=attrs.get("type", ""),
                            value=attrs.get("value", ""),
                            mod=attrs.get("mod", ""),
                        )
                    )
                elif not m["empty"]:
                    open_timex.append((length, _attrs(m["attrs"])))
        else:
            piece = ""  # comment or processing instruction
        if piece:
            chunks.append(piece)
            length += len(piece)
    if open_timex:
        raise ValueError(f"{doc_id}: unclosed <TIMEX3>")
    timexes.sort(key=lambda t: (t.start, t.end))
    return Document(doc_id=doc_id, path=path, dct=dct, text="".join(chunks),
                    timexes=tuple(timexes))


def read_timeml(path: Path) -> Document:
    with path.open(encoding="utf-8", newline="") as f:
        source = f.read()
    return parse_timeml(source, doc_id=path.stem, path=str(path))


def read_folder(folder: Path, limit: int | None = None) -> list[Document]:
    files = sorted(folder.glob("*.tml"))
    if limit is not None:
        files = files[:limit]
    return [read_timeml(p) for p in files]


# --------------------------------------------------------------------------------------------
# Values

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def calendar_value(type_: str, value: str) -> tuple[str, str] | None:
    """(normalised value, precision) for a scored TIMEX3, None when it is not scored.

    Precision is one of day, week, month, season, quarter, year.  Seasons become EDTF codes
    ("2012-SU" -> "2012-22"), weeks are zero-padded, TIME values are cut to the day.
    """
    if type_ not in ("DATE", "TIME"):
        return None
    v = value.strip()
    if m := _DAY.match(v):
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return f"{m[1]}-{m[2]}-{m[3]}", "day"
    if type_ == "TIME":
        return None  # a time without a calendar day (XXXX-XX-XXT10:00, PRESENT_REF...)
    if m := _MONTH.match(v):
        return (v, "month") if 1 <= int(m[2]) <= 12 else None
    if m := _YEAR.match(v):
        return v, "year"
    if m := _WEEK.match(v):
        return (f"{m[1]}-W{int(m[2]):02d}", "week") if 1 <= int(m[2]) <= 53 else None
    if m := _SEASON.match(v):
        return f"{m[1]}-{SEASONS[m[2]]}", "season"
    if m := _QUARTER.match(v):
        return v, "quarter"
    return None


def exclusion_reason(type_: str, value: str) -> str:
    """Why a gold TIMEX3 is not scored (for the filter summary)."""
    if type_ not in ("DATE", "TIME"):
        return type_ or "no type"
    v = value.strip()
    if v.endswith("_REF"):
        return v
    if "X" in v:
        return "underspecified (X)"
    if re.fullmatch(r"\d{3}", v):
        return "decade"
    if re.fullmatch(r"\d{2}", v):
        return "century"
    if re.search(r"-H[12]$", v):
        return "half-year"
    if v.endswith("-WE"):
        return "weekend"
    return "other"


def normalise(type_: str, value: str) -> str:
    """A system's TimeML value in the form gold is compared in; non-calendar values as is."""
    cv = calendar_value(type_ or "DATE", value)
    return value if cv is None else cv[0]


# --------------------------------------------------------------------------------------------
# Categories (for the error table)

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?"
)
_MONTH_RE = re.compile(rf"\b(?:{_MONTHS})(?!\w)", re.IGNORECASE)
_WEEKDAY_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|"
    r"sat|sun)s?\b\.?",
    re.IGNORECASE,
)
_SEASON_RE = re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|'\d{2}\b")
_NUMERIC_MD = re.compile(r"\b\d{1,2}[/.-]\d{1,2}\b")
_RELATIVE_RE = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|ago|last|next|this|previous|past|coming|earlier|"
    r"later|recent(?:ly)?|current(?:ly)?|now|following|prior|same|before|after|since|"
    r"upcoming|latest)\b",
    re.IGNORECASE,
)

CATEGORIES = ("absolute", "partial", "weekday", "relative", "month/season/year", "quarter")


def categorise(text: str, precision: str) -> str:
    """The error-table category of a gold expression, from its text and value precision."""
    if precision == "quarter":
        return "quarter"
    if precision == "day" and _YEAR_RE.search(text):
        return "absolute"
    if _WEEKDAY_RE.search(text) and precision in ("day", "week"):
        return "weekday"
    if _RELATIVE_RE.search(text):
        return "relative"
    if precision == "day" and (_MONTH_RE.search(text) or _NUMERIC_MD.search(text)):
        return "partial"
    if precision in ("month", "season", "year") and (
        _YEAR_RE.search(text)
        or _MONTH_RE.search(text)
        or _SEASON_RE.search(text)
        or re.fullmatch(r"'?\d{2}", text.strip())
    ):
        return "month/season/year"
    return "relative"  # "the week", "the 22nd", "the year": anchored on context


# --------------------------------------------------------------------------------------------
# Scoring


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Counts:
    gold: int = 0  # scored gold expressions
    system: int = 0  # system expressions that take part (not ignored)
    ignored: int = 0  # system expressions overlapping only unscored gold
    strict: int = 0  # matches with the same span
    relaxed: int = 0  # matches that overlap
    value: int = 0  # relaxed matches with the gold value

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.system += other.system
        self.ignored += other.ignored
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.value += other.value

    def strict_prf(self) -> tuple[float, float, float]:
        return _prf(self.strict, self.system, self.gold)

    def relaxed_prf(self) -> tuple[float, float, float]:
        return _prf(self.relaxed, self.system, self.gold)

    def value_prf(self) -> tuple[float, float, float]:
        return _prf(self.value, self.system, self.gold)


@dataclass(frozen=True)
class GoldOutcome:
    """One scored gold expression and what the system did with it."""

    doc_id: str
    gold: GoldTimex
    value: str  # normalised gold value
    precision: str
    category: str
    system: SysTimex | None  # the matched system expression
    strict: bool
    value_ok: bool


@dataclass
class DocScore:
    doc_id: str
    counts: Counts
    outcomes: list[GoldOutcome] = field(default_factory=list)
    false_positives: list[SysTimex] = field(default_factory=list)
    ignored: list[SysTimex] = field(default_factory=list)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def score_document(doc: Document, system: Iterable[SysTimex]) -> DocScore:
    """Match one document's system expressions against its scored gold expressions."""
    scored: list[tuple[GoldTimex, str, str]] = []
    unscored: list[GoldTimex] = []
    for g in doc.timexes:
        cv = calendar_value(g.type, g.value)
        if cv is None:
            unscored.append(g)
        else:
            scored.append((g, cv[0], cv[1]))

    seen: set[tuple[int, int]] = set()
    taking_part: list[SysTimex] = []
    ignored: list[SysTimex] = []
    for s in sorted(system, key=lambda x: (x.start, x.end)):
        if (s.start, s.end) in seen:
            continue  # the same span twice counts once
        seen.add((s.start, s.end))
        hits_scored = any(_overlap(s.start, s.end, g.start, g.end) for g, _, _ in scored)
        if not hits_scored and any(_overlap(s.start, s.end, g.start, g.end) for g in unscored):
            ignored.append(s)
        else:
            taking_part.append(s)

    candidates: list[tuple[bool, int, int, int]] = []  # (not exact, -overlap, gi, si)
    for gi, (g, _, _) in enumerate(scored):
        for si, s in enumerate(taking_part):
            ov = _overlap(s.start, s.end, g.start, g.end)
            if ov:
                exact = s.start == g.start and s.end == g.end
                candidates.append((not exact, -ov, gi, si))
    candidates.sort()
    gold_to_sys: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, si in candidates:
        if gi in gold_to_sys or si in used:
            continue
        gold_to_sys[gi] = si
        used.add(si)

    counts = Counts(gold=len(scored), system=len(taking_part), ignored=len(ignored))
    outcomes: list[GoldOutcome] = []
    for gi, (g, value, precision) in enumerate(scored):
        hit = taking_part[gold_to_sys[gi]] if gi in gold_to_sys else None
        strict = hit is not None and hit.start == g.start and hit.end == g.end
        value_ok = hit is not None and hit.value is not None and hit.value == value
        counts.relaxed += hit is not None
        counts.strict += strict
        counts.value += value_ok
        outcomes.append(
            GoldOutcome(doc.doc_id, g, value, precision, categorise(g.text, precision), hit,
                        strict, value_ok)
        )
    fps = [s for si, s in enumerate(taking_part) if si not in used]
    return DocScore(doc_id=doc.doc_id, counts=counts, outcomes=outcomes, false_positives=fps, ignored=ignored)


def filter_summary(docs: Sequence[Document]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts of scored gold by precision and of unscored gold by reason."""
    scored: dict[str, int] = {}
    excluded: dict[str, int] = {}
    for d in docs:
        for g in d.timexes:
            cv = calendar_value(g.type, g.value)
            if cv is None:
                reason = exclusion_reason(g.type, g.value)
                excluded[reason] = excluded.get(reason, 0) + 1
            else:
                scored[cv[1]] = scored.get(cv[1], 0) + 1
    return scored, excluded

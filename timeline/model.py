"""The records that move between stages.

Every stage takes and returns these frozen dataclasses; nothing downstream mutates what an
upstream stage produced.  Fields are plain data (str, int, tuples) so that a record can be
hashed, compared, pickled to a worker process and written to JSON without adapters.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from operator import attrgetter
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast, overload

T = TypeVar("T")


def fast_pickle(cls: type[T]) -> type[T]:
    """A slotted dataclass pickled as its class and field values, in C.  The __getstate__
    that `dataclass(slots=True)` adds calls `fields()` per object in Python, which made
    pickling the cache and the page keys several times slower."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)

    def __reduce__(self: T) -> tuple[type[T], tuple[object, ...]]:
        got = values(self)
        return cls, (got if len(names) > 1 else (got,))

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


def made_of_fields(cls: type[T]) -> type[T]:
    """For a slotted dataclass with its own __init__ (Source, Event: their constructors take
    more than their fields): `cls.of(*values)` makes one from its fields' values, in their
    order, without __init__ (a rebuild makes one for every article and every event), and
    `cls.fill(obj, *values)` sets them on one being made; it pickles as `of` and its values."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    setters = tuple(getattr(cls, name).__set__ for name in names)
    values = attrgetter(*names)

    def fill(obj: T, *got: object) -> None:
        for set_field, value in zip(setters, got, strict=True):
            set_field(obj, value)

    def of(*got: object) -> T:
        obj = object.__new__(cls)
        fill(obj, *got)
        return obj

    of.__qualname__, of.__module__ = f"{cls.__qualname__}.of", cls.__module__  # for pickle

    def __reduce__(self: T) -> tuple[object, tuple[object, ...]]:
        return of, values(self)

    cls.of = staticmethod(of)  # type: ignore[attr-defined]
    cls.fill = staticmethod(fill)  # type: ignore[attr-defined]
    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


Precision = Literal["day", "week", "month", "season", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "week", "month", "season", "year")

# EDTF level-1 season codes: 21 spring, 22 summer, 23 autumn, 24 winter.
SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
# Northern-hemisphere meteorological seasons; winter runs December to February and takes the
# year in which it starts.
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@fast_pickle
@dataclass(frozen=True, order=True, slots=True)
class DateValue:
    """A calendar value at a precision: a day, an ISO week, a month, a season or a year.

    `year` is always set.  For "day": month and day; "week": week (ISO); "month": month;
    "season": season (21..24); "year": nothing else.
    """

    year: int
    precision: Precision
    month: int = 0
    day: int = 0
    week: int = 0
    season: int = 0

    # -- constructors -------------------------------------------------------------------
    @staticmethod
    def of_day(d: dt.date) -> DateValue:
        return DateValue(d.year, "day", month=d.month, day=d.day)

    @staticmethod
    def of_month(year: int, month: int) -> DateValue:
        return DateValue(year, "month", month=month)

    @staticmethod
    def of_year(year: int) -> DateValue:
        return DateValue(year, "year")

    @staticmethod
    def of_week(d: dt.date) -> DateValue:
        y, w, _ = d.isocalendar()
        return DateValue(y, "week", week=w)

    @staticmethod
    def of_season(year: int, season: int) -> DateValue:
        return DateValue(year, "season", season=season)

    @staticmethod
    def parse(value: str) -> DateValue:
        """Parse the forms written by `iso()`; raise ValueError on anything else."""
        v = value.strip()
        if len(v) == 4 and v.isdigit():
            return DateValue.of_year(int(v))
        parts = v.split("-")
        if len(parts) == 2 and parts[0].isdigit() and len(parts[0]) == 4:
            y = int(parts[0])
            p = parts[1]
            if p.startswith("W") and p[1:].isdigit():
                w = int(p[1:])
                dt.date.fromisocalendar(y, w, 1)  # validates
                return DateValue(y, "week", week=w)
            if p.isdigit() and len(p) == 2:
                n = int(p)
                if 1 <= n <= 12:
                    return DateValue.of_month(y, n)
                if n in SEASON_NAMES:
                    return DateValue.of_season(y, n)
        if len(parts) == 3 and all(x.isdigit() for x in parts) and len(parts[0]) == 4:
            return DateValue.of_day(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        raise ValueError(f"not a date: {value!r}")

    # -- views ----------------------------------------------------------------------------
    def iso(self) -> str:
        y = f"{self.year:04d}"
        if self.precision == "day":
            return f"{y}-{self.month:02d}-{self.day:02d}"
        if self.precision == "week":
            return f"{y}-W{self.week:02d}"
        if self.precision == "month":
            return f"{y}-{self.month:02d}"
        if self.precision == "season":
            return f"{y}-{self.season}"
        return y

    def first_day(self) -> dt.date:
        return _bounds(self)[0]

    def last_day(self) -> dt.date:
        return _bounds(self)[1]

    def _first_day(self) -> dt.date:
        if self.precision == "day":
            return dt.date(self.year, self.month, self.day)
        if self.precision == "week":
            return dt.date.fromisocalendar(self.year, self.week, 1)
        if self.precision == "month":
            return dt.date(self.year, self.month, 1)
        if self.precision == "season":
            return dt.date(self.year, SEASON_MONTHS[self.season][0], 1)
        return dt.date(self.year, 1, 1)

    def _last_day(self) -> dt.date:
        if self.precision == "day":
            return self._first_day()
        if self.precision == "week":
            return dt.date.fromisocalendar(self.year, self.week, 7)
        if self.precision == "month":
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.precision == "season":
            end_month = SEASON_MONTHS[self.season][1]
            year = self.year + (1 if self.season == 24 else 0)
            return dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
        return dt.date(self.year, 12, 31)

    def contains(self, other: DateValue) -> bool:
        """True when every day of `other` lies within this value."""
        return self.first_day() <= other.first_day() and other.last_day() <= self.last_day()

    def overlaps(self, other: DateValue) -> bool:
        return self.first_day() <= other.last_day() and other.first_day() <= self.last_day()

    def span_days(self) -> int:
        return (self.last_day() - self.first_day()).days + 1

    def display(self) -> str:
        """Human form at the value's precision: "16 May 2025", "May 2025", "2025"."""
        if self.precision == "day":
            return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        if self.precision == "week":
            start = self.first_day()
            return f"week of {start.day} {MONTH_NAMES[start.month - 1]} {start.year}"
        if self.precision == "month":
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        if self.precision == "season":
            return f"{SEASON_NAMES[self.season].capitalize()} {self.year}"
        return str(self.year)

    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological order: by first day, finer precision first on ties."""
        return _sort_key(self)


@lru_cache(maxsize=1 << 16)
def _bounds(value: DateValue) -> tuple[dt.date, dt.date]:
    # Merging asks each date for its days in every comparison; a collection has few dates.
    return value._first_day(), value._last_day()


@lru_cache(maxsize=1 << 16)
def _sort_key(value: DateValue) -> tuple[dt.date, int]:
    # Every sort of the events asks each date for its key; an archive has few distinct dates.
    return (value.first_day(), -value.span_days())


@fast_pickle
@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's analysed text."""

    start: int
    end: int


@fast_pickle
@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One temporal expression found in a text and resolved to the calendar."""

    start: int  # offsets in the analysed text
    end: int
    text: str
    value: DateValue | None  # None: found but could not be placed (no anchor)
    kind: str  # absolute | partial | weekday | relative | anaphoric | dct
    rule: str  # which pattern matched
    how: str  # one line: how the value was resolved
    mod: str = ""  # START | MID | END | APPROX | BEFORE | AFTER | "" (TimeML mods)
    role: str = ""  # since | until | by | "" : the preposition that governs it
    confidence: float = 1.0
    range_end: DateValue | None = None  # last unit of a range ("the third quarter": Jul..Sep)
    timex: str = ""  # the TimeML value ("2025-Q3", "2025-SU", "2025-W20-WE") for scorers


@fast_pickle
@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    boilerplate: str = ""  # why this sentence is not part of the story ("" = it is)


class Runs(Sequence[tuple[int, int]]):
    """Where a source's analysed text comes from in its raw text: runs of (text offset, raw
    offset), from each run's start the two advancing together.  Kept as two arrays of
    machine integers, 16 bytes a run: an article has hundreds of runs, and a tuple of pairs
    costs 120 bytes a run, which at a hundred thousand articles is a third of a gigabyte.
    Equal to the same pairs in any sequence."""

    __slots__ = ("_raw", "_text")

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()) -> None:
        self._text = array("q")
        self._raw = array("q")
        for text_at, raw_at in pairs:
            self._text.append(text_at)
            self._raw.append(raw_at)

    @classmethod
    def _packed(cls, text: bytes, raw: bytes) -> Runs:
        runs = cls.__new__(cls)
        runs._text, runs._raw = array("q", text), array("q", raw)
        return runs

    def __reduce__(self) -> tuple[object, tuple[bytes, bytes]]:
        return (Runs._packed, (self._text.tobytes(), self._raw.tobytes()))

    def __len__(self) -> int:
        return len(self._text)

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[tuple[int, int], ...]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, int] | tuple[tuple[int, int], ...]:
        if isinstance(i, slice):
            return tuple(zip(self._text[i], self._raw[i], strict=True))
        return self._text[i], self._raw[i]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._text, self._raw, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Runs):
            return (self._text, self._raw) == (other._text, other._raw)
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # equal to the tuple of its pairs, so hashed alike

    def __repr__(self) -> str:
        return f"Runs({tuple(self)!r})"

    def packed(self) -> bytes:
        return self._text.tobytes() + self._raw.tobytes()

    def locate(self, i: int) -> tuple[int, int] | None:
        """The last run starting at or before text offset `i`."""
        k = bisect.bisect_right(self._text, i) - 1
        if k < 0:
            return None
        return self._text[k], self._raw[k]


class Sentences(Sequence[Sentence]):
    """A source's sentences, packed: bounds and paragraph numbers in bytes, 24 per sentence,
    each sentence's text cut from the source's text when the sentence is asked for.  A
    Sentence object with its own copy of the text costs about 130 bytes more, which at a
    hundred thousand articles of thirty sentences is 400 MiB.  Equal to the same sentences
    in any sequence."""

    __slots__ = ("_data", "_marks", "_text")

    def __init__(self, text: str, sentences: Iterable[Sentence] = ()) -> None:
        flat = array("q")
        marks: dict[int, str] = {}
        for i, s in enumerate(sentences):
            flat.extend((s.start, s.end, s.paragraph))
            if s.boilerplate:
                marks[i] = s.boilerplate
        self._text = text
        self._data = flat.tobytes()
        self._marks = marks

    @staticmethod
    def fit(text: str, sentences: Sequence[Sentence]) -> bool:
        """Whether each sentence's text is the text between its bounds (then they pack)."""
        return all(s.text == text[s.start:s.end] for s in sentences)

    @classmethod
    def _packed(cls, text: str, data: bytes, marks: dict[int, str]) -> Sentences:
        out = cls.__new__(cls)
        out._text, out._data, out._marks = text, data, marks
        return out

    def __reduce__(self) -> tuple[object, tuple[str, bytes, dict[int, str]]]:
        return (Sentences._packed, (self._text, self._data, self._marks))

    def __len__(self) -> int:
        return len(self._data) // 24

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Sentence, ...]: ...
    def __getitem__(self, i: int | slice) -> Sentence | tuple[Sentence, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        n = len(self)
        if not -n <= i < n:
            raise IndexError("sentence index out of range")
        i %= n
        flat = memoryview(self._data).cast("q")
        start, end, paragraph = flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]
        return Sentence(start, end, self._text[start:end], paragraph, self._marks.get(i, ""))

    def __iter__(self) -> Iterator[Sentence]:
        flat = memoryview(self._data).cast("q")
        text, marks = self._text, self._marks
        for i in range(len(self)):
            start, end = flat[3 * i], flat[3 * i + 1]
            yield Sentence(start, end, text[start:end], flat[3 * i + 2], marks.get(i, ""))

    def packed(self) -> bytes:
        """The bounds, paragraphs and boilerplate marks, as bytes (the text apart)."""
        return self._data + repr(sorted(self._marks.items())).encode()

    def bounds(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, boilerplate) of each sentence, without cutting out its text."""
        flat = memoryview(self._data).cast("q")
        for i in range(len(self)):
            yield flat[3 * i], flat[3 * i + 1], self._marks.get(i, "")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sentences):
            return (self._data, self._marks, self._text) == (other._data, other._marks, other._text)
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Sentences({tuple(self)!r})"


@fast_pickle
@dataclass(frozen=True, slots=True)
class Body:
    """What an article file says: its text, raw and as analysed, and its sentences."""

    raw: str  # the file's decoded text (offsets in events.json refer to this)
    text: str  # the text analysed: raw with markup removed (same as raw for .txt)
    # Where `text` comes from in `raw` (see Runs); empty when `text` is `raw`.  Any sequence
    # of pairs may be given; it is kept packed.
    runs: Sequence[tuple[int, int]] = ()
    sentences: Sequence[Sentence] = ()  # kept packed (Sentences) when they fit the text

    def __post_init__(self) -> None:
        if not isinstance(self.runs, Runs):
            object.__setattr__(self, "runs", Runs(self.runs))
        packed = self.sentences
        if not (isinstance(packed, Sentences) and packed._text is self.text) \
                and Sentences.fit(self.text, packed):
            object.__setattr__(self, "sentences", Sentences(self.text, packed))

    def raw_offset(self, i: int) -> int:
        """Map an offset in `text` to one in `raw`."""
        if not self.runs:
            return i
        assert isinstance(self.runs, Runs)
        run = self.runs.locate(i)
        if run is None:
            return i
        text_start, raw_start = run
        return raw_start + (i - text_start)

    def raw_end(self, i: int) -> int:
        """Map an exclusive end offset in `text` to one in `raw`."""
        if not self.runs or i == 0:
            return i
        at = self.raw_offset(i - 1)
        if self.raw.startswith("&", at):
            # The last character came from an entity ("&rdquo;"): end after the whole entity.
            m = _ENTITY.match(self.raw, at)
            if m:
                return m.end()
        return at + 1


class Lazy(Generic[T]):
    """A value made when first asked for (`get`): a rebuild holds every article's source
    and every event, but needs the text of only the few sources, and the detail of only
    the few events, whose pages it makes again (unpickling them all took a third of a
    one-article rebuild at 10,000 articles).  Equal to, hashed and pickled as the value."""

    __slots__ = ("_load", "_value")

    def __init__(self, load: Callable[[], T]) -> None:
        self._load: Callable[[], T] | None = load
        self._value: T | None = None

    def get(self) -> T:
        if self._load is not None:
            self._value, self._load = self._load(), None
        return cast(T, self._value)

    @property
    def loaded(self) -> bool:
        return self._load is None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lazy):
            other = other.get()
        return bool(self.get() == other)

    def __hash__(self) -> int:
        return hash(self.get())

    def __reduce__(self) -> str | tuple[object, ...]:
        return self.get().__reduce__()

    def __repr__(self) -> str:
        return repr(self.get())


@made_of_fields
@dataclass(frozen=True, slots=True, init=False)
class Source:
    """One article file, read and decoded: what it is (id, path, metadata) and what it says
    (`body`; `raw`, `text`, `runs` and `sentences` are the body's).  Made from the fields
    of both, or with `body=` given (a Body, or a Lazy one to load when needed)."""

    id: str
    path: str  # as given to the build, POSIX separators
    body: Body | Lazy[Body]
    title: str
    outlet: str | None
    url: str | None
    author: str | None
    published: dt.date | None
    published_from: str  # front-matter | metadata | dateline | inferred | unknown
    warnings: tuple[str, ...]
    how_published: str  # how the publication date was found or inferred
    of: ClassVar[Callable[..., Source]]  # see made_of_fields
    fill: ClassVar[Callable[..., None]]

    def __init__(self, id: str, path: str, raw: str = "", text: str = "",
                 runs: Sequence[tuple[int, int]] = (), title: str = "", outlet: str | None = None,
                 url: str | None = None, author: str | None = None,
                 published: dt.date | None = None, published_from: str = "unknown",
                 sentences: Sequence[Sentence] = (), warnings: tuple[str, ...] = (),
                 how_published: str = "", *, body: Body | Lazy[Body] | None = None) -> None:
        if body is None:
            body = Body(raw, text, runs, sentences)
        else:
            assert not (raw or text or runs or sentences), "the text is given twice"
        Source.fill(self, id, path, body, title, outlet, url, author, published, published_from,
                    warnings, how_published)

    def whole_body(self) -> Body:
        """The body, loaded if it was not."""
        return self.body.get() if isinstance(self.body, Lazy) else self.body

    @property
    def raw(self) -> str:
        return self.whole_body().raw

    @property
    def text(self) -> str:
        return self.whole_body().text

    @property
    def runs(self) -> Sequence[tuple[int, int]]:
        return self.whole_body().runs

    @property
    def sentences(self) -> Sequence[Sentence]:
        return self.whole_body().sentences

    def raw_offset(self, i: int) -> int:
        """Map an offset in `text` to one in `raw`."""
        return self.whole_body().raw_offset(i)

    def raw_end(self, i: int) -> int:
        """Map an exclusive end offset in `text` to one in `raw`."""
        return self.whole_body().raw_end(i)


@fast_pickle
@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an event is stated: a source and the quoted sentence."""

    source: str
    quote: str
    start: int  # offsets in the source's raw text
    end: int
    date_text: str = ""  # the date phrase, "" when dated by publication
    how: str = ""  # how the date was resolved
    url: str | None = None  # for manual sources that are plain URLs
    outlet: str | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """One dated statement in one article: the unit that merging groups."""

    id: str
    source: str
    date: DateValue
    anchored: bool  # True: a date phrase states it; False: dated by publication only
    title: str
    sentence: Sentence
    ref: SourceRef
    actors: tuple[str, ...]  # named entities, normalised
    actions: tuple[str, ...]  # action classes / stems
    keywords: tuple[str, ...]  # other content words
    approximate: bool = False
    end: DateValue | None = None
    subject: str = ""  # the main clause's first actor: who the statement is about
    mod: str = ""  # START | MID | END: "early May", "mid-June", "late 2024"
    # Dated by publication because its only date is what a change is measured from ("down 3%
    # from Wednesday"): that date's phrase.  Such a statement joins events of its article only.
    base: str = ""


@fast_pickle
@dataclass(frozen=True, slots=True)
class EventDetail:
    """All of an event but when it is, what it is made of and whom it cites (see Event)."""

    title: str
    summary: str  # plain text (extracted) or Markdown (manual)
    origin: Literal["extracted", "manual"]
    tags: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    approximate: bool = False
    why: tuple[str, ...] = ()  # why these mentions were merged, one line each
    summary_html: str = ""  # sanitised HTML of a Markdown summary


_DETAIL_FIELDS = tuple(f.name for f in fields(EventDetail))
_KEEP: Any = object()  # an argument not given (Event.__init__)


@made_of_fields
@dataclass(frozen=True, slots=True, init=False)
class Event:
    """One happening on the timeline.  What every stage needs of every event is kept
    apart (id, dates, the statements merged into it, the sources it cites) from the rest
    (`detail`: title, summary, references...), which may be Lazy: a rebuild holds every
    event but needs the detail of only those whose pages it makes again.  The detail's
    fields read as the event's own; made from them all, or with `detail=` given (and any
    of them, as `dataclasses.replace` gives them, to change in it)."""

    id: str
    date: DateValue
    end: DateValue | None
    mentions: tuple[str, ...]  # ids of the mentions merged into it
    cited: tuple[str, ...]  # the source id of each of its references, in order ("" for a URL)
    detail: EventDetail | Lazy[EventDetail]
    of: ClassVar[Callable[..., Event]]  # see made_of_fields
    fill: ClassVar[Callable[..., None]]

    def __init__(self, id: str, date: DateValue, end: DateValue | None = None,
                 title: str = _KEEP, summary: str = _KEEP, origin: str = _KEEP,
                 tags: tuple[str, ...] = _KEEP, sources: tuple[SourceRef, ...] = _KEEP,
                 approximate: bool = _KEEP, mentions: tuple[str, ...] = (),
                 why: tuple[str, ...] = _KEEP, summary_html: str = _KEEP, *,
                 cited: tuple[str, ...] = _KEEP,
                 detail: EventDetail | Lazy[EventDetail] | None = None) -> None:
        given: dict[str, Any] = {name: value for name, value in zip(
            _DETAIL_FIELDS, (title, summary, origin, tags, sources, approximate, why, summary_html),
            strict=True) if value is not _KEEP}
        if detail is None:
            detail = EventDetail(**given)
        elif given:
            detail = replace(detail.get() if isinstance(detail, Lazy) else detail, **given)
        if cited is _KEEP or "sources" in given:
            cited = tuple(r.source for r in (detail.get() if isinstance(detail, Lazy) else detail).sources)
        Event.fill(self, id, date, end, mentions, cited, detail)

    def changed(self, **changes: Any) -> Event:
        """`dataclasses.replace` for an event, its detail's fields included."""
        return replace(self, **changes)

    def whole(self) -> EventDetail:
        """The detail, loaded if it was not."""
        return self.detail.get() if isinstance(self.detail, Lazy) else self.detail

    @property
    def title(self) -> str:
        return self.whole().title

    @property
    def summary(self) -> str:
        return self.whole().summary

    @property
    def origin(self) -> Literal["extracted", "manual"]:
        return self.whole().origin

    @property
    def tags(self) -> tuple[str, ...]:
        return self.whole().tags

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        return self.whole().sources

    @property
    def approximate(self) -> bool:
        return self.whole().approximate

    @property
    def why(self) -> tuple[str, ...]:
        return self.whole().why

    @property
    def summary_html(self) -> str:
        return self.whole().summary_html

    @property
    def display_date(self) -> str:
        text = self.date.display()
        if self.end is not None and self.end != self.date:
            text = f"{text} – {self.end.display()}"
        return ("c. " + text) if self.approximate else text




@fast_pickle
@dataclass(frozen=True, slots=True)
class Timeline:
    title: str
    description: str
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    warnings: tuple[str, ...] = field(default=())

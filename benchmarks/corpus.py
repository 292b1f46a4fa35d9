"""A seeded, reproducible news corpus for benchmarks, at any size.

    PYTHONPATH=. python3 benchmarks/corpus.py 10000 /tmp/corpus [--seed 7]

The corpus is a made-up world: story threads (a few named actors, a place, a subject) in
which happenings occur over the years; each happening is reported by one to four outlets
within days (duplicate reports across outlets, worded differently), and later articles of
the same thread refer back to it with coarser or relative date phrases ("last week",
"in March", "on 4 May", "two years ago", "the following day").  Articles mix the formats
the builder reads: Markdown with front matter, plain text with a dateline, HTML with meta
tags, plain text described in `sources.yaml`, and a few undated ones whose publication date
must be inferred.  A top-level `events.yaml` holds hand-written events.

The names, places and sentences are invented from small generic word lists, not drawn from
`seeds/`; the same (count, seed) gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FIRST = ("Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Ines", "Jonas",
         "Karim", "Lena", "Marek", "Nadia", "Oskar", "Priya", "Rafael", "Sofia", "Tomas", "Uma",
         "Viktor", "Wen", "Yusuf", "Zofia", "Amara", "Bruno", "Chiara", "Diego", "Emre", "Freya")
LAST = ("Adler", "Brandt", "Castell", "Dorn", "Eklund", "Ferraz", "Grell", "Halvorsen", "Ibarra",
        "Janssen", "Kovac", "Lindqvist", "Moreau", "Novak", "Ortega", "Petrov", "Quint", "Rossi",
        "Sauer", "Tamm", "Ulrich", "Varga", "Weber", "Yilmaz", "Zeller", "Achterberg", "Borsa",
        "Cavic", "Delacroix", "Esposito", "Fenwick", "Gashi", "Holm", "Iversen", "Jurek")
ROLES = ("the prime minister of {c}", "{c}'s foreign minister", "the mayor of {p}",
         "the chief executive of {o}", "the head of {o}", "{c}'s defence minister",
         "the governor of {p}", "the president of {c}", "a senior official at {o}")
COUNTRIES = ("Norland", "Valdoria", "Estmark", "Qaristan", "Belmora", "Tarsia", "Okrana",
             "Lusvenia", "Marovia", "Caldera", "Sudland", "Pelagia", "Vennia", "Austral")
PLACES = ("Port Arlen", "Velsk", "Kastro", "Lindhaven", "Moravik", "Tessaly", "Brennport",
          "Orsova", "Saltmere", "Cair Doon", "Halden", "Rivna", "Zelmar", "Ostrava Nova")
ORGS = ("the Harbour Authority", "Northwind Energy", "the Central Bank", "Meridian Rail",
        "the Grain Council", "Atlas Shipping", "the Water Board", "Solenne Motors",
        "the Regional Assembly", "Kestrel Airlines", "the Mining Union", "Orbis Telecom")
SUBJECTS = ("a port expansion", "grain exports", "a rail link", "the fishing quota",
            "a gas pipeline", "the border crossing", "a water treaty", "steel tariffs",
            "a prisoner exchange", "the power grid", "a new airport", "the wage agreement",
            "flood defences", "a mining licence", "an air route", "the budget")
OUTLETS = ("The Daily Ledger", "Morning Courier", "Harbour Times", "The Evening Post",
           "Capital Wire", "Northern Chronicle", "The Observer-Gazette", "Metro Dispatch",
           "Coastal Herald", "The Record")
# Each action: ways outlets word it (past tense, with slots), one per kind of happening.
ACTIONS = (
    ("{a} met {b} in {p} to discuss {s}", "{a} and {b} held talks in {p} on {s}",
     "{a} sat down with {b} in {p} for talks about {s}"),
    ("{a} spoke by phone with {b} about {s}", "{a} and {b} discussed {s} in a phone call",
     "{a} called {b} to talk about {s}"),
    ("{o} announced plans for {s}", "{o} unveiled its plans for {s}",
     "{o} said it would go ahead with {s}"),
    ("{a} signed an agreement with {b} on {s}", "{a} and {b} signed a deal on {s}",
     "an accord on {s} was signed by {a} and {b}"),
    ("the {c} parliament voted to approve {s}", "lawmakers in {c} voted for {s}",
     "the {c} parliament approved {s} in a vote"),
    ("{a} resigned over {s}", "{a} quit after a dispute over {s}",
     "{a} announced a resignation over {s}"),
    ("protesters marched through {p} against {s}", "thousands protested in {p} over {s}",
     "a protest against {s} filled the streets of {p}"),
    ("a fire broke out at the {p} depot of {o}", "a blaze damaged the {p} depot of {o}",
     "firefighters battled a fire at {o}'s depot in {p}"),
    ("{o} imposed new restrictions on {s}", "{o} tightened restrictions on {s}",
     "new restrictions on {s} were imposed by {o}"),
)
QUOTES = ("We will not accept any delay", "This is a good day for {p}",
          "The talks were difficult but useful", "Nobody expected it to go this quickly",
          "We need more time to study the details", "It is too early to say what happens next",
          "People in {p} deserve better", "We have said so from the start")
FILLER = ("The details of {s} have not been made public.",
          "Critics say the costs of {s} are still unclear.",
          "{o} declined to comment.",
          "Officials in {p} did not respond to a request for comment.",
          "The dispute over {s} has divided opinion in {c}.",
          "Analysts expect the matter to return before the courts.",
          "Residents of {p} said they had heard little about the plans.",
          "The figures may change as more information becomes available.",
          "Within 24 hours, the statement had been shared widely.",
          "{a} has long argued for a different approach.",
          "Supporters of {s} say it would bring jobs to {p}.",
          "Opposition parties in {c} have called for an inquiry.",
          "The plan has been revised several times, according to people familiar with it.",
          "{o} has been at the centre of the debate for years.",
          "Shares in {o} fell 3 percent in early trading.",
          "A spokesperson for {a} said the talks would continue.")
FUTURE = ("{a} is expected to visit {p} {when}.", "A decision on {s} is due {when}.",
          "{o} said the work would begin {when}.")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True)
class Thread:
    actors: tuple[str, ...]
    roles: tuple[str, ...]
    place: str
    country: str
    org: str
    subject: str


@dataclass(frozen=True)
class Happening:
    thread: int
    date: dt.date
    action: int
    a: int  # index of the actors in the thread
    b: int


def _world(n_articles: int, rng: random.Random) -> tuple[list[Thread], list[Happening], dt.date]:
    threads = []
    for _ in range(max(2, n_articles // 40)):
        names = tuple(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4))
        country, place, org = rng.choice(COUNTRIES), rng.choice(PLACES), rng.choice(ORGS)
        roles = tuple(rng.choice(ROLES).format(c=country, p=place, o=org) for _ in names)
        threads.append(Thread(names, roles, place, country, org, rng.choice(SUBJECTS)))
    # About ten articles a day at the large sizes; at least two months at the small ones.
    span = max(60, min(n_articles // 8, 20 * 365))
    start = dt.date(2024, 1, 1) - dt.timedelta(days=span)
    happenings = []
    for _ in range(max(4, n_articles // 2)):
        day = start + dt.timedelta(days=rng.randrange(span))
        a = rng.randrange(4)
        happenings.append(Happening(rng.randrange(len(threads)), day, rng.randrange(len(ACTIONS)),
                                    a, (a + 1 + rng.randrange(3)) % 4))
    happenings.sort(key=lambda h: (h.date, h.thread, h.action, h.a))
    return threads, happenings, start


def _fill(template: str, t: Thread, h: Happening, rng: random.Random, first: bool) -> str:
    def person(i: int) -> str:
        # The first mention of a person says who they are, later ones use the surname.
        return f"{t.actors[i]}, {t.roles[i]}," if first and rng.random() < 0.5 else t.actors[i]

    return template.format(a=person(h.a), b=t.actors[h.b], p=t.place, c=t.country, o=t.org,
                           s=t.subject)


def _day(d: dt.date, rng: random.Random, year: bool) -> str:
    style = rng.randrange(4)
    y = f", {d.year}" if year and style < 2 else (f" {d.year}" if year else "")
    if style < 2:
        return f"{MONTHS[d.month - 1]} {d.day}{y}"
    if style == 2:
        return f"{d.day} {MONTHS[d.month - 1]}{y}"
    return f"{MONTHS[d.month - 1][:3]}. {d.day}{y}" if d.month != 5 else f"May {d.day}{y}"


def _when(d: dt.date, pub: dt.date, rng: random.Random) -> tuple[str, bool]:
    """A date phrase for a past day `d` as written on `pub`; True when it leads the sentence."""
    ago = (pub - d).days
    options: list[tuple[str, bool]] = [(f"on {_day(d, rng, d.year != pub.year)}", False),
                                       (f"On {_day(d, rng, d.year != pub.year)},", True)]
    if ago == 0:
        options += [("today", False), ("earlier today", False)]
    elif ago == 1:
        options += [("yesterday", False), ("Yesterday,", True)]
    if 1 <= ago <= 6:
        options += [(f"on {WEEKDAYS[d.weekday()]}", False), (WEEKDAYS[d.weekday()], False)]
    if 7 <= ago <= 13:
        options += [("last week", False)]
    if 14 <= ago <= 60:
        options += [(f"{NUMBER_WORDS[ago // 7] if ago // 7 < 10 else ago // 7} weeks ago", False),
                    ("earlier this month" if d.month == pub.month else "last month", False)]
    if ago > 60:
        label = MONTHS[d.month - 1] + (f" {d.year}" if d.year != pub.year else "")
        options += [(f"in {label}", False), (f"In {label},", True),
                    (f"in early {label}" if d.day <= 10 else f"in late {label}", False)]
    if ago > 500:
        years = ago // 365
        options += [(f"{NUMBER_WORDS[years] if years < 10 else years} years ago", False),
                    (f"in {d.year}", False)]
    options.append((f"on {d.isoformat()}", False))
    return rng.choice(options)


def _statement(t: Thread, h: Happening, pub: dt.date, rng: random.Random, first: bool) -> str:
    body = _fill(rng.choice(ACTIONS[h.action]), t, h, rng, first)
    when, leads = _when(h.date, pub, rng)
    if leads:
        return f"{when} {body}."
    return f"{body[:1].upper()}{body[1:]} {when}."


def _article(index: int, h: Happening, threads: list[Thread], past: list[Happening],
             rng: random.Random) -> tuple[str, dt.date, str, list[str]]:
    """(outlet, publication date, title, paragraphs) of one report of `h`."""
    t = threads[h.thread]
    pub = h.date + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    paragraphs: list[str] = []
    # The lead: the happening, dated relatively, or not at all (dated by publication).
    lead = _statement(t, h, pub, rng, True)
    if rng.random() < 0.25:
        lead = _fill(rng.choice(ACTIONS[h.action]), t, h, rng, True) + "."
        lead = lead[:1].upper() + lead[1:]
    paragraphs.append(lead)
    quote = rng.choice(QUOTES).format(p=t.place)
    paragraphs.append(f"“{quote},” {t.actors[h.a].split()[1]} told reporters.")
    same = [p for p in past if p.thread == h.thread and p.date < h.date][-6:]
    for p in rng.sample(same, min(len(same), rng.randrange(1, 5))):
        text = _statement(t, p, pub, rng, False)
        if rng.random() < 0.3:
            follow = Happening(p.thread, p.date + dt.timedelta(days=1), (p.action + 1) % len(ACTIONS),
                               p.b, p.a)
            if follow.date < pub:
                nxt = _fill(rng.choice(ACTIONS[follow.action]), t, follow, rng, False)
                text += f" The following day, {nxt}."
        paragraphs.append(text)
    for _ in range(rng.randrange(3, 9)):
        paragraphs.append(rng.choice(FILLER).format(a=t.actors[rng.randrange(4)], p=t.place,
                                                    c=t.country, o=t.org, s=t.subject))
    if rng.random() < 0.4:
        ahead = pub + dt.timedelta(days=rng.randrange(5, 120))
        when = rng.choice((f"on {_day(ahead, rng, ahead.year != pub.year)}", "next week",
                           f"in {MONTHS[ahead.month - 1]}", "next month"))
        paragraphs.append(rng.choice(FUTURE).format(a=t.actors[h.b], p=t.place, s=t.subject,
                                                    o=t.org, when=when))
    rest = [x[:1].upper() + x[1:] for x in paragraphs[1:]]
    rng.shuffle(rest)
    # Some paragraphs hold two sentences.
    merged: list[str] = []
    for x in rest:
        if merged and rng.random() < 0.3:
            merged[-1] += " " + x
        else:
            merged.append(x)
    paragraphs = [lead, *merged]
    title = _fill(ACTIONS[h.action][0], t, h, rng, False)
    return outlet, pub, title[:1].upper() + title[1:], paragraphs


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, bytes]]:
    """The corpus as (relative POSIX path, bytes), in a fixed order."""
    rng = random.Random(f"{seed}:{n}")
    threads, happenings, _ = _world(n, rng)
    metadata: list[str] = []
    made = 0
    i = 0
    while made < n:
        h = happenings[i % len(happenings)]
        past = happenings[max(0, i % len(happenings) - 400) : i % len(happenings)]
        reports = min(n - made, rng.choice((1, 1, 2, 2, 3, 4)))
        for _ in range(reports):
            outlet, pub, title, paragraphs = _article(made, h, threads, past, rng)
            sid = f"{_slug(outlet)}-{made:06d}"
            folder = f"{pub.year}/{pub.month:02d}"
            kind = rng.random()
            url = f"https://{_slug(outlet)}.example/{pub.isoformat()}/{made}"
            if 0.85 <= kind < 0.97 and len(metadata) >= 200:
                kind = 0.0  # the metadata file is full: front matter instead
            if kind < 0.5:
                body = "\n\n".join(paragraphs)
                text = (f"---\ntitle: \"{title}\"\noutlet: {outlet}\nurl: {url}\n"
                        f"published: {pub.isoformat()}\n---\n\n# {title}\n\n{body}\n")
                yield f"{folder}/{sid}.md", text.encode()
            elif kind < 0.7:
                body = "\n\n".join(paragraphs)
                dateline = rng.choice((f"Published {MONTHS[pub.month - 1]} {pub.day}, {pub.year}",
                                       f"date {pub.isoformat()}",
                                       f"{WEEKDAYS[pub.weekday()]} {pub.day} {MONTHS[pub.month - 1]} {pub.year} 14.32 GMT"))
                yield f"{folder}/{sid}.txt", f"{title}\n\n{dateline}\n\n{body}\n".encode()
            elif kind < 0.85:
                body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
                html = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\n"
                        f"<meta property=\"og:title\" content=\"{title}\">\n"
                        f"<meta property=\"og:site_name\" content=\"{outlet}\">\n"
                        f"<meta property=\"article:published_time\" content=\"{pub.isoformat()}T09:00:00Z\">\n"
                        f"</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
                        f"<article><h1>{title}</h1>\n{body}\n</article>\n"
                        f"<footer>© {outlet}</footer></body></html>\n")
                yield f"{folder}/{sid}.html", html.encode()
            elif kind < 0.97 and len(metadata) < 200:
                metadata.append(f"  {sid}:\n    title: \"{title}\"\n    outlet: {outlet}\n"
                                f"    published: {pub.isoformat()}\n")
                yield f"{folder}/{sid}.txt", ("\n\n".join(paragraphs) + "\n").encode()
            else:
                # No date anywhere: the builder infers one.
                yield f"{folder}/{sid}.txt", (title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode()
            made += 1
        i += 1
    yield "sources.yaml", ("sources:\n" + "".join(metadata) if metadata else "sources: {}\n").encode()
    first = happenings[0]
    t = threads[first.thread]
    yield "events.yaml", (
        "events:\n"
        f"  - date: {first.date.isoformat()}\n"
        f"    title: Plans for {t.subject} are first proposed\n"
        f"    summary: The plan that later reports in {t.place} refer to.\n"
        f"    sources: [https://archive.example/{_slug(t.subject)}]\n"
        "    tags: [background]\n").encode()


def write(folder: Path, n: int, seed: int = 7) -> int:
    """Write the corpus into `folder` (made if needed); return the number of files."""
    count = 0
    made_dirs: set[str] = set()
    for rel, data in generate(n, seed):
        parent = rel.rpartition("/")[0]
        if parent and parent not in made_dirs:
            (folder / parent).mkdir(parents=True, exist_ok=True)
            made_dirs.add(parent)
        elif not parent:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("count", type=int, help="number of articles")
    p.add_argument("folder", type=Path, help="where to write them")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    files = write(args.folder, args.count, args.seed)
    print(f"wrote {files} files ({args.count} articles) into {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

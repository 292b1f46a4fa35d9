"""Plain text out of Markdown and HTML, with a map back to the file's characters.

Dates and sentences are found in plain text, but quotes in events.json are offsets in the
file as written.  Both converters therefore only ever *delete* characters (markup) or
replace an entity by the character it stands for, and record runs of (text offset, raw
offset) from which any text offset maps back to the file.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

Runs = tuple[tuple[int, int], ...]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(raw: str) -> tuple[str | None, int, int]:
    """(front-matter YAML or None, where its YAML starts, where the body starts)."""
    m = _FRONT_MATTER.match(raw)
    if not m:
        return None, 0, 0
    return (m.group(1) or ""), m.start(1) if m.group(1) is not None else m.end(), m.end()


def _from_mask(raw: str, keep: bytearray) -> tuple[str, Runs]:
    chars: list[str] = []
    runs: list[tuple[int, int]] = []
    prev = -2
    for i, k in enumerate(keep):
        if not k:
            continue
        if i != prev + 1:
            runs.append((len(chars), i))
        chars.append(raw[i])
        prev = i
    return "".join(chars), tuple(runs)


# Each pattern stops at the next opening bracket it would need to match again, so that a
# line of a thousand "[" or "<a" is scanned once, not once per bracket.
_MD_DELETE = [
    re.compile(r"!\[[^\[\]\n]*\]\((?:[^()\n]|\([^()\n]*\))*+\)"),  # images, whole
    re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M),  # heading marks
    re.compile(r"(?<=\S)[ \t]+#+[ \t]*$", re.M),  # closing heading marks
    re.compile(r"^[ \t]*>[ \t]?", re.M),  # block quotes
    re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+", re.M),  # list bullets
    re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M),  # rules
    re.compile(r"^[ \t]*(?:```|~~~).*$", re.M),  # fence lines
    re.compile(r"(?<![\\\w])(\*\*\*|___)(?=\S)|(?<=\S)(\*\*\*|___)(?!\w)"),  # strong emphasis
    re.compile(r"(?<![\\\w*])(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)(?![\w*])"),  # strong
    re.compile(r"(?<![\\\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])"),  # emphasis
    re.compile(r"(?<![\\\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])"),  # emphasis
    re.compile(r"`+"),
    re.compile(r"<[A-Za-z/!][^<>\n]*>"),  # inline HTML tags
]
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\](\((?:[^()\n]|\([^()\n]*\))*+\)|\[[^\[\]\n]*\])")


def markdown_to_text(raw: str, body_start: int) -> tuple[str, Runs]:
    """Text of a Markdown body; everything before `body_start` (front matter) is dropped."""
    keep = bytearray([0]) * body_start + bytearray([1]) * (len(raw) - body_start)
    for m in _MD_LINK.finditer(raw, body_start):
        keep[m.start()] = 0
        for i in range(m.start(2) - 1, m.end()):
            keep[i] = 0
    for rx in _MD_DELETE:
        for m in rx.finditer(raw, body_start):
            for i in range(m.start(), m.end()):
                keep[i] = 0
    return _from_mask(raw, keep)


# Never the story: page furniture around an article.
_SKIP = frozenset(["script", "style", "noscript", "template", "svg", "head", "iframe", "nav",
                   "footer", "aside", "form", "button", "select", "figcaption"])
_BLOCK = frozenset(
    ["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "aside", "nav", "blockquote", "figure", "figcaption", "table", "tr", "td", "th", "pre", "hr", "main", "dl", "dt", "dd"]
)


class _TextParser(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        # A page with an <article> element: only its text is the story.
        self.only_article = re.search(r"<article[\s>]", raw, re.I) is not None
        self.article_depth = 0
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]
        self.chars: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.skip_depth = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title = ""
        self._next_raw = -1

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, raw_at: int, contiguous: bool = True) -> None:
        if not text:
            return
        if raw_at != self._next_raw or not contiguous:
            self.runs.append((len(self.chars), raw_at))
        self.chars.extend(text)
        self._next_raw = raw_at + len(text) if contiguous else -1

    def _newline(self) -> None:
        if self.chars and self.chars[-1] != "\n":
            self.runs.append((len(self.chars), self._pos()))
            self.chars.append("\n")
            self._next_raw = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        if tag == "article":
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = a.get("property") or a.get("name") or ""
            if key and "content" in a:
                self.meta.setdefault(key.lower(), a["content"])
        if tag == "time" and "datetime" not in self.meta:
            a = {k: v or "" for k, v in attrs}
            if a.get("datetime"):
                self.meta["datetime"] = a["datetime"]
        if tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.skip_depth or (self.only_article and not self.article_depth):
            return
        at = self._pos()
        # Collapse runs of layout whitespace into single spaces, keeping the mapping.
        for m in re.finditer(r"[^\s]+|\s+", data):
            piece = m.group()
            if piece.isspace():
                if self.chars and self.chars[-1] not in " \n":
                    self._emit(" ", at + m.start(), contiguous=False)
            else:
                self._emit(piece, at + m.start())

    def _entity(self, text: str) -> None:
        if self.in_title:
            self.title += text
        if not self.skip_depth and (self.article_depth or not self.only_article):
            self._emit(text, self._pos(), contiguous=False)

    def handle_entityref(self, name: str) -> None:
        self._entity(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._entity(html.unescape(f"&#{name};"))


# A "<" that opens a tag which another "<" interrupts before any ">" ("<a<a<a..."), and a
# comment that is never closed.  Python's HTMLParser rescans the rest of the document for
# each of them (quadratic time: 40 kB of "<a" takes seconds, a megabyte hours), so they are
# read as the text they are.
_BROKEN_TAG = re.compile(r"<(?=[A-Za-z/][^<>]*(?:<|\Z))")
_STANDIN = "\x01"


def _defuse(raw: str) -> str:
    if _STANDIN in raw:
        return raw
    fixed = _BROKEN_TAG.sub(_STANDIN, raw)
    closed = fixed.rfind("-->")
    unclosed = fixed.find("<!--", closed + 1 if closed >= 0 else 0)
    if unclosed >= 0:
        fixed = fixed[:unclosed] + fixed[unclosed:].replace("<!--", _STANDIN + "!--")
    return fixed


def html_to_text(raw: str) -> tuple[str, Runs, dict[str, str], str]:
    """(text, runs, meta tags, <title>) of an HTML document."""
    fed = _defuse(raw)
    p = _TextParser(fed)
    p.feed(fed)
    p.close()
    text = "".join(p.chars)
    if fed is not raw:  # same length, so the runs hold; give the "<" back
        text = text.replace(_STANDIN, "<")
        p.title = p.title.replace(_STANDIN, "<")
        p.meta = {k: v.replace(_STANDIN, "<") for k, v in p.meta.items()}
    return text, tuple(p.runs), p.meta, " ".join(p.title.split())

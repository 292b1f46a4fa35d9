"""Plain text out of Markdown and HTML, and the runs that map it back to the file."""

from __future__ import annotations

import bisect

import pytest

from timeline import markup

Runs = tuple[tuple[int, int], ...]


def _raw_at(runs: Runs, i: int) -> int:
    """Where text offset `i` comes from: from each run's start, text and raw advance together."""
    k = bisect.bisect_right(runs, (i, 1 << 62)) - 1
    assert k >= 0, f"no run covers text offset {i}"
    text_start, raw_start = runs[k]
    return raw_start + (i - text_start)


def _assert_verbatim(raw: str, text: str, runs: Runs) -> None:
    """Every character of `text` is the character of `raw` it maps to, in order."""
    positions = [_raw_at(runs, i) for i in range(len(text))]
    assert positions == sorted(set(positions))
    assert "".join(raw[p] for p in positions) == text


# -- front matter -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("---\ntitle: T\n---\nBody\n", ("title: T\n", 4, 17)),
        ("---\r\ntitle: T\r\n...\r\nBody\r\n", ("title: T\r\n", 5, 20)),
        ("Body\n---\nmore\n", (None, 0, 0)),
        ("---\ntitle: T\nno closing line\n", (None, 0, 0)),
    ],
)
def test_split_front_matter(raw: str, expected: tuple[str | None, int, int]) -> None:
    assert markup.split_front_matter(raw) == expected


def test_empty_front_matter() -> None:
    yaml_text, _, body = markup.split_front_matter("---\n---\nBody\n")
    assert yaml_text == ""
    assert body == 8


# -- Markdown ------------------------------------------------------------------------------
def test_markdown_heading_and_emphasis() -> None:
    raw = "# Title\n\nSome *em* and **strong** text.\n"
    text, runs = markup.markdown_to_text(raw, 0)
    assert text == "Title\n\nSome em and strong text.\n"
    assert runs == ((0, 2), (12, 15), (14, 18), (19, 25), (25, 33))
    assert _raw_at(runs, 0) == raw.index("Title")
    assert _raw_at(runs, text.index("em ")) == raw.index("em*")
    assert _raw_at(runs, text.index("strong")) == raw.index("strong")
    assert _raw_at(runs, text.index(" text")) == raw.index(" text")
    _assert_verbatim(raw, text, runs)


def test_markdown_link_keeps_its_text() -> None:
    raw = "See [the report](https://example.org/a) now.\n"
    text, runs = markup.markdown_to_text(raw, 0)
    assert text == "See the report now.\n"
    assert runs == ((0, 0), (4, 5), (14, 39))
    assert _raw_at(runs, 4) == raw.index("the report")
    assert _raw_at(runs, 14) == raw.index(" now")
    _assert_verbatim(raw, text, runs)


def test_markdown_reference_link_keeps_its_text() -> None:
    text, runs = markup.markdown_to_text("Ref [text][r] here.\n", 0)
    assert text == "Ref text here.\n"
    assert runs == ((0, 0), (4, 5), (8, 13))


def test_markdown_image_is_dropped_whole() -> None:
    raw = "Look ![a map of the city](map.png) here.\n"
    text, runs = markup.markdown_to_text(raw, 0)
    assert text == "Look  here.\n"
    assert "map" not in text
    assert _raw_at(runs, 5) == raw.index(" here")
    _assert_verbatim(raw, text, runs)


def test_markdown_quotes_lists_rules_code() -> None:
    raw = "> Quoted line.\n\n- One item.\n2. Two items.\n\n---\n\nUse `make` now.\n"
    text, runs = markup.markdown_to_text(raw, 0)
    assert text == "Quoted line.\n\nOne item.\nTwo items.\n\n\n\nUse make now.\n"
    _assert_verbatim(raw, text, runs)


def test_markdown_body_start_drops_front_matter() -> None:
    raw = "---\ntitle: T\n---\n## Head\n\nBody *text*.\n"
    _, _, body = markup.split_front_matter(raw)
    text, runs = markup.markdown_to_text(raw, body)
    assert text == "Head\n\nBody text.\n"
    assert _raw_at(runs, 0) == raw.index("Head")
    assert _raw_at(runs, text.index("text")) == raw.index("text")
    _assert_verbatim(raw, text, runs)


def test_markdown_leaves_arithmetic_and_identifiers_alone() -> None:
    raw = "Price is 5 * 3 * 2 and snake_case_name stays.\n"
    assert markup.markdown_to_text(raw, 0) == (raw, ((0, 0),))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Some _em_ text.\n", "Some em text.\n"),
        pytest.param("Some ***very*** strong text.\n", "Some very strong text.\n"),
        pytest.param("## Closed heading ##\n", "Closed heading\n"),
    ],
)
def test_markdown_other_emphasis_forms(raw: str, expected: str) -> None:
    text, runs = markup.markdown_to_text(raw, 0)
    assert text == expected
    _assert_verbatim(raw, text, runs)


# -- HTML ----------------------------------------------------------------------------------
def test_html_script_style_and_head_are_skipped() -> None:
    raw = (
        "<html><head><title>The  Title</title><style>p { color: red }</style></head>"
        "<body><script>var s = 'Hidden.';</script><noscript>Enable JS.</noscript>"
        "<p>Visible.</p><svg><text>Drawn</text></svg></body></html>"
    )
    text, runs, meta, title = markup.html_to_text(raw)
    assert text == "Visible.\n"
    assert title == "The Title"
    assert meta == {}
    assert _raw_at(runs, 0) == raw.index("Visible.")


def test_html_entities_decoded_with_offsets_of_the_entity() -> None:
    raw = "<p>A &amp; B &#8212; Caf&eacute; &#x263A;</p>"
    text, runs, _, _ = markup.html_to_text(raw)
    assert text == "A & B — Café ☺\n"
    assert _raw_at(runs, 0) == raw.index("A")
    assert _raw_at(runs, text.index("&")) == raw.index("&amp;")
    assert _raw_at(runs, text.index("B")) == raw.index("B")
    assert _raw_at(runs, text.index("—")) == raw.index("&#8212;")
    assert _raw_at(runs, text.index("C")) == raw.index("Caf")
    assert _raw_at(runs, text.index("é")) == raw.index("&eacute;")
    assert _raw_at(runs, text.index("☺")) == raw.index("&#x263A;")


def test_html_blocks_become_lines_and_whitespace_collapses() -> None:
    raw = "<h1>Head</h1>\n  <p>a\n   b <b>bold</b> c</p><ul><li>one</li><li>two</li></ul>x<br>y"
    text, runs, _, _ = markup.html_to_text(raw)
    assert text == "Head\na b bold c\none\ntwo\nx\ny"
    assert _raw_at(runs, text.index("a b")) == raw.index("a\n")
    assert _raw_at(runs, text.index(" b")) == raw.index("\n   b")  # the collapsed run's start
    assert _raw_at(runs, text.index("bold")) == raw.index("bold")
    assert _raw_at(runs, text.index("two")) == raw.index("two")
    assert _raw_at(runs, len(text) - 1) == raw.index("y")


def test_html_meta_tags_are_read() -> None:
    raw = (
        "<html><head>"
        '<meta property="og:title" content="OG title">'
        '<META NAME="Author" CONTENT="Ann Lee">'
        '<meta name="author" content="Second author">'
        '<meta property="article:published_time" content="2024-05-06T10:00:00Z">'
        '<meta charset="utf-8">'
        "</head><body><p>Posted <time datetime='2024-05-07'>Tuesday</time>.</p></body></html>"
    )
    _, _, meta, _ = markup.html_to_text(raw)
    assert meta == {
        "og:title": "OG title",
        "author": "Ann Lee",  # the first of two wins
        "article:published_time": "2024-05-06T10:00:00Z",
        "datetime": "2024-05-07",
    }


def test_html_title_entities() -> None:
    _, _, _, title = markup.html_to_text("<head><title>Tom &amp; Jerry</title></head><p>x</p>")
    assert title == "Tom & Jerry"


def test_html_page_furniture_is_not_text() -> None:
    raw = ("<html><body><nav>Home | Updated 3 hours ago</nav><header><h1>Talks</h1></header>"
           "<article><p>On May 16, talks were held.</p><figcaption>Photo taken May 2</figcaption>"
           "</article><aside>Read next: Tuesday's vote</aside><footer>© 2025 Paper</footer>"
           "</body></html>")
    text, _, _, _ = markup.html_to_text(raw)
    assert "On May 16, talks were held." in text
    for furniture in ("Updated", "Photo taken", "Tuesday", "2025 Paper", "Talks"):
        assert furniture not in text


def test_html_without_article_keeps_the_body() -> None:
    text, _, _, _ = markup.html_to_text("<body><h1>Talks</h1><p>On May 16, talks were held.</p></body>")
    assert "Talks" in text and "On May 16, talks were held." in text

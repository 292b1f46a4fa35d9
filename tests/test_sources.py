"""Reading article files: decoding, front matter, metadata, datelines, inference, discovery."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import sources, yamlio
from timeline.errors import TimelineError
from timeline.model import Source
from timeline.sources import SourceMeta

STORY = "The city council approved a new budget after a long and heated debate in the town hall.\n"


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _read(folder: Path, name: str, data: str | bytes, meta: SourceMeta | None = None) -> Source:
    path = _write(folder, name, data)
    return sources.read_source(path, name, path.stem, meta)


def _meta(yaml_text: str, path: str = "meta.yaml") -> dict[str, SourceMeta]:
    return sources.metadata_from_yaml([(path, yamlio.load(yaml_text, path))])


def _story(src: Source) -> list[str]:
    return [s.text for s in src.sentences if not s.boilerplate]


# -- decoding ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Café “open”.".encode(), "Café “open”."),
        (b"\xef\xbb\xbfHello.", "Hello."),  # the BOM is dropped
        (b"Caf\xe9 \x93open\x94.", "Café “open”."),  # Windows-1252
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert sources.decode(data, "x.txt")[0] == text


def test_decode_utf8_has_no_warning() -> None:
    assert sources.decode("Zürich.".encode(), "a.txt") == ("Zürich.", [])


def test_read_source_drops_the_bom_so_offsets_start_at_the_text(tmp_path: Path) -> None:
    src = _read(tmp_path, "a.txt", b"\xef\xbb\xbf" + STORY.encode())
    assert src.raw == STORY
    assert src.sentences[0].start == 0
    assert src.warnings == ()


def test_invalid_utf8_is_read_as_cp1252_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    src = _read(tmp_path, "news/b.txt", b"The caf\xe9 closed \x93for good\x94 after a long debate.\n")
    assert src.raw == "The café closed “for good” after a long debate.\n"
    assert src.warnings == ("news/b.txt:1: not valid UTF-8 (byte 7); such bytes read as Windows-1252",)


def test_mixed_utf8_and_cp1252_keeps_both_readable(tmp_path: Path) -> None:
    data = "Café in Genève.\n".encode() + "Le café était fermé.\n".encode("cp1252")
    src = _read(tmp_path, "m.txt", data)
    assert src.raw == "Café in Genève.\nLe café était fermé.\n"
    assert src.warnings == ("m.txt:2: not valid UTF-8 (byte 24); such bytes read as Windows-1252",)


def test_nul_bytes_are_a_binary_file(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as info:
        _read(tmp_path, "img.txt", b"GIF89a\x00\x01\x02 not text")
    assert info.value.message == "binary file (contains NUL bytes), skipped"
    assert info.value.path == "img.txt"
    assert str(info.value) == "img.txt: binary file (contains NUL bytes), skipped"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf\r\n"])
def test_empty_file_is_an_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(TimelineError) as info:
        _read(tmp_path, "empty.txt", data)
    assert str(info.value) == "empty.txt: empty file, skipped"


# -- front matter -----------------------------------------------------------------------
@pytest.mark.parametrize("ext", [".md", ".txt"])
@pytest.mark.parametrize("date_key", ["published", "date"])
def test_front_matter_fields(tmp_path: Path, ext: str, date_key: str) -> None:
    raw = (
        "---\n"
        "title: Council  backs budget\n"
        "outlet: The Paper\n"
        "url: https://example.org/budget\n"
        f"{date_key}: 2024-03-05\n"
        "author: Jane Doe\n"
        "---\n" + STORY
    )
    src = _read(tmp_path, "a" + ext, raw)
    assert src.title == "Council backs budget"
    assert src.outlet == "The Paper"
    assert src.url == "https://example.org/budget"
    assert src.author == "Jane Doe"
    assert src.published == dt.date(2024, 3, 5)
    assert src.published_from == "front-matter"
    assert src.how_published == "from the front matter"
    assert src.raw == raw
    assert src.text == STORY  # the front matter is not analysed
    first = src.sentences[0]
    assert src.raw[src.raw_offset(first.start) : src.raw_end(first.end)] == first.text


def test_front_matter_datetime_and_quoted_dates(tmp_path: Path) -> None:
    src = _read(tmp_path, "a.txt", "---\npublished: 2024-03-05T23:30:00-05:00\n---\n" + STORY)
    assert src.published == dt.date(2024, 3, 5)
    src = _read(tmp_path, "b.txt", "---\npublished: '2024-03-06'\n---\n" + STORY)
    assert src.published == dt.date(2024, 3, 6)


@pytest.mark.parametrize("ext", [".md", ".txt"])
def test_yaml_error_in_front_matter_has_the_file_line(tmp_path: Path, ext: str) -> None:
    raw = "---\ntitle: Budget\noutlet: : Paper\n---\n" + STORY
    with pytest.raises(TimelineError) as info:
        _read(tmp_path, "a" + ext, raw)
    err = info.value
    assert err.path == "a" + ext
    assert err.line == 3  # the file's line 3, not the front matter's line 2
    assert err.message.startswith("invalid YAML: ")


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as info:
        _read(tmp_path, "a.md", "---\n- one\n- two\n---\n" + STORY)
    assert str(info.value) == "a.md:2: front matter must be a YAML mapping"


def test_front_matter_published_that_is_not_a_date(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as info:
        _read(tmp_path, "a.txt", "---\ntitle: T\npublished: someday\n---\n" + STORY)
    assert str(info.value) == "a.txt:3: published: 'someday' is not a date (use YYYY-MM-DD)"


# -- metadata file ------------------------------------------------------------------------
def test_metadata_from_yaml() -> None:
    meta = _meta("# sources\nsources:\n  art-1:\n    published: 2024-01-02\n    outlet: Paper\n")
    assert list(meta) == ["art-1"]
    assert dict(meta["art-1"].fields) == {"published": dt.date(2024, 1, 2), "outlet": "Paper"}
    assert meta["art-1"].path == "meta.yaml"
    assert meta["art-1"].line == 3


def test_metadata_ignores_documents_without_sources() -> None:
    docs = [("ev.yaml", yamlio.load("events: []\n", "ev.yaml")), ("n.yaml", None)]
    assert sources.metadata_from_yaml(docs) == {}


def test_metadata_unknown_field_names_file_line_and_column() -> None:
    with pytest.raises(TimelineError) as info:
        _meta("sources:\n  a:\n    title: T\n  b:\n    title: U\n    publisher: X\n")
    assert str(info.value) == (
        "meta.yaml:6:5: unknown field 'publisher' for source 'b' "
        "(known: title, outlet, url, published, author)"
    )


def test_metadata_duplicate_id_across_files() -> None:
    docs = [
        ("m.yaml", yamlio.load("sources:\n  a:\n    title: T\n", "m.yaml")),
        ("n.yaml", yamlio.load("# again\nsources:\n  a:\n    title: U\n", "n.yaml")),
    ]
    with pytest.raises(TimelineError) as info:
        sources.metadata_from_yaml(docs)
    assert str(info.value) == "n.yaml:3:3: source 'a' is described twice (also in m.yaml)"


def test_metadata_sources_must_be_a_mapping() -> None:
    with pytest.raises(TimelineError) as info:
        _meta("sources:\n  - a\n")
    assert str(info.value) == "meta.yaml:1:1: `sources` must map source ids to their fields"


def test_metadata_ids_that_look_like_numbers_are_kept_as_written() -> None:
    meta = _meta("sources:\n  001:\n    title: T\n  2024_05:\n    title: U\n")
    assert sorted(meta) == ["001", "2024_05"]


def test_front_matter_wins_over_the_metadata_file(tmp_path: Path) -> None:
    meta = _meta("sources:\n  a:\n    published: 2024-01-02\n    outlet: Meta Paper\n    title: Meta\n")
    src = _read(tmp_path, "a.txt", "---\npublished: 2023-05-06\ntitle: Front\n---\n" + STORY, meta["a"])
    assert src.published == dt.date(2023, 5, 6)
    assert src.published_from == "front-matter"
    assert src.title == "Front"
    assert src.outlet == "Meta Paper"  # what the front matter does not give still comes through


def test_metadata_wins_over_a_dateline(tmp_path: Path) -> None:
    meta = _meta("sources:\n  a:\n    published: 2024-01-02\n")
    src = _read(tmp_path, "a.txt", "Published October 26, 2024\n" + STORY, meta["a"])
    assert src.published == dt.date(2024, 1, 2)
    assert src.published_from == "metadata"
    assert src.how_published == "from the metadata"
    assert _story(src) == [STORY.strip()]  # the dateline is still not part of the story


def test_metadata_published_that_is_not_a_date_names_the_metadata_file(tmp_path: Path) -> None:
    meta = _meta("sources:\n  a:\n    title: T\n    published: soon\n")
    with pytest.raises(TimelineError) as info:
        _read(tmp_path, "a.txt", STORY, meta["a"])
    assert str(info.value) == "meta.yaml:4: published: 'soon' is not a date (use YYYY-MM-DD)"


# -- datelines ----------------------------------------------------------------------------
def test_dateline_prefix_is_cut_from_the_first_sentence(tmp_path: Path) -> None:
    raw = "date 2025-06-25 Speaking to reporters, the minister said the plan would go ahead.\n"
    src = _read(tmp_path, "a.txt", raw + STORY)
    assert src.published == dt.date(2025, 6, 25)
    assert src.published_from == "dateline"
    assert src.how_published == "dateline 'date 2025-06-25'"
    first = src.sentences[0]
    assert first.text == "Speaking to reporters, the minister said the plan would go ahead."
    assert src.text[first.start : first.end] == first.text
    assert first.boilerplate == ""


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Published October 26, 2024", dt.date(2024, 10, 26)),
        ("Saturday 20 July 2024 14.32 BST", dt.date(2024, 7, 20)),
        ("Published: Saturday 20 July 2024 14.32 BST", dt.date(2024, 7, 20)),
        ("20 July 2024", dt.date(2024, 7, 20)),
    ],
)
def test_dateline_near_the_top(tmp_path: Path, line: str, day: dt.date) -> None:
    src = _read(tmp_path, "a.txt", f"Council backs budget\n{line}\n{STORY}")
    assert src.published == day
    assert src.published_from == "dateline"
    assert src.title == "Council backs budget"
    assert _story(src) == [STORY.strip()]


def test_date_label_with_nothing_after_is_not_a_dateline(tmp_path: Path) -> None:
    raw = "Council backs budget\nDate:\nThe council met on 3 May 2023 and agreed a budget.\n"
    src = _read(tmp_path, "a.txt", raw)
    assert src.published is None
    assert src.published_from == "unknown"
    assert "The council met on 3 May 2023 and agreed a budget." in _story(src)


def test_dateline_far_down_the_article_does_not_count(tmp_path: Path) -> None:
    raw = STORY * 9 + "Published October 26, 2024\n"
    assert _read(tmp_path, "a.txt", raw).published is None


def test_short_story_sentence_starting_with_a_date_is_not_a_dateline(tmp_path: Path) -> None:
    raw = "---\npublished: 2024-05-01\n---\n" + STORY + "On March 3, 2024, the mayor resigned.\n"
    src = _read(tmp_path, "a.txt", raw)
    assert src.published == dt.date(2024, 5, 1)
    assert _story(src) == [STORY.strip(), "On March 3, 2024, the mayor resigned."]


# -- inference ----------------------------------------------------------------------------
def test_undated_article_gets_the_date_it_states(tmp_path: Path) -> None:
    raw = STORY + (
        "On March 3, 2024, the mayor of the city resigned after a long row with the "
        "council over the budget.\n"
    )
    (src,) = sources.infer_dates([_read(tmp_path, "a.txt", raw)])
    assert src.published == dt.date(2024, 3, 3)
    assert src.published_from == "inferred"
    assert src.how_published.startswith("the latest past date the article states")


def test_undated_article_with_a_short_dated_sentence_is_inferred(tmp_path: Path) -> None:
    raw = STORY + "On March 3, 2024, the mayor resigned.\n"
    (src,) = sources.infer_dates([_read(tmp_path, "a.txt", raw)])
    assert src.published == dt.date(2024, 3, 3)
    assert src.published_from == "inferred"
    assert "On March 3, 2024, the mayor resigned." in _story(src)


def test_article_without_dates_gets_the_collection_median(tmp_path: Path) -> None:
    dated = [
        _read(tmp_path, f"k{m}.txt", f"---\npublished: 2024-0{m}-01\n---\n{STORY}") for m in (1, 3, 2)
    ]
    undated = _read(tmp_path, "u.txt", STORY)
    out = sources.infer_dates([undated, *dated])
    assert out[0].published == dt.date(2024, 2, 1)
    assert out[0].published_from == "inferred"
    assert out[0].how_published == "median publication date of the other articles"
    assert out[1:] == dated  # dated sources are left as they were


def test_article_without_dates_alone_stays_unknown(tmp_path: Path) -> None:
    (src,) = sources.infer_dates([_read(tmp_path, "u.txt", STORY)])
    assert src.published is None
    assert src.published_from == "unknown"
    assert src.how_published == "no date in the text and no dated article to compare with"


# -- discovery ----------------------------------------------------------------------------
def test_discover_skips_readme_hidden_private_and_output(tmp_path: Path) -> None:
    names = [
        "README.md", "readme.txt", "README", ".hidden.txt", "_draft.txt", "notes.yaml", "pic.png",
        ".git/x.txt", "_private/y.txt", "sub/_z.txt", "out/old.txt", "out/index.html",
        "b.txt", "B.md", "a.htm", "sub/c.html", "sub/deeper/d.markdown", "e.TXT",
    ]
    for name in names:
        _write(tmp_path, name, "text")
    found = sources.discover(tmp_path, exclude=[tmp_path / "out"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "B.md", "a.htm", "b.txt", "e.TXT", "sub/c.html", "sub/deeper/d.markdown",
    ]


def test_discover_excludes_an_output_folder_given_as_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "src/a.txt", "text")
    _write(tmp_path, "src/site/b.txt", "text")
    monkeypatch.chdir(tmp_path)
    found = sources.discover(Path("src"), exclude=[Path("src/site")])
    assert [p.as_posix() for p in found] == ["src/a.txt"]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"), min_size=1),
       st.sampled_from(sorted(sources.EXTENSIONS)))
def test_an_articles_id_from_its_name_is_its_ids(stem: str, extension: str) -> None:
    name = stem + extension
    if sources.is_source_name(name):
        assert sources.id_for_name(name) == sources.id_for(Path(name))


@pytest.mark.parametrize("where, folder", [
    ("work", "src"), ("work", "./src"), ("work", "src/../src"), ("work/src", "."),
    ("work/src/sub", ".."), ("elsewhere", "../work/src"), ("work", "ABSOLUTE"),
])
def test_articles_are_shown_as_their_paths_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               where: str, folder: str) -> None:
    """The build shows each article as `_display` shows its path, from the path within the
    folder alone (`_shown_under`), however the folder is given and wherever it is built from."""
    from timeline import pipeline

    for name in ("a.txt", "sub/b.md", "sub/deeper/c.html"):
        _write(tmp_path / "work" / "src", name, "text")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / where)
    given = tmp_path / "work" / "src" if folder == "ABSOLUTE" else Path(folder)
    shown = pipeline._shown_under(given)
    found = sources.found_in(given)
    assert [w for w, _ in found] == ["a.txt", "sub/b.md", "sub/deeper/c.html"]
    assert [shown(w, p) for w, p in found] == [pipeline._display(Path(p)) for _, p in found]


def _walk_reference(folder: Path, exclude: Iterable[Path], skipped: list[tuple[Path, str]]
                    ) -> list[Path]:
    """`discover` as it was written first, on os.walk with a stat per file: the oracle."""
    root = os.path.realpath(folder)
    excluded = [os.path.realpath(p) for p in exclude]

    def is_excluded(real: str) -> bool:
        return any(real == e or real.startswith(e + os.sep) for e in excluded)

    found, left_out = [], []
    for dirpath, dirnames, filenames in os.walk(folder):
        rel_dir = os.path.relpath(dirpath, folder)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        real_dir = os.path.join(root, rel_dir)
        kept = []
        for name in dirnames:
            if name.startswith((".", "_")):
                continue
            p = Path(dirpath, name)
            if os.path.islink(p):
                if sources.links_outside(folder, p):
                    left_out.append((rel_dir + name, p, "links outside the sources folder, skipped"))
            elif not is_excluded(os.path.join(real_dir, name)):
                kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            p = Path(dirpath, name)
            if not sources.is_source_name(name):
                continue
            rel = rel_dir + name
            if os.path.islink(p):
                if sources.links_outside(folder, p):
                    left_out.append((rel, p, "links outside the sources folder, skipped"))
                    continue
                if not p.exists():
                    left_out.append((rel, p, "broken symbolic link, skipped"))
                    continue
                if p.is_dir():
                    continue
                real = str(p.resolve())
            else:
                real = os.path.join(real_dir, name)
            if not p.is_file():
                left_out.append((rel, p, "not a regular file, skipped"))
                continue
            if not is_excluded(real):
                found.append((rel, p))
    skipped.extend((p, why) for _, p, why in sorted(left_out, key=lambda x: x[0]))
    return [p for _, p in sorted(found, key=lambda x: x[0])]


NAMES = st.sampled_from(["a.txt", "b.md", "C.HTML", "readme.md", "_d.txt", ".e.txt", "f.png",
                         "g.markdown", "h", "site", "sub", "_priv", ".git", "x.htm"])
ENTRIES = st.lists(st.tuples(
    st.sampled_from(["file", "dir", "link-in", "link-dir-in", "link-out", "link-dir-out",
                     "broken", "loop", "fifo"]),
    st.lists(NAMES, min_size=1, max_size=3)), max_size=25)


@settings(max_examples=150, deadline=None)
@given(ENTRIES)
def test_discover_finds_and_skips_what_a_walk_with_a_stat_per_file_does(
        entries: list[tuple[str, list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, outside = Path(tmp) / "src", Path(tmp) / "outside"
        src.mkdir()
        outside.mkdir()
        (outside / "o.txt").write_text("x")
        first: Path | None = None
        for kind, parts in entries:
            path = src.joinpath(*parts)
            if os.path.lexists(path):  # taken (writing into a pipe would wait forever)
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if kind == "file":
                    path.write_text("text")
                    first = first or path
                elif kind == "dir":
                    path.mkdir(exist_ok=True)
                elif kind == "link-in" and first is not None:
                    path.symlink_to(first)
                elif kind == "link-dir-in":
                    path.symlink_to(src, target_is_directory=True)
                elif kind == "link-out":
                    path.symlink_to(outside / "o.txt")
                elif kind == "link-dir-out":
                    path.symlink_to(outside, target_is_directory=True)
                elif kind == "broken":
                    path.symlink_to(Path(tmp) / "nothing")
                elif kind == "loop":
                    path.symlink_to(path)
                elif kind == "fifo":
                    os.mkfifo(path)
            except OSError:  # the name is taken by something else: not this case
                continue
        exclude = [src / "site"]
        got: list[tuple[Path, str]] = []
        want: list[tuple[Path, str]] = []
        assert sources.discover(src, exclude, got) == _walk_reference(src, exclude, want)
        assert got == want


# -- offsets back into the file -----------------------------------------------------------
def test_markdown_quotes_map_back_to_the_file(tmp_path: Path) -> None:
    raw = (
        "---\ntitle: T\n---\n# Budget day\n\n"
        "The **mayor** of [Springfield](https://example.org/s) resigned on *Monday*.\n\n"
        "![a photo](p.png)\n\nA second `quoted` paragraph follows here.\n"
    )
    src = _read(tmp_path, "a.md", raw)
    spans = {s.text: src.raw[src.raw_offset(s.start) : src.raw_end(s.end)] for s in src.sentences}
    assert spans == {
        "Budget day": "Budget day",
        "The mayor of Springfield resigned on Monday.":
            "The **mayor** of [Springfield](https://example.org/s) resigned on *Monday*.",
        "A second quoted paragraph follows here.": "A second `quoted` paragraph follows here.",
    }


def test_html_quotes_map_back_to_the_file(tmp_path: Path) -> None:
    raw = (
        "<html><head><title>Page</title><meta property='og:title' content='OG title'>"
        "<meta name='author' content='Ann Lee'>"
        "<meta property='article:published_time' content='2024-05-06T10:00:00Z'>"
        "<style>p { color: red }</style></head><body><script>var s = 'Hidden.';</script>"
        "<p>Tom &amp; Jerry met the mayor on Friday.</p>\n"
        "<p>The caf&eacute;   closed &lt;for good&gt; in June.</p></body></html>"
    )
    src = _read(tmp_path, "a.html", raw)
    assert (src.title, src.author, src.published) == ("OG title", "Ann Lee", dt.date(2024, 5, 6))
    assert [s.text for s in src.sentences] == [
        "Tom & Jerry met the mayor on Friday.", "The café closed <for good> in June.",
    ]
    spans = [src.raw[src.raw_offset(s.start) : src.raw_end(s.end)] for s in src.sentences]
    assert spans == [
        "Tom &amp; Jerry met the mayor on Friday.",
        "The caf&eacute;   closed &lt;for good&gt; in June.",
    ]


def test_html_without_meta_uses_title_tag_and_time_element(tmp_path: Path) -> None:
    raw = ("<html><head><title>The  page title</title></head><body>"
           "<p>Posted <time datetime='2024-02-03'>Feb 3</time></p><p>" + STORY + "</p></body></html>")
    src = _read(tmp_path, "a.htm", raw)
    assert src.title == "The page title"
    assert src.published == dt.date(2024, 2, 3)


def test_html_quote_ending_in_an_entity_keeps_the_whole_entity(tmp_path: Path) -> None:
    raw = "<p>The mayor said &ldquo;we are done.&rdquo; Then he left the hall.</p>"
    src = _read(tmp_path, "a.html", raw)
    first = src.sentences[0]
    assert first.text == "The mayor said “we are done.”"
    assert src.raw[src.raw_offset(first.start) : src.raw_end(first.end)] == (
        "The mayor said &ldquo;we are done.&rdquo;"
    )


def test_plain_text_offsets_are_the_file_offsets(tmp_path: Path) -> None:
    src = _read(tmp_path, "a.txt", STORY + STORY)
    assert src.runs == ()
    assert src.raw_offset(17) == 17
    assert src.raw_end(40) == 40


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("On May 16, 2025, talks were held.\n".encode("utf-16"))
    text, warnings = sources.decode(p.read_bytes(), "u16.txt")
    assert text.startswith("On May 16, 2025") and warnings == []

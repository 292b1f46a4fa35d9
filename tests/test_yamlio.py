"""YAML loading that keeps line numbers and refuses what hand-edited YAML gets wrong."""

from __future__ import annotations

import time

import pytest

from timeline import yamlio
from timeline.errors import TimelineError


def _error(text: str) -> TimelineError:
    with pytest.raises(TimelineError) as info:
        yamlio.load(text, "f.yaml")
    return info.value


def test_plain_documents() -> None:
    assert yamlio.load("", "f.yaml") is None
    assert yamlio.load("- a\n- b\n", "f.yaml") == ["a", "b"]
    assert yamlio.load("a: 1\nb: [x, y]\n", "f.yaml") == {"a": 1, "b": ["x", "y"]}


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ("a: 1\nb: 2\na: 3\n", (3, 1), "a"),
        ("top:\n  x: 1\n  y: 2\n  x: 3\n", (4, 3), "x"),
        ("list:\n  - name: a\n    name: b\n", (3, 5), "name"),
        ("{a: 1, a: 2}\n", (1, 8), "a"),
    ],
)
def test_duplicate_keys_are_refused(text: str, where: tuple[int, int], key: str) -> None:
    err = _error(text)
    assert err.message == f"duplicate key {key!r}"
    assert (err.path, err.line, err.column) == ("f.yaml", *where)
    assert str(err) == f"f.yaml:{where[0]}:{where[1]}: duplicate key {key!r}"


def test_line_numbers_of_nested_mappings() -> None:
    data = yamlio.load(
        "# comment\n"
        "top:\n"
        "  inner:\n"
        "    k: v\n"
        "  list:\n"
        "    - name: a\n"
        "      v: 1\n"
        "    - name: b\n",
        "f.yaml",
    )
    assert isinstance(data, yamlio.Located)
    assert (data.line, data.column) == (2, 1)
    assert data.key_lines == {"top": (2, 1)}
    top = data["top"]
    assert (top.line, top.column) == (3, 3)
    assert top.key_lines == {"inner": (3, 3), "list": (5, 3)}
    assert (top["inner"].line, top["inner"].column) == (4, 5)
    second = top["list"][1]
    assert (second.line, second.column) == (8, 7)
    assert yamlio.where(top, "list") == (5, 3)
    assert yamlio.where(top) == (3, 3)
    assert yamlio.where(top, "missing") == (3, 3)
    assert yamlio.where(second["name"]) == (None, None)
    assert yamlio.where({"a": 1}, "a") == (None, None)


def test_keys_become_strings() -> None:
    # Keys as written: an id "001" must not become 1, nor "true" become True.
    assert yamlio.load("001: a\ntrue: b\n", "f.yaml") == {"001": "a", "true": "b"}


def test_non_scalar_key_is_refused() -> None:
    err = _error("? [a, b]\n: c\n")
    assert str(err) == "f.yaml:1:3: a mapping key must be a plain value"


def test_syntax_error_carries_line_and_column() -> None:
    err = _error("a: 1\nb: : 2\n")
    assert (err.line, err.column) == (2, 4)
    assert err.message == "invalid YAML: mapping values are not allowed here"


def test_several_documents_are_refused() -> None:
    err = _error("a: 1\n---\nb: 2\n")
    assert err.line == 2
    assert err.message.startswith("invalid YAML: ")


@pytest.mark.parametrize(
    ("text", "where"),
    [("a:\n\tb: 1\n", (2, 1)), ("a:\n  b: 1\n\tc: 2\n", (3, 1))],
)
def test_tab_indentation_is_located(text: str, where: tuple[int, int]) -> None:
    err = _error(text)
    assert (err.line, err.column) == where
    assert err.message.startswith("invalid YAML: found character")


def test_tab_indentation_error_says_tabs_are_not_allowed() -> None:
    err = _error("a:\n\tb: 1\n")
    assert err.message.endswith("(YAML does not allow tabs for indentation)")


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    err = _error(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1.0
    assert err.message == f"more than {yamlio.MAX_ALIASES} YAML aliases; refusing to expand them"
    assert (err.path, err.line) == ("f.yaml", 7)


def test_aliases_up_to_the_limit_are_fine() -> None:
    text = "base: &b {x: 1}\n" + "".join(f"k{i}: *b\n" for i in range(yamlio.MAX_ALIASES))
    data = yamlio.load(text, "f.yaml")
    assert len(data) == yamlio.MAX_ALIASES + 1
    assert data["k0"] == {"x": 1}
    err = _error(text + "one_more: *b\n")
    assert err.line == yamlio.MAX_ALIASES + 2


def test_sequences_know_where_each_item_stands() -> None:
    data = yamlio.load("a:\n  - x\n  - {b: 1}\nc: [1, 2]\n", "f.yaml")
    assert data == {"a": ["x", {"b": 1}], "c": [1, 2]}
    assert [yamlio.where_item(data["a"], i) for i in range(2)] == [(2, 5), (3, 5)]
    assert yamlio.where_item(data["c"], 1) == (4, 8)
    assert yamlio.where_item(data["c"], 5, (9, 9)) == (9, 9)  # no such item: the fallback
    assert yamlio.where_item(["plain"], 0) == (None, None)

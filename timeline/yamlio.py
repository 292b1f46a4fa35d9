"""Safe YAML loading that keeps line numbers and refuses what hand-edited YAML gets wrong.

PyYAML silently keeps the last of two duplicate keys and expands aliases without limit; a
hand-edited events file deserves better.  Every mapping loaded here remembers the line it
starts on (and each key's line), so validation messages can say `file:line:column`.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import TimelineError

MAX_ALIASES = 50


class Located(dict[str, Any]):
    """A mapping from YAML that knows where it and each of its keys stand in the file."""

    line: int = 0
    column: int = 0
    key_lines: dict[str, tuple[int, int]]


class LocatedList(list[Any]):
    """A sequence from YAML that knows where each of its items stands in the file."""

    line: int = 0
    column: int = 0
    item_lines: list[tuple[int, int]]


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self.path = path
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise TimelineError(
                    f"more than {MAX_ALIASES} YAML aliases; refusing to expand them",
                    self.path, mark.line + 1, mark.column + 1)
        return super().compose_node(parent, index)

    def construct_located_mapping(self, node: yaml.MappingNode) -> Located:
        out = Located()
        out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise TimelineError("a mapping key must be a plain value", self.path,
                                    key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            # Keys as written: "001" stays "001", not the integer 1.
            skey = str(key_node.value)
            if skey in out:
                raise TimelineError(f"duplicate key {skey!r}", self.path,
                                    key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[skey] = self.construct_object(value_node, deep=True)
            out.key_lines[skey] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out

    def construct_located_sequence(self, node: yaml.SequenceNode) -> LocatedList:
        out = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1
        out.item_lines = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
        return out


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads it; an impossible one (2025-02-30) stays text for the validator."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _Loader.construct_located_mapping,
)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    _Loader.construct_located_sequence,
)


def decode(data: bytes, path: str) -> str:
    """The text of a YAML file: UTF-8, a BOM dropped; anything else is the user's to fix."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise TimelineError(f"not valid UTF-8 (byte {e.start}); save the file as UTF-8",
                            path, line) from e


def load(text: str, path: str) -> Any:
    """Parse one YAML document; errors become TimelineError with the file and line."""
    try:
        loader = _Loader(text, path)
    except yaml.reader.ReaderError as e:  # a character YAML does not allow (NUL, controls)
        at = e.position
        raise TimelineError(f"invalid YAML: character #x{e.character:04x} is not allowed", path,
                            text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)) from e
    try:
        return loader.get_single_data()
    except TimelineError:
        raise
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = (e.problem or e.context or "invalid YAML").strip()
        if "'\\t'" in str(e) or "tab" in str(e).lower():
            problem += " (YAML does not allow tabs for indentation)"
        raise TimelineError(f"invalid YAML: {problem}", path, line, col) from e
    except yaml.YAMLError as e:
        raise TimelineError(f"invalid YAML: {e}", path) from e
    finally:
        loader.dispose()


def where(mapping: Any, key: str | None = None) -> tuple[int | None, int | None]:
    """(line, column) of a mapping, or of one of its keys, when known."""
    if isinstance(mapping, Located):
        if key is not None and key in getattr(mapping, "key_lines", {}):
            return mapping.key_lines[key]
        return mapping.line, mapping.column
    return None, None


def where_item(sequence: Any, index: int, fallback: tuple[int | None, int | None] = (None, None)
               ) -> tuple[int | None, int | None]:
    """(line, column) of one item of a sequence, when known; else `fallback`."""
    if isinstance(sequence, LocatedList) and 0 <= index < len(getattr(sequence, "item_lines", ())):
        return sequence.item_lines[index]
    return fallback

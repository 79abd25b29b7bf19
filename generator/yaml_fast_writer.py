"""Write plain data (dict, list, str, int, bool, None) as the ruamel writer would, fast.

ruamel.yaml's round-trip writer costs about 10 ms per 1,000 scalars (tag objects, the
serializer, the emitter's analysis of every scalar), which is most of `catgen extract` on a
large document. This writer lays out block mappings and sequences exactly as ruamel does with
yamlload's settings (indent: mapping 2, sequence 4, offset 2) and writes the scalars it can
render with certainty itself: integers, booleans, null, and strings that are plain for both
ruamel's emitter and the reader's resolver, folded at the width by ruamel's own rules. Any
other string is written by ruamel in the same column and indentation (a one-entry copy of its
path), so quoting and escaping stay ruamel's. Data it cannot lay out (a shared container,
which ruamel writes as an anchor; a key that needs quoting or is too long for a simple key;
another type) makes `dump_plain` return None and the caller writes the whole document with
ruamel. tests/test_yaml_writer_property.py checks byte equality against ruamel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_STR = "tag:yaml.org,2002:str"
# Characters ruamel's emitter writes unescaped with allow_unicode (its analyze_scalar),
# less the YAML 1.1 line breaks (U+2028, U+2029) yamlload's emitter double-quotes and
# the characters outside the Basic Multilingual Plane (left to ruamel).
_PLAIN_CHARS = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
# A string ruamel writes plain in block context: no leading indicator, no leading or
# trailing space, no `: ` or ` #` inside, no trailing `:`, no document marker.
_PLAIN = re.compile(
    rf"(?!---|\.\.\.)(?![\s#,\[\]{{}}&*!|>'\"%@`?:\-])[{_PLAIN_CHARS}]+", re.DOTALL
)
_INDICATOR = re.compile(r": | #|[: ]$")
_QUOTABLE = re.compile(f"[{_PLAIN_CHARS}]*")  # no escapes: single quotes can hold it
_TOKENS = re.compile(r" +|[^ ]+")
_MAX_SIMPLE_KEY = 128  # ruamel's MAX_SIMPLE_KEY_LENGTH: longer keys use `? ` syntax
_PLACEHOLDER = "x"
# Strings rendered by ruamel one at a time cost ~1 ms each; past this many the whole
# document through ruamel is faster.
_RUAMEL_PIECES_LIMIT = 50


class _Fallback(Exception):
    """The data needs something this writer does not lay out; ruamel writes it all."""


def is_plain_string(value: str, tag_of: Callable[[str], str]) -> bool:
    """Tell whether ruamel writes `value` as a plain scalar in block context."""
    return (
        _PLAIN.fullmatch(value) is not None
        and "  " not in value  # CatalogEmitter single-quotes a run of spaces
        and _INDICATOR.search(value) is None
        and tag_of(value) == _STR
    )


def fold_plain(text: str, column: int, indent: int, width: int) -> str:
    """Return ' ' + text folded as ruamel's Emitter.write_plain folds it (no line breaks
    in text), starting after `column` characters, continuation lines at `indent`."""
    if column + 1 + len(text) <= width:
        return " " + text  # it ends before the width: nothing to fold
    parts = [" "]
    column += 1
    newline = "\n" + " " * indent
    for token in _TOKENS.findall(text):
        if token[0] == " ":
            if len(token) == 1 and column >= width:
                parts.append(newline)  # one space at or past the width: break there
                column = indent
                continue
        elif len(token) + column > width and column > indent:
            parts.append(newline)  # a word that would cross the width starts a line
            column = indent
        parts.append(token)
        column += len(token)
    return "".join(parts)


class _Writer:
    """Block-style layout of nested dicts and lists, with ruamel's indentation."""

    def __init__(
        self,
        width: int,
        tag_of: Callable[[str], str],
        render: Callable[[Any], str],
    ) -> None:
        self.width = width if width > 4 else 80  # ruamel's best_width rule
        self.tag_of = tag_of
        self.render = render  # ruamel's writer, for the strings written by it
        self.lines: list[str] = []
        self.path: list[str | None] = []  # keys, None for a list item: the chain
        self.seen: set[int] = set()
        self.placeholders: dict[tuple[str | None, ...], str] = {}
        self.pieces = 0
        self.plain: dict[str, bool] = {}  # is_plain_string, per string met

    def is_plain(self, text: str) -> bool:
        """is_plain_string, remembered: keys and many values repeat."""
        plain = self.plain.get(text)
        if plain is None:
            plain = self.plain[text] = is_plain_string(text, self.tag_of)
        return plain

    def container(self, value: Any) -> None:
        """Refuse a container met twice: ruamel writes it once with an anchor."""
        if id(value) in self.seen:
            raise _Fallback
        self.seen.add(id(value))

    def mapping(self, data: dict[Any, Any], indent: int, pending: str) -> None:
        """Write a non-empty mapping's keys at `indent`; the first one after `pending`."""
        self.container(data)
        for key, value in data.items():
            if not (
                type(key) is str and len(key) < _MAX_SIMPLE_KEY and self.is_plain(key)
            ):
                raise _Fallback
            line = (pending.ljust(indent) if pending else " " * indent) + key + ":"
            pending = ""
            self.path.append(key)
            self.value(value, line, indent, indent + 2)
            self.path.pop()

    def sequence(self, data: list[Any], base: int, pending: str) -> None:
        """Write a non-empty sequence: dashes at base + 2, items at base + 4."""
        self.container(data)
        self.path.append(None)
        for item in data:
            line = (pending.ljust(base + 2) if pending else " " * (base + 2)) + "-"
            pending = ""
            if type(item) is dict and item:
                self.mapping(item, base + 4, line + " ")
            elif type(item) is list and item:
                self.sequence(item, base + 4, line)
            else:
                self.value(item, line, base + 4, base + 4)
        self.path.pop()

    def value(self, value: Any, line: str, indent: int, scalar_indent: int) -> None:
        """Write a value after `line` (a key and colon, or a dash)."""
        kind = type(value)
        if kind is dict and value:
            self.lines.append(line + "\n")
            self.mapping(value, indent + 2, "")
        elif kind is list and value:
            self.lines.append(line + "\n")
            self.sequence(value, indent, "")
        elif kind is dict or kind is list:
            self.container(value)
            self.lines.append(line + (" {}\n" if kind is dict else " []\n"))
        else:
            self.lines.append(line + self.scalar(value, len(line), scalar_indent))

    def scalar(self, value: Any, column: int, indent: int) -> str:
        """Render a scalar written after `column` characters, with its line break."""
        kind = type(value)
        if value is None:
            return " \n" if self.path[-1] is None else "\n"  # ruamel's quirk for `- `
        if kind is bool:
            return " true\n" if value else " false\n"
        if kind is int:
            return f" {value}\n"
        if kind is not str:
            raise _Fallback
        if self.is_plain(value) and indent < self.width // 2:
            return fold_plain(value, column, indent, self.width) + "\n"
        if (
            self.tag_of(value) != _STR  # read as another type when plain: quoted
            and "'" not in value
            and column + len(value) + 3 <= self.width  # ends before any fold
            and _QUOTABLE.fullmatch(value) is not None
        ):
            return f" '{value}'\n"  # `''`, `'010'`, `'yes'`: ruamel's single quotes
        return self.by_ruamel(value)

    def by_ruamel(self, value: str) -> str:
        """Render one string with ruamel, on a copy of its path holding just it."""
        self.pieces += 1
        if self.pieces > _RUAMEL_PIECES_LIMIT:
            raise _Fallback
        key = tuple(self.path)
        if key not in self.placeholders:
            self.placeholders[key] = self.render(self.chain(_PLACEHOLDER))
        before = self.placeholders[key]
        rendered = self.render(self.chain(value))
        cut = len(before) - len(_PLACEHOLDER) - 2  # the text before " x\n"
        if (
            not before.endswith(f" {_PLACEHOLDER}\n")
            or rendered[:cut] != before[:cut]
            or rendered.endswith("\n...\n")
        ):
            raise _Fallback
        return rendered[cut:]

    def chain(self, value: Any) -> Any:
        """Nest `value` in one-entry copies of the containers on the current path."""
        for step in reversed(self.path):
            value = [value] if step is None else {step: value}
        return value


def dump_plain(
    data: Any,
    width: int,
    tag_of: Callable[[str], str],
    render: Callable[[Any], str],
) -> str | None:
    """Return data written as ruamel writes it, or None when ruamel must write it."""
    if type(data) not in (dict, list):
        return None
    if not data:
        return "{}\n" if type(data) is dict else "[]\n"
    writer = _Writer(width, tag_of, render)
    try:
        if type(data) is dict:
            writer.mapping(data, 0, "")
        else:
            writer.sequence(data, 0, "")
    except _Fallback:
        return None
    return "".join(writer.lines)

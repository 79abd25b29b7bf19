"""catgen's table markers, both directions: find and replace marked regions, insert and
remove marker lines, and report every malformed, unbalanced or duplicate marker.

A marker is a line of its own, optionally indented (a table inside a list item has its
markers indented like the table): `<!-- catgen:begin table=ID -->` or
`<!-- catgen:end table=ID -->`. Any other line whose text starts with `<!-- catgen:` is a
malformed marker. Lines end at `\\r\\n`, `\\r` or `\\n`, as Markdown counts them.

generate, check and extract all read and write markers through this module only.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: typing costs import time on the hot path
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Protocol

    from ..errors import Problem

    class Span(Protocol):
        """A table to mark: 1-based first and last line, inclusive."""

        @property
        def id(self) -> str: ...
        @property
        def first_line(self) -> int: ...
        @property
        def last_line(self) -> int: ...


TABLE_ID = r"[a-z0-9][a-z0-9_.-]*"
_ID_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ID_CHARS = _ID_START | frozenset("_.-")
_PREFIX = "<!-- catgen:"
_SPACE = " \t"
USAGE = "write `<!-- catgen:begin table=ID -->` or `<!-- catgen:end table=ID -->` alone on the line"


def begin_marker(table_id: str) -> str:
    """Return the begin marker line of `table_id` (no indent, no line end)."""
    return f"<!-- catgen:begin table={table_id} -->"


def end_marker(table_id: str) -> str:
    """Return the end marker line of `table_id` (no indent, no line end)."""
    return f"<!-- catgen:end table={table_id} -->"


def is_table_id(text: str) -> bool:
    """Return whether `text` matches TABLE_ID."""
    return bool(text) and text[0] in _ID_START and _ID_CHARS.issuperset(text)


class Region:
    """The body lines between a begin and an end marker (0-based, end exclusive)."""

    __slots__ = ("table_id", "start", "end", "indent")

    def __init__(self, table_id: str, start: int, end: int, indent: str) -> None:
        self.table_id = table_id
        self.start = start
        self.end = end
        self.indent = indent  # of the body's first line, else of the begin marker

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Region) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Region{self._key()!r}"

    def _key(self) -> tuple[str, int, int, str]:
        return (self.table_id, self.start, self.end, self.indent)


# (1-based line, 1-based column, what is wrong, how to fix it)
RawProblem = tuple[int, int, str, str]


def split_lines(text: str) -> list[str]:
    """Split after each `\\r\\n`, `\\r` or `\\n`, keeping the line ends."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    if "\r" in text:
        lines = [part for line in lines for part in _split_at_cr(line)]
    return lines


def _split_at_cr(line: str) -> list[str]:
    ending = "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else ""
    parts = line[: len(line) - len(ending)].split("\r")
    out = [part + "\r" for part in parts[:-1]]
    if parts[-1] or ending:
        out.append(parts[-1] + ending)
    return out


def parse_marker(line: str) -> tuple[str, str, str] | str | None:
    """Read one line: (kind, table id, indent) for a marker, "malformed" for a line that
    starts like a marker but is not one, None for any other line."""
    content = line.rstrip("\r\n")
    text = content.lstrip(_SPACE)
    if not text.startswith("<!--") or not text[4:].lstrip(_SPACE).lower().startswith(
        "catgen:"
    ):
        return None
    kind, _, rest = text.rstrip(_SPACE)[len(_PREFIX) :].partition(" table=")
    table_id = rest[:-4]
    if (
        not text.startswith(_PREFIX)
        or kind not in ("begin", "end")
        or not rest.endswith(" -->")
        or not is_table_id(table_id)
    ):
        return "malformed"
    return kind, table_id, content[: len(content) - len(text)]


def scan_markers(text: str) -> tuple[list[Region], list[RawProblem]]:
    """Return the regions of a document and every problem with its markers."""
    return _Scanner().scan(split_lines(text))


class _Scanner:
    """One pass over the lines: pairs begin and end markers, collects problems."""

    def __init__(self) -> None:
        self.regions: list[Region] = []
        self.problems: list[RawProblem] = []
        self.open: tuple[str, int, str] | None = None  # id, begin line index, indent
        self.seen: set[str] = set()

    def scan(self, lines: Sequence[str]) -> tuple[list[Region], list[RawProblem]]:
        for index, line in enumerate(lines):
            marker = parse_marker(line)
            if marker == "malformed":
                column = len(line) - len(line.lstrip(_SPACE)) + 1
                self.problem(index, column, "malformed catgen marker", USAGE)
            elif isinstance(marker, tuple):
                kind, table_id, indent = marker
                if kind == "begin":
                    self.begin(index, table_id, indent)
                else:
                    self.end(index, table_id, indent, lines)
        if self.open is not None:
            table_id, index, indent = self.open
            self.problem(
                index,
                len(indent) + 1,
                f"region {table_id!r} is never closed",
                f"add {end_marker(table_id)} after the table",
            )
        return self.regions, self.problems

    def problem(self, index: int, column: int, message: str, hint: str) -> None:
        self.problems.append((index + 1, column, message, hint))

    def begin(self, index: int, table_id: str, indent: str) -> None:
        if self.open is not None:
            self.problem(
                index,
                len(indent) + 1,
                f"begin marker for {table_id!r} inside region {self.open[0]!r}",
                f"close {self.open[0]!r} first with {end_marker(self.open[0])}",
            )
            return
        if table_id in self.seen:
            self.problem(
                index,
                len(indent) + 1,
                f"table {table_id!r} is marked twice",
                "each table id may own one region",
            )
        self.open = (table_id, index, indent)
        self.seen.add(table_id)

    def end(self, index: int, table_id: str, indent: str, lines: Sequence[str]) -> None:
        if self.open is None or self.open[0] != table_id:
            self.problem(
                index,
                len(indent) + 1,
                f"end marker for {table_id!r} without a matching begin marker",
                f"add {begin_marker(table_id)} above the table, or fix the id",
            )
            return
        start = self.open[1] + 1
        body = [line for line in lines[start:index] if line.strip()]
        indent = self.open[2]
        if body:
            indent = body[0][: len(body[0]) - len(body[0].lstrip(_SPACE))]
        self.regions.append(Region(table_id, start, index, indent))
        self.open = None


def find_regions(text: str, path: str) -> list[Region]:
    """Return the marked regions of a document; any marker problem is a DocumentError."""
    regions, problems = scan_markers(text)
    if problems:
        raise marker_error(path, problems)
    return regions


def marker_error(path: str, problems: Iterable[RawProblem]) -> Exception:
    """Return the DocumentError (exit 4) that lists `problems` located in `path`."""
    from ..errors import DocumentError, Location, Problem

    located: list[Problem] = [
        Problem(Location(path, line, column), message, hint)
        for line, column, message, hint in problems
    ]
    return DocumentError(located)


def replace_regions(
    text: str, regions: Sequence[Region], bodies: Mapping[str, Sequence[str]]
) -> str:
    """Return `text` with each region's body replaced by its new lines, indented like
    the old body and ended like most of the document's lines."""
    lines = split_lines(text)
    newline = document_newline(lines)
    out: list[str] = []
    cursor = 0
    for region in regions:
        out.extend(lines[cursor : region.start])
        out.extend(region.indent + line + newline for line in bodies[region.table_id])
        cursor = region.end
    out.extend(lines[cursor:])
    return "".join(out)


def document_newline(lines: Sequence[str]) -> str:
    """Return the line end most of `lines` have (`\\n` on a tie), so that regenerated
    lines never mix endings into a document: one stray CRLF line in an LF document (or
    the reverse) does not decide how every owned table is written."""
    counts = {"\n": 0, "\r\n": 0, "\r": 0}
    for line in lines:
        ending = line[len(line.rstrip("\r\n")) :]
        if ending in counts:
            counts[ending] += 1
    return max(counts, key=lambda ending: counts[ending])  # first key wins a tie


def mark_document(text: str, spans: Iterable[Span]) -> str:
    """Wrap each table span in marker lines indented like the table; nothing else
    changes. A span already inside a marked region keeps its markers."""
    lines = split_lines(text)
    regions, _ = _Scanner().scan(lines)
    marked = {index for r in regions for index in range(r.start, r.end)}
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    for span in spans:
        first, last = span.first_line - 1, span.last_line - 1
        if not 0 <= first <= last < len(lines):
            raise ValueError(f"table span {span} is outside the document")
        if first in marked:
            continue
        indent = lines[first][: len(lines[first]) - len(lines[first].lstrip(_SPACE))]
        before[first] = indent + begin_marker(span.id)
        after[last] = indent + end_marker(span.id)
    out: list[str] = []
    for index, line in enumerate(lines):
        ending = line[len(line.rstrip("\r\n")) :]
        if index in before:
            out.append(before[index] + (ending or _ending_before(lines, index)))
        if index in after and not ending:
            out.append(line + _ending_before(lines, index) + after[index])
            continue
        out.append(line)
        if index in after:
            out.append(after[index] + ending)
    return "".join(out)


def _ending_before(lines: Sequence[str], index: int) -> str:
    """Return the line end of the line before `index`, for a last line that has none."""
    if index > 0:
        previous = lines[index - 1]
        return previous[len(previous.rstrip("\r\n")) :] or "\n"
    return "\n"


def unmark_document(text: str) -> str:
    """Remove every marker line (the inverse of mark_document)."""
    out: list[str] = []
    for line in split_lines(text):
        if isinstance(parse_marker(line), tuple):
            if not line.endswith(("\n", "\r")) and out:
                out[-1] = out[-1].rstrip("\r\n")
            continue
        out.append(line)
    return "".join(out)

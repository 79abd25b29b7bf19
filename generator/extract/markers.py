"""catgen table markers: insert / remove without touching any other byte."""

from __future__ import annotations

import re

from ..marker_syntax import TABLE_ID, begin_marker, end_marker
from .model import TableSpan

_EOL = re.compile(r"\r\n|\r|\n")
_MARKER = re.compile(rf"^[ \t]*<!-- catgen:(?:begin|end) table={TABLE_ID} -->[ \t]*$")


def _pieces(text: str) -> list[list[str]]:
    """[[line, terminator], ...]; the last line may have an empty terminator."""
    out, pos = [], 0
    for m in _EOL.finditer(text):
        out.append([text[pos : m.start()], m.group()])
        pos = m.end()
    if pos < len(text):
        out.append([text[pos:], ""])
    return out


def mark_document(text: str, tables: list[TableSpan]) -> str:
    """Wrap each table span in begin/end marker lines; nothing else changes.

    Spans use 1-based line numbers of ``text`` (as returned by extract_document for it).
    Already-present markers with the same id are kept, not duplicated.
    """
    pieces = _pieces(text)
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    for span in tables:
        first, last = span.first_line - 1, span.last_line - 1
        if not (0 <= first <= last < len(pieces)):
            raise ValueError(f"table span {span} is outside the document")
        indent = re.match(r"[ \t]*", pieces[first][0]).group()
        b = indent + begin_marker(span.id)
        e = indent + end_marker(span.id)
        if not (first > 0 and pieces[first - 1][0] == b):
            before[first] = b
        if not (last + 1 < len(pieces) and pieces[last + 1][0] == e):
            after[last] = e
    out = []
    for i, (line, eol) in enumerate(pieces):
        if i in before:
            out.append(before[i] + (eol or "\n"))
        if i in after:
            if eol:
                out.append(line + eol + after[i] + eol)
            else:
                style = pieces[i - 1][1] if i > 0 and pieces[i - 1][1] else "\n"
                out.append(line + style + after[i])
        else:
            out.append(line + eol)
    return "".join(out)


def unmark_document(text: str) -> str:
    """Remove catgen marker lines (inverse of mark_document)."""
    pieces = _pieces(text)
    out: list[list[str]] = []
    for line, eol in pieces:
        if _MARKER.match(line):
            if not eol and out:
                out[-1][1] = ""
            continue
        out.append([line, eol])
    return "".join(line + eol for line, eol in out)

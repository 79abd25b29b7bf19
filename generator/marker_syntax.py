"""The syntax of catgen's table markers, shared by every reader and writer of them.

No imports at all: `generator.manifest` uses it on the hot path of `catgen check`.
"""

from __future__ import annotations

TABLE_ID = r"[a-z0-9][a-z0-9_.-]*"


def begin_marker(table_id: str) -> str:
    return f"<!-- catgen:begin table={table_id} -->"


def end_marker(table_id: str) -> str:
    return f"<!-- catgen:end table={table_id} -->"


_BEGIN = "<!-- catgen:begin table="
# TABLE_ID as character sets, for the scanner below (a test keeps the two in step).
_ID_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ID_CHARS = _ID_START | frozenset("_.-")


def _is_table_id(text: str) -> bool:
    return bool(text) and text[0] in _ID_START and _ID_CHARS.issuperset(text)


def _line_end(text: str, at: int) -> int:
    """Return the index after the line break that ends a marker at `at` (a \r may
    precede it), len(text) at the end of the text, or -1 if the line goes on."""
    if text.startswith("\r", at):
        at += 1
    if at == len(text):
        return at
    return at + 1 if text.startswith("\n", at) else -1


def marked_regions(text: str) -> list[tuple[str, str]]:
    """Return (table id, body) of every marked region, in document order.

    A region is a begin marker on a line of its own, then the body, then the first
    end marker with the same id on a line of its own; the body is everything between
    the two marker lines. Found with str.find rather than a regular expression so the
    manifest check does not need to import re."""
    regions: list[tuple[str, str]] = []
    start = 0
    while (begin := text.find(_BEGIN, start)) >= 0:
        start = begin + 1
        if begin and text[begin - 1] != "\n":
            continue
        id_end = text.find(" -->", begin + len(_BEGIN))
        table_id = text[begin + len(_BEGIN) : id_end]
        if id_end < 0 or not _is_table_id(table_id):
            continue
        body_start = _line_end(text, id_end + 4)
        if body_start < 0 or body_start == len(text) and not text.endswith("\n"):
            continue
        end = end_marker(table_id)
        search = body_start
        while (close := text.find(end, search)) >= 0:
            search = close + 1
            if (close == body_start or text[close - 1] == "\n") and _line_end(
                text, close + len(end)
            ) >= 0:
                regions.append((table_id, text[body_start:close]))
                start = close + len(end)
                break
    return regions

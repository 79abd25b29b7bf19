"""Find and replace catgen's marked regions in a hand-written document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import DocumentError, Location, Problem
from .marker_syntax import TABLE_ID, begin_marker, end_marker

MARKER = re.compile(rf"^<!-- catgen:(begin|end) table=({TABLE_ID}) -->$")


@dataclass(frozen=True)
class Region:
    """Lines strictly between a begin and an end marker (0-based, end exclusive)."""

    table_id: str
    start: int
    end: int


def split_lines(text: str) -> list[str]:
    """Split keeping line endings, so joining gives back the exact text."""
    return text.splitlines(keepends=True)


def find_regions(text: str, path: str) -> list[Region]:
    """Return the marked regions of a document; unbalanced markers are errors."""
    regions: list[Region] = []
    problems: list[Problem] = []
    open_id: str | None = None
    open_line = 0
    seen: set[str] = set()
    for index, line in enumerate(split_lines(text)):
        match = MARKER.match(line.rstrip("\r\n"))
        if match is None:
            if line.lstrip().startswith("<!-- catgen:"):
                problems.append(
                    Problem(
                        Location(path, index + 1, 1),
                        "malformed catgen marker",
                        "write `<!-- catgen:begin table=ID -->` or "
                        "`<!-- catgen:end table=ID -->` alone on the line",
                    )
                )
            continue
        kind, table_id = match.groups()
        if kind == "begin":
            if open_id is not None:
                problems.append(
                    Problem(
                        Location(path, index + 1, 1),
                        f"begin marker for {table_id!r} inside region {open_id!r}",
                        f"close {open_id!r} first with {end_marker(open_id)}",
                    )
                )
                continue
            if table_id in seen:
                problems.append(
                    Problem(
                        Location(path, index + 1, 1),
                        f"table {table_id!r} is marked twice",
                        "each table id may own one region",
                    )
                )
            open_id, open_line = table_id, index
            seen.add(table_id)
        elif open_id != table_id:
            problems.append(
                Problem(
                    Location(path, index + 1, 1),
                    f"end marker for {table_id!r} without a matching begin marker",
                    f"add {begin_marker(table_id)} above the table, or fix the id",
                )
            )
        else:
            regions.append(Region(table_id, open_line + 1, index))
            open_id = None
    if open_id is not None:
        problems.append(
            Problem(
                Location(path, open_line + 1, 1),
                f"region {open_id!r} is never closed",
                f"add {end_marker(open_id)} after the table",
            )
        )
    if problems:
        raise DocumentError(problems)
    return regions


def replace_regions(text: str, regions: list[Region], bodies: dict[str, str]) -> str:
    """Return `text` with each region's lines replaced by its new body."""
    lines = split_lines(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    out: list[str] = []
    cursor = 0
    for region in regions:
        out.extend(lines[cursor : region.start])
        body = bodies[region.table_id]
        out.extend(line + newline for line in body.splitlines())
        cursor = region.end
    out.extend(lines[cursor:])
    return "".join(out)

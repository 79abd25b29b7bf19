"""The one GFM table engine: read a table, detect its style, render rows in a style.

Round trip law: for a table whose content is unchanged,
`render_table(header, rows, detect_style(table)[0]) == table.source_lines` (after the
common indent) whenever detect_style calls the table canonical. When content changes,
an aligned table keeps its column widths where the new content fits and widens where it
does not; a compact table keeps its separator row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..escape import md_cell, starts_block

ALIGNMENTS = ("left", "center", "right")
# The narrowest separator cell markdown-it accepts for each alignment (`-`, `:-`, `:-:`).
_MIN_SEPARATOR = {None: 1, "left": 2, "right": 2, "center": 3}
_SPACE = " \t"


@dataclass(frozen=True)
class TableStyle:
    """How a table is laid out; each field is one choice a Markdown author makes."""

    aligned: bool = True  # cells padded so the pipes line up; else one space each side
    # Width of each separator cell, colons included. Compact: the separator as drawn;
    # aligned: the least width (columns widen beyond it to fit their content).
    separator_widths: tuple[int, ...] | None = None
    separator_spaces: bool = True  # `| --- |` rather than `|---|`
    outer_pipes: bool = True  # `| a | b |` rather than `a | b`
    align: tuple[str | None, ...] = ()  # per column: left, center, right or None


@dataclass
class RawTable:
    """A GFM table as written: cell texts (pipes unescaped) and its source lines."""

    first_line: int  # 1-based header line
    last_line: int  # 1-based last row line
    header: list[str]
    rows: list[list[str]]
    row_lines: list[int]
    source_lines: list[str]
    # (line, cells found, cells expected) of each row with the wrong number of cells
    cell_count_problems: list[tuple[int, int, int]] = field(default_factory=list)


def cell_starts(line: str) -> list[int]:
    """Return the 0-based offsets where the cells of one raw row line start."""
    lead = len(line) - len(line.lstrip())
    text = line.strip()
    start = lead
    if text.startswith("|"):
        text = text[1:]
        start += 1
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    # As markdown-it splits rows: a pipe right after a backslash is escaped, whatever
    # precedes the backslash (`\\|` is a backslash and an escaped pipe).
    return [start] + [
        start + i + 1
        for i, char in enumerate(text)
        if char == "|" and (i == 0 or text[i - 1] != "\\")
    ]


def _cells(row: Any) -> list[str]:
    return [cell.children[0].content if cell.children else "" for cell in row.children]


def read_table(node: Any, lines: Sequence[str]) -> RawTable:
    """Read a markdown-it `table` node; `lines` are the document's lines."""
    first, last = node.map[0] + 1, node.map[1]
    header: list[str] = []
    rows: list[list[str]] = []
    row_lines: list[int] = []
    for part in node.children:
        for row in part.children:
            if part.type == "thead":
                header = _cells(row)
            else:
                rows.append(_cells(row))
                row_lines.append(row.map[0] + 1)
    problems = [
        (number, found, len(header))
        for number in row_lines
        if (found := len(cell_starts(lines[number - 1]))) != len(header)
    ]
    return RawTable(
        first, last, header, rows, row_lines, list(lines[first - 1 : last]), problems
    )


def render_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], style: TableStyle
) -> list[str]:
    """Return the lines (no indent, no line ends) of a table of escaped cells."""
    outer = _outer_pipes(style, [header, *rows])
    head, separator, body = layout_cells(header, rows, style)
    separator_line = (
        _row(separator, outer)
        if style.separator_spaces
        else "|".join(separator).join(("|", "|") if outer else ("", ""))
    )
    return [_row(head, outer), separator_line, *(_row(row, outer) for row in body)]


def layout_cells(
    header: Sequence[str], rows: Sequence[Sequence[str]], style: TableStyle
) -> tuple[list[str], list[str], list[list[str]]]:
    """Return the header cells, separator cells and row cells, padded for `style`."""
    count = len(header)
    align = [*style.align[:count], *[None] * (count - len(style.align))]
    least = [_MIN_SEPARATOR[a] for a in align]
    given = list(style.separator_widths or ())[:count]
    if not style.aligned:
        widths = [max(w, m) for w, m in zip(given + [3] * (count - len(given)), least)]
        return list(header), _separator(widths, align), [list(r) for r in rows]
    pads = _separator_pads(style, count, _outer_pipes(style, [header, *rows]))
    columns = [0] * count
    for row in (header, *rows):
        columns = [max(w, len(cell)) for w, cell in zip(columns, row, strict=True)]
    columns = [max(w, m - p) for w, m, p in zip(columns, least, pads)]
    columns = [max(w, g - p) for w, g, p in zip(columns, given + [0] * count, pads)]
    return (
        _padded(header, columns),
        _separator([w + p for w, p in zip(columns, pads)], align),
        [_padded(row, columns) for row in rows],
    )


def _padded(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    return [cell.ljust(width) for cell, width in zip(cells, widths, strict=True)]


def _separator_pads(style: TableStyle, count: int, outer: bool) -> list[int]:
    """Return how much wider than its column each separator cell is drawn: a tight
    separator also spans the spaces that pad the row cells."""
    if style.separator_spaces:
        return [0] * count
    pads = [2] * count
    if not outer:
        pads[0] -= 1
        pads[-1] -= 1
    return pads


def _separator(widths: Sequence[int], align: Sequence[str | None]) -> list[str]:
    cells = []
    for width, how in zip(widths, align, strict=True):
        left = ":" if how in ("left", "center") else ""
        right = ":" if how in ("right", "center") else ""
        cells.append(left + "-" * (width - len(left) - len(right)) + right)
    return cells


def _outer_pipes(style: TableStyle, grid: Sequence[Sequence[str]]) -> bool:
    """Return whether rows get outer pipes: without them a one-column table, an
    empty first or last cell, or a first cell that opens a block (`#`, a fence,
    `<!--`, a list marker) would not read back as the same table."""
    if style.outer_pipes:
        return True
    return len(grid[0]) < 2 or any(
        not row[0] or not row[-1] or starts_block(row[0]) for row in grid
    )


def _row(cells: Sequence[str], outer: bool) -> str:
    if outer:
        return "| " + " | ".join(cells) + " |"
    return " | ".join(cells).rstrip(_SPACE)


def escaped_cells(table: RawTable) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows escaped as the generator escapes catalog values."""
    return [md_cell(c) for c in table.header], [
        [md_cell(c) for c in row] for row in table.rows
    ]


def detect_style(table: RawTable) -> tuple[TableStyle, bool]:
    """Return the table's style and whether rendering it in that style gives back its
    exact lines (else the style is the nearest one and regenerating reformats it)."""
    lines = table.source_lines
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip(_SPACE))]
    body = [line[len(indent) :].rstrip("\r\n") for line in lines]
    observed = _observed_style(body)
    header, rows = escaped_cells(table)
    aligned = _without_natural_widths(replace(observed, aligned=True), header, rows)
    compact = replace(observed, aligned=False)
    if all(line.startswith(indent) for line in lines):
        for candidate in (aligned, compact):
            if render_table(header, rows, candidate) == body:
                return candidate, True
    looks_aligned = len(body) > 1 and len(body[0]) == len(body[1])
    return (aligned if looks_aligned else compact), False


def _observed_style(lines: Sequence[str]) -> TableStyle:
    """Read outer pipes, separator spacing, widths and colons off the separator row."""
    separator = lines[1].strip(_SPACE) if len(lines) > 1 else "|---|"
    outer = lines[0].startswith("|")
    if separator.startswith("|"):
        separator = separator[1:]
    if separator.endswith("|"):
        separator = separator[:-1]
    cells = separator.split("|")
    spaced = any(cell != cell.strip(_SPACE) for cell in cells)
    stripped = [cell.strip(_SPACE) for cell in cells]
    return TableStyle(
        aligned=True,
        separator_widths=tuple(len(cell) for cell in (stripped if spaced else cells)),
        separator_spaces=spaced,
        outer_pipes=outer,
        align=tuple(_alignment(cell) for cell in stripped),
    )


def _alignment(cell: str) -> str | None:
    left, right = cell.startswith(":"), cell.endswith(":") and len(cell) > 1
    return (
        "center" if left and right else "left" if left else "right" if right else None
    )


def _without_natural_widths(
    style: TableStyle, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> TableStyle:
    """Drop the widths of an aligned style when the content alone gives them."""
    natural = replace(style, separator_widths=None)
    if layout_cells(header, rows, natural)[1] == layout_cells(header, rows, style)[1]:
        return natural
    return style


def style_to_catalog(style: TableStyle) -> dict[str, Any]:
    """Return the `tables[]` keys that record `style`, defaults left out (column
    alignment goes on each column as `align`)."""
    keys: dict[str, Any] = {"style": "aligned" if style.aligned else "compact"}
    if style.separator_widths is not None:
        keys["separator_widths"] = list(style.separator_widths)
    if style.separator_spaces != style.aligned:
        keys["separator_spaces"] = style.separator_spaces
    if not style.outer_pipes:
        keys["outer_pipes"] = False
    return keys

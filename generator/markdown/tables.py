"""The one GFM table engine: read a table, detect its style, render rows in a style.

Round trip law: for a table whose content is unchanged,
`render_table(header, rows, detect_style(table)[0]) == table.source_lines` (after the
common indent) whenever detect_style calls the table canonical. When content changes,
an aligned table keeps its column widths where the new content fits and widens where it
does not; a compact table keeps its separator row; a ragged table keeps each row's cell
count where the cells it leaves out are empty.

Widths count characters (a tab is one), or with `display_width` the columns a monospace
editor shows (East Asian wide and fullwidth characters two, combining marks none).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import product
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
    cell_spaces: bool = True  # `| a | b |` rather than `|a|b|`
    # Aligned: right- and centre-aligned columns pad their cells on the left or on both
    # sides (prettier, markdown-table), not only on the right.
    align_cells: bool = False
    display_width: bool = False  # aligned: widths are the columns an editor shows
    # A ragged table: the cells of the header and separator rows when fewer than the
    # columns (the rest are cells past the header's end), and the cells of each body row.
    header_cells: int | None = None
    row_cells: tuple[int, ...] | None = None
    # Compact: per column, whether its cells are padded to the column's width, as a
    # hand-typed table pads its short code column and leaves the prose unpadded.
    padded: tuple[bool, ...] = ()


@dataclass
class RawTable:
    """A GFM table as written: cell texts (pipes unescaped) and its source lines.

    `header` and each row have one cell per column; a row written with more cells than
    the header adds columns (with an empty header), one written with fewer is padded
    with empty cells; `header_cells` and `row_cells` say how many each was written with.
    """

    first_line: int  # 1-based header line
    last_line: int  # 1-based last row line
    header: list[str]
    rows: list[list[str]]
    row_lines: list[int]
    source_lines: list[str]
    # (line, cells found, cells expected) of each row with the wrong number of cells
    cell_count_problems: list[tuple[int, int, int]] = field(default_factory=list)
    header_cells: int = 0
    row_cells: list[int] = field(default_factory=list)


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


def _raw_cells(line: str) -> list[str]:
    """Return the cell texts of a raw row line as markdown-it reads them."""
    starts = cell_starts(line)
    text = line.rstrip()
    end = len(text) - 1 if text.endswith("|") and not text.endswith("\\|") else None
    bounds = [*(s - 1 for s in starts[1:]), end if end is not None else len(text)]
    return [
        line[start:stop].replace("\\|", "|").strip()
        for start, stop in zip(starts, bounds, strict=True)
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
    counts = [len(cell_starts(lines[number - 1])) for number in row_lines]
    problems = [
        (number, found, len(header))
        for number, found in zip(row_lines, counts)
        if found != len(header)
    ]
    # markdown-it drops the cells past the header's end: read them off the line
    for row, number, found in zip(rows, row_lines, counts):
        if found > len(header):
            row.extend(_raw_cells(lines[number - 1])[len(header) : found])
    width = max([len(header), *counts])
    return RawTable(
        first,
        last,
        [*header, *[""] * (width - len(header))],
        [[*row, *[""] * (width - len(row))] for row in rows],
        row_lines,
        list(lines[first - 1 : last]),
        problems,
        len(header),
        counts,
    )


def cell_width(text: str, display: bool = False) -> int:
    """Return how wide a cell's text is: characters, or the columns an editor shows."""
    if not display or text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def render_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], style: TableStyle
) -> list[str]:
    """Return the lines (no indent, no line ends) of a table of escaped cells."""
    shape = _geometry(header, rows, style)
    head = header[: shape.head_count]
    body: Sequence[Sequence[str]] = shape.drawn
    if style.aligned:
        head = _padded(head, shape.columns, shape.align, style)
        body = [_padded(row, shape.columns, shape.align, style) for row in body]
    if not style.aligned and any(style.padded):
        head = _padded(head, shape.columns, shape.align, style)
        body = [_padded(row, shape.columns, shape.align, style) for row in body]
    separator = _separator(shape.separator, shape.align)
    spaces, outer = style.cell_spaces, shape.outer
    return [
        _row(head, outer, spaces),
        _row(separator, outer, style.separator_spaces),
        *(_row(row, outer, spaces) for row in body),
    ]


def _shape(
    style: TableStyle, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> tuple[int, list[int] | None]:
    """Return how many cells the header and each body row are drawn with (None: all):
    as the style records, but never leaving out a cell that has text."""
    count = len(header)
    head = min(count, style.header_cells or count)
    head = max(head, _used(header))
    if style.header_cells is None and style.row_cells is None:
        return head, None
    written = [*(style.row_cells or ())][: len(rows)]
    written += [head] * (len(rows) - len(written))
    return head, [
        max(min(n, count), _used(row)) for n, row in zip(written, rows, strict=True)
    ]


def _used(cells: Sequence[str]) -> int:
    """Return the number of cells up to the last one with text."""
    return max((i + 1 for i, cell in enumerate(cells) if cell), default=0)


@dataclass(frozen=True)
class _Geometry:
    """What a style makes of a table's cells before any cell is padded."""

    head_count: int  # cells of the header and separator rows
    drawn: Sequence[Sequence[str]]  # body rows, each with the cells it is drawn with
    outer: bool
    align: list[str | None]  # per column
    columns: list[int]  # aligned: each column's width
    separator: list[int]  # each separator cell's width


def _geometry(
    header: Sequence[str], rows: Sequence[Sequence[str]], style: TableStyle
) -> _Geometry:
    """Return the row shapes, outer pipes and widths of a table in `style`."""
    head_count, counts = _shape(style, header, rows)
    drawn: Sequence[Sequence[str]] = rows
    if counts is not None:
        drawn = [row[:n] for row, n in zip(rows, counts, strict=True)]
    count = len(header)
    align = [*style.align[:count], *[None] * (count - len(style.align))]
    outer = _outer_pipes(style, [header[:head_count], *drawn])
    least = _least_separators(style, align, outer)[:head_count]
    given = [*(style.separator_widths or ())][:head_count]
    given += [0 if style.aligned else 3] * (head_count - len(given))
    pads = _separator_pads(style, head_count, outer)
    columns = _column_widths(style, header[:head_count], drawn, count)
    if not style.aligned:
        separator = [max(w, m) for w, m in zip(given, least)]
        if any(style.padded):
            # a padded column is as wide as its separator, or widens it to fit
            columns = [
                max(w, s - p) if padded else 0
                for w, s, p, padded in zip(columns, separator, pads, _padding_of(style))
            ]
            separator = [max(s, w + p) for s, w, p in zip(separator, columns, pads)]
        return _Geometry(head_count, drawn, outer, align, columns, separator)
    # only a column with a separator cell has to make room for it
    columns = [
        max(w, m - p, g - p) for w, m, g, p in zip(columns, least, given, pads)
    ] + columns[head_count:]
    separator = [w + p for w, p in zip(columns, pads)]
    return _Geometry(head_count, drawn, outer, align, columns, separator)


def layout_cells(
    header: Sequence[str], rows: Sequence[Sequence[str]], style: TableStyle
) -> tuple[list[str], list[str], list[list[str]]]:
    """Return the header cells, separator cells and row cells, padded for `style`
    (the separator has one cell per header cell as drawn)."""
    shape = _geometry(header, rows, style)
    separator = _separator(shape.separator, shape.align)
    if not style.aligned and not any(style.padded):
        return list(header), separator, [list(r) for r in rows]
    return (
        _padded(header, shape.columns, shape.align, style),
        separator,
        [_padded(row, shape.columns, shape.align, style) for row in rows],
    )


def _padding_of(style: TableStyle) -> list[bool]:
    """Return per column (of the separator's) whether a compact table pads it."""
    count = len(style.separator_widths or ())
    return [*style.padded[:count], *[False] * (count - len(style.padded))]


def _least_separators(
    style: TableStyle, align: Sequence[str | None], outer: bool
) -> list[int]:
    """Return each separator cell's least width: a bare `- | -` separator without outer
    pipes starts a bullet list, not a table, so its first cell gets two dashes."""
    least = [_MIN_SEPARATOR[a] for a in align]
    if least and not outer and style.separator_spaces:
        least[0] = max(least[0], 2)
    return least


def _column_widths(
    style: TableStyle,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    count: int,
) -> list[int]:
    """Return the width of each column's widest cell among the cells drawn."""
    columns = [0] * count
    measure = len if not style.display_width else partial(cell_width, display=True)
    for row in (header, *rows):
        for i, cell in enumerate(row):
            width = measure(cell)
            if width > columns[i]:
                columns[i] = width
    return columns


def _padded(
    cells: Sequence[str],
    widths: Sequence[int],
    align: Sequence[str | None],
    style: TableStyle,
) -> list[str]:
    """Pad each cell to its column's width (a short row has fewer cells)."""
    if not style.align_cells and not style.display_width:
        return [cell.ljust(width) for cell, width in zip(cells, widths)]
    padded = []
    for cell, width, how in zip(cells, widths, align):
        gap = width - cell_width(cell, style.display_width)
        before = 0
        if style.align_cells and how in ("right", "center"):
            before = gap if how == "right" else gap // 2
        padded.append(" " * before + cell + " " * (gap - before))
    return padded


def _separator_pads(style: TableStyle, count: int, outer: bool) -> list[int]:
    """Return how much wider than its column each separator cell is drawn: a tight
    separator also spans the spaces that pad the row cells (and a spaced one next to
    tight cells spans less)."""
    pads = [2 * style.cell_spaces - 2 * style.separator_spaces] * count
    if not outer:
        # an edge cell without its outer pipe has no space on that side either
        edge = style.separator_spaces - style.cell_spaces
        pads[0] += edge
        pads[-1] += edge
    return pads


def _separator(widths: Sequence[int], align: Sequence[str | None]) -> list[str]:
    cells = []
    for width, how in zip(widths, align):
        left = ":" if how in ("left", "center") else ""
        right = ":" if how in ("right", "center") else ""
        cells.append(left + "-" * (width - len(left) - len(right)) + right)
    return cells


def _outer_pipes(style: TableStyle, grid: Sequence[Sequence[str]]) -> bool:
    """Return whether rows get outer pipes: without them a one-cell row, an empty
    first or last cell, or a first cell that opens a block (`#`, a fence, `<!--`, a
    list marker) would not read back as the same table."""
    if style.outer_pipes:
        return True
    return any(
        len(row) < 2 or not row[0] or not row[-1] or starts_block(row[0])
        for row in grid
    )


def _row(cells: Sequence[str], outer: bool, spaces: bool = True) -> str:
    space = " " if spaces else ""
    line = f"{space}|{space}".join(cells)
    if outer:
        return f"|{space}{line}{space}|"
    return line.rstrip(_SPACE)


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
    header, rows = escaped_cells(table)
    observed = _observed_style(body, table)
    if all(line.startswith(indent) for line in lines):
        for candidate in _candidates(observed, header, rows, body):
            if render_table(header, rows, candidate) == body:
                return candidate, True
    if len(body) > 1 and len(body[0]) == len(body[1]):  # looks aligned
        return _aligned_candidates(observed, header, rows)[0], False
    return replace(observed, aligned=False), False


def _candidates(
    observed: TableStyle,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    body: Sequence[str],
) -> Iterator[TableStyle]:
    """Yield the styles a table may be drawn in, the likeliest first (each is built
    only when the ones before it did not give the table's lines back)."""
    compact = replace(observed, aligned=False)
    tight = replace(observed, cell_spaces=False)
    aligned = _may_be_aligned(observed, body)
    if aligned:
        yield from _aligned_candidates(observed, header, rows)
    yield compact
    if aligned:
        yield from _aligned_candidates(tight, header, rows)
    yield replace(tight, aligned=False)
    padded = _lined_up_columns(body)
    if any(padded) and not all(padded):
        yield replace(compact, padded=padded)
        yield replace(tight, aligned=False, padded=padded)


def _may_be_aligned(observed: TableStyle, body: Sequence[str]) -> bool:
    """Return False when no aligned style can draw these lines: with outer pipes and a
    cell per column on every row, an aligned table's lines are equally long (in
    characters, and in display columns, which ASCII text counts the same)."""
    if not observed.outer_pipes or observed.header_cells or observed.row_cells:
        return True
    if not all(line.isascii() for line in body):
        return True
    return len({len(line) for line in body}) == 1


def _lined_up_columns(lines: Sequence[str]) -> tuple[bool, ...]:
    """Return per column whether its cells are drawn equally wide on every line (the
    columns a hand-typed compact table pads); () when the lines differ in cells."""
    widths = []
    for line in lines:
        starts = cell_starts(line)
        text = line.rstrip(_SPACE)
        end = len(text) - 1 if text.endswith("|") and not text.endswith("\\|") else None
        bounds = [*starts[1:], end if end is not None else len(text) + 1]
        widths.append([stop - start for start, stop in zip(starts, bounds)])
    if not widths or any(len(w) != len(widths[0]) for w in widths):
        return ()
    return tuple(len(set(column)) == 1 for column in zip(*widths))


def _aligned_candidates(
    observed: TableStyle, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> list[TableStyle]:
    """Return the aligned styles the table may be in, the plainest first: the one
    that needs the least padding beyond the content, then widths in characters, then
    cells padded on the right."""
    justify = [False]
    if any(how in ("right", "center") for how in observed.align):
        justify.append(True)
    display = [False]
    if any(not cell.isascii() for row in (header, *rows) for cell in row):
        display.append(True)
    styles = [
        _without_natural_widths(
            replace(observed, aligned=True, align_cells=j, display_width=d),
            header,
            rows,
        )
        for d, j in product(display, justify)
    ]
    if len(styles) == 1:
        return styles
    return sorted(styles, key=lambda style: _padding(style, header, rows))


def _padding(
    style: TableStyle, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> int:
    """Return how many dashes the style's separator has beyond the content's needs."""
    if style.separator_widths is None:
        return 0
    natural = replace(style, separator_widths=None)
    drawn = _geometry(header, rows, style).separator
    return sum(drawn) - sum(_geometry(header, rows, natural).separator)


def _observed_style(lines: Sequence[str], table: RawTable) -> TableStyle:
    """Read outer pipes, separator spacing, widths and colons off the separator row,
    and the cell counts of a ragged table."""
    separator = lines[1].strip(_SPACE) if len(lines) > 1 else "|---|"
    outer = lines[0].startswith("|")
    if separator.startswith("|"):
        separator = separator[1:]
    if separator.endswith("|"):
        separator = separator[:-1]
    cells = separator.split("|")
    spaced = any(cell != cell.strip(_SPACE) for cell in cells)
    stripped = [cell.strip(_SPACE) for cell in cells]
    count = len(table.header)
    ragged = any(n != table.header_cells for n in table.row_cells)
    return TableStyle(
        aligned=True,
        separator_widths=tuple(len(cell) for cell in (stripped if spaced else cells))
        + (3,) * (count - len(cells)),
        separator_spaces=spaced,
        outer_pipes=outer,
        align=tuple(_alignment(cell) for cell in stripped)
        + (None,) * (count - len(cells)),
        header_cells=table.header_cells if table.header_cells < count else None,
        row_cells=tuple(table.row_cells) if ragged else None,
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
    if (
        _geometry(header, rows, natural).separator
        == _geometry(header, rows, style).separator
    ):
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
    if not style.cell_spaces:
        keys["cell_spaces"] = False
    optional = {
        "align_cells": style.align_cells or None,
        "display_width": style.display_width or None,
        "header_cells": style.header_cells,
        "row_cells": None if style.row_cells is None else list(style.row_cells),
    }
    keys.update((key, value) for key, value in optional.items() if value is not None)
    return keys

"""Properties: every GFM table style round-trips byte for byte.

Tables are drawn by a renderer written here from the style rules a Markdown author (or
prettier) follows, not by the engine under test: aligned with padding wider than the
content or compact, separators with or without spaces, alignment colons, prettier's
right- and centre-justified cells with its least width of 3, widths in characters or in
the columns an editor shows (East Asian wide characters), with or without outer pipes,
one- and two-letter headers, tabs and escaped pipes in cells, ragged rows (fewer or more
cells than the header), inside a list item or not.

- engine: parse -> detect the style -> render gives back the same lines; rendering
  changed content in the detected style gives what the author's rules give, widths kept
  where the new content fits;
- end to end: the table in a non-seed document -> `catgen extract --mark` -> `catgen
  generate` -> the document is the original plus two marker lines; `catgen check` is 0.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from catgen_taxonomy.markdown.tables import (
    detect_style,
    escaped_cells,
    read_table,
    render_table,
)

from .helpers import run_cli

LOWER = st.from_regex(r"[a-z]{2,6}(_[a-z0-9]{1,4}){1,2}", fullmatch=True)
SCREAMING = st.from_regex(r"[A-Z]{2,6}(_[A-Z0-9]{1,4}){1,2}", fullmatch=True)
WORD = st.one_of(
    st.from_regex(r"[A-Za-z][a-z0-9]{0,7}", fullmatch=True),
    st.sampled_from(["日本", "語", "ｘｙ", "naïve", "Ça"]),
)
# Cells as written in the document: pipes escaped, no edge whitespace.
CELL = st.one_of(
    st.sampled_from(["Yes", "No", "yes", "no", "1", "42", "n/a", "a \\| b", "x\ty"]),
    st.lists(WORD, min_size=1, max_size=4).map(" ".join),
)
HEADER = st.sampled_from(
    ["Nr", "A", "Id", "Ok", "Note", "Kind", "Owner", "Yes", "名前"]
)
ALIGN = st.sampled_from([None, None, "left", "right", "center"])
SEPARATOR_LEAST = {None: 1, "left": 2, "right": 2, "center": 3}


@dataclass(frozen=True)
class Drawing:
    """A table as an author lays it out: escaped cells as written and the style."""

    header: list[str]
    rows: list[list[str]]  # each row as written: fewer or more cells than the header
    aligned: bool
    padding: list[int]  # aligned: spaces beyond the widest cell, per header column
    spaces: bool  # `| --- |` rather than `|---|`
    cell_spaces: bool  # `| a | b |` rather than `|a|b|`
    outer: bool
    align: list[str | None]
    compact_widths: list[int]  # compact: dashes beyond the least, per column
    justify: bool  # prettier: right/centre-aligned cells padded on the left too
    least_width: int  # prettier: every column at least 3 wide
    display: bool  # widths in editor columns (wide characters count two)


def char_width(text: str, display: bool) -> int:
    if not display:
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def justified(cell: str, width: int, how: str | None, t: Drawing) -> str:
    gap = width - char_width(cell, t.display)
    if t.justify and how == "right":
        return " " * gap + cell
    if t.justify and how == "center":
        return " " * (gap // 2) + cell + " " * (gap - gap // 2)
    return cell + " " * gap


def separator_cell(width: int, align: str | None) -> str:
    left = ":" if align in ("left", "center") else ""
    right = ":" if align in ("right", "center") else ""
    return left + "-" * (width - len(left) - len(right)) + right


def frame(cells: list[str], outer: bool, spaces: bool) -> str:
    space = " " if spaces else ""
    line = f"{space}|{space}".join(cells)
    return f"|{space}{line}{space}|" if outer else line.rstrip()


def column_count(t: Drawing) -> int:
    return max(len(row) for row in [t.header, *t.rows])


def separator_pads(t: Drawing) -> list[int]:
    """Return how much wider than its column a separator cell is drawn."""
    # a cell's spaces minus its separator cell's spaces; without outer pipes the edge
    # cells have only one side
    sides = [
        1 if not t.outer and i in (0, len(t.header) - 1) else 2
        for i in range(len(t.header))
    ]
    return [n * t.cell_spaces - n * t.spaces for n in sides]


def least_separators(t: Drawing) -> list[int]:
    least = [SEPARATOR_LEAST[a] for a in t.align]
    if not t.outer and t.spaces:
        least[0] = max(least[0], 2)  # `- | -` opens a bullet list: not a table
    return least


def column_widths(t: Drawing, padding: bool = True) -> list[int]:
    """Return each column's width: its widest cell drawn, the author's padding, and
    what the separator cell needs."""
    heads, pads, least = len(t.header), separator_pads(t), least_separators(t)
    widths = [0] * column_count(t)
    for row in [t.header, *t.rows]:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], char_width(cell, t.display))
    for i in range(heads):
        widths[i] = max(widths[i], least[i] - pads[i])
        if padding:
            widths[i] = max(widths[i] + t.padding[i], t.least_width)
    return widths


def draw_table(t: Drawing, keep: list[int] | None = None) -> list[str]:
    """Lay the table out as an author following its style would; `keep`: the least
    width of each column (an aligned table's widths kept from before a change)."""
    if not t.aligned:
        dashes = [n + m for n, m in zip(t.compact_widths, least_separators(t))]
        separator = [separator_cell(w, a) for w, a in zip(dashes, t.align)]
        lines = [frame(row, t.outer, t.cell_spaces) for row in [t.header, *t.rows]]
        return [lines[0], frame(separator, t.outer, t.spaces), *lines[1:]]
    widths = column_widths(t)
    widths = [max(w, k) for w, k in zip(widths, [*(keep or []), *[0] * len(widths)])]
    aligns = [*t.align, *[None] * (len(widths) - len(t.header))]
    lines = [
        frame(
            [justified(c, w, a, t) for c, w, a in zip(row, widths, aligns)],
            t.outer,
            t.cell_spaces,
        )
        for row in [t.header, *t.rows]
    ]
    dashes = [w + p for w, p in zip(widths, separator_pads(t))]
    separator = [separator_cell(w, a) for w, a in zip(dashes, t.align)]
    return [lines[0], frame(separator, t.outer, t.spaces), *lines[1:]]


@st.composite
def drawings(draw: Any, header: list[str], body: list[list[str]]) -> Drawing:
    """Draw the style of a table of the given cells, and its ragged rows."""
    count = len(header)
    outer = count < 2 or draw(st.booleans())  # `a` alone is a paragraph, not a table
    rows = [list(row) for row in body]
    if outer and draw(st.booleans()):
        # ragged: drop trailing cells of some rows, add cells past the header to others
        for row in rows:
            row[draw(st.integers(1, count)) :] = []
            if len(row) == count and draw(st.integers(0, 3)) == 0:
                row.extend(draw(st.lists(CELL, min_size=1, max_size=2)))
    prettier = draw(st.booleans())
    return Drawing(
        header=header,
        rows=rows,
        aligned=draw(st.booleans()),
        padding=[0 if prettier else draw(st.integers(0, 2)) for _ in header],
        spaces=True if prettier else draw(st.booleans()),
        cell_spaces=True if prettier else draw(st.integers(0, 3)) > 0,
        outer=True if prettier else outer,
        align=[draw(ALIGN) for _ in header],
        compact_widths=[draw(st.integers(0, 4)) for _ in header],
        justify=prettier,
        least_width=3 if prettier else 0,
        display=draw(st.booleans()),
    )


@st.composite
def any_tables(draw: Any) -> Drawing:
    """Draw a table of any cells: the engine's own property."""
    header = draw(st.lists(HEADER, min_size=1, max_size=4))
    body = [[draw(CELL) for _ in header] for _ in range(draw(st.integers(1, 4)))]
    return draw(drawings(header, body))


def parse(lines: list[str]) -> Any:
    text = "\n".join(lines) + "\n"
    md = MarkdownIt("commonmark").enable("table")
    tables = [n for n in SyntaxTreeNode(md.parse(text)).walk() if n.type == "table"]
    assert len(tables) == 1, text
    return read_table(tables[0], lines)


def padded(row: list[str], count: int) -> list[str]:
    return [*row, *[""] * (count - len(row))]


def reread(t: Drawing, aligned: bool, justify: bool, display: bool) -> Drawing:
    """Return the drawing as read another way: the padding of each column is what its
    separator cell has beyond the content measured that way."""
    if not aligned:
        return t
    drawn = [len(cell) for cell in draw_table(t)[1].strip("|").split("|")]
    if t.spaces:
        drawn = [n - 2 for n in drawn]
    if not t.outer and t.spaces:
        drawn[0], drawn[-1] = drawn[0] + 1, drawn[-1] + 1  # no space before/after
    other = replace(t, aligned=True, justify=justify, display=display, least_width=0)
    natural = column_widths(replace(other, padding=[0] * len(t.header)))
    widths = [n - p for n, p in zip(drawn, separator_pads(t))]
    return replace(other, padding=[w - n for w, n in zip(widths, natural)])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_tables(), st.data())
def test_engine_renders_the_detected_style_back_and_keeps_it_on_change(
    t: Drawing, data: st.DataObject
) -> None:
    lines = draw_table(t)
    table = parse(lines)
    count = column_count(t)
    header, rows = escaped_cells(table)
    assert (header, rows) == (
        padded(t.header, count),
        [padded(row, count) for row in t.rows],
    )
    style, canonical = detect_style(table)
    assert canonical, lines
    assert render_table(header, rows, style) == lines
    assert (style.separator_spaces, style.outer_pipes, style.cell_spaces) == (
        t.spaces,
        t.outer,
        t.cell_spaces,
    )
    assert style.align[: len(t.header)] == tuple(t.align)
    assert style.aligned or not t.aligned
    # Changed content, same row shapes: the author's rules in the same style, an
    # aligned table keeping its widths where the new cells fit when it was padded
    # beyond its content. A compact table whose cells line up, widths in characters
    # or in editor columns, cells justified or not: each can read either way when no
    # cell tells, so take the engine's reading after checking it draws the same table.
    before = reread(t, style.aligned, style.align_cells, style.display_width)
    assert draw_table(before) == lines
    widths = column_widths(before)[: len(t.header)]
    padded_beyond = widths != column_widths(before, padding=False)[: len(t.header)]
    keep = widths if padded_beyond else None
    new_rows = [[data.draw(CELL) for _ in row] for row in t.rows]
    changed = replace(before, rows=new_rows, padding=[0] * len(t.header), least_width=0)
    assert render_table(
        header, [padded(row, count) for row in new_rows], style
    ) == draw_table(changed, keep)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_tables(), st.data())
def test_an_aligned_table_with_outer_pipes_has_equally_long_lines(
    t: Drawing, data: st.DataObject
) -> None:
    """What detect_style's shortcut relies on (tables._may_be_aligned): drawn in an
    aligned style with outer pipes and every cell, ASCII lines are equally long."""
    header, rows = escaped_cells(parse(draw_table(t)))
    style, _ = detect_style(parse(draw_table(t)))
    style = replace(
        style,
        aligned=True,
        outer_pipes=True,
        header_cells=None,
        row_cells=None,
        display_width=data.draw(st.booleans()),
        align_cells=data.draw(st.booleans()),
        cell_spaces=data.draw(st.booleans()),
        separator_spaces=data.draw(st.booleans()),
    )
    lines = render_table(header, rows, style)
    if all(line.isascii() for line in lines):
        assert len({len(line) for line in lines}) == 1, lines


@st.composite
def code_tables(draw: Any) -> Drawing:
    """Draw a code table (or, under a `Step` header, a data table) of a document."""
    codes = draw(
        st.lists(
            draw(st.sampled_from([LOWER, SCREAMING])),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    extra = draw(st.lists(HEADER, min_size=1, max_size=3, unique=True))
    header = [draw(st.sampled_from(["Code", "Reason code", "Step"])), *extra]
    if draw(st.booleans()):
        header.append("Description")
    backticks = draw(st.booleans())
    body = [
        [f"`{code}`" if backticks else code, *[draw(CELL) for _ in header[1:]]]
        for code in codes
    ]
    return draw(drawings(header, body))


def document(t: Drawing, in_list: bool) -> str:
    lines = draw_table(t)
    if in_list:
        block = ["- The loader reports these:", ""] + [f"  {line}" for line in lines]
        block += ["- Nothing else is reported."]
    else:
        block = lines
    return "\n".join(
        ["# Loader field notes", "", "Codes seen in the field.", "", "## Codes", ""]
        + block
        + ["", "Written by hand.", ""]
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(code_tables(), st.booleans())
def test_extract_mark_generate_keeps_the_document(t: Drawing, in_list: bool) -> None:
    original = document(t, in_list)
    with TemporaryDirectory() as tmp:
        root = Path(tmp)
        doc = root / "spec" / "docs" / "notes.md"
        doc.parent.mkdir(parents=True)
        doc.write_text(original, encoding="utf-8", newline="")
        extract = run_cli("extract", "--root", tmp, str(doc), "--mark")
        assert extract.exit_code == 0, extract.output
        assert "regenerating it will reformat it" not in extract.stderr
        marked = doc.read_bytes().decode("utf-8")
        generate = run_cli("generate", "--root", tmp)
        assert generate.exit_code == 0, generate.output
        after = doc.read_bytes().decode("utf-8")
        assert after == marked
        kept = [
            line
            for line in after.split("\n")
            if not line.lstrip().startswith("<!-- catgen:")
        ]
        assert "\n".join(kept) == original
        assert len(after.split("\n")) == len(original.split("\n")) + 2
        check = run_cli("check", "--root", tmp)
        assert (check.exit_code, check.stdout) == (
            0,
            "catgen check: outputs match the catalogs\n",
        )

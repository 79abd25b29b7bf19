"""The one marker grammar and the one table engine: unit tests and the regressions
where extract and generate used to disagree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from catgen_taxonomy import cache
from catgen_taxonomy.errors import DocumentError
from catgen_taxonomy.markdown.markers import (
    find_regions,
    mark_document,
    replace_regions,
    unmark_document,
)
from catgen_taxonomy.markdown.tables import (
    TableStyle,
    detect_style,
    escaped_cells,
    read_table,
    render_table,
)

from .helpers import make_files, run_cli

TABLES = {
    "aligned": "| Code  | Nr |\n| ----- | -- |\n| `a_b` | 1  |",
    "aligned, wider than content": "| Code    | Nr  |\n| ------- | --- |\n| `a_b`   | 1   |",
    "compact": "| Code | Nr |\n|---|---|\n| `a_b` | 1 |",
    "compact, spaced separator": "| Code | Nr |\n| --- | --- |\n| `a_b` | 1 |",
    "aligned, tight separator": "| Code  | Nr |\n|-------|----|\n| `a_b` | 1  |",
    "colons": "| Code  | Nr |\n| :---- | -: |\n| `a_b` | 1  |",
    "centre colons, compact": "| Code | Nr |\n|:-:|--:|\n| `a_b` | 1 |",
    "no outer pipes": "Code  | Nr\n----- | --\n`a_b` | 1",
    "no outer pipes, tight": "Code | Nr\n---|---\n`a_b` | 1",
    "indented": "  | Code  | Nr |\n  | ----- | -- |\n  | `a_b` | 1  |",
    "yes/no cells": "| Code  | Ok  |\n| ----- | --- |\n| `a_b` | Yes |\n| `c_d` | No  |",
    "escaped pipe": "| Code  | Note   |\n| ----- | ------ |\n| `a_b` | x \\| y |",
    "escaped pipe in a code span": "| A | B |\n|---|---|\n| x | `a\\|b` |",
    "prettier, justified": (
        "| Code  | Retries | Where |\n"
        "| ----- | ------: | :---: |\n"
        "| `a_b` |       1 |  up   |\n"
        "| `c_d` |      12 | down  |"
    ),
    "prettier, least width 3": "| A   |   B |\n| --- | --: |\n| x   |   y |",
    "wide characters": "| Code  | Note |\n| ----- | ---- |\n| `a_b` | 日本 |\n| `c`   | x    |",
    "wide characters, counted as characters": "| Code | Note |\n| ---- | ---- |\n| `a`  | 日本   |",
    "tab in a cell": "| Code  | Note |\n| ----- | ---- |\n| `a_b` | x\ty  |",
    "ragged, short row": "| Code | Note |\n|---|---|\n| `a` |\n| `b` | y |",
    "ragged, long row": "| Code  | Nr |\n| ----- | -- |\n| `a_b` | 1  | extra |\n| `c`   | 2  |",
    "one-letter headers, no outer pipes": "A  | B\n-- | -\nx  | y",
    "two-letter headers, tight cells": "|Nr|Id|\n|-|-|\n|1|2|",
    "aligned, tight cells": "|Nr|Id|\n|--|--|\n|1 |2 |",
    "tight cells, no outer pipes": "Nr|Id\n-|-\n1|2",
}


def parse(text: str):
    lines = text.split("\n")
    md = MarkdownIt("commonmark").enable("table")
    (node,) = [n for n in SyntaxTreeNode(md.parse(text)).walk() if n.type == "table"]
    return read_table(node, lines)


@pytest.mark.parametrize("text", TABLES.values(), ids=list(TABLES))
def test_render_of_detected_style_gives_the_table_back(text: str) -> None:
    table = parse(text)
    style, canonical = detect_style(table)
    header, rows = escaped_cells(table)
    indent = text[: len(text) - len(text.lstrip(" "))]
    assert canonical
    assert [indent + line for line in render_table(header, rows, style)] == (
        text.split("\n")
    )


def test_aligned_table_keeps_its_widths_where_content_fits_and_widens_elsewhere() -> (
    None
):
    style, _ = detect_style(parse(TABLES["aligned, wider than content"]))
    assert style.separator_widths == (7, 3)
    assert render_table(
        ["Code", "Nr"], [["`a_b`", "12"], ["`long_code`", ""]], style
    ) == [
        "| Code        | Nr  |",
        "| ----------- | --- |",
        "| `a_b`       | 12  |",
        "| `long_code` |     |",
    ]


def test_two_letter_column_is_aligned_without_a_minimum_width() -> None:
    """Regression: extract padded columns to 3, the generator did not."""
    style, canonical = detect_style(parse(TABLES["aligned"]))
    assert (style, canonical) == (TableStyle(align=(None, None)), True)


def test_no_outer_pipes_fall_back_to_pipes_for_an_empty_edge_cell() -> None:
    style = TableStyle(outer_pipes=False)
    assert render_table(["A", "B"], [["x", ""]], style) == [
        "| A | B |",
        "| - | - |",
        "| x |   |",
    ]


def test_indented_region_keeps_the_body_indent() -> None:
    text = "- item\n\n  <!-- catgen:begin table=t -->\n  | old |\n  <!-- catgen:end table=t -->\n"
    regions = find_regions(text, "doc.md")
    assert [(r.table_id, r.start, r.end, r.indent) for r in regions] == [
        ("t", 3, 4, "  ")
    ]
    assert replace_regions(text, regions, {"t": ["| a |", "| - |"]}) == (
        "- item\n\n  <!-- catgen:begin table=t -->\n  | a |\n  | - |\n"
        "  <!-- catgen:end table=t -->\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "x\n<!-- catgen:bgin table=t -->\n",
            "doc.md:2:1: malformed catgen marker",
        ),
        (
            "x\n  <!-- catgen:begin table=t -->\n| a |\n",
            "doc.md:2:3: region 't' is never closed",
        ),
        (
            "<!-- catgen:end table=t -->\n",
            "doc.md:1:1: end marker for 't' without a matching begin marker",
        ),
        (
            "<!-- catgen:begin table=t -->\n<!-- catgen:end table=t -->\n"
            "<!-- catgen:begin table=t -->\n<!-- catgen:end table=t -->\n",
            "doc.md:3:1: table 't' is marked twice",
        ),
    ],
)
def test_marker_problems_are_located(text: str, expected: str) -> None:
    with pytest.raises(DocumentError) as caught:
        find_regions(text, "doc.md")
    assert str(caught.value.problems[0]).startswith(expected)


def test_mark_then_unmark_is_the_identity_and_marks_like_the_table() -> None:
    class Span:
        id, first_line, last_line = "t", 3, 5

    text = "- item\n\n  | a |\n  | - |\n  | x |\n"
    marked = mark_document(text, [Span()])
    assert marked == (
        "- item\n\n  <!-- catgen:begin table=t -->\n  | a |\n  | - |\n  | x |\n"
        "  <!-- catgen:end table=t -->\n"
    )
    Span.first_line, Span.last_line = 4, 6  # the same table, now inside its region
    assert mark_document(marked, [Span()]) == marked
    assert unmark_document(marked) == text


LIST_DOC = """\
# Deploy notes

## Codes

- The runner reports:

  | Code | Nr | Severity |
  | --- | --- | --- |
  | `disk_full` | 1 | FATAL |
  | `net_down` | 2 | NON-FATAL |

Done.
"""
NR_DOC = """\
# Deploy notes

| Code        | Nr  |
| ----------- | --- |
| `disk_full` | 1   |
| `net_down`  | 2   |
"""


@pytest.mark.parametrize("text", [LIST_DOC, NR_DOC], ids=["list item", "Nr column"])
def test_extract_mark_then_generate_leaves_the_document(
    tmp_path: Path, text: str
) -> None:
    """Regression: a table in a list item got indented markers that generate rejected
    (exit 4); a two-letter column padded to 3 was rewritten by generate."""
    make_files(tmp_path, {"spec/docs/notes.md": text})
    doc = tmp_path / "spec" / "docs" / "notes.md"
    assert (
        run_cli("extract", "--root", str(tmp_path), str(doc), "--mark").exit_code == 0
    )
    marked = doc.read_text(encoding="utf-8")
    generate = run_cli("generate", "--root", str(tmp_path))
    assert generate.exit_code == 0, generate.output
    assert doc.read_text(encoding="utf-8") == marked
    kept = [
        line for line in marked.splitlines(keepends=True) if "<!-- catgen:" not in line
    ]
    assert "".join(kept) == text
    check = run_cli("check", "--root", str(tmp_path))
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("damage", "location", "message"),
    [
        ("<!-- catgen:bgin table=x -->\n", ":1:1:", "malformed catgen marker"),
        ("<!-- catgen:begin table=x -->\n", ":1:1:", "region 'x' is never closed"),
        (
            "<!-- catgen:end table=x -->\n",
            ":1:1:",
            "end marker for 'x' without a matching begin",
        ),
    ],
    ids=["typo", "unclosed", "stray end"],
)
def test_marker_damage_outside_regions_fails_everywhere(
    project: Path, damage: str, location: str, message: str
) -> None:
    """Regression: the fast path of check answered 'outputs match' (exit 0)."""
    doc = next((project / "spec" / "docs").glob("*.md"))
    doc.write_bytes(damage.encode() + doc.read_bytes())
    expected = f"spec/docs/{doc.name}{location} {message}"
    assert cache.cached_warnings(project) is None
    for command in ("generate", "check"):
        result = run_cli(command, "--root", str(project))
        assert result.exit_code == 4, (command, result.output)
        assert expected in result.stderr, (command, result.stderr)
    shutil.copy(doc, project / "copy.md")
    result = run_cli("extract", "--root", str(project), str(doc), "--out", "x.yaml")
    assert result.exit_code == 4
    assert expected in result.stderr


def test_no_outer_pipes_never_draw_a_bullet_separator() -> None:
    """Regression: `A | B` over `- | -` was drawn, which reads as a bullet list (inside
    a list item too), so the table vanished from the document."""
    for style in (
        TableStyle(outer_pipes=False),
        TableStyle(aligned=False, separator_widths=(1, 1), outer_pipes=False),
    ):
        lines = render_table(["A", "B"], [["x", "y"]], style)
        assert lines[1] in ("-- | -", "--|-"), lines
        for text in (
            "\n".join(lines),
            "- item\n\n" + "\n".join("  " + x for x in lines),
        ):
            assert parse_first(text).header == ["A", "B"]
    assert render_table(["A", "B"], [["x", "y"]], TableStyle(outer_pipes=False)) == [
        "A  | B",
        "-- | -",
        "x  | y",
    ]


def parse_first(text: str):
    md = MarkdownIt("commonmark").enable("table")
    (node,) = [n for n in SyntaxTreeNode(md.parse(text)).walk() if n.type == "table"]
    return read_table(node, text.split("\n"))


def test_changed_content_keeps_the_style_and_the_widths_that_fit() -> None:
    table = parse(TABLES["prettier, justified"])
    style, _ = detect_style(table)
    assert (style.align_cells, style.separator_widths) == (True, None)
    assert render_table(
        ["Code", "Retries", "Where"],
        [["`a_b`", "100", "x"], ["`long_c`", "", "y"]],
        style,
    ) == [
        "| Code     | Retries | Where |",
        "| -------- | ------: | :---: |",
        "| `a_b`    |     100 |   x   |",
        "| `long_c` |         |   y   |",
    ]
    ragged, _ = detect_style(parse(TABLES["ragged, short row"]))
    assert (ragged.header_cells, ragged.row_cells) == (None, (1, 2))
    # a short row stays short while its missing cell stays empty
    assert render_table(["Code", "Note"], [["`a`", ""], ["`b`", "z"]], ragged) == [
        "| Code | Note |",
        "|---|---|",
        "| `a` |",
        "| `b` | z |",
    ]
    assert render_table(["Code", "Note"], [["`a`", "new"], ["`b`", ""]], ragged) == [
        "| Code | Note |",
        "|---|---|",
        "| `a` | new |",
        "| `b` |  |",
    ]


STYLES_DOC = """\
# Payment gateway errors

Errors the gateway returns, as support reads them.

## Card errors

| Code            | Retries |  Where  |
| --------------- | ------: | :-----: |
| `card_declined` |       0 | issuer  |
| `card_expired`  |      12 | wallet  |

## Wallet errors

|Code|Note|
|-|-|
|`wallet_locked`|locked by 運用|
|`wallet_gone`|a \\| b|

## Bank errors

| Code    | Note |
| ------- | ---- |
| `bk_ok` | 日本 |
| `bk_no` | x\ty  |

## Ragged errors

| Code | Note |
|---|---|
| `rg_short` |
| `rg_long` | y | past the header |

## Listed errors

- The batch runner reports:

  Code         | Nr
  ------------ | --
  `batch_late` | 1
  `batch_lost` | 22
- Nothing else.
"""


def test_every_table_style_survives_extract_and_generate(tmp_path: Path) -> None:
    make_files(tmp_path, {"spec/docs/gateway.md": STYLES_DOC})
    doc = tmp_path / "spec" / "docs" / "gateway.md"
    extract = run_cli("extract", "--root", str(tmp_path), str(doc), "--mark")
    assert extract.exit_code == 0, extract.output
    assert "reformat" not in extract.stderr
    marked = doc.read_text(encoding="utf-8")
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    assert doc.read_text(encoding="utf-8") == marked
    kept = [line for line in marked.splitlines(True) if "<!-- catgen:" not in line]
    assert "".join(kept) == STYLES_DOC
    assert marked.count("<!-- catgen:") == 10
    catalog = (tmp_path / "spec" / "gateway.catalog.yaml").read_text(encoding="utf-8")
    for key in (
        "align_cells: true",
        "display_width: true",
        "cell_spaces: false",
        "header_cells: 2",
        "outer_pipes: false",
    ):
        assert key in catalog, key
    # content changes: each table re-rendered in its own style, widths kept
    edited = catalog.replace("wallet_gone", "wallet_gone_for_good").replace(
        "card_expired", "exp"
    )
    (tmp_path / "spec" / "gateway.catalog.yaml").write_text(edited, encoding="utf-8")
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    text = doc.read_text(encoding="utf-8")
    assert "| `exp`           |      12 | wallet  |" in text
    assert "|`wallet_gone_for_good`|a \\| b|" in text
    check = run_cli("check", "--root", str(tmp_path))
    assert check.exit_code == 0, check.output

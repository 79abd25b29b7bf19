"""Markdown block structure for extraction: markdown-it's block tokens as a tree.

Extraction reads blocks (headings, paragraphs, lists, tables) and the raw text of each
inline run, never the inline markup parsed, so the inline phase is switched off and the
tree is built in one pass over the tokens, with a node per block. A table's rows and
cells, most of a table-heavy document's tokens, are read into blocks directly, as
markdown-it's table rule reads them (see `_table_rule`). On a 5 MB document of 16,000
tables that more than halves the parse. tests/test_markdown_blocks.py holds the tree
equal to markdown-it's full parse read through its SyntaxTreeNode, and the cell split
equal to markdown-it's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS
from markdown_it.rules_block.table import table as gfm_table

_OPEN_SUFFIX = len("_open")


@dataclass(slots=True)
class Block:
    """One block of a parsed document, as markdown-it's SyntaxTreeNode names it.

    `type`: the token type without `_open` (heading, paragraph, bullet_list,
    list_item, table, thead, tr, th, ...; `inline` for a run of inline text).
    `map`: its 0-based [first line, line after], None where markdown-it has none.
    `content`: the raw text of an `inline` block (of a fence: its code).
    """

    type: str
    tag: str
    map: list[int] | None
    content: str = ""
    children: list[Block] = field(default_factory=list)


def _table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's GFM table rule, building the table's blocks directly.

    Whether a table starts here (its header and separator rows) is markdown-it's own
    rule's answer; the body rows are read as that rule reads them (the same line
    limits, terminators, cell split and cell limit), but into blocks rather than ~40
    tokens per table that the tree would be built from again.
    """
    if not gfm_table(state, start, end, True):
        return False
    if silent:
        return True
    header = _row_cells(_line(state, start))
    count = len(header)
    table = Block("table", "table", None)
    table.children.append(
        Block(
            "thead", "thead", [start, start + 1], children=[_row("th", header, start)]
        )
    )
    old_parent, state.parentType = state.parentType, "table"
    line, body = _body_rows(state, start + 2, end, count)
    state.parentType = old_parent
    if body:
        table.children.append(Block("tbody", "tbody", [start + 2, line], children=body))
    table.map = [start, line]
    state.line = line
    state.push("table_block", "table", 0).meta = {"block": table}
    return True


def _body_rows(
    state: StateBlock, line: int, end: int, count: int
) -> tuple[int, list[Block]]:
    """Return the line after a table's body and its rows (markdown-it's loop)."""
    terminators = state.md.block.ruler.getRules("blockquote")
    rows: list[Block] = []
    autocompleted = 0
    while line < end and state.sCount[line] >= state.blkIndent:
        text = _line(state, line)
        if text[:1] in _OPENERS and _terminated(state, line, end, terminators):
            break
        if not text or state.is_code_block(line):
            break
        cells = _row_cells(text)
        autocompleted += count - len(cells)
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            break
        cells = [*cells[:count], *[""] * (count - len(cells))]
        rows.append(_row("td", cells, line))
        line += 1
    return line, rows


# The first characters of a line that may open a block ending a table (fence, quote,
# thematic break, list, HTML, heading: the `blockquote` terminators); a line starting
# with any other character ends none (tests/test_markdown_blocks.py asks each rule).
_OPENERS = frozenset("`~>*-_+<#0123456789")


def _terminated(state: StateBlock, line: int, end: int, terminators: list[Any]) -> bool:
    for terminates in terminators:  # noqa: SIM110 - no generator per row
        if terminates(state, line, end, True):
            return True
    return False


def _line(state: StateBlock, line: int) -> str:
    """Return a line's text after its indent, trimmed."""
    start = state.bMarks[line] + state.tShift[line]
    return mdTrim(state.src[start : state.eMarks[line]])


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _row_cells(text: str) -> list[str]:
    """Return a row's cells as markdown-it splits them: at each pipe not right after a
    backslash, an escaped pipe losing its backslash, the empty edges dropped."""
    cells = [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(text)]
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _row(kind: str, cells: list[str], line: int) -> Block:
    span = [line, line + 1]
    return Block(
        "tr",
        "tr",
        span,
        children=[
            Block(kind, kind, None, children=[Block("inline", "", span, mdTrim(cell))])
            for cell in cells
        ],
    )


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").disable("inline")
    # the rules a table may interrupt, as markdown-it registers its table rule
    md.block.ruler.at("table", _table_rule, {"alt": ["paragraph", "reference"]})
    return md


def parse_blocks(text: str) -> list[Block]:
    """Return the top-level blocks of a CommonMark + GFM tables document."""
    top: list[Block] = []
    open_children = [top]
    for token in _parser().parse(text):
        if token.nesting == 1:
            node = Block(token.type[:-_OPEN_SUFFIX], token.tag, token.map)
            open_children[-1].append(node)
            open_children.append(node.children)
        elif token.nesting == -1:
            open_children.pop()
        elif token.type == "table_block":
            open_children[-1].append(token.meta["block"])
        else:
            open_children[-1].append(
                Block(token.type, token.tag, token.map, token.content)
            )
    return top

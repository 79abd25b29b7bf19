"""Markdown block structure for extraction: markdown-it's block tokens as a tree.

Extraction reads blocks (headings, paragraphs, lists, tables) and the raw text of each
inline run, never the inline markup parsed, so the inline phase is switched off and the
tree is built in one pass over the tokens, with a node per block. A table's rows and
cells, most of a table-heavy document's tokens, are built as blocks while markdown-it's
own table rule runs instead of as tokens (see `_table_rule`). On a 5 MB document of
16,000 tables that halves the parse. tests/test_markdown_blocks.py holds the tree equal
to markdown-it's full parse read through its SyntaxTreeNode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
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


class _TableBlock(Block):
    """A block of a table's inside: the table rule also sets `attrs` (alignment)."""

    attrs: dict[str, str]


def _table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's GFM table rule, building the table's blocks as it goes.

    The rule is unchanged (what is a table, where it ends, how cells split); only
    `state.push` is shadowed while it runs, so that each token it pushes is a block
    of the table's tree, made once (a closing token only ends its block). Its
    open/close pairs are balanced, so the nesting level it leaves is the one it found.
    """
    if silent:
        return gfm_table(state, start, end, True)
    top: list[Block] = []
    open_children = [top]

    def push(type: str, tag: str, nesting: int) -> Block:
        if nesting == -1:
            open_children.pop()
            return _CLOSED
        block = _TableBlock(type[:-_OPEN_SUFFIX] if nesting else type, tag, None)
        open_children[-1].append(block)
        if nesting:
            open_children.append(block.children)
        return block

    state.push = push  # type: ignore[method-assign,assignment]
    try:
        found = gfm_table(state, start, end, False)
    finally:
        del state.push  # the class's method again
    if found:
        token = state.push("table_block", "table", 0)
        token.meta = {"block": top[0]}
    return found


_CLOSED = _TableBlock("closed", "", None)  # what a closing token's attributes go to


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

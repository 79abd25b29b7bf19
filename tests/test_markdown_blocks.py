"""parse_blocks gives the block tree markdown-it's full parse and SyntaxTreeNode give
(types, tags, line maps, raw inline text), on every Markdown file in the repository
and on random documents built from table, list, quote and code fragments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.tree import SyntaxTreeNode

from catgen_taxonomy.markdown.blocks import Block, parse_blocks

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(
    path
    for folder in ("spec", "tests", "docs")
    for path in (ROOT / folder).rglob("*.md")
)


def _reference(text: str) -> list[Any]:
    md = MarkdownIt("commonmark").enable("table")
    return [_shape(node) for node in SyntaxTreeNode(md.parse(text)).children]


def _shape(node: SyntaxTreeNode | Block) -> Any:
    if node.type == "inline":
        return ("inline", None if node.map is None else tuple(node.map), node.content)
    span = None if node.map is None else tuple(node.map)
    return (node.type, node.tag, span, [_shape(child) for child in node.children])


def _blocks(text: str) -> list[Any]:
    return [_shape(block) for block in parse_blocks(text)]


def test_repository_documents_parse_alike() -> None:
    assert len(DOCUMENTS) > 20
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _blocks(text) == _reference(text), path


FRAGMENTS = [
    "| a | b |\n| - | - |\n| 1 | 2 |\n",
    "| a | b |\n|---|:-:|\n| 1 |\n| 1 | 2 | 3 |\n",
    "a | b\n-- | --\nc | d\n",
    "| x \\| y | z |\n| --- | --- |\n| `p|q` | r |\n",
    "- item\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |\n",
    "> | a |\n> | - |\n> | q |\n",
    "1. one\n2. two\n   - nested\n",
    "```\n| a |\n| - |\n```\n",
    "    | indented | code |\n    | - | - |\n",
    "# Heading\n",
    "Setext\n---\n",
    "text with **bold** and `code` and <b>html</b>\n",
    "| a |\n| - |\n- list right after\n",
    "| a |\n| - |\n> quote ends it\n",
    "<!-- catgen:begin x -->\n| a |\n| - |\n<!-- catgen:end x -->\n",
    "| a | b |\n| - | - |\n",
    "|a|\n|-|\n|b|\n\ntrailing paragraph\n",
    "| a | b | c |\n|:--|--:|:-:|\n| 1 |\n|  | 2 |  |\n| x | y | z | w |\n",
    "| a |\n| - |\n## heading ends it\n",
    "| a |\n| - |\n```\nfence ends it\n```\n",
    "| a |\n| - |\n---\n",
    "| a |\n| - |\n<div>html ends it</div>\n",
    "| a |\n| - |\n1. ordered ends it\n",
    "| a |\n| - |\n        indented: a code block ends it\n",
    "| a |\n| - |\n   | three spaces in |\n",
    "| a \\\\| b |\n| --- |\n| c \\| d \\\\| e |\n",
    "\t| tab | indent |\n\t| - | - |\n",
    "- a list\n  | a | b |\n  | - | - |\n  | 1 | 2 |\n| out | side |\n",
    "> > | nested | quote |\n> > | - | - |\n> > | 1 | 2 |\n> | 3 | 4 |\n",
    "paragraph line\n| a | b |\n| - | - |\n",
    "| a | b |\n| - | - |\nlazy line\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6), st.data())
def test_random_documents_parse_alike(parts: list[str], data: st.DataObject) -> None:
    joins = data.draw(
        st.lists(
            st.sampled_from(["", "\n", "\n\n"]),
            min_size=len(parts),
            max_size=len(parts),
        )
    )
    text = "".join(part + join for part, join in zip(parts, joins))
    assert _blocks(text) == _reference(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="a|\\ `", max_size=12))
def test_cells_split_as_markdown_it_splits_them(text: str) -> None:
    from catgen_taxonomy.markdown.blocks import _row_cells

    expected = escapedSplit(text)
    if expected and expected[0] == "":
        expected.pop(0)
    if expected and expected[-1] == "":
        expected.pop()
    assert _row_cells(text) == expected


def test_only_the_listed_characters_open_a_block_that_ends_a_table() -> None:
    """blocks._OPENERS: a line whose first character is not one of them ends no table
    (each terminating rule asked in turn); each of them opens some block."""
    from catgen_taxonomy.markdown.blocks import _OPENERS, _parser

    md = _parser()
    rules = md.block.ruler.getRules("blockquote")

    def ends_table(line: str) -> bool:
        state = StateBlock(line + "\n", md, {}, [])
        return any(rule(state, 0, state.lineMax, True) for rule in rules)

    firsts = [chr(c) for c in range(0x21, 0x7F)] + ["é", "\u00a0", "\u3000", "|"]
    for first in firsts:
        for rest in ("", " x", "x", first * 3, " ", "\t1"):
            if first not in _OPENERS:
                assert not ends_table(first + rest), repr(first + rest)
    opening = {
        "`": "```",
        "~": "~~~",
        ">": "> q",
        "*": "* x",
        "-": "- x",
        "_": "___",
        "+": "+ x",
        "<": "<div>",
        "#": "# h",
    }
    assert all(ends_table(opening.get(c, f"{c}. x")) for c in _OPENERS)

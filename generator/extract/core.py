"""Markdown ADR -> catalog extraction: the document walk and its entry point."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import yaml

from ..markdown.blocks import Block, parse_blocks
from ..markdown.markers import scan_markers
from .codes import CodeBook
from .finish import finish
from .lists import on_list
from .model import Extraction
from .paragraphs import on_paragraph
from .records import RecordBook
from .scopes import on_heading
from .state import Cursor, DocumentFacts, ExtractionState, Findings, Json, Source
from .table_elements import TableElements
from .text import split_lines
from .vocabulary import COLUMNS, ColumnRole


def new_state(
    text: str, source_name: str, columns: Mapping[str, ColumnRole] | None = None
) -> ExtractionState:
    """Return the empty extraction state of one document (columns: the column
    vocabulary, default the built-in one)."""
    source = Source(source_name, text, split_lines(text))
    findings = Findings()
    cursor = Cursor()
    scopes: dict[str, Json] = {}
    codes = CodeBook(findings)
    vocabulary = COLUMNS if columns is None else columns
    tables = TableElements(source, findings, cursor, scopes, codes, vocabulary)
    return ExtractionState(
        source, findings, cursor, scopes, codes, tables, RecordBook(), DocumentFacts()
    )


def walk(st: ExtractionState, nodes: list[Block]) -> None:
    """Read block nodes in order, handing each to the reader of its element kind."""
    i = 0
    while i < len(nodes):
        node = nodes[i]
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        t = node.type
        if t == "heading":
            on_heading(st, node)
        elif t == "paragraph":
            if on_paragraph(st, node, nxt):
                i += 1
        elif t in ("bullet_list", "ordered_list"):
            on_list(st, node, partial(walk, st))
        elif t == "table":
            st.tables.on_table(node)
        i += 1


def _blank_front_matter(st: ExtractionState) -> list[str]:
    """Read YAML front matter into the facts; return the lines with it blanked."""
    lines = list(st.source.lines)
    if not (lines and lines[0].strip() == "---"):
        return lines
    for j in range(1, len(lines)):
        if lines[j].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:j]))
                if isinstance(data, dict):
                    st.facts.front = data
            except yaml.YAMLError as exc:
                st.findings.warn(
                    1,
                    1,
                    f"front matter is not valid YAML: {exc.__class__.__name__}",
                )
            for k in range(j + 1):
                lines[k] = ""
            break
    return lines


def run(st: ExtractionState) -> Extraction:
    """Walk the whole document and assemble its catalog."""
    regions, problems = scan_markers(st.source.text)
    for line, column, message, hint in problems:
        st.findings.error(line, column, message, hint)
    for region in regions:
        for index in range(region.start, region.end):
            st.tables.marked_ids[index + 1] = region.table_id
    lines = _blank_front_matter(st)
    walk(st, parse_blocks("\n".join(lines)))
    st.tables.flush_marks()
    return finish(st)


def extract_document(
    text: str,
    *,
    source_name: str,
    columns: Mapping[str, ColumnRole] | None = None,
) -> Extraction:
    """Extract a catalog from one Markdown document (columns: the column vocabulary,
    `vocabulary.vocabulary(project_columns)`; default the built-in one).

    Never raises on bad Markdown: every problem is a located Finding in ``errors`` or
    ``warnings``.  An unexpected internal failure is reported as an error at 1:1.
    """
    st = new_state(text, source_name, columns)
    try:
        return run(st)
    except (
        Exception
    ) as exc:  # pragma: no cover - defensive: the contract is "never raises"
        st.findings.error(
            1,
            1,
            f"internal extractor error: {exc.__class__.__name__}: {exc}",
            "please report this document to the catgen maintainers",
        )
        return Extraction(
            {
                "catgen": 1,
                "id": "catalog",
                "title": "",
                "version": "0.1.0",
                "document": source_name,
                "code_style": "lower_snake_case",
            },
            [],
            st.findings.warnings,
            st.findings.errors,
        )

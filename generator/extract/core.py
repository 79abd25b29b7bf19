"""Markdown ADR -> catalog extraction: the document walk, and GFM tables."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..markdown.markers import scan_markers
from ..markdown.tables import cell_starts, detect_style, read_table, style_to_catalog
from .codes import CodeBook
from .finish import finish
from .lists import on_list
from .model import Extraction, TableSpan
from .paragraphs import on_paragraph
from .records import RecordBook
from .scopes import on_heading
from .state import Cursor, DocumentFacts, ExtractionState, Findings, Json, Source
from .tables import HEADER_FIELDS, normalise_header
from .text import (
    CODE_TOKEN,
    is_backticked,
    slug,
    snake,
    split_lines,
    strip_parenthetical,
    unbacktick,
)


class TableElements:
    """GFM tables: code and data tables, their ids and spans, and `^` marked cells."""

    def __init__(
        self,
        source: Source,
        findings: Findings,
        cursor: Cursor,
        scopes: dict[str, Json],
        codes: CodeBook,
    ) -> None:
        self.cursor = cursor
        # The table methods read the shared state under these names; each one is the
        # very object the rest of the extractor uses, never a copy.
        self.lines = source.lines
        self.col = source.col
        self.warn = findings.warn
        self.error = findings.error
        self.scopes = scopes
        self.add_code = codes.add_code
        self.attr_order = codes.attr_order
        self.attr_header = codes.attr_header
        self.tables: list[Json] = []
        # table id -> (scope, codes in row order)
        self.table_rows: dict[str, tuple[str | None, list[str]]] = {}
        self.spans: list[TableSpan] = []
        self.marked_ids: dict[int, str] = {}  # 1-based line -> id of its marked region
        # `^` cells of the last code table, waiting for their override paragraph
        self.pending_marks: dict[str, Any] | None = None

    @property
    def heading(self) -> str | None:
        """Return the text of the last heading."""
        return self.cursor.heading

    @property
    def heading_line(self) -> int:
        """Return the line of the last heading."""
        return self.cursor.heading_line

    @property
    def scope(self) -> str | None:
        """Return the scope the cursor is in."""
        return self.cursor.scope

    # ------------------------------------------------------------------ tables
    def table_id(self, scope) -> str:
        label = strip_parenthetical(self.heading or "")
        label = re.sub(
            r"\breason codes\b|\bsubstage\b|\bstage\b", " ", label, flags=re.I
        )
        label = slug(label)
        base = "cross-cutting" if scope == "*" else slug(scope or "")
        sc = self.scopes.get(scope)
        if sc and sc.get("title") and sc["_line"] == self.heading_line:
            label = ""  # the heading that declares the scope only names it
        if base and label and label not in base:
            tid = f"{base}-{label}"
        else:
            tid = base or label or "table"
        return tid

    def unique_id(self, tid: str) -> str:
        used = {t["id"] for t in self.tables}
        if tid not in used:
            return tid
        n = 2
        while f"{tid}-{n}" in used:
            n += 1
        return f"{tid}-{n}"

    def on_table(self, node, scope="__current__") -> None:
        if scope == "__current__":
            scope = self.scope
        raw = read_table(node, self.lines)
        self.flush_marks()
        tid = self.unique_id(
            self.marked_ids.get(raw.first_line) or self.table_id(scope)
        )
        for ln, found, expected in raw.cell_count_problems:
            kind = "missing" if found < expected else "extra"
            starts = cell_starts(self.lines[ln - 1])
            self.error(
                ln,
                (
                    len(self.lines[ln - 1]) + 1
                    if found < expected
                    else starts[expected] + 1
                ),
                f"table row has {found} cells, header has {expected} ({kind} cell)",
                "every row needs one cell per header column",
            )
        style, canonical = detect_style(raw)
        if not canonical:
            self.warn(
                raw.first_line,
                1,
                "table is neither aligned nor canonical compact; regenerating it will "
                "reformat it",
                "pad every cell to its column's width, or each with one space",
            )
        fields = []
        for h in raw.header:
            f = HEADER_FIELDS.get(normalise_header(h))
            fields.append(f)
        has_code = "code" in fields
        columns = []
        seen_fields = set()
        for i, (h, f) in enumerate(zip(raw.header, fields)):
            if f is None:
                f = snake(h) or f"column_{i + 1}"
                if has_code:
                    self.warn(
                        raw.first_line,
                        self.col(raw.first_line, h) if h else 1,
                        f"unknown table column '{h}' (kept as attribute `{f}`)",
                        "known columns: Reason code, Severity, Description, Meaning, "
                        "Trigger, Action, Run status, Exit code, RECOVERY_CLASS",
                    )
            if f in seen_fields:
                self.error(
                    raw.first_line,
                    self.col(raw.first_line, h) if h else 1,
                    f"duplicate table column for field `{f}`",
                )
                f = f"{f}_{i + 1}"
            seen_fields.add(f)
            fields[i] = f
            cells = [r[i].strip() for r in raw.rows]
            bare = [c[:-1] if c.endswith("^") else c for c in cells]
            col: dict = {"header": h, "field": f}
            nonempty = [c for c in bare if c]
            if nonempty and all(is_backticked(c) for c in nonempty):
                col["format"] = "code"
            elif f == "code" and any(is_backticked(c) for c in nonempty):
                self.warn(
                    raw.first_line, 1, "code column mixes backticked and plain codes"
                )
            if any(c.endswith("^") for c in cells):
                col["marker"] = f
            if i < len(style.align) and style.align[i] is not None:
                col["align"] = style.align[i]
            columns.append(col)
        spec: dict = {"id": tid, **style_to_catalog(style)}
        spec["rows"] = "codes" if has_code else "data"
        spec["columns"] = columns
        self.spans.append(TableSpan(tid, raw.first_line, raw.last_line))
        if not has_code:
            spec["data"] = [list(r) for r in raw.rows]
            self.warn(
                raw.first_line,
                1,
                "table has no code column; owned as a data table",
                "add a 'Reason code' column if it lists codes",
            )
            self.tables.append(spec)
            return
        self.tables.append(spec)
        ci = fields.index("code")
        marks: dict = {}
        order = []
        for row, ln in zip(raw.rows, raw.row_lines):
            cell = row[ci].strip()
            code = unbacktick(cell[:-1] if cell.endswith("^") else cell)
            if not code:
                self.error(ln, 1, "table row has an empty code cell")
                continue
            if not CODE_TOKEN.match(code):
                self.error(
                    ln,
                    self.col(ln, code),
                    f"'{code}' is not a valid code token",
                    "codes are lower_snake_case or SCREAMING_SNAKE_CASE",
                )
                continue
            attrs = {}
            for i, f in enumerate(fields):
                if i == ci or i >= len(row):
                    continue
                v = row[i].strip()
                if v.endswith("^"):
                    v = v[:-1]
                    marks.setdefault(code, []).append(f)
                if columns[i].get("format") == "code":
                    v = unbacktick(v)
                if v == "":
                    continue
                if f == "exit_code" and re.fullmatch(r"-?\d+", v):
                    v = int(v)
                attrs[f] = v
                if f not in ("description",) and f not in self.attr_order:
                    self.attr_order.append(f)
                    self.attr_header[f] = columns[i]["header"]
            if self.add_code(
                scope, code, attrs, tid, ln, self.col(ln, code), kind="table"
            ):
                order.append(code)
            else:
                order.append(code)
        self.table_rows[tid] = (scope, order)
        if marks:
            self.pending_marks = {
                "scope": scope,
                "table": tid,
                "marks": marks,
                "line": raw.first_line,
                "columns": [c["field"] for c in columns],
            }

    def flush_marks(self):
        pm = self.pending_marks
        if pm is not None:
            self.pending_marks = None
            for code in pm["marks"]:
                ln = next(
                    (s.first_line for s in self.spans if s.id == pm["table"]),
                    pm["line"],
                )
                self.warn(
                    ln,
                    1,
                    f"`^` marker on `{code}` has no following override paragraph",
                    "add a '^ Policy-dependent override:' paragraph after the table",
                )

    # ------------------------------------------------------------------ overrides


def new_state(text: str, source_name: str) -> ExtractionState:
    """Return the empty extraction state of one document."""
    source = Source(source_name, text, split_lines(text))
    findings = Findings()
    cursor = Cursor()
    scopes: dict[str, Json] = {}
    codes = CodeBook(findings)
    tables = TableElements(source, findings, cursor, scopes, codes)
    return ExtractionState(
        source, findings, cursor, scopes, codes, tables, RecordBook(), DocumentFacts()
    )


def walk(st: ExtractionState, nodes: list[SyntaxTreeNode]) -> None:
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
    md = MarkdownIt("commonmark").enable("table")
    root = SyntaxTreeNode(md.parse("\n".join(lines)))
    walk(st, root.children)
    st.tables.flush_marks()
    return finish(st)


def extract_document(text: str, *, source_name: str) -> Extraction:
    """Extract a catalog from one Markdown document.

    Never raises on bad Markdown: every problem is a located Finding in ``errors`` or
    ``warnings``.  An unexpected internal failure is reported as an error at 1:1.
    """
    st = new_state(text, source_name)
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

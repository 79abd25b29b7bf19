"""GFM tables: code and data tables, their ids and spans, and `^` marked cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from ..markdown.tables import (
    RawTable,
    TableStyle,
    cell_starts,
    detect_style,
    read_table,
    style_to_catalog,
)
from .codes import CodeBook
from .model import TableSpan
from .state import Cursor, Findings, Json, Source
from .tables import HEADER_FIELDS, normalise_header
from .text import (
    CODE_TOKEN,
    is_backticked,
    slug,
    snake,
    strip_parenthetical,
    unbacktick,
)

MARK = "^"


@dataclass
class PendingMarks:
    """The `^` cells of the last code table, waiting for their override paragraph."""

    scope: str | None
    table: str
    marks: dict[str, list[str]]  # code -> its marked fields, in row and column order
    line: int  # the table's header line


def _unmarked(cell: str) -> str:
    """Return a stripped cell without its trailing `^`."""
    return cell[:-1] if cell.endswith(MARK) else cell


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
        # Each collaborator is the very object the rest of the extractor uses, never a copy.
        self.cursor = cursor
        self.source = source
        self.findings = findings
        self.scopes = scopes
        self.codes = codes
        self.tables: list[Json] = []
        # table id -> (scope, codes in row order)
        self.table_rows: dict[str, tuple[str | None, list[str]]] = {}
        self.spans: list[TableSpan] = []
        self.marked_ids: dict[int, str] = {}  # 1-based line -> id of its marked region
        self.pending_marks: PendingMarks | None = None
        # Kept beside `tables` so that naming a table costs the same at the 16,000th
        # table as at the first (a set rebuilt per table made extract quadratic).
        self._used_ids: set[str] = set()
        self._next_suffix: dict[str, int] = {}  # id -> the lowest suffix maybe free

    def table_id(self, scope: str | None) -> str:
        """Return the id a table under the current heading gets in scope."""
        label = strip_parenthetical(self.cursor.heading or "")
        label = re.sub(
            r"\breason codes\b|\bsubstage\b|\bstage\b", " ", label, flags=re.I
        )
        label = slug(label)
        base = "cross-cutting" if scope == "*" else slug(scope or "")
        declared = self.scopes.get(scope) if scope is not None else None
        if (
            declared
            and declared.get("title")
            and declared["_line"] == self.cursor.heading_line
        ):
            label = ""  # the heading that declares the scope only names it
        if base and label and label not in base:
            return f"{base}-{label}"
        return base or label or "table"

    def unique_id(self, tid: str) -> str:
        """Return tid, or tid-2, tid-3 ... when a table already has it; claim it."""
        unique = tid
        if tid in self._used_ids:
            # Ids are never released, so every suffix below the remembered one is taken.
            n = self._next_suffix.get(tid, 2)
            while f"{tid}-{n}" in self._used_ids:
                n += 1
            self._next_suffix[tid] = n + 1
            unique = f"{tid}-{n}"
        self._used_ids.add(unique)
        return unique

    def on_table(self, node: SyntaxTreeNode, scope: str | None = None) -> None:
        """Read a table as a code table of scope (None: the cursor's) or a data table."""
        if scope is None:
            scope = self.cursor.scope
        raw = read_table(node, self.source.lines)
        self.flush_marks()
        tid = self.unique_id(
            self.marked_ids.get(raw.first_line) or self.table_id(scope)
        )
        self._check_cell_counts(raw)
        style = self._style(raw)
        roles = [HEADER_FIELDS.get(normalise_header(h)) for h in raw.header]
        has_code = "code" in roles
        fields, columns = self._columns(raw, roles, style, has_code)
        spec: Json = {"id": tid, **style_to_catalog(style)}
        spec["rows"] = "codes" if has_code else "data"
        spec["columns"] = columns
        self.spans.append(TableSpan(tid, raw.first_line, raw.last_line))
        if not has_code:
            self._data_table(raw, spec)
            return
        self.tables.append(spec)
        self._code_rows(raw, scope, tid, fields, columns)

    def _check_cell_counts(self, raw: RawTable) -> None:
        """Report each row with a missing or an extra cell."""
        lines = self.source.lines
        for ln, found, expected in raw.cell_count_problems:
            missing = found < expected
            column = (
                len(lines[ln - 1]) + 1
                if missing
                else cell_starts(lines[ln - 1])[expected] + 1
            )
            self.findings.error(
                ln,
                column,
                f"table row has {found} cells, header has {expected} "
                f"({'missing' if missing else 'extra'} cell)",
                "every row needs one cell per header column",
            )

    def _style(self, raw: RawTable) -> TableStyle:
        """Return the table's style; warn when regenerating would reformat it."""
        style, canonical = detect_style(raw)
        if not canonical:
            self.findings.warn(
                raw.first_line,
                1,
                "table is neither aligned nor canonical compact; regenerating it will "
                "reformat it",
                "pad every cell to its column's width, or each with one space",
            )
        return style

    def _columns(
        self,
        raw: RawTable,
        roles: list[str | None],
        style: TableStyle,
        has_code: bool,
    ) -> tuple[list[str], list[Json]]:
        """Return the field of each column and its catalog column entry."""
        fields: list[str] = []
        columns: list[Json] = []
        for i, (header, role) in enumerate(zip(raw.header, roles)):
            field = self._field(raw, i, header, role, has_code, fields)
            fields.append(field)
            columns.append(self._column(raw, i, header, field, style))
        return fields, columns

    def _field(
        self,
        raw: RawTable,
        i: int,
        header: str,
        role: str | None,
        has_code: bool,
        taken: list[str],
    ) -> str:
        """Return the field of column i: its role, or an attribute named after it."""
        column = self.source.col(raw.first_line, header) if header else 1
        field = role
        if field is None:
            field = snake(header) or f"column_{i + 1}"
            if has_code:
                self.findings.warn(
                    raw.first_line,
                    column,
                    f"unknown table column '{header}' (kept as attribute `{field}`)",
                    "known columns: Reason code, Severity, Description, Meaning, "
                    "Trigger, Action, Run status, Exit code, RECOVERY_CLASS",
                )
        if field in taken:
            self.findings.error(
                raw.first_line, column, f"duplicate table column for field `{field}`"
            )
            field = f"{field}_{i + 1}"
        return field

    def _column(
        self, raw: RawTable, i: int, header: str, field: str, style: TableStyle
    ) -> Json:
        """Return the catalog entry of column i: format, `^` marker and alignment."""
        cells = [row[i].strip() for row in raw.rows]
        nonempty = [c for c in (_unmarked(c) for c in cells) if c]
        column: Json = {"header": header, "field": field}
        if nonempty and all(is_backticked(c) for c in nonempty):
            column["format"] = "code"
        elif field == "code" and any(is_backticked(c) for c in nonempty):
            self.findings.warn(
                raw.first_line, 1, "code column mixes backticked and plain codes"
            )
        if any(c.endswith(MARK) for c in cells):
            column["marker"] = field
        if i < len(style.align) and style.align[i] is not None:
            column["align"] = style.align[i]
        return column

    def _data_table(self, raw: RawTable, spec: Json) -> None:
        """Keep a table without a code column as a data table."""
        spec["data"] = [list(row) for row in raw.rows]
        self.findings.warn(
            raw.first_line,
            1,
            "table has no code column; owned as a data table",
            "add a 'Reason code' column if it lists codes",
        )
        self.tables.append(spec)

    def _code_rows(
        self,
        raw: RawTable,
        scope: str | None,
        tid: str,
        fields: list[str],
        columns: list[Json],
    ) -> None:
        """Add the code of each row of a code table; keep its `^` marks pending."""
        code_at = fields.index("code")
        marks: dict[str, list[str]] = {}
        order: list[str] = []
        for row, ln in zip(raw.rows, raw.row_lines):
            code = self._row_code(row[code_at].strip(), ln)
            if code is None:
                continue
            attrs, marked = self._row_attributes(row, code_at, fields, columns)
            if marked:
                marks.setdefault(code, []).extend(marked)
            col = self.source.col(ln, code)
            self.codes.add_code(scope, code, attrs, tid, ln, col, kind="table")
            order.append(code)  # kept in the row order even when add_code rejects it
        self.table_rows[tid] = (scope, order)
        if marks:
            self.pending_marks = PendingMarks(scope, tid, marks, raw.first_line)

    def _row_code(self, cell: str, ln: int) -> str | None:
        """Return the code of a row's code cell, or None (reported) when it has none."""
        code = unbacktick(_unmarked(cell))
        if not code:
            self.findings.error(ln, 1, "table row has an empty code cell")
            return None
        if not CODE_TOKEN.match(code):
            self.findings.error(
                ln,
                self.source.col(ln, code),
                f"'{code}' is not a valid code token",
                "codes are lower_snake_case or SCREAMING_SNAKE_CASE",
            )
            return None
        return code

    def _row_attributes(
        self, row: list[str], code_at: int, fields: list[str], columns: list[Json]
    ) -> tuple[Json, list[str]]:
        """Return a row's attributes and the fields whose cell is `^` marked."""
        attrs: Json = {}
        marked: list[str] = []
        for i, field in enumerate(fields):
            if i == code_at or i >= len(row):
                continue
            value = row[i].strip()
            if value.endswith(MARK):
                value = value[:-1]
                marked.append(field)
            if columns[i].get("format") == "code":
                value = unbacktick(value)
            if value == "":
                continue
            is_number = field == "exit_code" and re.fullmatch(r"-?\d+", value)
            attrs[field] = int(value) if is_number else value
            if field != "description" and field not in self.codes.attr_order:
                self.codes.attr_order.append(field)
                self.codes.attr_header[field] = columns[i]["header"]
        return attrs, marked

    def flush_marks(self) -> None:
        """Warn about the pending `^` marks that no override paragraph explained."""
        pending, self.pending_marks = self.pending_marks, None
        if pending is None:
            return
        for code in pending.marks:
            ln = next(
                # the pending table is the latest span: search from the end
                (s.first_line for s in reversed(self.spans) if s.id == pending.table),
                pending.line,
            )
            self.findings.warn(
                ln,
                1,
                f"`^` marker on `{code}` has no following override paragraph",
                "add a '^ Policy-dependent override:' paragraph after the table",
            )

"""GFM tables: code and data tables, their ids and spans, and `^` marked cells."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..markdown.blocks import Block
from ..markdown.tables import (
    RawTable,
    TableStyle,
    cell_starts,
    detect_style,
    read_table,
    style_to_catalog,
)
from .codes import ENUM_ATTRS, CodeBook, is_code_token
from .model import TableSpan
from .state import Cursor, Findings, Json, Source
from .text import (
    CODE_TOKEN,
    is_backticked,
    slug,
    snake,
    strip_parenthetical,
    unbacktick,
)
from .vocabulary import (
    STRONG_RANK,
    ColumnRole,
    boolean_words,
    content_kind,
    role_of,
)

MARK = "^"
INTEGER = re.compile(r"-?\d+")
# The cells a weak code column (Name, Status, ...) must have to carry codes: snake
# or SCREAMING_SNAKE tokens, or numbers and SQLSTATE-like codes ...
WEAK_CODE = re.compile(r"[a-z][a-z0-9_]*|[A-Z][A-Z0-9_]*|[0-9][0-9A-Z]*")
# ... or all PascalCase (S3's `NoSuchBucket`, `SlowDown`), one at least with an inner
# capital: a column of capitalised words (`Alice`, `Off`) holds names, not codes.
PASCAL_CODE = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*")
INNER_CAPITAL = re.compile(r"[a-z0-9][A-Z]")


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


def _typed(value: str, kind: str | None, column: Json) -> str | int | bool:
    """Return a cell's value as its column's kind reads it (else as written)."""
    words = column.get("boolean_words")
    if kind == "boolean" and words is not None and value in words:
        return bool(value == words[0])
    if kind == "integer" and INTEGER.fullmatch(value):
        return int(value)
    return value


class TableElements:
    """GFM tables: code and data tables, their ids and spans, and `^` marked cells."""

    def __init__(
        self,
        source: Source,
        findings: Findings,
        cursor: Cursor,
        scopes: dict[str, Json],
        codes: CodeBook,
        columns: Mapping[str, ColumnRole],
    ) -> None:
        self.columns = columns  # the column vocabulary, the project's headers included
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

    def on_table(self, node: Block, scope: str | None = None) -> None:
        """Read a table as a code table of scope (None: the cursor's), a situation
        table (its code column repeats) or a data table."""
        if scope is None:
            scope = self.cursor.scope
        raw = read_table(node, self.source.lines)
        self.flush_marks()
        tid = self.unique_id(
            self.marked_ids.get(raw.first_line) or self.table_id(scope)
        )
        self._check_cell_counts(raw)
        style = self._style(raw)
        roles = [role_of(self.columns, h) for h in raw.header]
        code_at = self._code_column(raw, roles)
        situation = code_at is not None and self._is_situation(raw, roles, code_at)
        fields, columns, kinds = self._columns(
            raw, roles, style, code_at, code_at is not None and not situation
        )
        spec: Json = {"id": tid, **style_to_catalog(style)}
        spec["rows"] = "data" if code_at is None else "codes"
        spec["columns"] = columns
        self.spans.append(TableSpan(tid, raw.first_line, raw.last_line))
        if code_at is None:
            self._data_table(raw, spec)
        elif situation:
            self._situation_table(raw, spec, scope, code_at)
        else:
            self.tables.append(spec)
            self._code_rows(raw, scope, tid, fields, columns, kinds)

    def _code_column(self, raw: RawTable, roles: list[ColumnRole | None]) -> int | None:
        """Return the column that carries the codes: the highest-ranked code column
        (the leftmost on a tie) whose cells can be codes, or None."""
        best: int | None = None
        for i, role in enumerate(roles):
            if role is None or role.kind != "code":
                continue
            if role.rank < STRONG_RANK and not self._token_cells(raw, i, role.numbers):
                continue
            if best is None or role.rank > (roles[best] or role).rank:
                best = i
        return best

    @staticmethod
    def _cell_values(raw: RawTable, i: int) -> list[str]:
        """Return the non-empty cells of column i, without `^` marks and backticks."""
        cells = (unbacktick(_unmarked(row[i].strip())) for row in raw.rows)
        return [c for c in cells if c]

    def _token_cells(self, raw: RawTable, i: int, numbers: bool) -> bool:
        """Return whether every cell of column i is a single code-like token (a
        number only when numbers is set)."""
        values = [unbacktick(_unmarked(row[i].strip())) for row in raw.rows]
        if not values:
            return False
        if all(PASCAL_CODE.fullmatch(v) for v in values):
            return any(INNER_CAPITAL.search(v) for v in values)
        return all(
            WEAK_CODE.fullmatch(v) and (numbers or CODE_TOKEN.match(v)) for v in values
        )

    def _is_situation(
        self, raw: RawTable, roles: list[ColumnRole | None], code_at: int
    ) -> bool:
        """Return whether a table maps situations to codes: a code appears in more
        than one row, and the code column follows the situation or is a weak one
        (a first `Reason code` column that repeats is a duplicate definition)."""
        codes = self._cell_values(raw, code_at)
        role = roles[code_at]
        weak = role is not None and role.rank < STRONG_RANK
        return len(set(codes)) < len(codes) and (code_at > 0 or weak)

    def _situation_table(
        self, raw: RawTable, spec: Json, scope: str | None, code_at: int
    ) -> None:
        """Keep a situation -> code table as data; its distinct codes join the codes."""
        spec["rows"] = "data"
        spec["data"] = [list(row) for row in raw.rows]
        self.tables.append(spec)
        distinct: list[str] = []
        for row, ln in zip(raw.rows, raw.row_lines):
            code = self._row_code(row[code_at].strip(), ln)
            if code is None or code in distinct:
                continue
            distinct.append(code)
            col = self.source.col(ln, code)
            self.codes.add_code(scope, code, {}, spec["id"], ln, col, kind="ref")
        header = raw.header[code_at]
        self._warn_at_header(
            raw,
            header,
            f"column '{header}' repeats codes; owned as a data table, its "
            f"{len(distinct)} distinct codes join the catalog's codes",
            "describe each code in a table or list of its own to give it attributes",
        )

    def _check_cell_counts(self, raw: RawTable) -> None:
        """Warn about each row with cells past the header's end (a row with fewer
        cells is read with empty ones and keeps its shape)."""
        lines = self.source.lines
        for ln, found, expected in raw.cell_count_problems:
            if found < expected:
                continue
            self.findings.warn(
                ln,
                cell_starts(lines[ln - 1])[expected] + 1,
                f"table row has {found} cells, header has {expected}; the extra "
                f"cells are kept as column {expected + 1}"
                + (f" to {found}" if found > expected + 1 else ""),
                "Markdown renderers do not show cells past the header's end: "
                "add a header cell or remove the extra cells",
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
        roles: list[ColumnRole | None],
        style: TableStyle,
        code_at: int | None,
        keeps_attributes: bool,
    ) -> tuple[list[str], list[Json], list[str]]:
        """Return the field of each column, its catalog column entry and its kind
        (keeps_attributes: the table's cells become code attributes)."""
        fields: list[str] = []
        columns: list[Json] = []
        kinds: list[str] = []
        for i, (header, role) in enumerate(zip(raw.header, roles)):
            field, kind = self._field(raw, i, role, code_at, fields)
            # a cell past the header's end is warned about per row
            if role is None and keeps_attributes and i < raw.header_cells:
                self._unknown_column(raw, header, field)
            values = self._cell_values(raw, i)
            if i != code_at and kind not in ("code", "description"):
                kind = content_kind(kind, values)
                if keeps_attributes:
                    field = self._settled_field(raw, i, field, kind)
            fields.append(field)
            column = self._column(raw, i, header, field, style)
            if keeps_attributes and i == code_at and "format" not in column:
                self._mixed_backticks(raw, i)
            words = boolean_words(values)
            if keeps_attributes and kind == "boolean" and words is not None:
                column["boolean_words"] = list(words)
            columns.append(column)
            kinds.append(kind)
        return fields, columns, kinds

    def _field(
        self,
        raw: RawTable,
        i: int,
        role: ColumnRole | None,
        code_at: int | None,
        taken: list[str],
    ) -> tuple[str, str]:
        """Return the field and kind of column i: its role, or an attribute named
        after its header (a code column that does not carry the codes is one too)."""
        header = raw.header[i]
        column = self.source.col(raw.first_line, header) if header else 1
        if i == code_at:
            field, kind = "code", "code"
        elif role is not None and role.kind != "code":
            field, kind = role.field, role.kind
        else:
            field, kind = snake(header) or f"column_{i + 1}", "auto"
        if field in taken:
            self.findings.error(
                raw.first_line, column, f"duplicate table column for field `{field}`"
            )
            field = f"{field}_{i + 1}"
        return field, kind

    def _settled_field(self, raw: RawTable, i: int, field: str, kind: str) -> str:
        """Return the attribute column i fills: its field, or a new one (reported)
        when an earlier table gave that attribute values of another kind."""
        known = self.codes.attr_kind.get(field)
        if known is None or known == kind:
            return field
        n = i + 1
        while f"{field}_{n}" in self.codes.attr_kind:
            n += 1
        header = raw.header[i]
        self._warn_at_header(
            raw,
            header,
            f"column '{header}' holds {kind} values here but {known} values in an "
            f"earlier table; kept as attribute `{field}_{n}`",
            "write the column alike in every table, or give one of them another header",
        )
        return f"{field}_{n}"

    def _mixed_backticks(self, raw: RawTable, i: int) -> None:
        """Warn that a code column whose codes are partly backticked is reformatted."""
        if any(is_backticked(_unmarked(row[i].strip())) for row in raw.rows):
            self.findings.warn(
                raw.first_line,
                1,
                "code column mixes backticked and plain codes; regenerating the table "
                "writes them all plain",
                "backtick every code of the column, or none",
            )

    def _unknown_column(self, raw: RawTable, header: str, field: str) -> None:
        """Warn that a header outside the vocabulary became an attribute."""
        self._warn_at_header(
            raw,
            header,
            f"unknown table column '{header}' (kept as attribute `{field}`)",
            "name its role under [tool.catgen.extract.columns] in the project "
            "config (docs/catalog-format.md)",
        )

    def _warn_at_header(
        self, raw: RawTable, header: str, message: str, hint: str
    ) -> None:
        """Warn at a column's header cell (at the row's start for an empty one)."""
        column = self.source.col(raw.first_line, header) if header else 1
        self.findings.warn(raw.first_line, column, message, hint)

    def _column(
        self, raw: RawTable, i: int, header: str, field: str, style: TableStyle
    ) -> Json:
        """Return the catalog entry of column i: format, `^` marker and alignment."""
        cells = [row[i].strip() for row in raw.rows]
        nonempty = [c for c in (_unmarked(c) for c in cells) if c]
        column: Json = {"header": header, "field": field}
        if nonempty and all(is_backticked(c) for c in nonempty):
            column["format"] = "code"
        if any(c.endswith(MARK) for c in cells):
            column["marker"] = field
        if i < len(style.align) and style.align[i] is not None:
            column["align"] = style.align[i]
        if i < len(style.padded) and style.padded[i]:
            column["padded"] = True
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
        kinds: list[str],
    ) -> None:
        """Add the code of each row of a code table; keep its `^` marks pending."""
        code_at = fields.index("code")
        self.codes.code_headers.append(columns[code_at]["header"])
        marks: dict[str, list[str]] = {}
        order: list[str] = []
        for row, ln in zip(raw.rows, raw.row_lines):
            code = self._row_code(row[code_at].strip(), ln)
            if code is None:
                continue
            attrs, marked = self._row_attributes(row, code_at, fields, columns, kinds)
            if marked:
                marks.setdefault(code, []).extend(marked)
            col = self.source.col(ln, code)
            self.codes.add_code(scope, code, attrs, tid, ln, col, kind="table")
            order.append(code)  # kept in the row order even when add_code rejects it
        self._declare_empty_columns(fields, columns, kinds, code_at)
        self.table_rows[tid] = (scope, order)
        if marks:
            self.pending_marks = PendingMarks(scope, tid, marks, raw.first_line)

    def _declare_empty_columns(
        self, fields: list[str], columns: list[Json], kinds: list[str], code_at: int
    ) -> None:
        """Declare the attribute of a column whose cells are all empty (or missing in
        short rows): its column must name an attribute for the catalog to load."""
        for i, field in enumerate(fields):
            known = field in self.codes.attr_order or field in ENUM_ATTRS
            if i != code_at and field != "description" and not known:
                self.codes.attr_order.append(field)
                self.codes.attr_header[field] = columns[i]["header"]
                self.codes.attr_kind.setdefault(field, kinds[i])

    def _row_code(self, cell: str, ln: int) -> str | None:
        """Return the code of a row's code cell, or None (reported) when it has none."""
        code = unbacktick(_unmarked(cell))
        if not code:
            self.findings.error(ln, 1, "table row has an empty code cell")
            return None
        if not CODE_TOKEN.match(code) and not is_code_token(code):
            self.findings.error(
                ln,
                self.source.col(ln, code),
                f"'{code}' is not a valid code token",
                "codes are lower_snake_case, SCREAMING_SNAKE_CASE, alphanumeric "
                "(SQLSTATE 40P01) or integers (HTTP 404)",
            )
            return None
        return code

    def _row_attributes(
        self,
        row: list[str],
        code_at: int,
        fields: list[str],
        columns: list[Json],
        kinds: list[str],
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
            attrs[field] = _typed(value, kinds[i], columns[i])
            if field != "description" and field not in self.codes.attr_order:
                self.codes.attr_order.append(field)
                self.codes.attr_header[field] = columns[i]["header"]
                self.codes.attr_kind.setdefault(field, kinds[i])
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

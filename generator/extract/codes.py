"""The codes a document defines: one entry per (scope, code), merged across elements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..code_shapes import CODE_PATTERNS, member_findings, name_problem
from .state import Findings, Json
from .text import LOWER_SNAKE, SCREAMING_SNAKE

SHAPED_CODE = re.compile(r"^[0-9A-Za-z]+$")
# A cell that reads back as the same integer (no sign, no leading zero).
INTEGER_CELL = re.compile(r"^(0|[1-9][0-9]*)$")
# Code column headers whose all-digit codes are still text (SQLSTATE `23505`).
TEXT_CODE_HEADERS = re.compile(r"sqlstate|\bstate\b", re.IGNORECASE)
# The column of explicit member names, and the attribute it becomes when its cells
# are not identifiers ("Not Found").
NAME_FIELD, NAME_TEXT_FIELD = "name", "label"

SEVERITY_FAIL_MODE = {"FATAL": "fail_closed", "NON-FATAL": "warn_and_skip"}
# Code attributes whose values become an enum named after the attribute.
ENUM_ATTRS = {"severity", "recovery_class"}


@dataclass
class CodeMeta:
    """Where a code was first defined and by which kind of element."""

    line: int
    col: int
    source: str
    kind: str  # "table", "prose" (constraint or severity item), "vocab" (bullets) or
    # "ref" (named by a situation table, which defines nothing about it)


@dataclass
class CodeBook:
    """Codes in document order, their attributes and the attribute column order."""

    findings: Findings
    codes: list[Json] = field(default_factory=list)
    meta: list[CodeMeta] = field(default_factory=list)
    index: dict[tuple[str | None, str], int] = field(default_factory=dict)
    attr_order: list[str] = field(default_factory=list)
    attr_header: dict[str, str] = field(default_factory=dict)
    # attribute -> its kind (vocabulary.KINDS): enum, text, string, integer, boolean
    attr_kind: dict[str, str] = field(default_factory=dict)
    code_headers: list[str] = field(default_factory=list)  # of the code columns
    integer_attrs: set[str] = field(default_factory=set)  # attributes of whole numbers

    def duplicate_code(
        self, line: int, col: int, code: str, where: str, first: int
    ) -> None:
        """Report a code defined twice in one scope."""
        self.findings.error(
            line,
            col,
            f"duplicate code `{code}` in {where} (first at line {first})",
            "each code may appear once per scope",
        )

    def add_code(
        self,
        scope: str | None,
        code: str,
        attrs: dict[str, Any],
        source: str,
        line: int,
        col: int,
        kind: str,
    ) -> bool:
        """Add a code or merge new attributes into it; False when it was rejected."""
        n = self.index.get((scope, code))
        if n is not None:
            return self._merge(n, scope, attrs, source, line, col, kind)
        self.index[(scope, code)] = len(self.codes)
        self.codes.append({"code": code, "scope": scope, **attrs, "source": source})
        self.meta.append(CodeMeta(line, col, source, kind))
        if "section" in attrs and "section" not in self.attr_order:
            self.attr_order.append("section")
            self.attr_kind.setdefault("section", "string")
        if "severity" in attrs and "severity" not in self.attr_order:
            self.attr_order.append("severity")
            self.attr_header.setdefault("severity", "Severity")
            self.attr_kind.setdefault("severity", "enum")
        return True

    def _merge(
        self,
        n: int,
        scope: str | None,
        attrs: dict[str, Any],
        source: str,
        line: int,
        col: int,
        kind: str,
    ) -> bool:
        """Merge a second definition of code number n, or report why it cannot be."""
        entry, meta = self.codes[n], self.meta[n]
        if kind == "ref":  # a situation table names a code defined elsewhere
            return True
        if meta.kind == "ref":  # the first definition of a code a situation named
            entry.update(attrs)
            entry["source"] = source
            self.meta[n] = CodeMeta(line, col, source, kind)
            return True
        code = entry["code"]
        where = f"scope `{scope}`" if scope else "this document"
        if meta.source == source and kind != "prose" or meta.kind == kind == "vocab":
            self.duplicate_code(line, col, code, where, meta.line)
            return False
        for k, v in attrs.items():
            if k in entry and entry[k] != v and k != "section":
                self.findings.error(
                    line,
                    col,
                    f"conflicting definition of `{code}` in {where}: "
                    f"{k} is {v!r} here but {entry[k]!r} at line {meta.line}",
                )
                return False
        new = {k: v for k, v in attrs.items() if k not in entry}
        if (
            not new
            or meta.kind == "table"
            and kind == "table"
            and "description" in attrs
        ):
            self.duplicate_code(line, col, code, where, meta.line)
            return False
        entry.update(new)
        if kind == "table" and entry["source"] == "prose":
            entry["source"] = source
        meta.kind = kind if kind == "table" else meta.kind
        return True


def _related_scopes(scopes: dict[str, Json], scope: str | None) -> list[str]:
    """Return the scopes a prose code borrows from: parent, same-stage siblings, `*`."""
    s = scopes.get(scope, {}) if scope is not None else {}
    chain = []
    if s.get("parent"):
        chain.append(s["parent"])
    stage = scope.split(".")[0] if scope else None
    chain += [x for x in scopes if x != scope and x.split(".")[0] == stage]
    chain.append("*")
    return chain


def _infer_severity(
    book: CodeBook, scopes: dict[str, Json], entry: Json, meta: CodeMeta
) -> None:
    """Take a prose code's severity from its scope's default fail_mode, and say so."""
    scope = entry["scope"]
    s = scopes.get(scope, {}) if scope is not None else {}
    fm = s.get("default_fail_mode") or scopes.get(s.get("parent", ""), {}).get(
        "default_fail_mode"
    )
    inv = {v: k for k, v in SEVERITY_FAIL_MODE.items()}
    if fm in inv:
        entry["severity"] = inv[fm]
        book.findings.warn(
            meta.line,
            meta.col,
            f"severity of `{entry['code']}` in scope `{scope}` inferred "
            f"from default fail_mode `{fm}`",
            "state it as '(fail closed)' or '(warn-and-skip)'",
        )
    else:
        book.findings.warn(
            meta.line,
            meta.col,
            f"no severity for `{entry['code']}` in scope `{scope}`",
        )


def inherit_from_related_scopes(book: CodeBook, scopes: dict[str, Json]) -> None:
    """Give prose codes the severity and description the same code has nearby."""
    uses_severity = any("severity" in c for c in book.codes)
    for c, m in zip(book.codes, book.meta):
        if m.kind != "prose":
            continue
        chain = _related_scopes(scopes, c["scope"])
        for attr in ("severity", "description"):
            if attr in c or (attr == "severity" and not uses_severity):
                continue
            for other in chain:
                n = book.index.get((other, c["code"]))
                if n is not None and attr in book.codes[n]:
                    c[attr] = book.codes[n][attr]
                    break
            else:
                if attr == "severity":
                    _infer_severity(book, scopes, c, m)


def report_unscoped(book: CodeBook) -> None:
    """Report each code that has no scope in a document that declares scopes."""
    for c, m in zip(book.codes, book.meta):
        if c["scope"] is None:
            book.findings.error(
                m.line,
                m.col,
                f"cannot resolve the scope of code `{c['code']}`",
                "place it under a stage (###) or substage (####) heading",
            )


def is_code_token(text: str) -> bool:
    """Return whether a code cell's text is a numeric or alphanumeric code (`404`,
    `40P01`); snake case codes are CODE_TOKEN's. Separators (`E-1001`) stay refused:
    in a code column they are more often a typo than a code style."""
    return SHAPED_CODE.match(text) is not None


def _shaped_style(book: CodeBook) -> str | None:
    """Return `integer` or `alphanumeric` when a code is not snake case, else None.

    All-digit codes are HTTP-style integers unless one has a leading zero or a code
    column header says they are text (SQLSTATE); mixed with letters they are text."""
    codes = [c["code"] for c in book.codes]
    if all(LOWER_SNAKE.match(c) or SCREAMING_SNAKE.match(c) for c in codes):
        return None
    textual = any(TEXT_CODE_HEADERS.search(h) for h in book.code_headers)
    if not textual and all(CODE_PATTERNS["integer"].match(c) for c in codes):
        return "integer"
    if all(CODE_PATTERNS["alphanumeric"].match(c) for c in codes):
        return "alphanumeric"
    return None


def settle_code_style(book: CodeBook) -> str:
    """Return the document's code style; report codes written otherwise."""
    shaped = _shaped_style(book)
    if shaped is not None:
        return shaped
    styles = [
        (
            "SCREAMING_SNAKE_CASE"
            if SCREAMING_SNAKE.match(c["code"])
            else "lower_snake_case" if LOWER_SNAKE.match(c["code"]) else "other"
        )
        for c in book.codes
    ]
    code_style = (
        max(["lower_snake_case", "SCREAMING_SNAKE_CASE"], key=styles.count)
        if styles
        else "lower_snake_case"
    )
    for c, m, st in zip(book.codes, book.meta, styles):
        if st != code_style:
            book.findings.error(
                m.line,
                m.col,
                f"code `{c['code']}` does not match the "
                f"document's code style {code_style}",
            )
    return code_style


def settle_names(book: CodeBook, tables: list[Json]) -> None:
    """Make a Name column the codes' explicit member names when every cell can be one;
    otherwise keep it as the text attribute `label`, and say so."""
    if NAME_FIELD not in book.attr_order:
        return
    named = [(c, m) for c, m in zip(book.codes, book.meta) if NAME_FIELD in c]
    problems = [
        (problem, m)
        for problem, m in ((name_problem(str(c[NAME_FIELD])), m) for c, m in named)
        if problem is not None
    ]
    if not problems:
        clashes = member_findings(enumerate(book.codes))
        problems = [
            (message, book.meta[_index(pointer)]) for pointer, message, _ in clashes
        ]
    if not problems:
        book.attr_order.remove(NAME_FIELD)
        return
    problem, meta = problems[0]
    book.findings.warn(
        meta.line,
        meta.col,
        f"{problem}: the Name column is kept as attribute `{NAME_TEXT_FIELD}` and "
        "enum member names are derived from the codes",
        "write distinct identifiers such as NOT_FOUND to make them the member names",
    )
    for c, _ in named:
        c[NAME_TEXT_FIELD] = c.pop(NAME_FIELD)
    position = book.attr_order.index(NAME_FIELD)
    book.attr_order[position] = NAME_TEXT_FIELD
    book.attr_header[NAME_TEXT_FIELD] = book.attr_header.pop(NAME_FIELD, "Name")
    for table in tables:
        for column in table.get("columns", ()):
            if table.get("rows") == "codes" and column.get("field") == NAME_FIELD:
                column["field"] = NAME_TEXT_FIELD


def typed_codes(catalog: Json) -> None:
    """Write an integer catalog's codes as YAML integers wherever the catalog names one."""
    if catalog.get("code_style") != "integer":
        return
    for entry in catalog.get("codes") or ():
        entry["code"] = int(entry["code"])
    for table in catalog.get("tables") or ():
        if "codes" in table:
            table["codes"] = [int(code) for code in table["codes"]]
    for override in catalog.get("overrides") or ():
        override["codes"] = [int(code) for code in override["codes"]]
    for alias in catalog.get("aliases") or ():
        alias["alias"], alias["canonical"] = int(alias["alias"]), int(
            alias["canonical"]
        )


def _index(pointer: str) -> int:
    """Return the entry index of a `/codes/N/...` pointer."""
    return int(pointer.split("/")[2])


def settle_integer_attributes(book: CodeBook) -> None:
    """Make an attribute whose every value is a whole number (an HTTP Status column
    beside a Name code) an integer attribute."""
    for attr in book.attr_order:
        if attr in ENUM_ATTRS or attr == "section":
            continue
        values = [c[attr] for c in book.codes if attr in c]
        if values and all(_is_integer_cell(v) for v in values):
            for c in book.codes:
                if attr in c:
                    c[attr] = int(c[attr])
            book.integer_attrs.add(attr)


def _is_integer_cell(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or bool(INTEGER_CELL.match(str(value)))

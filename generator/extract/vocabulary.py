"""The column vocabulary: which table header carries a code, a description or an
attribute, and the word pairs a yes/no column is written with.

This is data, not logic: a project adds headers of its own under
`[tool.catgen.extract.columns]` (see docs/catalog-format.md), merged over these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Kinds of a column's content. `auto` is text, or boolean or integer when every
# cell says so; `code` columns carry the codes (the table's highest `rank` wins).
KINDS = ("code", "description", "enum", "text", "string", "integer", "boolean", "auto")
# A code column of at least this rank always carries the codes; a weaker one only
# when each of its cells is a single token (a `Name` column of prose is no code).
STRONG_RANK = 3
PROJECT_RANK = 4  # a code column the project names outranks every built-in one


@dataclass(frozen=True)
class ColumnRole:
    """What a column holds: the catalog field it fills and the kind of its cells."""

    field: str  # "code", "description" or an attribute name
    kind: str  # one of KINDS
    rank: int = 0  # code columns only: which of several candidates carries the codes
    # weak code columns only: whether all-digit cells are codes (`Status` 404) or,
    # as in an `ID` column numbering decisions 1, 2, 3, row numbers of a data table
    numbers: bool = True


def _code(rank: int, numbers: bool = True) -> ColumnRole:
    return ColumnRole("code", "code", rank, numbers)


def _attribute(name: str, kind: str) -> ColumnRole:
    return ColumnRole(name, kind)


# Normalised header (see `normalise_header`) -> its role.
COLUMNS: dict[str, ColumnRole] = {
    "reason_code": _code(3),
    "error_code": _code(3),
    "code": _code(3),
    "sqlstate": _code(3),
    "condition_name": _code(2, numbers=False),
    "id": _code(2, numbers=False),
    "error": _code(2, numbers=False),
    "reason": _code(2, numbers=False),
    "name": _code(2, numbers=False),
    "status_code": _code(1),
    "status": _code(1),
    "http_status": _code(1),
    # a CLI's exit code table; beside a stronger code column, an integer attribute
    "exit_code": _code(1),
    "description": ColumnRole("description", "description"),
    "severity": _attribute("severity", "enum"),
    "recovery_class": _attribute("recovery_class", "enum"),
    "meaning": _attribute("meaning", "text"),
    "trigger": _attribute("trigger", "text"),
    "action": _attribute("action", "text"),
    "retryable": _attribute("retryable", "boolean"),
    "replayable": _attribute("replayable", "boolean"),
    "run_status": _attribute("run_status", "string"),
}

# A header the table above does not name, by how it ends: `Decline code` is a weak
# code column (a project can still name the header itself).
SUFFIXES: dict[str, ColumnRole] = {"_code": _code(2)}

# The words a yes/no column is written with: (true word, false word). A column whose
# cells all come from one pair is a boolean attribute that renders with that pair.
BOOLEAN_WORDS: tuple[tuple[str, str], ...] = (
    ("Yes", "No"),
    ("yes", "no"),
    ("YES", "NO"),
    ("Y", "N"),
    ("y", "n"),
    ("true", "false"),
    ("True", "False"),
    ("TRUE", "FALSE"),
    ("✓", "✗"),
    ("✔", "✘"),
    ("✅", "❌"),
)

_INTEGER = re.compile(r"-?\d+")


def normalise_header(text: str) -> str:
    """Return a header's text lowercased and snake-cased, backticks dropped."""
    text = text.strip().strip("`").strip()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def vocabulary(
    project: Iterable[tuple[str, str, str | None]] = (),
) -> dict[str, ColumnRole]:
    """Return the built-in columns with the project's (header, field, kind) on top."""
    columns = dict(COLUMNS)
    for header, field, kind in project:
        columns[normalise_header(header)] = project_role(field, kind)
    return columns


def role_of(columns: Mapping[str, ColumnRole], header: str) -> ColumnRole | None:
    """Return the role of a header: by its name, else by how it ends, else None."""
    name = normalise_header(header)
    role = columns.get(name)
    if role is None:
        role = next((r for end, r in SUFFIXES.items() if name.endswith(end)), None)
    return role


def project_role(field: str, kind: str | None) -> ColumnRole:
    """Return the role a project gives a header: `code`, `description` or an
    attribute (its kind given, or the built-in kind of that attribute, or auto)."""
    if field == "code":
        return _code(PROJECT_RANK)
    if field == "description":
        return ColumnRole("description", "description")
    known = COLUMNS.get(field)
    default = known.kind if known is not None and known.field == field else "auto"
    return _attribute(field, kind or default)


def boolean_words(values: Iterable[str]) -> tuple[str, str] | None:
    """Return the word pair every value comes from, or None (no values: None)."""
    seen = set(values)
    if not seen:
        return None
    return next((pair for pair in BOOLEAN_WORDS if seen <= set(pair)), None)


def content_kind(kind: str, values: list[str]) -> str:
    """Return the kind a column's cells give it: `auto` and `boolean` columns become
    boolean when every cell is a yes/no word, `auto` integer when every cell is one."""
    if kind in ("auto", "boolean", "text") and boolean_words(values):
        return "boolean"
    if kind == "auto" and values and all(_INTEGER.fullmatch(v) for v in values):
        return "integer"
    return "text" if kind in ("auto", "boolean") else kind

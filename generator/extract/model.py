"""Result types of the extractor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """A located problem in the source document (1-based line and column)."""

    line: int
    column: int
    message: str
    hint: str = ""

    def format(self, path: str = "<document>") -> str:
        text = f"{path}:{self.line}:{self.column}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


@dataclass(frozen=True)
class TableSpan:
    """A table owned by the catalog: header line .. last row line, 1-based, inclusive."""

    id: str
    first_line: int
    last_line: int


@dataclass
class Extraction:
    """A document's catalog data, the tables it owns, and what was found on the way."""

    catalog: dict[str, Any]
    tables: list[TableSpan] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)

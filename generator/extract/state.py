"""Shared extraction state: the source lines, the findings and the reading position."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..markdown.blocks import Block
from .model import Finding

if TYPE_CHECKING:  # those modules import this one; the annotations only name classes
    from .codes import CodeBook
    from .records import RecordBook
    from .table_elements import TableElements

# A catalog entry under construction: plain data in catalog key order.
Json = dict[str, Any]


def start_line(node: Block) -> int:
    """Return the 1-based first source line of a block node."""
    if node.map is None:  # block nodes always carry a map; inline nodes never do
        raise ValueError(f"{node.type} node has no source position")
    return node.map[0] + 1


def inline_text(node: Block) -> str:
    """Return the raw inline text of a heading or paragraph node."""
    return node.children[0].content if node.children else ""


@dataclass
class Source:
    """The document being read: name, text, and lines as markdown-it numbers them."""

    name: str
    text: str
    lines: list[str]

    def col(self, line: int, needle: str) -> int:
        """Return the 1-based column of needle on a line, or 1 if it is not there."""
        if 1 <= line <= len(self.lines):
            i = self.lines[line - 1].find(needle)
            if i >= 0:
                return i + 1
        return 1

    def locate(self, node: Block, needle: str) -> tuple[int, int]:
        """Return the first (line, column) of needle inside a block node."""
        start, end = node.map if node.map else (0, 1)
        for ln in range(start + 1, end + 1):
            c = self.lines[ln - 1].find(needle) if ln <= len(self.lines) else -1
            if c >= 0:
                return ln, c + 1
        return start + 1, 1


@dataclass
class Findings:
    """Located warnings and errors, in the order they were found."""

    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)

    def warn(self, line: int, column: int, message: str, hint: str = "") -> None:
        """Record a warning at line:column."""
        self.warnings.append(Finding(line, column, message, hint))

    def error(self, line: int, column: int, message: str, hint: str = "") -> None:
        """Record an error at line:column."""
        self.errors.append(Finding(line, column, message, hint))


@dataclass
class Cursor:
    """Where the walk is: the last heading and the stage and scope it opened."""

    heading: str | None = None
    heading_line: int = 0
    stage: str | None = None
    scope: str | None = None


@dataclass
class DocumentFacts:
    """What the prose and lists say about the document as a whole."""

    front: Json = field(default_factory=dict)
    title_h1: str | None = None
    # (raw paragraph text, line) of paragraphs no other rule consumed
    prose: list[tuple[str, int]] = field(default_factory=list)
    # heading line -> one-line texts of the paragraphs under that heading
    section_texts: dict[int, list[str]] = field(default_factory=dict)
    # (heading, line, [(label, description)]) of each **bold** label list
    bold_lists: list[tuple[str, int, list[tuple[str, str]]]] = field(
        default_factory=list
    )
    exit_codes: dict[str, int] | None = None
    status_rules: list[Json] | None = None
    status_line: int = 0  # the first exit-code or status-rule list (0: none)
    # (policy key, value, sentence, line, column) of change-control sentences
    policy_sentences: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    overrides: list[Json] = field(default_factory=list)
    aliases: list[Json] = field(default_factory=list)


@dataclass
class ExtractionState:
    """Everything the element readers share while one document is walked."""

    source: Source
    findings: Findings
    cursor: Cursor
    scopes: dict[str, Json]
    codes: CodeBook
    tables: TableElements
    records: RecordBook
    facts: DocumentFacts

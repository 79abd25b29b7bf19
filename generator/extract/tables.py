"""GFM table reading (from markdown-it tokens) and canonical table layouts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import escape_cell

# Header synonyms -> catalog field.  Keys are normalised header texts.
HEADER_FIELDS = {
    "reason_code": "code",
    "code": "code",
    "error_code": "code",
    "severity": "severity",
    "recovery_class": "recovery_class",
    "description": "description",
    "meaning": "meaning",
    "trigger": "trigger",
    "action": "action",
    "run_status": "run_status",
    "exit_code": "exit_code",
}


def normalise_header(text: str) -> str:
    text = text.strip().strip("`").strip()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass
class RawTable:
    first_line: int  # 1-based header line
    last_line: int  # 1-based last row line
    header: list[str]
    rows: list[list[str]]
    row_lines: list[int]
    source_lines: list[str]
    cell_count_problems: list[tuple[int, int, int]] = field(default_factory=list)
    # (line, found, expected)


def _cells(tr) -> list[str]:
    out = []
    for cell in tr.children:
        inline = cell.children[0] if cell.children else None
        out.append(inline.content if inline is not None else "")
    return out


def cell_starts(line: str) -> list[int]:
    """0-based start offsets of the cells of one raw table row line (unescaped pipes)."""
    lead = len(line) - len(line.lstrip())
    s = line.strip()
    start = lead
    if s.startswith("|"):
        s = s[1:]
        start += 1
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    starts, i = [start], 0
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == "|":
            starts.append(start + i + 1)
        i += 1
    return starts


def count_raw_cells(line: str) -> int:
    return len(cell_starts(line))


def read_table(node, lines: list[str]) -> RawTable:
    first = node.map[0] + 1
    last = node.map[1]
    header: list[str] = []
    rows: list[list[str]] = []
    row_lines: list[int] = []
    for part in node.children:
        for tr in part.children:
            if part.type == "thead":
                header = _cells(tr)
            else:
                rows.append(_cells(tr))
                row_lines.append(tr.map[0] + 1)
    source = lines[first - 1 : last]
    problems = []
    for ln in row_lines:
        found = count_raw_cells(lines[ln - 1])
        if found != len(header):
            problems.append((ln, found, len(header)))
    return RawTable(first, last, header, rows, row_lines, source, problems)


def render_aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    grid = [[escape_cell(c) for c in header]] + [
        [escape_cell(c) for c in r] for r in rows
    ]
    widths = [max(3, *(len(r[i]) for r in grid)) for i in range(len(header))]
    out = []
    for n, r in enumerate(grid):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
        if n == 0:
            out.append("| " + " | ".join("-" * w for w in widths) + " |")
    return out


def render_compact(
    header: list[str], rows: list[list[str]], widths: list[int]
) -> list[str]:
    out = ["| " + " | ".join(escape_cell(c) for c in header) + " |"]
    out.append("|" + "|".join("-" * w for w in widths) + "|")
    for r in rows:
        out.append("| " + " | ".join(escape_cell(c) for c in r) + " |")
    return out


def separator_widths(line: str) -> list[int] | None:
    s = line.strip()
    if not (s.startswith("|") and s.endswith("|")):
        return None
    parts = s[1:-1].split("|")
    if not all(re.fullmatch(r"-+", p) for p in parts):
        return None
    return [len(p) for p in parts]


def detect_style(table: RawTable) -> tuple[str, list[int] | None, bool]:
    """Return (style, separator_widths, canonical)."""
    if render_aligned(table.header, table.rows) == table.source_lines:
        return "aligned", None, True
    sep = table.source_lines[1] if len(table.source_lines) > 1 else ""
    widths = separator_widths(sep)
    if widths is not None and len(widths) == len(table.header):
        canonical = (
            render_compact(table.header, table.rows, widths) == table.source_lines
        )
        return "compact", widths, canonical
    widths = [max(3, len(escape_cell(h))) for h in table.header]
    return "compact", widths, False

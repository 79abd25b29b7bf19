"""Test-only table renderer: rebuilds table lines from catalog data.

The generator owns the real renderer; this one exists so tests can prove that an
extracted catalog carries everything needed to reproduce each owned table byte-for-byte.
"""

from __future__ import annotations


def _esc(text: str) -> str:
    return text.replace("|", "\\|")


def render_table(table_spec: dict, rows: list[list[str]]) -> str:
    """Render header + rows with the table's recorded style (no trailing newline)."""
    header = [c["header"] for c in table_spec["columns"]]
    grid = [[_esc(c) for c in header]] + [[_esc(c) for c in r] for r in rows]
    out = []
    if table_spec["style"] == "aligned":
        widths = [max(3, *(len(r[i]) for r in grid)) for i in range(len(header))]
        for n, r in enumerate(grid):
            out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
            if n == 0:
                out.append("| " + " | ".join("-" * w for w in widths) + " |")
    else:
        widths = table_spec["separator_widths"]
        for n, r in enumerate(grid):
            out.append("| " + " | ".join(r) + " |")
            if n == 0:
                out.append("|" + "|".join("-" * w for w in widths) + "|")
    return "\n".join(out)


def table_cells(catalog: dict, table_spec: dict) -> list[list[str]]:
    """Cell strings of a table, derived from the catalog (codes, overrides, data)."""
    if table_spec["rows"] == "data":
        return [list(r) for r in table_spec["data"]]
    entries = [c for c in catalog.get("codes", []) if c["source"] == table_spec["id"]]
    if "codes" in table_spec:
        by_code = {c["code"]: c for c in entries}
        entries = [by_code[code] for code in table_spec["codes"]]
    marked = set()
    for ov in catalog.get("overrides", []):
        for code in ov["codes"]:
            for field in ov.get("marks", []):
                marked.add((ov.get("scope"), code, field))
    rows = []
    for entry in entries:
        row = []
        for col in table_spec["columns"]:
            field = col["field"]
            value = entry.get(field)
            text = "" if value is None else str(value)
            if text and col.get("format") == "code":
                text = f"`{text}`"
            if (
                col.get("marker")
                and (entry.get("scope"), entry["code"], col["marker"]) in marked
            ):
                text += "^"
            row.append(text)
        rows.append(row)
    return rows

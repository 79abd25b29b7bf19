"""Shape catalog data into Markdown table cells; the table engine lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, field_required
from .markdown.tables import TableStyle, layout_cells, render_table, style_from_catalog
from .model import enum_definitions, marked
from .render import md_cell


@dataclass(frozen=True)
class TableLayout:
    """A table ready for the `table` macro: header, separator and rows, padded cells."""

    header: list[str]
    separator: list[str]
    rows: list[list[str]]
    compact: bool


def table_cells(catalog: Catalog, table: dict[str, Any]) -> list[list[str]]:
    """Return the escaped body cells of one owned table, in catalog order."""
    columns = table["columns"]
    source = table["rows"]
    if source == "codes":
        return [
            [_code_cell(catalog, entry, column) for column in columns]
            for entry in table_entries(catalog, table)
        ]
    if source == "data":
        return [[md_cell(cell) for cell in row] for row in table.get("data") or []]
    if source.startswith("enum:"):
        enum = next(e for e in enum_definitions(catalog) if e.name == source[5:])
        return [
            [
                _format(
                    column,
                    {"value": v.value, "description": v.description}.get(
                        column.get("field", "value"), ""
                    ),
                )
                for column in columns
            ]
            for v in enum.values
        ]
    record = next(r for r in catalog.section("records") if r["name"] == source[7:])
    return [
        [
            _format(column, _field_value(spec, column.get("field", "name")))
            for column in columns
        ]
        for spec in record["fields"]
    ]


def table_entries(catalog: Catalog, table: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the code entries a `rows: codes` table lists, in row order.

    With an explicit `codes` list the rows are the first entry of each listed code, in
    list order; otherwise every entry whose `source` is the table id, in catalog order.
    """
    entries = catalog.section("codes")
    if "codes" in table:
        # Prefer the entry the table owns (`source`), else the code's first entry.
        first: dict[str, dict[str, Any]] = {}
        for entry in entries:
            owned = entry.get("source") == table["id"]
            current = first.get(entry["code"])
            if current is None or (owned and current.get("source") != table["id"]):
                first[entry["code"]] = entry
        return [first[code] for code in table["codes"] if code in first]
    return [entry for entry in entries if entry.get("source") == table["id"]]


def _code_cell(catalog: Catalog, entry: dict[str, Any], column: dict[str, Any]) -> str:
    value = entry.get(column.get("field", "code"), "")
    cell = _format(column, value)
    marker = column.get("marker")
    if marker is not None and marked(catalog, entry, marker):
        cell += "^"
    return cell


def _format(column: dict[str, Any], value: Any) -> str:
    text = md_cell("" if value is None else value)
    if column.get("format") == "code" and text:
        return f"`{text}`"
    return text


def _field_value(spec: dict[str, Any], name: str) -> Any:
    if name == "type":
        return field_type_text(spec)
    if name == "required":
        return "yes" if field_required(spec) else "no"
    return spec.get(name, "")


def field_type_text(spec: dict[str, Any]) -> str:
    """Describe a field's type in a few words for reference tables."""
    kind = spec["type"]
    if kind == "object" and "ref" in spec:
        text = spec["ref"]
    elif kind == "array" and "items" in spec:
        text = f"array of {field_type_text(spec['items'])}"
    elif kind == "map" and "values" in spec:
        text = f"map of {field_type_text(spec['values'])}"
    elif "enum" in spec:
        text = f"{kind} ({spec['enum']})"
    else:
        text = kind
    return f"{text} or null" if spec.get("nullable") else text


def layout(headers: list[str], rows: list[list[str]]) -> TableLayout:
    """Pad escaped cells into an aligned table for a template's `table` macro."""
    header, separator, body = layout_cells(headers, rows, TableStyle())
    return TableLayout(header, separator, body, compact=False)


def owned_table_lines(catalog: Catalog, table: dict[str, Any]) -> list[str]:
    """Return the lines of one table the catalog owns in its document, in its style."""
    headers = [md_cell(column["header"]) for column in table["columns"]]
    return render_table(headers, table_cells(catalog, table), style_from_catalog(table))

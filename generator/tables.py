"""Shape catalog data into Markdown table cells; the table engine lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from .escape import md_cell
from .markdown.tables import TableStyle, layout_cells, render_table
from .model import CatalogModel, CodeEntry, Column, EnumValue, RecordField, Table


@dataclass(frozen=True)
class TableLayout:
    """A table ready for the `table` macro: header, separator and rows, padded cells."""

    header: list[str]
    separator: list[str]
    rows: list[list[str]]
    compact: bool


def table_cells(model: CatalogModel, table: Table) -> list[list[str]]:
    """Return the escaped body cells of one owned table, in catalog order."""
    columns = table.columns
    source = table.rows
    if source == "codes":
        return [
            [_code_cell(model, entry, column) for column in columns]
            for entry in model.table_entries(table)
        ]
    if source == "data":
        return [[md_cell(cell) for cell in row] for row in table.data]
    if source.startswith("enum:"):
        enum = model.enums_by_name[source[5:]]
        return [[_format(c, _enum_value(v, c)) for c in columns] for v in enum.values]
    record = model.records_by_name[source[7:]]
    return [[_format(c, _field_value(f, c)) for c in columns] for f in record.fields]


def _code_cell(model: CatalogModel, entry: CodeEntry, column: Column) -> str:
    value = entry.get(column.field or "code", "")
    if isinstance(value, bool) and column.boolean_words is not None:
        value = column.boolean_words[0 if value else 1]  # the document's own words
    cell = _format(column, value)
    if column.marker is not None and model.marked(entry, column.marker):
        cell += "^"
    return cell


def _enum_value(value: EnumValue, column: Column) -> str:
    name = column.field or "value"
    return {"value": value.value, "description": value.description}.get(name, "")


def _field_value(spec: RecordField, column: Column) -> object:
    name = column.field or "name"
    if name == "type":
        return spec.type_text()
    if name == "required":
        return "yes" if spec.required else "no"
    if name in ("name", "description", "nullable"):
        return getattr(spec, name)
    return getattr(spec.spec, name, "")  # a type key: enum, format, pattern, ...


def _format(column: Column, value: object) -> str:
    if isinstance(value, bool):  # the catalog's own words, not Python's True/False
        value = "true" if value else "false"
    text = md_cell("" if value is None else value)
    if column.format == "code" and text:
        return f"`{text}`"
    return text


def table_style(table: Table) -> TableStyle:
    """Return the layout a catalog table records, for the table engine."""
    return TableStyle(
        aligned=table.style == "aligned",
        separator_widths=table.separator_widths,
        separator_spaces=table.separator_spaces,
        outer_pipes=table.outer_pipes,
        align=tuple(column.align for column in table.columns),
        cell_spaces=table.cell_spaces,
        align_cells=table.align_cells,
        display_width=table.display_width,
        header_cells=table.header_cells,
        row_cells=table.row_cells,
        padded=tuple(column.padded for column in table.columns),
    )


# A reference table whose longest cell is longer than this is drawn compact: padding
# every row to one 100 KB description would make the page rows x 100 KB.
ALIGNED_CELL_LIMIT = 400


def layout(headers: list[str], rows: list[list[str]]) -> TableLayout:
    """Pad escaped cells into an aligned table for a template's `table` macro (compact
    when a cell is longer than ALIGNED_CELL_LIMIT)."""
    longest = max((len(cell) for row in (headers, *rows) for cell in row), default=0)
    compact = longest > ALIGNED_CELL_LIMIT
    header, separator, body = layout_cells(
        headers, rows, TableStyle(aligned=not compact)
    )
    return TableLayout(header, separator, body, compact=compact)


def owned_table_lines(model: CatalogModel, table: Table) -> list[str]:
    """Return the lines of one table the catalog owns in its document, in its style."""
    headers = [md_cell(column.header) for column in table.columns]
    return render_table(headers, table_cells(model, table), table_style(table))

"""Target: generated/<id>/schemas/<record>.schema.json, one Draft 2020-12 schema per record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import Catalog
from ..render import header_lines, json_text, render_template
from ..schemas import record_schema, snake
from . import Output, package_dir

TEMPLATE = "jsonschema/record.schema.json.j2"


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render one schema file per record of every catalog."""
    outputs = []
    for catalog in catalogs:
        comment = " ".join(header_lines(catalog.relpath, TEMPLATE))
        for record in catalog.model.records:
            schema = record_schema(catalog.model, record.name, comment)
            outputs.append(
                Output(
                    f"{package_dir(catalog)}/schemas/{snake(record.name)}.schema.json",
                    render_template(TEMPLATE, schema_json=json_text(schema)),
                )
            )
    return outputs

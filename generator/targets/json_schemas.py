"""Context kind `record-schema`: one Draft 2020-12 schema per record of a catalog."""

from __future__ import annotations

from ..catalog import Catalog
from ..render import json_text
from ..schemas import record_schema, snake
from . import Context, ContextKind, Job


def schema_contexts(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one context per record: its schema text and its snake_case name."""
    comment = " ".join(job.header(catalog.relpath))
    return [
        {
            "record": snake(record.name),
            "schema_json": json_text(
                record_schema(catalog.model, record.name, comment)
            ),
        }
        for record in catalog.model.records
    ]


KINDS = (ContextKind("record-schema", per_catalog=schema_contexts),)

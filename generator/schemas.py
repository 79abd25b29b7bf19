"""Build Draft 2020-12 JSON Schemas from the records of the effective model."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .model import CatalogModel, Record, RecordField, TypeSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Field constraints copied as they are: catalog key -> JSON Schema keyword.
CONSTRAINTS = (
    ("format", "format"),
    ("pattern", "pattern"),
    ("min_length", "minLength"),
    ("minimum", "minimum"),
)


def snake(name: str) -> str:
    """Return the snake_case form of a PascalCase record name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def schema_id(model: CatalogModel, record: str) -> str:
    """Return the `$id` of a record's schema."""
    return f"urn:catgen:{model.id}:{snake(record)}"


def record_schema(model: CatalogModel, name: str, comment: str) -> dict[str, Any]:
    """Return the standalone schema of one record, referenced records under `$defs`."""
    records = model.records_by_name
    builder = _Builder(model.enum_values)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id(model, name),
        "$comment": comment,
        "title": name,
    }
    schema.update(builder.record(records[name]))
    pending = sorted(builder.referenced - {name})
    defs: dict[str, Any] = {}
    while pending:
        ref = pending.pop(0)
        defs[ref] = builder.record(records[ref])
        pending = sorted((builder.referenced - {name}) - set(defs))
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


class _Builder:
    def __init__(self, enums: Mapping[str, Sequence[str | int]]) -> None:
        self.enums = enums
        self.referenced: set[str] = set()

    def record(self, record: Record) -> dict[str, Any]:
        schema: dict[str, Any] = {}
        if record.description:
            schema["description"] = record.description
        schema.update(self.object_body(record.fields, record.additional_properties))
        return schema

    def object_body(
        self, fields: Sequence[RecordField], additional: bool
    ) -> dict[str, Any]:
        required = [f.name for f in fields if f.required]
        body: dict[str, Any] = {"type": "object"}
        if required:
            body["required"] = required
        body["properties"] = {f.name: self.field(f) for f in fields}
        body["additionalProperties"] = additional
        return body

    def field(self, spec: RecordField) -> dict[str, Any]:
        schema: dict[str, Any] = {}
        if spec.description:
            schema["description"] = spec.description
        schema.update(self.type_of(spec.spec))
        if spec.nullable:
            schema = _nullable(schema)
        return schema

    def type_of(self, spec: TypeSpec) -> dict[str, Any]:
        if spec.any_of:
            return {"anyOf": [self.type_of(option) for option in spec.any_of]}
        composite = self.composite(spec)
        if composite is not None:
            return composite
        if spec.type == "any":
            return {}
        schema: dict[str, Any] = {"type": spec.type}
        if spec.enum is not None:
            schema["enum"] = list(self.enums[spec.enum])
        for key, keyword in CONSTRAINTS:
            value = getattr(spec, key)
            if value is not None:
                schema[keyword] = value
        return schema

    def composite(self, spec: TypeSpec) -> dict[str, Any] | None:
        """Return the schema of an object, array or map type; None for the others."""
        if spec.type == "object":
            if spec.ref is not None:
                self.referenced.add(spec.ref)
                return {"$ref": f"#/$defs/{spec.ref}"}
            if spec.fields is not None:
                return self.object_body(spec.fields, spec.additional_properties)
            return {"type": "object"}
        if spec.type == "array":
            schema: dict[str, Any] = {"type": "array"}
            if spec.items is not None:
                schema["items"] = self.type_of(spec.items)
            return schema
        if spec.type == "map":
            schema = {"type": "object"}
            if spec.values is not None:
                schema["additionalProperties"] = self.type_of(spec.values)
            return schema
        return None


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema or "anyOf" in schema or "type" not in schema:
        described = {k: v for k, v in schema.items() if k == "description"}
        rest = {k: v for k, v in schema.items() if k != "description"}
        return {**described, "anyOf": [rest, {"type": "null"}]}
    result = dict(schema)
    result["type"] = [schema["type"], "null"]
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    return result

"""Build Draft 2020-12 JSON Schemas from catalog records."""

from __future__ import annotations

import re
from typing import Any

from .catalog import Catalog, field_required
from .model import enum_values

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def snake(name: str) -> str:
    """Return the snake_case form of a PascalCase record name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def schema_id(catalog: Catalog, record: str) -> str:
    """Return the `$id` of a record's schema."""
    return f"urn:catgen:{catalog.id}:{snake(record)}"


def record_schema(catalog: Catalog, name: str, comment: str) -> dict[str, Any]:
    """Return the standalone schema of one record, referenced records under `$defs`."""
    records = {r["name"]: r for r in catalog.section("records")}
    enums = enum_values(catalog)
    builder = _Builder(records, enums)
    body = builder.record(records[name])
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id(catalog, name),
        "$comment": comment,
        "title": name,
    }
    schema.update(body)
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
    def __init__(self, records: dict[str, Any], enums: dict[str, list[str]]) -> None:
        self.records = records
        self.enums = enums
        self.referenced: set[str] = set()

    def record(self, record: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {}
        if record.get("description"):
            schema["description"] = record["description"]
        schema.update(
            self.object_body(
                record["fields"], record.get("additional_properties", False)
            )
        )
        return schema

    def object_body(
        self, fields: list[dict[str, Any]], additional: bool
    ) -> dict[str, Any]:
        required = [f["name"] for f in fields if field_required(f)]
        body: dict[str, Any] = {"type": "object"}
        if required:
            body["required"] = required
        body["properties"] = {f["name"]: self.field(f) for f in fields}
        body["additionalProperties"] = additional
        return body

    def field(self, spec: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {}
        if spec.get("description"):
            schema["description"] = spec["description"]
        schema.update(self.type_of(spec))
        if spec.get("nullable"):
            schema = _nullable(schema)
        return schema

    def type_of(self, spec: dict[str, Any]) -> dict[str, Any]:
        kind = spec["type"]
        if "any_of" in spec:
            return {"anyOf": [self.type_of(option) for option in spec["any_of"]]}
        if kind == "object":
            if "ref" in spec:
                self.referenced.add(spec["ref"])
                return {"$ref": f"#/$defs/{spec['ref']}"}
            if "fields" in spec:
                return self.object_body(
                    spec["fields"], spec.get("additional_properties", False)
                )
            return {"type": "object"}
        if kind == "array":
            schema: dict[str, Any] = {"type": "array"}
            if "items" in spec:
                schema["items"] = self.type_of(spec["items"])
            return schema
        if kind == "map":
            schema = {"type": "object"}
            if "values" in spec:
                schema["additionalProperties"] = self.type_of(spec["values"])
            return schema
        if kind == "any":
            return {}
        schema = {"type": kind}
        if "enum" in spec:
            schema["enum"] = list(self.enums[spec["enum"]])
        for key, target in (
            ("format", "format"),
            ("pattern", "pattern"),
            ("min_length", "minLength"),
            ("minimum", "minimum"),
        ):
            if key in spec:
                schema[target] = spec[key]
        return schema


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

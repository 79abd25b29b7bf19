"""The JSON Schema subset catgen emits, checked without dependencies."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .violations import Violation, escape_token

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    JsonSchema = Mapping[str, Any]


# The UTC timestamp every `date-time` field must hold, published as the field's
# `pattern` so that a JSON Schema validator, the pydantic models and these validators
# give one verdict: the calendar is exact (month lengths, leap years), the time is
# 00:00:00 to 23:59:59 with optional fractions, the offset Z or +00:00; ASCII digits
# only, and `(?!\n)` keeps Python's `$` from accepting a trailing newline that
# ECMA-262 engines reject. A pattern string, not re.compile(): compiling costs more
# than this module's import; re.search compiles it on first use and caches it.
UTC_TIMESTAMP: Final = (
    r"^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    r"-02-29)T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:Z|\+00:00)(?!\n)$"
)


def _type_matches(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "integer":  # draft 2020-12: any number with no fractional part (1.0)
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    return True


def check_schema(
    value: Any,
    schema: JsonSchema,
    pointer: str,
    out: list[Violation],
    root: JsonSchema | None = None,
) -> None:
    """Append a `schema` violation for every way `value` breaks `schema`."""
    root = schema if root is None else root
    ref = schema.get("$ref")
    if ref is not None:
        target = root
        for part in str(ref).lstrip("#/").split("/"):
            target = target[part]
        check_schema(value, target, pointer, out, root)
        return
    where = pointer or "/"
    if not _check_value(value, schema, where, out):
        return
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            trial: list[Violation] = []
            check_schema(value, option, pointer, trial, root)
            if not trial:
                break
        else:
            out.append(Violation("schema", where, "matches none of the allowed shapes"))
        return
    if isinstance(value, str):
        _check_string(value, schema, where, out)
    elif isinstance(value, dict):
        _check_object(value, schema, pointer, out, root)
    elif isinstance(value, list):
        _check_array(value, schema, pointer, out, root)
    elif (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and value < schema.get("minimum", value)
    ):
        out.append(Violation("schema", where, f"must be >= {schema['minimum']}"))


def _check_value(
    value: Any, schema: JsonSchema, where: str, out: list[Violation]
) -> bool:
    """Check `type`, `const` and `enum`; return False when the rest is moot."""
    expected = schema.get("type")
    if expected is not None:
        names = [expected] if isinstance(expected, str) else list(expected)
        if not any(_type_matches(value, name) for name in names):
            wanted = " or ".join(names)
            out.append(
                Violation("schema", where, f"expected {wanted}, got {json_kind(value)}")
            )
            return False
    if "const" in schema and value != schema["const"]:
        out.append(Violation("schema", where, f"must be {schema['const']!r}"))
    if "enum" in schema and value not in schema["enum"]:
        out.append(
            Violation("schema", where, f"{value!r} is not one of the allowed values")
        )
        return False
    return True


def _check_array(
    value: list[Any],
    schema: JsonSchema,
    pointer: str,
    out: list[Violation],
    root: JsonSchema,
) -> None:
    if len(value) < schema.get("minItems", 0):
        out.append(
            Violation(
                "schema", pointer or "/", f"needs at least {schema['minItems']} items"
            )
        )
    items = schema.get("items")
    if items is not None:
        for index, item in enumerate(value):
            check_schema(item, items, f"{pointer}/{index}", out, root)


def _check_string(
    value: str, schema: JsonSchema, where: str, out: list[Violation]
) -> None:
    if len(value) < schema.get("minLength", 0):
        out.append(Violation("schema", where, "must not be empty"))
    pattern = schema.get("pattern")
    # `format` is an annotation (draft 2020-12, and jsonschema's default): what a
    # date-time must look like is in its `pattern`, which every validator checks.
    if pattern == UTC_TIMESTAMP and re.search(pattern, value) is None:
        out.append(
            Violation("schema", where, f"{value!r} is not a UTC ISO 8601 timestamp")
        )
    elif pattern is not None and re.search(pattern, value) is None:
        out.append(Violation("schema", where, f"{value!r} does not match {pattern}"))


def _check_object(
    value: dict[str, Any],
    schema: JsonSchema,
    pointer: str,
    out: list[Violation],
    root: JsonSchema,
) -> None:
    where = pointer or "/"
    for name in schema.get("required", ()):
        if name not in value:
            out.append(Violation("schema", where, f"missing required field {name!r}"))
    properties: Mapping[str, JsonSchema] = schema.get("properties", {})
    additional = schema.get("additionalProperties", True)
    for name, item in value.items():
        child = f"{pointer}/{escape_token(name)}"
        if name in properties:
            check_schema(item, properties[name], child, out, root)
        elif additional is False:
            out.append(Violation("schema", child, f"unknown field {name!r}"))
        elif isinstance(additional, Mapping):
            check_schema(item, additional, child, out, root)


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    return "number"

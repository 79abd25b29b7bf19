"""Target: generated/<id>/models.py, pydantic v2 models of the catalog's records.

The models accept and reject exactly what the record schemas do (the published JSON
Schema is the contract; tests/test_reference_agreement.py proves it), in pydantic terms:
strict scalar types (a JSON Schema integer rejects "5" and true, so the model does too,
but takes 1.0, which draft 2020-12 counts as an integer), the catalog's own enums
imported from enums.py (one definition, not a copy per module), `extra="forbid"` unless a
record allows additional properties, patterns matched by Python's `re` as jsonschema
matches them (`regex_engine="python-re"`), and field descriptions as attribute docstrings
that pydantic reads (`use_attribute_docstrings`). A `date-time` field is a string held to
the schema's UTC pattern, not a datetime, so that `model_dump()` is the document again.
An optional field that is absent is pydantic's `MISSING`, not None: null is refused where
the schema refuses it, and `model_dump()` leaves the field out instead of writing null.

The layout is black's own, built here rather than by running black (not a dependency): a
field line that does not fit in 88 columns is split the way black splits it (a union in
parentheses, one operand per line; a bracket exploded one item per line, with a trailing
comma when it holds several), so black leaves every generated module unchanged.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import CatalogModel, RecordField, TypeSpec
from ..render import LINE_LENGTH, py_str
from ..runtime import UTC_TIMESTAMP
from . import Context, ContextKind, Job

# Scalar field types → the pydantic type that accepts exactly the JSON Schema type.
SCALARS = {
    "string": "StrictStr",
    "integer": "StrictInt",
    # An int stays an int (StrictFloat alone would take 2**53 + 1 and dump 2**53).
    "number": "StrictInt | StrictFloat",
    "boolean": "StrictBool",
}
# Public BaseModel attributes a field must not shadow (the `model_` ones by prefix).
BASEMODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)

# Names the module itself binds; a field named like one would shadow it in annotations.
_MODULE_NAMES = frozenset(
    {"Annotated", "Any", "Final", "Mapping", "Field", "BaseModel", "ConfigDict"}
    | {
        "MISSING",
        "StrictFloat",
        "TypeAlias",
        "UTC_TIMESTAMP",
        "JsonInt",
        "UtcTimestamp",
    }
    | {name for scalar in SCALARS.values() for name in scalar.split(" | ")}
    | {"RECORDS"}
)


# The module function that refuses non-integers before an IntEnum field sees them.
INTEGER_CHECK = "_integer_code"


@dataclass(frozen=True)
class FieldLine:
    """One field of a model: its black-formatted line and its docstring text."""

    line: str
    doc: str
    aliased: bool = False  # the attribute name differs from the JSON key


@dataclass(frozen=True)
class ModelClass:
    """One pydantic model: a record, or an inline object of a record's field."""

    name: str
    doc: str
    config: (
        str  # the `model_config = ConfigDict(...)` statement, laid out as black does
    )
    fields: list[FieldLine]


def models_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's records into model classes (none without records)."""
    model = catalog.model
    if not model.records:
        return []
    builder = _ModelBuilder(model)
    for name in _dependency_order(model):
        builder.add_record(name)
    return [
        {
            "header": job.header(catalog.relpath),
            "title": model.title,
            "imports": [
                import_statement("collections.abc", {"Mapping"}),
                import_statement("typing", {"Final"} | builder.typing_names),
                "",
                import_statement("pydantic", builder.pydantic_names),
                *(
                    ["", import_statement(".enums", builder.enum_names)]
                    if builder.enum_names
                    else []
                ),
            ],
            "aliases": [
                line for name in sorted(builder.aliases) for line in ALIASES[name][1]
            ],
            "classes": builder.classes,
            "integer_check": (
                INTEGER_CHECK if "BeforeValidator" in builder.pydantic_names else None
            ),
            "records": [r.name for r in model.records],
        }
    ]


def import_statement(module: str, names: set[str]) -> str:
    """Return `from module import names` as black lays it out, in isort's order."""
    ordered = sorted(names, key=_isort_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= LINE_LENGTH:
        return line
    exploded = "".join(f"    {name},\n" for name in ordered)
    return f"from {module} import (\n{exploded})"


def _isort_key(name: str) -> tuple[int, str]:
    """Order names as isort's order-by-type does: CONSTANTS, Classes, functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


def string_chunks(value: str, width: int) -> list[str]:
    """Return string literals, each at most `width` wide, that concatenate to `value`."""
    chunks: list[str] = []
    start = 0
    while start < len(value):
        end = start + 1
        while end < len(value) and len(py_str(value[start : end + 1])) <= width:
            end += 1
        chunks.append(py_str(value[start:end]))
        start = end
    return chunks


# Types the module declares when a field needs them: name -> (pydantic names it uses,
# its definition lines). The comments say why a type is not pydantic's own.
ALIASES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "JsonInt": (
        frozenset({"Field", "StrictFloat", "StrictInt"}),
        (
            "# A JSON Schema integer: an int, or a float with no fractional part (1.0).",
            "JsonInt: TypeAlias = StrictInt | Annotated[StrictFloat, Field(multiple_of=1)]",
        ),
    ),
    "UtcTimestamp": (
        frozenset({"Field", "StrictStr"}),
        (
            "# The pattern of every `date-time` field in the JSON Schemas: UTC only.",
            "UTC_TIMESTAMP: Final = (",
            *(
                f"    {chunk}"
                for chunk in string_chunks(UTC_TIMESTAMP, LINE_LENGTH - 4)
            ),
            ")",
            "UtcTimestamp: TypeAlias = Annotated[StrictStr, Field(pattern=UTC_TIMESTAMP)]",
        ),
    ),
}


def _dependency_order(model: CatalogModel) -> list[str]:
    """Return record names, each after the records it refers to (catalog order else)."""
    records = model.records_by_name
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return  # placed already, or a cycle: pydantic resolves it at first use
        for ref in _refs(records[name].fields):
            if ref in records:
                visit(ref, (*path, name))
        ordered.append(name)

    for name in records:
        visit(name, ())
    return ordered


def _refs(fields: Sequence[RecordField]) -> list[str]:
    found: list[str] = []
    for spec in fields:
        stack = [spec.spec]
        while stack:
            item = stack.pop()
            if item.ref is not None:
                found.append(item.ref)
            stack.extend(item.any_of)
            stack.extend(t for t in (item.items, item.values) if t is not None)
            found.extend(_refs(item.fields or ()))
    return found


class _ModelBuilder:
    def __init__(self, model: CatalogModel) -> None:
        self.records = model.records_by_name
        self.enums = set(model.enums_by_name)
        self.integer_enums = {e.name for e in model.enums if e.value_type == "integer"}
        self.classes: list[ModelClass] = []
        self.class_names = set(self.records)
        self.typing_names: set[str] = set()
        self.pydantic_names = {"BaseModel", "ConfigDict"}
        self.enum_names: set[str] = set()
        self.aliases: set[str] = set()

    def add_record(self, name: str) -> None:
        record = self.records[name]
        self._add_class(
            name, record.description, record.fields, record.additional_properties
        )

    def _add_class(
        self, name: str, doc: str, fields: Sequence[RecordField], extra: bool
    ) -> None:
        taken: set[str] = set()
        lines = [self._field(name, spec, taken) for spec in fields]
        doc = doc or f"The `{name}` record."
        self.classes.append(ModelClass(name, doc, _config(extra, lines), lines))

    def _field(self, owner: str, spec: RecordField, taken: set[str]) -> FieldLine:
        name = spec.name
        attribute = self._attribute_name(name, taken)
        annotation = self._type(owner, spec.spec, spec)
        if spec.nullable:
            annotation = f"{annotation} | None"
        arguments = []
        if not spec.required:  # absent is MISSING: dumped as no key, unlike None
            self.pydantic_names.add("MISSING")
            annotation = f"{annotation} | MISSING"
            arguments.append("MISSING")
        if attribute != name:
            self.pydantic_names.add("Field")
            arguments.append(f"alias={py_str(name)}")
        default = ""
        if arguments == ["MISSING"]:
            default = " = MISSING"
        elif arguments:
            default = f" = Field({', '.join(arguments)})"
        return FieldLine(
            field_statement(attribute, annotation, default),
            spec.description,
            attribute != name,
        )

    def _attribute_name(self, name: str, taken: set[str]) -> str:
        attribute = name
        if name.startswith("_") or name.startswith("model_"):
            attribute = f"field_{name.lstrip('_')}"
        elif (
            keyword.iskeyword(name)
            or name in BASEMODEL_ATTRIBUTES
            or name in self.class_names
            or name in self.enums
            or name in _MODULE_NAMES
        ):
            attribute = f"{name}_"
        base, suffix = attribute, 2
        while attribute in taken:
            attribute, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(attribute)
        return attribute

    def _type(self, owner: str, spec: TypeSpec, field: RecordField) -> str:
        if spec.any_of:
            return " | ".join(
                self._type(owner, option, field) for option in spec.any_of
            )
        if spec.type in ("object", "array", "map", "any"):
            return self._composite(owner, spec, field)
        if spec.enum is not None:
            self.enum_names.add(spec.enum)
            if spec.enum not in self.integer_enums:
                return spec.enum
            # Lax IntEnum validation takes "404"; the schema's integer does not.
            self.typing_names.add("Annotated")
            self.pydantic_names.add("BeforeValidator")
            return f"Annotated[{spec.enum}, BeforeValidator({INTEGER_CHECK})]"
        base = self._scalar(spec)
        constraints = [
            f"{argument}={value}"
            for argument, value in (
                ("min_length", spec.min_length),
                ("ge", spec.minimum),
                ("pattern", None if spec.pattern is None else py_str(spec.pattern)),
            )
            if value is not None
        ]
        if not constraints:
            return base
        self.typing_names.add("Annotated")
        self.pydantic_names.add("Field")
        return f"Annotated[{base}, Field({', '.join(constraints)})]"

    def _scalar(self, spec: TypeSpec) -> str:
        """Return the type of a scalar, declaring the module alias it needs, if any."""
        if spec.type == "integer":
            alias = "JsonInt"
        elif spec.format == "date-time" and spec.pattern is None:
            alias = "UtcTimestamp"  # the schema's pattern (a field's own one wins)
        else:
            self.pydantic_names |= set(SCALARS[spec.type].split(" | "))
            return SCALARS[spec.type]
        self.aliases.add(alias)
        self.typing_names |= {"Annotated", "TypeAlias"}
        self.pydantic_names |= ALIASES[alias][0]
        if alias == "UtcTimestamp":
            self.typing_names.add("Final")
        return alias

    def _composite(self, owner: str, spec: TypeSpec, field: RecordField) -> str:
        """Return the annotation of an object, array, map or any type."""
        if spec.type == "object" and spec.ref is not None:
            return spec.ref
        if spec.type == "object" and spec.fields is not None:
            return self._inline_class(owner, spec, field)
        if spec.type == "array":
            return f"list[{self._item(owner, spec.items, field)}]"
        if spec.type == "map":
            return f"dict[str, {self._item(owner, spec.values, field)}]"
        self.typing_names.add("Any")
        return "Any" if spec.type == "any" else "dict[str, Any]"

    def _item(self, owner: str, spec: TypeSpec | None, field: RecordField) -> str:
        if spec is not None:
            return self._type(owner, spec, field)
        self.typing_names.add("Any")
        return "Any"

    def _inline_class(self, owner: str, spec: TypeSpec, field: RecordField) -> str:
        base = owner + _pascal(field.name)
        class_name, suffix = base, 2
        while class_name in self.class_names or class_name in self.enums:
            class_name, suffix = f"{base}{suffix}", suffix + 1
        self.class_names.add(class_name)
        self._add_class(
            class_name, field.description, spec.fields or (), spec.additional_properties
        )
        return class_name


def _config(extra: bool, fields: Sequence[FieldLine]) -> str:
    """Return the model_config statement: patterns matched by Python's `re` (as
    jsonschema matches them), and dumps keyed by the JSON names when a field has an
    alias, so that `model_dump()` is a document the schema accepts."""
    arguments = [
        f'extra="{"allow" if extra else "forbid"}"',
        'regex_engine="python-re"',
    ]
    if any(f.aliased for f in fields):
        arguments.append("serialize_by_alias=True")
    arguments.append("use_attribute_docstrings=True")
    flat = f"model_config = ConfigDict({', '.join(arguments)})"
    if _BODY + len(flat) <= LINE_LENGTH:
        return flat
    inner = " " * (_BODY + 4)
    if len(inner) + len(", ".join(arguments)) <= LINE_LENGTH:
        return f"model_config = ConfigDict(\n{inner}{', '.join(arguments)}\n    )"
    exploded = "".join(f"{inner}{argument},\n" for argument in arguments)
    return f"model_config = ConfigDict(\n{exploded}    )"


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"_+", name))


_BODY = 4  # the column a field statement starts at, inside its class
_OPENERS = {"]": "[", ")": "(", "}": "{"}


def field_statement(attribute: str, annotation: str, default: str) -> str:
    """Return `attribute: annotation default` as black lays it out in a class body.

    Continuation lines carry their full indentation; the template indents the first."""
    flat = f"{attribute}: {annotation}{default}"
    if _BODY + len(flat) <= LINE_LENGTH:
        return flat
    operands = _split_top(annotation, "|")
    if len(operands) == 1:
        lines = _explode(annotation, _BODY, f"{attribute}: ", default)
    else:  # black wraps a long union in parentheses, one operand per line
        inner = _BODY + 4
        if inner + len(annotation) <= LINE_LENGTH:
            body = [" " * inner + annotation]
        else:
            body = _explode(operands[0], inner, "", "")
            for operand in operands[1:]:
                body += _explode(operand, inner, "| ", "")
        lines = [f"{' ' * _BODY}{attribute}: (", *body, f"{' ' * _BODY}){default}"]
    return "\n".join(lines)[_BODY:]


def _explode(expression: str, indent: int, prefix: str, suffix: str) -> list[str]:
    """Return lines of `expression`, its last bracket split one item per line while
    it does not fit (a trailing comma when the bracket holds several items)."""
    line = " " * indent + prefix + expression + suffix
    closer = expression[-1:]
    if len(line) <= LINE_LENGTH or closer not in _OPENERS:
        return [
            line
        ]  # fits, or cannot be split (a long string stays long for black too)
    opening = _matching_opener(expression)
    items = _split_top(expression[opening + 1 : -1], ",")
    comma = "," if len(items) > 1 else ""
    lines = [" " * indent + prefix + expression[: opening + 1]]
    for item in items:
        lines += _explode(item, indent + 4, "", comma)
    lines.append(" " * indent + closer + suffix)
    return lines


def _scan(text: str) -> list[tuple[int, str, int]]:
    """Return (index, character, bracket depth) of every character outside strings."""
    found: list[tuple[int, str, int]] = []
    depth, quote, escaped = 0, "", False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\"
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        else:
            depth += char in "([{"
            found.append((index, char, depth))
            depth -= char in ")]}"
    return found


def _split_top(text: str, separator: str) -> list[str]:
    """Split `text` at `separator` outside brackets and strings; items stripped."""
    cuts = [i for i, char, depth in _scan(text) if char == separator and depth == 0]
    bounds = zip([-1, *cuts], [*cuts, len(text)])
    items = [text[start + 1 : end].strip() for start, end in bounds]
    return [item for item in items if item]


def _matching_opener(expression: str) -> int:
    """Return the index of the bracket that the last character of `expression` closes."""
    scanned = _scan(expression)
    _, _, depth = scanned[-1]
    for index, char, level in reversed(scanned[:-1]):
        if level == depth and char == _OPENERS[expression[-1]]:
            return index
    raise ValueError(f"unbalanced brackets in {expression!r}")


KINDS = (ContextKind("models", per_catalog=models_context),)

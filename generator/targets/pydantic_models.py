"""Target: generated/<id>/models.py, pydantic v2 models of the catalog's records.

The models say what the record schemas say, in pydantic terms: strict scalar types (a JSON
Schema integer rejects "5" and true, so the model does too), the catalog's own enums
imported from enums.py (one definition, not a copy per module), `extra="forbid"` unless a
record allows additional properties, and field descriptions as attribute docstrings that
pydantic reads (`use_attribute_docstrings`). Two looser spots, both as
datamodel-code-generator has them: an optional field also accepts null, and a `date-time`
string is parsed into an aware datetime.

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
from . import Context, ContextKind, Job

# Scalar field types → the pydantic type that accepts exactly the JSON Schema type.
SCALARS = {
    "string": "StrictStr",
    "integer": "StrictInt",
    "number": "StrictFloat",  # strict float still takes ints, as JSON Schema does
    "boolean": "StrictBool",
}
FORMATS = {"date-time": "AwareDatetime"}
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
    | set(SCALARS.values())
    | set(FORMATS.values())
    | {"RECORDS"}
)


# The module function that refuses non-integers before an IntEnum field sees them.
INTEGER_CHECK = "_integer_code"


@dataclass(frozen=True)
class FieldLine:
    """One field of a model: its black-formatted line and its docstring text."""

    line: str
    doc: str


@dataclass(frozen=True)
class ModelClass:
    """One pydantic model: a record, or an inline object of a record's field."""

    name: str
    doc: str
    extra: str  # "forbid" or "allow"
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
            "classes": builder.classes,
            "integer_check": (
                INTEGER_CHECK if "BeforeValidator" in builder.pydantic_names else None
            ),
            "records": [r.name for r in model.records],
        }
    ]


def import_statement(module: str, names: set[str]) -> str:
    """Return `from module import names` as black lays it out."""
    line = f"from {module} import {', '.join(sorted(names))}"
    if len(line) <= LINE_LENGTH:
        return line
    exploded = "".join(f"    {name},\n" for name in sorted(names))
    return f"from {module} import (\n{exploded})"


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
        self.classes.append(ModelClass(name, doc, _extra(extra), lines))

    def _field(self, owner: str, spec: RecordField, taken: set[str]) -> FieldLine:
        name = spec.name
        attribute = self._attribute_name(name, taken)
        annotation = self._type(owner, spec.spec, spec)
        if spec.nullable or not spec.required:
            annotation = f"{annotation} | None"
        arguments = [] if spec.required else ["None"]
        if attribute != name:
            self.pydantic_names.add("Field")
            arguments.append(f"alias={py_str(name)}")
        default = ""
        if arguments == ["None"]:
            default = " = None"
        elif arguments:
            default = f" = Field({', '.join(arguments)})"
        return FieldLine(
            field_statement(attribute, annotation, default), spec.description
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
        base = FORMATS.get(spec.format or "", SCALARS[spec.type])
        self.pydantic_names.add(base)
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


def _extra(allowed: bool) -> str:
    return "allow" if allowed else "forbid"


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

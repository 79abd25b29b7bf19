"""Target: generated/<id>/models.py, pydantic v2 models of the catalog's records.

The models say what the record schemas say, in pydantic terms: strict scalar types (a JSON
Schema integer rejects "5" and true, so the model does too), the catalog's own enums
imported from enums.py (one definition, not a copy per module), `extra="forbid"` unless a
record allows additional properties, and field descriptions as attribute docstrings that
pydantic reads (`use_attribute_docstrings`). Two looser spots, both as
datamodel-code-generator has them: an optional field also accepts null, and a `date-time`
string is parsed into an aware datetime.

The layout is black's own for every line that fits in 88 columns; a module with a longer
line (a long pattern, say) is passed through black, which is imported for that file only.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog, field_required
from ..model import enum_definitions
from ..render import LINE_LENGTH, header_lines, py_str, render_template
from . import Output, package_dir

TEMPLATE = "python/models.py.j2"

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


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the models module of every catalog that declares records."""
    return [
        Output(f"{package_dir(catalog)}/models.py", render_models(catalog))
        for catalog in catalogs
        if catalog.section("records")
    ]


def render_models(catalog: Catalog) -> str:
    """Return one catalog's models.py."""
    builder = _ModelBuilder(catalog)
    for name in _dependency_order(catalog):
        builder.add_record(name)
    text = render_template(
        TEMPLATE,
        header=header_lines(catalog.relpath, TEMPLATE),
        title=catalog.title_text(),
        imports=[
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
        classes=builder.classes,
        records=[r["name"] for r in catalog.section("records")],
    )
    if any(len(line) > LINE_LENGTH for line in _code_lines(text)):
        text = _black(text)
    return text


def import_statement(module: str, names: set[str]) -> str:
    """Return `from module import names` as black lays it out."""
    line = f"from {module} import {', '.join(sorted(names))}"
    if len(line) <= LINE_LENGTH:
        return line
    exploded = "".join(f"    {name},\n" for name in sorted(names))
    return f"from {module} import (\n{exploded})"


def _dependency_order(catalog: Catalog) -> list[str]:
    """Return record names, each after the records it refers to (catalog order else)."""
    records = {r["name"]: r for r in catalog.section("records")}
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return  # placed already, or a cycle: pydantic resolves it at first use
        for ref in _refs(records[name]["fields"]):
            if ref in records:
                visit(ref, (*path, name))
        ordered.append(name)

    for name in records:
        visit(name, ())
    return ordered


def _refs(fields: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for spec in fields:
        stack = [spec]
        while stack:
            item = stack.pop()
            if "ref" in item:
                found.append(item["ref"])
            stack.extend(item.get("any_of") or [])
            stack.extend(item[key] for key in ("items", "values") if key in item)
            found.extend(_refs(item.get("fields") or []))
    return found


class _ModelBuilder:
    def __init__(self, catalog: Catalog) -> None:
        self.records = {r["name"]: r for r in catalog.section("records")}
        self.enums = {e.name for e in enum_definitions(catalog)}
        self.classes: list[ModelClass] = []
        self.class_names = set(self.records)
        self.typing_names: set[str] = set()
        self.pydantic_names = {"BaseModel", "ConfigDict"}
        self.enum_names: set[str] = set()

    def add_record(self, name: str) -> None:
        record = self.records[name]
        self._add_class(
            name,
            record.get("description", ""),
            record["fields"],
            record.get("additional_properties", False),
        )

    def _add_class(
        self, name: str, doc: str, fields: list[dict[str, Any]], extra: bool
    ) -> None:
        taken: set[str] = set()
        lines = [self._field(name, spec, taken) for spec in fields]
        doc = doc or f"The `{name}` record."
        self.classes.append(ModelClass(name, doc, _extra(extra), lines))

    def _field(self, owner: str, spec: dict[str, Any], taken: set[str]) -> FieldLine:
        name = spec["name"]
        attribute = self._attribute_name(name, taken)
        annotation = self._type(owner, spec)
        required = field_required(spec)
        if spec.get("nullable") or not required:
            annotation = f"{annotation} | None"
        arguments = [] if required else ["None"]
        if attribute != name:
            self.pydantic_names.add("Field")
            arguments.append(f"alias={py_str(name)}")
        line = f"{attribute}: {annotation}"
        if arguments == ["None"]:
            line += " = None"
        elif arguments:
            line += f" = Field({', '.join(arguments)})"
        return FieldLine(line, spec.get("description", ""))

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

    def _type(self, owner: str, spec: dict[str, Any]) -> str:
        kind = spec["type"]
        if "any_of" in spec:
            return " | ".join(self._type(owner, option) for option in spec["any_of"])
        if kind == "object":
            if "ref" in spec:
                return str(spec["ref"])
            if "fields" in spec:
                return self._inline_class(owner, spec)
            self.typing_names.add("Any")
            return "dict[str, Any]"
        if kind == "array":
            return f"list[{self._item(owner, spec, 'items')}]"
        if kind == "map":
            return f"dict[str, {self._item(owner, spec, 'values')}]"
        if kind == "any":
            self.typing_names.add("Any")
            return "Any"
        if "enum" in spec:
            self.enum_names.add(spec["enum"])
            return str(spec["enum"])
        base = FORMATS.get(spec.get("format", ""), SCALARS[kind])
        self.pydantic_names.add(base)
        constraints = [
            f"{argument}={value}"
            for key, argument, value in (
                ("min_length", "min_length", spec.get("min_length")),
                ("minimum", "ge", spec.get("minimum")),
                ("pattern", "pattern", py_str(spec.get("pattern") or "")),
            )
            if key in spec
        ]
        if not constraints:
            return base
        self.typing_names.add("Annotated")
        self.pydantic_names.add("Field")
        return f"Annotated[{base}, Field({', '.join(constraints)})]"

    def _item(self, owner: str, spec: dict[str, Any], key: str) -> str:
        if key in spec:
            return self._type(owner, spec[key])
        self.typing_names.add("Any")
        return "Any"

    def _inline_class(self, owner: str, spec: dict[str, Any]) -> str:
        base = owner + _pascal(spec["name"])
        name, suffix = base, 2
        while name in self.class_names or name in self.enums:
            name, suffix = f"{base}{suffix}", suffix + 1
        self.class_names.add(name)
        self._add_class(
            name,
            spec.get("description", ""),
            spec["fields"],
            spec.get("additional_properties", False),
        )
        return name


def _extra(allowed: bool) -> str:
    return "allow" if allowed else "forbid"


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"_+", name))


def _code_lines(text: str) -> list[str]:
    """Return the lines black could rewrap: all but one-line docstrings and comments."""
    return [
        line for line in text.splitlines() if not line.lstrip().startswith(('"""', "#"))
    ]


def _black(text: str) -> str:
    import black  # only for a module with a line longer than black's limit

    mode = black.Mode(
        line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY311}
    )
    return black.format_str(text, mode=mode)

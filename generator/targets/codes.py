"""Context kind `codes`: a catalog's codes and enums as plain data for any language.

Made for templates of other languages (examples/typescript, examples/go): every value
is a plain string, number, boolean or list, and every name comes with identifiers in
the common spellings, made unique within the catalog here so a template only prints.
"""

from __future__ import annotations

import re
from typing import Any

from ..catalog import Catalog
from ..model import CatalogModel
from . import Context, ContextKind, Job


def pascal(value: str) -> str:
    """Return a PascalCase identifier for any text (`E_BAD-input` -> `EBadInput`)."""
    parts = re.findall(r"[A-Za-z0-9]+", value)
    name = "".join(_capitalised(p) for p in parts) or "Value"
    return f"V{name}" if name[0].isdigit() else name


def _capitalised(part: str) -> str:
    """Capitalise one word; a mixed-case word (`StageId`) keeps its inner capitals."""
    if part.isupper() or part.islower():
        return part[:1].upper() + part[1:].lower()
    return part[:1].upper() + part[1:]


def upper_snake(value: str) -> str:
    """Return an UPPER_SNAKE identifier for any text (`bad-input` -> `BAD_INPUT`)."""
    name = "_".join(re.findall(r"[A-Za-z0-9]+", value)).upper() or "VALUE"
    return f"V_{name}" if name[0].isdigit() else name


def _unique(names: list[str]) -> list[str]:
    """Suffix repeated identifiers with 2, 3, ... so that every one is distinct."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        count = seen[name] = seen.get(name, 0) + 1
        result.append(name if count == 1 else f"{name}{count}")
    return result


def _identified(values: list[str]) -> list[dict[str, Any]]:
    return [
        {"value": value, "pascal": p, "upper": u}
        for value, p, u in zip(
            values,
            _unique([pascal(v) for v in values]),
            _unique([upper_snake(v) for v in values]),
        )
    ]


def _codes(model: CatalogModel) -> list[dict[str, Any]]:
    """Return one item per distinct code: its first entry's scope and attributes."""
    first = model.first_entries
    items = _identified(list(first))
    for item in items:
        entry = first[item["value"]]
        item.update(
            code=entry.code,
            typed=model.typed_code(entry.code),
            member=model.code_members[entry.code],
            scope=entry.scope,
            description=entry.description,
            deprecated=entry.deprecated,
            attributes={a.name: entry.attributes.get(a.name) for a in model.attributes},
        )
    return items


def codes_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's distinct codes, attributes and enums."""
    model = catalog.model
    return [
        {
            "header": job.header(catalog.relpath),
            "id": catalog.id,
            "title": model.title,
            "version": model.version,
            "name": {"pascal": pascal(catalog.id), "upper": upper_snake(catalog.id)},
            "code_type": model.code_type,
            "attributes": [
                {"name": a.name, "type": a.type, "enum": a.enum, "required": a.required}
                for a in model.attributes
            ],
            "codes": _codes(model),
            "enums": [
                {
                    "name": enum.name,
                    "pascal": pascal(enum.name),
                    "description": enum.description,
                    "members": _identified(list(enum.value_list)),
                }
                for enum in model.enums
            ],
        }
    ]


KINDS = (ContextKind("codes", per_catalog=codes_context),)

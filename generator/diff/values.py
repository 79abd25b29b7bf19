"""Model values as `catgen diff` shows them: in messages and as JSON `old`/`new`.

The diff compares the effective model (generator/model.py), so a default written out or
left out is the same value. These helpers turn model objects back into small JSON-ready
values for the report, omitting what is empty or at its default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import (
    Attribute,
    CatalogModel,
    Condition,
    FailModeWhen,
    Override,
    Rule,
    StatusModel,
    TypeSpec,
)
from ..rules import RULE_KINDS
from ..yamlload import escape_pointer_token

# A JSON-ready value (str, number, bool, None, list or dict of those).
JSON = Any


def show(value: JSON) -> str:
    """Return a value as message text: strings as they are, the rest as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return "(none)"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def bq(value: JSON) -> str:
    """Return a value as message text in backquotes."""
    return f"`{show(value)}`"


def pointer(*parts: object) -> str:
    """Return the JSON pointer of a path of keys and indexes."""
    return "".join(f"/{escape_pointer_token(part)}" for part in parts)


def text(value: str | None) -> str | None:
    """Return a description-like text, None when empty (empty and absent are one)."""
    return value or None


def listed(items: Iterable[Any]) -> list[Any] | None:
    """Return the items as a list, None when there are none."""
    return list(items) or None


def code_subject(scope: str | None, code: str) -> str:
    """Return `code scope/code`, or `code code` for a code without scope."""
    return f"code {scope}/{code}" if scope is not None else f"code {code}"


def in_scope(scope: str | None) -> str:
    """Return ` in scope `x`` for a scoped item, "" otherwise."""
    return f" in scope `{scope}`" if scope is not None else ""


def from_scope(scope: str | None) -> str:
    """Return ` from scope `x`` for a scoped item, "" otherwise."""
    return f" from scope `{scope}`" if scope is not None else ""


def condition_data(condition: Condition) -> dict[str, JSON]:
    """Return a condition as catalog data: `{key, equals}`, `{all: [...]}` or `{any: ...}`."""
    if condition.all:
        return {"all": [condition_data(c) for c in condition.all]}
    if condition.any:
        return {"any": [condition_data(c) for c in condition.any]}
    return {"key": condition.key, "equals": condition.equals}


def fail_mode_when_data(rules: Iterable[FailModeWhen]) -> list[JSON] | None:
    """Return a scope's `fail_mode_when` list, None when it has none."""
    return listed(
        {"when": condition_data(r.when), "fail_mode": r.fail_mode} for r in rules
    )


def effective_type(spec: TypeSpec) -> TypeSpec:
    """Return the part of a type the generators read; the keys they ignore dropped.

    Mirrors schemas.SchemaBuilder.type_of and pydantic_models: any_of reads only its
    options, an object its ref (else its fields), an array its items, a map its values,
    and only the other types their enum and constraints."""
    if spec.any_of:
        return TypeSpec(type="any_of", any_of=spec.any_of)
    if spec.type == "object":
        if spec.ref is not None:
            return TypeSpec(type="object", ref=spec.ref)
        return TypeSpec(
            type="object",
            fields=spec.fields,
            additional_properties=spec.additional_properties
            and spec.fields is not None,
        )
    if spec.type == "array":
        return TypeSpec(type="array", items=spec.items)
    if spec.type == "map":
        return TypeSpec(type="map", values=spec.values)
    if spec.type == "any":
        return TypeSpec(type="any")
    return TypeSpec(
        type=spec.type,
        enum=spec.enum,
        format=spec.format,
        pattern=spec.pattern,
        min_length=spec.min_length,
        minimum=spec.minimum,
    )


def type_data(spec: TypeSpec) -> dict[str, JSON]:
    """Return a type as catalog data, keys at their default left out."""
    spec = effective_type(spec)
    if spec.any_of:
        return {"any_of": [type_data(option) for option in spec.any_of]}
    data: dict[str, JSON] = {"type": spec.type}
    for key in ("ref", "enum", "format", "pattern", "min_length", "minimum"):
        value = getattr(spec, key)
        if value is not None:
            data[key] = value
    if spec.items is not None:
        data["items"] = type_data(spec.items)
    if spec.values is not None:
        data["values"] = type_data(spec.values)
    if spec.fields is not None:
        data["fields"] = [
            {"name": f.name, **type_data(f.spec), "required": f.required}
            for f in spec.fields
        ]
    if spec.additional_properties:
        data["additional_properties"] = True
    return data


def optional_type(spec: TypeSpec | None) -> dict[str, JSON] | None:
    """Return an item/value type as catalog data, None when there is none."""
    return None if spec is None else type_data(spec)


def field_shape(spec: TypeSpec, nullable: bool) -> dict[str, JSON]:
    """Return what a record field's shape compares, by key (sorted as reported)."""
    spec = effective_type(spec)
    return {
        "additional_properties": spec.additional_properties,
        "any_of": listed(type_data(option) for option in spec.any_of),
        "enum": spec.enum,
        "format": spec.format,
        "items": optional_type(spec.items),
        "min_length": spec.min_length,
        "minimum": spec.minimum,
        "nullable": nullable,
        "pattern": spec.pattern,
        "ref": spec.ref,
        "type": spec.type,
        "values": optional_type(spec.values),
    }


def attribute_data(attribute: Attribute) -> dict[str, JSON]:
    """Return what a code attribute declaration compares (all but its description)."""
    data: dict[str, JSON] = {"name": attribute.name}
    if attribute.enum is not None:  # the registry then reads the enum, not the type
        data["enum"] = attribute.enum
    else:  # text and string are both `str` to every consumer; see attribute_type_note
        data["type"] = "string" if attribute.type == "text" else attribute.type
    data["required"] = attribute.required
    return data


def override_data(override: Override, model: CatalogModel) -> dict[str, JSON]:
    """Return what an override compares, by key (sorted as reported); id left out.

    `set` is compared as it takes effect: with the fail mode its severity implies."""
    return {
        "codes": sorted(override.codes),  # a set: the runtime reads a frozenset
        "emit_as": override.emit_as,
        "marks": listed(sorted(override.marks)),
        "scope": override.scope,
        "set": dict(model.override_values(override)),
        "text": override.text,
        "when": condition_data(override.when),
    }


def rule_data(rule: Rule) -> dict[str, JSON]:
    """Return an artifact rule as catalog data, its default id written out."""
    data: dict[str, JSON] = {"rule": rule.kind, "id": rule.id}
    # Only the kinds that need a message report it; the others word their own.
    if rule.message is not None and RULE_KINDS[rule.kind].needs_message:
        data["message"] = rule.message
    data.update(rule.params)
    return data


def status_items(model: StatusModel | None) -> dict[str, JSON]:
    """Return a status model by key (sorted as reported); empty and absent keys left out."""
    if model is None:
        return {}
    items: dict[str, JSON] = {
        "blocked_code": model.blocked_code,
        "enums": dict(model.enums),
        "exit_codes": dict(model.exit_codes),
        "fail_closed": model.fail_closed,
        "fallback": model.fallback,
        "outcome_statuses": dict(model.outcome_statuses),
        "run_status_rules": [
            {"status": r.status, r.quantifier: dict(r.match)}
            for r in model.run_status_rules
        ],
        "severity_fail_mode": dict(model.severity_fail_mode),
    }
    return {key: value for key, value in items.items() if value not in (None, {}, [])}


def subsets_data(subsets: Mapping[str, Iterable[str]]) -> dict[str, list[str]] | None:
    """Return an enum's named subsets as sorted member lists (sets), None without any."""
    return {name: sorted(values) for name, values in subsets.items()} or None

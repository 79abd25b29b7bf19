"""Context kinds `registry` (code entries, lookups) and `data` (the enum-free data:
codes, code attributes, key registries, the stage model) of a catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog
from ..code_shapes import code_text
from ..model import CatalogModel, CodeEntry, Override
from ..render import py_literal, py_str
from . import Context, ContextKind, Job

PY_TYPES = {"string": "str", "text": "str", "integer": "int", "boolean": "bool"}


@dataclass(frozen=True)
class EntryField:
    name: str
    annotation: str


def code_annotation(model: CatalogModel) -> str:
    """Return the Python type of the catalog's codes: `int` for integer codes."""
    return PY_TYPES[model.code_type]


def data_names(model: CatalogModel) -> list[tuple[str, str]]:
    """Return (name, annotation suffix) of what _data.py defines, for registry.py."""
    code = code_annotation(model)
    names = [("CODES", f"[frozenset[{code}]]")]
    names.append(("CODE_ATTRIBUTES", f"[Mapping[{code}, Mapping[str, Any]]]"))
    names += [(r.name.upper(), "[frozenset[str]]") for r in model.registries]
    if model.status_model is not None:
        names.append(("STAGE_MODEL", ""))
    return names


def data_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape the enum-free data module the validators import."""
    model = catalog.model
    stage_model = _stage_model(model) if model.status_model else None
    return [
        {
            "header": job.header(catalog.relpath),
            "title": model.title,
            "code_type": code_annotation(model),
            "code_attributes": py_literal(_code_attributes(model), 0),
            "registries": [
                (r.name.upper(), py_literal(r.keys)) for r in model.registries
            ],
            "stage_model": stage_model,
            "uses_override": bool(stage_model and model.overrides),
        }
    ]


def registry_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's code entries and lookups for the registry template."""
    model = catalog.model
    scoped = bool(model.scopes)
    fields = [EntryField("code", code_annotation(model))]
    if scoped:
        fields.insert(0, EntryField("scope", "str"))
    fields.append(EntryField("description", "str"))
    for attribute in model.attributes:
        annotation = attribute.enum or PY_TYPES[attribute.type]
        if not attribute.required:
            annotation += " | None"
        fields.append(EntryField(attribute.name, annotation))
    fields.append(EntryField("deprecated", "bool"))
    members = {
        enum.name: {v.value: f"{enum.name}.{v.member}" for v in enum.values}
        for enum in model.enums
    }
    entries = [
        [(f.name, _entry_value(model, entry, f.name, members)) for f in fields]
        for entry in model.codes
    ]
    status = model.status_model
    return [
        {
            "header": job.header(catalog.relpath),
            "title": model.title,
            "code_type": code_annotation(model),
            "enum_imports": _enum_imports(model),
            "fields": fields,
            "entries": entries,
            "scoped": scoped,
            "data_names": data_names(model),
            "stage_model": bool(status),
            "model_enums": status.enums if status else {},
        }
    ]


def _enum_imports(model: CatalogModel) -> list[str]:
    status = model.status_model
    return sorted(
        {a.enum for a in model.attributes if a.enum is not None}
        | (
            {"StageId", status.enums["fail_mode"], status.enums["run_status"]}
            if status
            else set()
        )
    )


def _entry_value(
    model: CatalogModel,
    entry: CodeEntry,
    name: str,
    members: dict[str, dict[str, str]],
) -> str:
    """Return the Python expression of one field of a CodeEntry."""
    if name == "deprecated":
        return repr(entry.deprecated)
    if name == "code":
        return py_literal(model.typed_code(entry.code))
    value = entry.get(name)
    if value is None:
        return "None"
    attribute = model.attributes_by_name.get(name)
    if attribute is not None and attribute.enum is not None:
        return members[attribute.enum][code_text(value)]  # keyed by text: 404 -> "404"
    return py_str(value) if isinstance(value, str) else repr(value)


def _code_attributes(model: CatalogModel) -> dict[str | int, dict[str, Any]]:
    """Map each code to the attributes of its first entry (used by `assert` rules)."""
    result: dict[str | int, dict[str, Any]] = {}
    for code, entry in model.first_entries.items():
        values: dict[str, Any] = {}
        if entry.scope is not None:
            values["scope"] = entry.scope
        values.update(entry.attributes)
        if entry.deprecated:  # false is the default: written or not, the same data
            values["deprecated"] = True
        result[model.typed_code(code)] = values
    return result


def _override_literal(model: CatalogModel, override: Override) -> str:
    return (
        "Override(\n"
        f"            id={py_str(override.id)},\n"
        f"            scope={py_literal(override.scope)},\n"
        f"            codes={py_literal(frozenset(override.codes), 12)},\n"
        f"            when={py_literal(dict(override.when.raw), 12)},\n"
        f"            values={py_literal(dict(model.override_values(override)), 12)},\n"
        "        )"
    )


def _scope_tables(model: CatalogModel) -> dict[str, str]:
    """Return the StageModel arguments that describe scopes, as literal text."""
    scopes, codes = model.scopes, model.codes
    return {
        "stage_order": py_literal(tuple(s.id for s in model.stages), 4),
        "parents": py_literal(
            {s.id: s.parent for s in scopes if s.kind == "substage"}, 4
        ),
        "pairs": py_literal(
            frozenset(
                (e.scope, e.code)
                for e in codes
                if model.scope_kind(e.scope) in ("stage", "substage")
            ),
            4,
        ),
        "cross_cutting": py_literal(
            frozenset(
                e.code for e in codes if model.scope_kind(e.scope) == "cross_cutting"
            ),
            4,
        ),
        "constrained": py_literal(
            {
                s.id: frozenset(e.code for e in codes if e.scope == s.id)
                for s in scopes
                if s.constrained
            },
            4,
        ),
        "rule_level": py_literal(frozenset(model.rule_level_codes), 4),
        "on_failure": py_literal(
            {s.id: s.on_failure for s in scopes if s.on_failure is not None}, 4
        ),
        "default_fail_modes": py_literal(
            {
                s.id: s.default_fail_mode
                for s in scopes
                if s.default_fail_mode is not None
            },
            4,
        ),
        "fail_mode_when": py_literal(
            {
                s.id: tuple((dict(c.when.raw), c.fail_mode) for c in s.fail_mode_when)
                for s in scopes
                if s.fail_mode_when
            },
            4,
        ),
    }


def _stage_model(model: CatalogModel) -> dict[str, str]:
    """Return the StageModel constructor arguments as Python literal text."""
    status = model.status_model
    assert status is not None
    overrides = [_override_literal(model, o) for o in model.overrides]
    args = _scope_tables(model)
    args.update(
        {
            "code_fail_modes": py_literal(dict(model.code_fail_modes), 4),
            "overrides": (
                "(\n" + "".join(f"        {text},\n" for text in overrides) + "    )"
                if overrides
                else "()"
            ),
            "aliases": py_literal(dict(model.canonical_codes), 4),
            "precedence": py_literal(dict(model.flat_precedence), 4),
            "run_status_rules": py_literal(
                tuple(
                    (rule.status, rule.quantifier, dict(rule.match))
                    for rule in status.run_status_rules
                ),
                4,
            ),
            "fallback_status": py_literal(status.fallback),
            "exit_codes": py_literal(dict(status.exit_codes), 4),
            "blocked_code": py_literal(status.blocked_code),
        }
    )
    if status.fail_closed is not None:
        args["fail_closed"] = py_str(status.fail_closed)
    for key in ("failed", "success", "skipped"):
        if key in status.outcome_statuses:
            args[key] = py_str(status.outcome_statuses[key])
    return args


KINDS = (
    ContextKind("data", per_catalog=data_context),
    ContextKind("registry", per_catalog=registry_context),
)

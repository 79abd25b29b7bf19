"""Context kind `reference`: the full reference page of a catalog."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalog import Catalog
from ..escape import md_cell, md_code, md_line
from ..model import CatalogModel, Condition, RecordField, Scope
from ..rules import RULE_KINDS
from ..tables import TableLayout, layout
from . import Context, ContextKind, Job

Section = tuple[str, list[str], list[list[str]]]


def _code(value: object) -> str:
    return md_code(value) if value not in (None, "") else ""


def reference_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape every section of the catalog into reference tables."""
    model = catalog.model
    sections: list[tuple[str, str, TableLayout]] = []
    if model.scopes:
        sections.append(
            (
                "Scopes",
                "Stages in canonical order; substages follow their parent, sorted.",
                layout(*_scope_table(model)),
            )
        )
    sections.append(_code_section(model))
    for title, headers, rows in _other_sections(model):
        if rows:
            sections.append((title, "", layout(headers, rows)))
    if model.artifacts:
        sections.append(_rules_section(model))
    return [
        {
            "header": job.header(catalog.relpath),
            "title": model.title,
            "version": model.version,
            "document": model.document,
            "policies": [(k, md_cell(v)) for k, v in model.policies.stated_items()],
            "enums": model.enums,
            "sections": sections,
            "records": [
                (
                    record.name,
                    md_line(record.description),
                    layout(
                        ["Field", "Type", "Required", "Description"],
                        _field_rows(record.fields, ""),
                    ),
                )
                for record in model.records
            ],
        }
    ]


def _code_section(model: CatalogModel) -> tuple[str, str, TableLayout]:
    attributes = [a.name for a in model.attributes]
    scoped = bool(model.scopes)
    members = model.code_members
    # Member names are worth a column only where they are not the code upper-cased.
    named = any(member != code.upper() for code, member in members.items())
    headers = (
        (["Scope"] if scoped else [])
        + ["Code"]
        + (["Enum member"] if named else [])
        + [*attributes, "Description"]
    )
    rows = [
        ([_code(entry.scope)] if scoped else [])
        + [_code(entry.code)]
        + ([_code(members[entry.code])] if named else [])
        + [md_cell(entry.get(name, "")) for name in attributes]
        + [md_cell(entry.description)]
        for entry in model.codes
    ]
    summary = f"{len(rows)} entries, {len(model.distinct_codes)} distinct codes."
    return ("Codes", summary, layout(headers, rows))


def _scope_table(model: CatalogModel) -> tuple[list[str], list[list[str]]]:
    headers = [
        "Scope",
        "Kind",
        "Parent",
        "Default fail mode",
        "Constrained",
        "Minimum artifacts",
    ]
    return headers, [_scope_row(s) for s in _scopes_in_order(model)]


def _scope_row(scope: Scope) -> list[str]:
    return [
        _code(scope.id),
        scope.kind,
        _code(scope.parent),
        _code(scope.default_fail_mode),
        "yes" if scope.constrained else "",
        ", ".join(_code(a) for a in scope.min_artifacts_order),
    ]


def _scopes_in_order(model: CatalogModel) -> list[Scope]:
    ordered = list(model.outcome_scopes)
    return ordered + [s for s in model.scopes if s not in ordered]


def _field_rows(fields: Sequence[RecordField], prefix: str) -> list[list[str]]:
    rows = []
    for spec in fields:
        name = f"{prefix}{spec.name}"
        rows.append(
            [
                _code(name),
                md_cell(spec.type_text()),
                "yes" if spec.required else "no",
                md_cell(spec.description),
            ]
        )
        if spec.spec.fields:
            rows.extend(_field_rows(spec.spec.fields, f"{name}."))
    return rows


def _condition_text(condition: Condition) -> str:
    if condition.all:
        return " and ".join(_condition_text(c) for c in condition.all)
    if condition.any:
        return "(" + " or ".join(_condition_text(c) for c in condition.any) + ")"
    return f"`{condition.key}={str(condition.equals).lower()}`"


def _other_sections(model: CatalogModel) -> list[Section]:
    return [
        _overrides(model),
        (
            "Legacy aliases",
            ["Alias", "Canonical", "Scope"],
            [
                [_code(a.alias), _code(a.canonical), _code(a.scope)]
                for a in model.aliases
            ],
        ),
        (
            "Precedence lists",
            ["List", "Scope", "After", "Order (first wins)"],
            [
                [
                    _code(p.id),
                    _code(p.scope),
                    ", ".join(_code(a) for a in p.after),
                    " > ".join(_code(c) for c in p.order),
                ]
                for p in model.precedence
            ],
        ),
        _run_status(model),
        (
            "Registries",
            ["Registry", "Key", "Description"],
            [
                [_code(r.name), _code(e.key), md_cell(e.description)]
                for r in model.registries
                for e in r.entries
            ],
        ),
        (
            "Artifact kinds (`catgen validate KIND`)",
            ["Kind", "Schema", "Description"],
            [
                [_code(a.kind), _code(a.schema), md_cell(a.description)]
                for a in model.artifacts
            ],
        ),
    ]


def _overrides(model: CatalogModel) -> Section:
    rows = [
        [
            _code(o.id),
            _code(o.scope),
            ", ".join(_code(c) for c in o.codes),
            md_cell(_condition_text(o.when)),
            md_cell(
                ", ".join(f"{k}={v}" for k, v in o.set.items())
                + (f"; emitted as {o.emit_as}" if o.emit_as else "")
            ),
        ]
        for o in model.overrides
    ]
    return (
        "Policy-dependent overrides",
        ["Id", "Scope", "Codes", "When", "Result"],
        rows,
    )


def _run_status(model: CatalogModel) -> Section:
    status = model.status_model
    rows: list[list[str]] = []
    if status is not None:
        rows = [
            [
                _code(rule.status),
                md_cell(
                    f"{rule.quantifier} outcome with "
                    + ", ".join(f"{k}={v}" for k, v in rule.match.items())
                ),
                _code(status.exit_codes.get(rule.status, "")),
            ]
            for rule in status.run_status_rules
        ]
        if status.fallback_declared:
            exit_code = status.exit_codes.get(status.fallback, "")
            rows.append([_code(status.fallback), "otherwise", _code(exit_code)])
    return (
        "Run status derivation (first match wins)",
        ["Run status", "Rule", "Exit code"],
        rows,
    )


def _rules_section(model: CatalogModel) -> tuple[str, str, TableLayout]:
    """List every rule by the ids `catgen validate` reports, with its kind and check."""
    rows = []
    for artifact in model.artifacts:
        for rule in artifact.rules:
            kind = RULE_KINDS[rule.kind]
            rows.append(
                [
                    _code(artifact.kind),
                    ", ".join(_code(i) for i in kind.reported_ids(rule.spec)),
                    _code(kind.name),
                    md_cell(kind.describe(rule.spec)),
                ]
            )
    return (
        "Validation rules",
        "`catgen validate KIND` reports each violation with its rule id; a document "
        "that breaks the kind's JSON Schema is reported as `schema`.",
        layout(["Artifact kind", "Rule id", "Rule kind", "Checks"], rows),
    )


KINDS = (ContextKind("reference", per_catalog=reference_context),)

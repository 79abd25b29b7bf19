"""Target: generated/docs/<id>.md, the full reference page of a catalog."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..catalog import Catalog, field_required
from ..model import enum_definitions
from ..render import header_lines, md_cell, render_template
from ..rules import RULE_KINDS
from ..tables import TableLayout, field_type_text, layout
from . import GENERATED_DIR, Output

TEMPLATE = "markdown/reference.md.j2"


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the reference page of every catalog."""
    return [
        Output(f"{GENERATED_DIR}/docs/{catalog.id}.md", render_reference(catalog))
        for catalog in catalogs
    ]


def _code(value: object) -> str:
    return f"`{md_cell(value)}`" if value not in (None, "") else ""


def render_reference(catalog: Catalog) -> str:
    """Shape every section of the catalog into reference tables and render the page."""
    data = catalog.data
    attributes = [a["name"] for a in catalog.section("attributes")]
    scoped = bool(catalog.section("scopes"))
    code_headers = (["Scope"] if scoped else []) + ["Code", *attributes, "Description"]
    code_rows = [
        ([_code(entry.get("scope"))] if scoped else [])
        + [_code(entry["code"])]
        + [md_cell(entry.get(name, "")) for name in attributes]
        + [md_cell(entry.get("description", ""))]
        for entry in catalog.section("codes")
    ]
    sections: list[tuple[str, str, TableLayout]] = []
    if scoped:
        sections.append(
            (
                "Scopes",
                "Stages in canonical order; substages follow their parent, sorted.",
                layout(
                    [
                        "Scope",
                        "Kind",
                        "Parent",
                        "Default fail mode",
                        "Constrained",
                        "Minimum artifacts",
                    ],
                    [
                        [
                            _code(s["id"]),
                            s["kind"],
                            _code(s.get("parent")),
                            _code(s.get("default_fail_mode")),
                            "yes" if s.get("constrained") else "",
                            ", ".join(_code(a) for a in s.get("min_artifacts") or []),
                        ]
                        for s in _scopes_in_order(catalog)
                    ],
                ),
            )
        )
    sections.append(
        (
            "Codes",
            f"{len(code_rows)} entries, {len({e['code'] for e in catalog.section('codes')})} "
            "distinct codes.",
            layout(code_headers, code_rows),
        )
    )
    for title, headers, rows in _other_sections(catalog):
        if rows:
            sections.append((title, "", layout(headers, rows)))
    if catalog.section("artifacts"):
        sections.append(_rules_section(catalog))
    return render_template(
        TEMPLATE,
        header=header_lines(catalog.relpath, TEMPLATE),
        title=data["title"],
        version=data["version"],
        document=data.get("document"),
        policies=[(k, md_cell(v)) for k, v in (data.get("policies") or {}).items()],
        enums=enum_definitions(catalog),
        sections=sections,
        records=[
            (
                record["name"],
                md_cell(record.get("description", "")),
                layout(
                    ["Field", "Type", "Required", "Description"],
                    _field_rows(record["fields"], ""),
                ),
            )
            for record in catalog.section("records")
        ],
    )


def _scopes_in_order(catalog: Catalog) -> list[dict[str, Any]]:
    ordered = catalog.outcome_scopes()
    return ordered + [s for s in catalog.section("scopes") if s not in ordered]


def _field_rows(fields: list[dict[str, Any]], prefix: str) -> list[list[str]]:
    rows = []
    for spec in fields:
        name = f"{prefix}{spec['name']}"
        rows.append(
            [
                _code(name),
                md_cell(field_type_text(spec)),
                "yes" if field_required(spec) else "no",
                md_cell(spec.get("description", "")),
            ]
        )
        if spec.get("fields"):
            rows.extend(_field_rows(spec["fields"], f"{name}."))
    return rows


def _condition_text(condition: dict[str, Any]) -> str:
    if "all" in condition:
        return " and ".join(_condition_text(c) for c in condition["all"])
    if "any" in condition:
        return "(" + " or ".join(_condition_text(c) for c in condition["any"]) + ")"
    return f"`{condition['key']}={str(condition.get('equals', True)).lower()}`"


def _other_sections(catalog: Catalog) -> list[tuple[str, list[str], list[list[str]]]]:
    model = catalog.data.get("status_model") or {}
    return [
        (
            "Policy-dependent overrides",
            ["Id", "Scope", "Codes", "When", "Result"],
            [
                [
                    _code(o["id"]),
                    _code(o.get("scope")),
                    ", ".join(_code(c) for c in o["codes"]),
                    md_cell(_condition_text(o["when"])),
                    md_cell(
                        ", ".join(f"{k}={v}" for k, v in o["set"].items())
                        + (f"; emitted as {o['emit_as']}" if o.get("emit_as") else "")
                    ),
                ]
                for o in catalog.section("overrides")
            ],
        ),
        (
            "Legacy aliases",
            ["Alias", "Canonical", "Scope"],
            [
                [_code(a["alias"]), _code(a["canonical"]), _code(a.get("scope"))]
                for a in catalog.section("aliases")
            ],
        ),
        (
            "Precedence lists",
            ["List", "Scope", "After", "Order (first wins)"],
            [
                [
                    _code(p["id"]),
                    _code(p.get("scope")),
                    ", ".join(_code(a) for a in p.get("after") or []),
                    " > ".join(_code(c) for c in p["order"]),
                ]
                for p in catalog.section("precedence")
            ],
        ),
        (
            "Run status derivation (first match wins)",
            ["Run status", "Rule", "Exit code"],
            [
                [
                    _code(rule["status"]),
                    md_cell(
                        ("any" if "any" in rule else "all")
                        + " outcome with "
                        + ", ".join(
                            f"{k}={v}"
                            for k, v in rule.get("any", rule.get("all", {})).items()
                        )
                    ),
                    _code(model["exit_codes"].get(rule["status"], "")),
                ]
                for rule in model.get("run_status_rules", [])
            ]
            + (
                [
                    [
                        _code(model["fallback"]),
                        "otherwise",
                        _code(model["exit_codes"].get(model["fallback"], "")),
                    ]
                ]
                if "fallback" in model
                else []
            ),
        ),
        (
            "Registries",
            ["Registry", "Key", "Description"],
            [
                [_code(r["name"]), _code(e["key"]), md_cell(e.get("description", ""))]
                for r in catalog.section("registries")
                for e in r["entries"]
            ],
        ),
        (
            "Artifact kinds (`catgen validate KIND`)",
            ["Kind", "Schema", "Description"],
            [
                [
                    _code(a["kind"]),
                    _code(a["schema"]),
                    md_cell(a.get("description", "")),
                ]
                for a in catalog.section("artifacts")
            ],
        ),
    ]


def _rules_section(catalog: Catalog) -> tuple[str, str, TableLayout]:
    """List every rule by the ids `catgen validate` reports, with its kind and check."""
    rows = []
    for artifact in catalog.section("artifacts"):
        for rule in artifact.get("rules") or []:
            kind = RULE_KINDS[rule["rule"]]
            rows.append(
                [
                    _code(artifact["kind"]),
                    ", ".join(_code(i) for i in kind.reported_ids(rule)),
                    _code(kind.name),
                    md_cell(kind.describe(rule)),
                ]
            )
    return (
        "Validation rules",
        "`catgen validate KIND` reports each violation with its rule id; a document "
        "that breaks the kind's JSON Schema is reported as `schema`.",
        layout(["Artifact kind", "Rule id", "Rule kind", "Checks"], rows),
    )

"""Build the effective model (generator/model.py) from validated catalog data.

Every default of the catalog format is applied here and only here; the model's
docstrings and field defaults say what each one is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .code_shapes import code_text
from .model import (
    CODE_CORE_KEYS,
    Alias,
    Approval,
    Artifact,
    Attribute,
    CatalogModel,
    CodeEntry,
    Column,
    Condition,
    EnumDef,
    Exemption,
    ExtractionAccepted,
    FailModeWhen,
    LintAccepted,
    LintConfig,
    Migration,
    Note,
    Override,
    Policies,
    Precedence,
    Record,
    RecordField,
    Registry,
    RegistryEntry,
    Rule,
    RunStatusRule,
    Scope,
    StatusModel,
    Table,
    Tombstone,
    TypeSpec,
    field_required,
    unique_members,
)
from .rules import RULE_KINDS

Data = Mapping[str, Any]

RULE_KEYS = ("rule", "id", "message")


def build_model(data: Data) -> CatalogModel:
    """Return the effective model of one validated catalog."""
    return CatalogModel(
        id=str(data["id"]),
        title=str(data["title"]),
        version=str(data["version"]),
        code_style=str(data["code_style"]),
        document=data.get("document"),
        description=data.get("description") or "",
        code_field=data.get("code_field"),
        policies=build_policies(data.get("policies")),
        approvals=tuple(
            Approval(**_texts(a, "code")) for a in _items(data, "approvals")
        ),
        tombstones=tuple(
            Tombstone(**_texts(t, "code", "replaced_by"))
            for t in _items(data, "tombstones")
        ),
        migrations=tuple(Migration(**m) for m in _items(data, "migrations")),
        exemptions=tuple(Exemption(**e) for e in _items(data, "exemptions")),
        declared_enums=tuple(build_enum(e) for e in _items(data, "enums")),
        attributes=tuple(Attribute(**a) for a in _items(data, "attributes")),
        scopes=tuple(build_scope(s) for s in _items(data, "scopes")),
        codes=tuple(build_code(c, i) for i, c in enumerate(_items(data, "codes"))),
        overrides=tuple(build_override(o) for o in _items(data, "overrides")),
        aliases=tuple(
            Alias(**_texts(a, "alias", "canonical")) for a in _items(data, "aliases")
        ),
        precedence=tuple(build_precedence(p) for p in _items(data, "precedence")),
        status_model=build_status_model(data.get("status_model")),
        records=tuple(build_record(r) for r in _items(data, "records")),
        registries=tuple(build_registry(r) for r in _items(data, "registries")),
        tables=tuple(build_table(t) for t in _items(data, "tables")),
        artifacts=tuple(build_artifact(a) for a in _items(data, "artifacts")),
        notes=tuple(Note(**n) for n in _items(data, "notes")),
        lint=build_lint(data.get("lint")),
        extraction_accepted=tuple(
            ExtractionAccepted(**a)
            for a in (data.get("extraction") or {}).get("accepted") or ()
        ),
    )


def _items(data: Data, section: str) -> list[Data]:
    return list(data.get(section) or [])


def _texts(data: Data, *keys: str) -> dict[str, Any]:
    """Return `data` with the codes under `keys` as text (integer codes are ints)."""
    return {k: code_text(v) if k in keys else v for k, v in data.items()}


def _code_texts(codes: Sequence[Any]) -> tuple[str, ...]:
    return tuple(code_text(code) for code in codes)


def build_policies(data: Data | None) -> Policies:
    if data is None:
        return Policies()
    return Policies(**data, stated=tuple(data))


def build_enum(data: Data) -> EnumDef:
    name = str(data["name"])
    values = [(v["value"], v.get("description", "")) for v in data["values"]]
    members = unique_members(values)
    return EnumDef(
        name=name,
        description=data.get("description", f"Values of {name}."),
        values=tuple(
            replace(member, deprecated=True) if v.get("deprecated") else member
            for member, v in zip(members, data["values"])
        ),
        subsets={k: tuple(v) for k, v in (data.get("subsets") or {}).items()},
    )


def build_condition(data: Data) -> Condition:
    return Condition(
        key=data.get("key"),
        equals=data.get("equals", True),
        all=tuple(build_condition(c) for c in data.get("all") or ()),
        any=tuple(build_condition(c) for c in data.get("any") or ()),
        raw=data,
    )


def build_scope(data: Data) -> Scope:
    artifacts = tuple(data.get("min_artifacts") or ())
    return Scope(
        id=data["id"],
        kind=data["kind"],
        title=data.get("title", ""),
        parent=data.get("parent"),
        default_fail_mode=data.get("default_fail_mode"),
        fail_mode_when=tuple(
            FailModeWhen(build_condition(c["when"]), c["fail_mode"])
            for c in data.get("fail_mode_when") or ()
        ),
        optional=bool(data.get("optional", False)),
        constrained=bool(data.get("constrained", False)),
        on_failure=data.get("on_failure"),
        min_artifacts=frozenset(artifacts),
        min_artifacts_order=artifacts,
        description=data.get("description", ""),
    )


def build_code(data: Data, index: int) -> CodeEntry:
    return CodeEntry(
        code=code_text(data["code"]),
        name=data.get("name"),
        scope=data.get("scope"),
        description=data.get("description", ""),
        source=data.get("source"),
        deprecated=bool(data.get("deprecated", False)),
        attributes={k: v for k, v in data.items() if k not in CODE_CORE_KEYS},
        index=index,
    )


def build_override(data: Data) -> Override:
    return Override(
        id=data["id"],
        codes=_code_texts(data["codes"]),
        when=build_condition(data["when"]),
        set=dict(data["set"]),
        scope=data.get("scope"),
        marks=frozenset(data.get("marks") or ()),
        text=data.get("text"),
        emit_as=None if data.get("emit_as") is None else code_text(data["emit_as"]),
    )


def build_precedence(data: Data) -> Precedence:
    return Precedence(
        id=data["id"],
        order=_code_texts(data["order"]),
        scope=data.get("scope"),
        after=tuple(data.get("after") or ()),
        text=data.get("text"),
    )


def build_status_model(data: Data | None) -> StatusModel | None:
    if data is None:
        return None
    rules = tuple(
        RunStatusRule(rule["status"], quantifier, dict(rule[quantifier]))
        for rule in data["run_status_rules"]
        for quantifier in ("any", "all")
        if quantifier in rule
    )
    return StatusModel(
        enums=dict(data["enums"]),
        severity_fail_mode=dict(data["severity_fail_mode"]),
        run_status_rules=rules,
        exit_codes=dict(data["exit_codes"]),
        fallback=data.get("fallback", "failed"),
        fallback_declared="fallback" in data,
        blocked_code=data.get("blocked_code"),
        outcome_statuses=dict(data.get("outcome_statuses") or {}),
        fail_closed=data.get("fail_closed"),
    )


def build_type(data: Data) -> TypeSpec:
    fields = data.get("fields")
    return TypeSpec(
        type=data["type"],
        ref=data.get("ref"),
        enum=data.get("enum"),
        format=data.get("format"),
        pattern=data.get("pattern"),
        min_length=data.get("min_length"),
        minimum=data.get("minimum"),
        any_of=tuple(build_type(option) for option in data.get("any_of") or ()),
        items=build_type(data["items"]) if "items" in data else None,
        values=build_type(data["values"]) if "values" in data else None,
        fields=None if fields is None else build_fields(fields),
        additional_properties=bool(data.get("additional_properties", False)),
    )


def build_fields(fields: Sequence[Data]) -> tuple[RecordField, ...]:
    return tuple(
        RecordField(
            name=spec["name"],
            spec=build_type(spec),
            required=field_required(spec),
            nullable=bool(spec.get("nullable", False)),
            description=spec.get("description", ""),
        )
        for spec in fields
    )


def build_record(data: Data) -> Record:
    return Record(
        name=data["name"],
        fields=build_fields(data["fields"]),
        description=data.get("description", ""),
        additional_properties=bool(data.get("additional_properties", False)),
        source=data.get("source"),
    )


def build_registry(data: Data) -> Registry:
    return Registry(
        name=data["name"],
        entries=tuple(
            RegistryEntry(e["key"], e.get("description", "")) for e in data["entries"]
        ),
        description=data.get("description", ""),
    )


def build_table(data: Data) -> Table:
    widths = data.get("separator_widths")
    codes = data.get("codes")
    row_cells = data.get("row_cells")
    return Table(
        id=data["id"],
        style=data["style"],
        rows=data["rows"],
        columns=tuple(
            Column(
                header=c["header"],
                field=c.get("field"),
                format=c.get("format", "plain"),
                marker=c.get("marker"),
                align=c.get("align"),
                boolean_words=_boolean_words(c.get("boolean_words")),
                padded=bool(c.get("padded", False)),
            )
            for c in data["columns"]
        ),
        separator_widths=None if widths is None else tuple(widths),
        separator_spaces=bool(data.get("separator_spaces", data["style"] == "aligned")),
        outer_pipes=bool(data.get("outer_pipes", True)),
        data=tuple(tuple(row) for row in data.get("data") or ()),
        codes=None if codes is None else _code_texts(codes),
        cell_spaces=bool(data.get("cell_spaces", True)),
        align_cells=bool(data.get("align_cells", False)),
        display_width=bool(data.get("display_width", False)),
        header_cells=data.get("header_cells"),
        row_cells=None if row_cells is None else tuple(row_cells),
    )


def _boolean_words(words: Sequence[str] | None) -> tuple[str, str] | None:
    """Return a column's (true word, false word), or None when it has none."""
    return None if words is None else (words[0], words[1])


def build_rule(data: Data) -> Rule:
    kind = str(data["rule"])
    rule_id = RULE_KINDS[kind].rule_id(data)
    return Rule(
        kind=kind,
        id=rule_id,
        message=data.get("message"),
        params={k: v for k, v in data.items() if k not in RULE_KEYS},
        spec={**data, "id": rule_id},
    )


def build_artifact(data: Data) -> Artifact:
    return Artifact(
        kind=data["kind"],
        schema=data["schema"],
        rules=tuple(build_rule(r) for r in data.get("rules") or ()),
        description=data.get("description", ""),
    )


def build_lint(data: Data | None) -> LintConfig:
    if not data:
        return LintConfig()
    vocabulary = data.get("vocabulary") or {}
    return LintConfig(
        vocabulary_attribute=vocabulary.get("attribute"),
        vocabulary_values=tuple(vocabulary.get("values") or ()),
        expected=tuple(data.get("expected") or ()),
        accepted=tuple(
            LintAccepted(**_texts(a, "code")) for a in data.get("accepted") or ()
        ),
    )

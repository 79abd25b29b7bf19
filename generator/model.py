"""The effective catalog model: typed, frozen objects with every default applied.

A catalog is validated as YAML data (generator/catalog.py), then built once into a
`CatalogModel`. Targets, lint, diff and the reference page read only this model, so a
default (`additional_properties`, `required`, `nullable`, `optional`, ...) is decided
here and nowhere else, and derived views (the ReasonCode enum, canonical stage order,
per-code fail modes, flattened precedence) are computed in one place.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .code_shapes import code_members, code_type, typed_code

# Code-entry keys that are not attributes.
CODE_CORE_KEYS = ("code", "scope", "description", "source", "deprecated", "name")
# Enums the model derives from the catalog itself; records may reference them.
DERIVED_ENUMS = ("ReasonCode", "RuleReasonCode", "StageId")
OUTCOME_KINDS = ("stage", "substage")

Scalar = str | int | bool | float | None
Data = Mapping[str, Any]


# --- enums ------------------------------------------------------------------------


@dataclass(frozen=True)
class EnumValue:
    value: str
    member: str
    description: str
    deprecated: bool = False


@dataclass(frozen=True)
class EnumDef:
    name: str
    description: str
    values: tuple[EnumValue, ...]
    subsets: Mapping[str, tuple[str, ...]]
    derived: bool = False
    value_type: str = "string"  # integer: the derived code enums of integer codes

    @cached_property
    def value_list(self) -> tuple[str, ...]:
        """Return the enum's values in declaration order, as text."""
        return tuple(v.value for v in self.values)

    @cached_property
    def typed_values(self) -> tuple[str | int, ...]:
        """Return the enum's values as outputs write them (ints for integer enums)."""
        if self.value_type == "integer":
            return tuple(int(v) for v in self.value_list)
        return self.value_list


def member_name(value: str) -> str:
    """Return an UPPER_SNAKE Python identifier for an enum value."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper() or "VALUE"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = f"V_{name}"
    return name


def unique_members(values: list[tuple[str, str]]) -> tuple[EnumValue, ...]:
    """Give each (value, description) a distinct member name, suffixing clashes."""
    used: set[str] = set()
    result = []
    for value, description in values:
        member = base = member_name(value)
        suffix = 2
        while member in used:
            member = f"{base}_{suffix}"
            suffix += 1
        used.add(member)
        result.append(EnumValue(value, member, description))
    return tuple(result)


# --- change control -----------------------------------------------------------------


@dataclass(frozen=True)
class Policies:
    stability: str | None = None
    removal: str = "allowed"
    additions: str = "allowed"
    record_changes: str = "allowed"
    version_field: str | None = None
    text: str | None = None
    stated: tuple[str, ...] = ()  # the keys the catalog writes, in its order

    def stated_items(self) -> list[tuple[str, str]]:
        """Return (key, value) of the policies the catalog states explicitly."""
        return [(key, str(getattr(self, key))) for key in self.stated]


@dataclass(frozen=True)
class Approval:
    code: str
    approved_by: str
    reference: str | None = None


@dataclass(frozen=True)
class Tombstone:
    code: str
    removed_in: str
    scope: str | None = None
    replaced_by: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Migration:
    version: str
    note: str


@dataclass(frozen=True)
class Exemption:
    """A change-control finding the catalog accepts (`catgen diff`), with its reason."""

    rule: str
    reason: str
    subject: str | None = None


# --- vocabulary -----------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str = "string"  # string | integer | boolean | text
    enum: str | None = None
    required: bool = False  # attributes of codes are optional unless they say so
    description: str = ""


@dataclass(frozen=True)
class Condition:
    """A condition over configuration keys: one `key == equals`, or all/any of more."""

    key: str | None = None
    equals: Scalar = True
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()
    raw: Data = field(default_factory=dict, compare=False)

    def holds(self, config: Mapping[str, Any]) -> bool:
        """Return whether the condition holds for a flat `key -> value` configuration."""
        if self.all:
            return all(c.holds(config) for c in self.all)
        if self.any:
            return any(c.holds(config) for c in self.any)
        return self.key is not None and config.get(self.key) == self.equals


@dataclass(frozen=True)
class FailModeWhen:
    when: Condition
    fail_mode: str


@dataclass(frozen=True)
class Scope:
    id: str
    kind: str
    title: str = ""
    parent: str | None = None
    default_fail_mode: str | None = None
    fail_mode_when: tuple[FailModeWhen, ...] = ()
    optional: bool = False
    constrained: bool = False
    on_failure: str | None = None
    min_artifacts: frozenset[str] = frozenset()
    min_artifacts_order: tuple[str, ...] = field(default=(), compare=False)
    description: str = ""


@dataclass(frozen=True)
class CodeEntry:
    code: str  # the code's text: an integer code `404` is "404" (see code_type)
    scope: str | None = None
    description: str = ""
    source: str | None = None
    deprecated: bool = False
    attributes: Mapping[str, Scalar] = field(default_factory=dict)
    index: int = field(default=0, compare=False)  # position under `codes`
    name: str | None = None  # explicit enum member name (code_shapes.member_of)

    def get(self, name: str, default: Any = None) -> Any:
        """Return a core key or an attribute of the entry, `default` when unset."""
        if name in CODE_CORE_KEYS:
            value = getattr(self, name)
            return default if value is None else value
        return self.attributes.get(name, default)


@dataclass(frozen=True)
class Override:
    id: str
    codes: tuple[str, ...]
    when: Condition
    set: Mapping[str, Scalar]
    scope: str | None = None
    marks: frozenset[str] = frozenset()
    text: str | None = None
    emit_as: str | None = None

    def applies_to(self, entry: CodeEntry) -> bool:
        """Return whether this override names the entry's code in the entry's scope."""
        return entry.code in self.codes and self.scope in (None, entry.scope)


@dataclass(frozen=True)
class Alias:
    alias: str
    canonical: str
    scope: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Precedence:
    id: str
    order: tuple[str, ...]
    scope: str | None = None
    after: tuple[str, ...] = ()
    text: str | None = None


@dataclass(frozen=True)
class RunStatusRule:
    status: str
    quantifier: str  # "any" | "all"
    match: Mapping[str, str]


@dataclass(frozen=True)
class StatusModel:
    enums: Mapping[str, str]
    severity_fail_mode: Mapping[str, str]
    run_status_rules: tuple[RunStatusRule, ...]
    exit_codes: Mapping[str, int]
    fallback: str = "failed"
    fallback_declared: bool = False
    blocked_code: str | None = None
    outcome_statuses: Mapping[str, str] = field(default_factory=dict)
    fail_closed: str | None = None


# --- records --------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeSpec:
    """The type part of a field or of an array item / map value."""

    type: str
    ref: str | None = None
    enum: str | None = None
    format: str | None = None
    pattern: str | None = None
    min_length: int | None = None
    minimum: int | float | None = None
    any_of: tuple[TypeSpec, ...] = ()
    items: TypeSpec | None = None
    values: TypeSpec | None = None
    fields: tuple[RecordField, ...] | None = None  # inline object fields
    additional_properties: bool = False


def field_required(spec: Mapping[str, Any]) -> bool:
    """Return whether a record field is required; fields are required unless they say
    `required: false` (attributes of codes are the opposite: optional by default)."""
    return bool(spec.get("required", True))


@dataclass(frozen=True)
class RecordField:
    name: str
    spec: TypeSpec
    required: bool = True  # record fields are required unless they say otherwise
    nullable: bool = False
    description: str = ""

    @property
    def type(self) -> str:
        return self.spec.type

    def type_text(self) -> str:
        """Describe the field's type in a few words for reference tables."""
        text = type_text(self.spec)
        return f"{text} or null" if self.nullable else text


def type_text(spec: TypeSpec) -> str:
    """Describe a type in a few words: `array of Record`, `string (Severity)`."""
    if spec.type == "object" and spec.ref is not None:
        return spec.ref
    if spec.type == "array" and spec.items is not None:
        return f"array of {type_text(spec.items)}"
    if spec.type == "map" and spec.values is not None:
        return f"map of {type_text(spec.values)}"
    if spec.enum is not None:
        return f"{spec.type} ({spec.enum})"
    return spec.type


@dataclass(frozen=True)
class Record:
    name: str
    fields: tuple[RecordField, ...]
    description: str = ""
    additional_properties: bool = False
    source: str | None = None


@dataclass(frozen=True)
class RegistryEntry:
    key: str
    description: str = ""


@dataclass(frozen=True)
class Registry:
    name: str
    entries: tuple[RegistryEntry, ...]
    description: str = ""

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.entries)


# --- documents and artifacts ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None = None  # default: the row source's key column (code, value, name)
    format: str = "plain"  # plain | code
    marker: str | None = None
    align: str | None = None  # left | center | right: colons in the separator row
    # A boolean attribute's cells as the document writes them: (true word, false word)
    boolean_words: tuple[str, str] | None = None
    padded: bool = False  # compact tables: cells padded to the column's width


@dataclass(frozen=True)
class Table:
    """A Markdown table the catalog owns in its document, with its layout."""

    id: str
    style: str  # aligned | compact
    rows: str  # codes | data | enum:<Name> | record:<Name>
    columns: tuple[Column, ...]
    separator_widths: tuple[int, ...] | None = None
    separator_spaces: bool = True  # default: spaced when aligned, tight when compact
    outer_pipes: bool = True
    data: tuple[tuple[str, ...], ...] = ()
    codes: tuple[str, ...] | None = None
    cell_spaces: bool = True  # `| a | b |` rather than `|a|b|`
    align_cells: bool = False  # aligned: right/center cells padded on the left too
    display_width: bool = False  # aligned: widths in editor columns, not characters
    header_cells: int | None = None  # ragged: cells of the header row, if fewer
    row_cells: tuple[int, ...] | None = None  # ragged: cells of each body row


@dataclass(frozen=True)
class Rule:
    """One validation rule of an artifact kind; `id` defaults per rule kind."""

    kind: str
    id: str
    message: str | None = None
    params: Data = field(default_factory=dict)
    # The rule as the rule-kind registry reads it: the catalog's keys in its order,
    # `id` made explicit.
    spec: Data = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Artifact:
    kind: str
    schema: str
    rules: tuple[Rule, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Note:
    id: str
    text: str


@dataclass(frozen=True)
class LintAccepted:
    rule: str
    code: str
    reason: str = ""


@dataclass(frozen=True)
class ExtractionAccepted:
    """An extraction difference the catalog accepts (`extraction.accepted`)."""

    match: str
    reason: str


@dataclass(frozen=True)
class LintConfig:
    vocabulary_attribute: str | None = None
    vocabulary_values: tuple[Scalar, ...] = ()
    expected: tuple[str, ...] = ()
    accepted: tuple[LintAccepted, ...] = ()


# --- the catalog ---------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogModel:
    """One catalog, every default applied; derived views are computed on first use."""

    id: str
    title: str
    version: str
    code_style: str
    document: str | None = None
    description: str = ""
    code_field: str | None = None
    policies: Policies = Policies()
    approvals: tuple[Approval, ...] = ()
    tombstones: tuple[Tombstone, ...] = ()
    migrations: tuple[Migration, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    declared_enums: tuple[EnumDef, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    scopes: tuple[Scope, ...] = ()
    codes: tuple[CodeEntry, ...] = ()
    overrides: tuple[Override, ...] = ()
    aliases: tuple[Alias, ...] = ()
    precedence: tuple[Precedence, ...] = ()
    status_model: StatusModel | None = None
    records: tuple[Record, ...] = ()
    registries: tuple[Registry, ...] = ()
    tables: tuple[Table, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    notes: tuple[Note, ...] = ()
    lint: LintConfig = LintConfig()
    extraction_accepted: tuple[ExtractionAccepted, ...] = ()

    # -- lookups --

    @cached_property
    def scope_kinds(self) -> Mapping[str, str]:
        return {scope.id: scope.kind for scope in self.scopes}

    @cached_property
    def scopes_by_id(self) -> Mapping[str, Scope]:
        return {scope.id: scope for scope in self.scopes}

    @cached_property
    def attributes_by_name(self) -> Mapping[str, Attribute]:
        return {attribute.name: attribute for attribute in self.attributes}

    @cached_property
    def records_by_name(self) -> Mapping[str, Record]:
        return {record.name: record for record in self.records}

    @cached_property
    def enums(self) -> tuple[EnumDef, ...]:
        """Declared enums, then the derived ReasonCode, RuleReasonCode and StageId."""
        return self.declared_enums + _derived_enums(self)

    @cached_property
    def enums_by_name(self) -> Mapping[str, EnumDef]:
        return {enum.name: enum for enum in self.enums}

    @cached_property
    def enum_values(self) -> Mapping[str, tuple[str | int, ...]]:
        """Return enum name -> values as outputs write them, derived enums included."""
        return {enum.name: enum.typed_values for enum in self.enums}

    def scope_kind(self, scope: str | None) -> str:
        """Return the kind of a scope id, "" for no scope or an unknown one."""
        return self.scope_kinds.get(scope or "", "")

    # -- codes: type and member names --

    @property
    def code_type(self) -> str:
        """Return the JSON type of the catalog's codes: `integer` or `string`."""
        return code_type(self.code_style)

    def typed_code(self, code: str) -> str | int:
        """Return a code as generated outputs write it (an int for integer codes)."""
        return typed_code(code, self.code_style)

    @cached_property
    def code_members(self) -> Mapping[str, str]:
        """Return code -> its enum member name (explicit `name`, else derived)."""
        return code_members((e.code, e.name) for e in self.codes)

    # -- derived views --

    @cached_property
    def stages(self) -> tuple[Scope, ...]:
        return tuple(s for s in self.scopes if s.kind == "stage")

    @cached_property
    def outcome_scopes(self) -> tuple[Scope, ...]:
        """Return stages and substages in canonical order (parent, then lexicographic)."""
        ordered: list[Scope] = []
        for stage in self.stages:
            ordered.append(stage)
            children = [
                s for s in self.scopes if s.kind == "substage" and s.parent == stage.id
            ]
            ordered.extend(sorted(children, key=lambda s: s.id))
        return tuple(ordered)

    @cached_property
    def outcome_codes(self) -> tuple[str, ...]:
        """Return unique codes of non-rule-level scopes, in catalog order."""
        codes = [e.code for e in self.codes if self.scope_kind(e.scope) != "rule_level"]
        return tuple(dict.fromkeys(codes))

    @cached_property
    def rule_level_codes(self) -> tuple[str, ...]:
        """Return unique codes of rule-level scopes, in catalog order."""
        codes = [e.code for e in self.codes if self.scope_kind(e.scope) == "rule_level"]
        return tuple(dict.fromkeys(codes))

    @cached_property
    def distinct_codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.codes)

    @cached_property
    def first_entries(self) -> Mapping[str, CodeEntry]:
        """Return code -> its first entry in catalog order."""
        first: dict[str, CodeEntry] = {}
        for entry in self.codes:
            first.setdefault(entry.code, entry)
        return first

    @cached_property
    def code_fail_modes(self) -> Mapping[tuple[str | None, str], str]:
        """Return (scope, code) -> the fail mode its severity implies, where it does."""
        model = self.status_model
        if model is None:
            return {}
        result: dict[tuple[str | None, str], str] = {}
        for entry in self.codes:
            if self.scope_kind(entry.scope) == "rule_level":
                continue
            fail_mode = model.severity_fail_mode.get(str(entry.get("severity")))
            if fail_mode is not None:
                result[(entry.scope, entry.code)] = fail_mode
        return result

    def override_values(self, override: Override) -> Mapping[str, Scalar]:
        """Return what an override sets, with the fail mode its severity implies."""
        values = dict(override.set)
        model = self.status_model
        if model is not None and "fail_mode" not in values and "severity" in values:
            derived = model.severity_fail_mode.get(str(values["severity"]))
            if derived is not None:
                values["fail_mode"] = derived
        return values

    @cached_property
    def flat_precedence(self) -> Mapping[str, tuple[str, ...]]:
        """Return list id -> its codes preceded by those of every list it comes after."""
        lists = {p.id: p for p in self.precedence}
        return {pid: tuple(_flatten(pid, lists, ())) for pid in lists}

    @cached_property
    def canonical_codes(self) -> Mapping[str, str]:
        return {alias.alias: alias.canonical for alias in self.aliases}

    def marked(self, entry: CodeEntry, column: str) -> bool:
        """Return True when an override marks `column` of this entry with `^`."""
        return any(o.applies_to(entry) and column in o.marks for o in self.overrides)

    def table_entries(self, table: Table) -> tuple[CodeEntry, ...]:
        """Return the code entries a `rows: codes` table lists, in row order.

        With an explicit `codes` list: per listed code the entry the table owns
        (`source`), else the code's first entry; otherwise every entry whose `source`
        is the table id, in catalog order."""
        if table.codes is None:
            return tuple(e for e in self.codes if e.source == table.id)
        chosen: dict[str, CodeEntry] = {}
        for entry in self.codes:
            current = chosen.get(entry.code)
            owned = entry.source == table.id
            if current is None or (owned and current.source != table.id):
                chosen[entry.code] = entry
        return tuple(chosen[c] for c in table.codes if c in chosen)


def _flatten(
    pid: str, lists: Mapping[str, Precedence], seen: tuple[str, ...]
) -> list[str]:
    order: list[str] = []
    if pid in seen:  # a cycle of `after` lists: each list counts once
        return order
    for other in lists[pid].after:
        if other in lists:
            inherited = _flatten(other, lists, (*seen, pid))
            order.extend(c for c in inherited if c not in order)
    order.extend(c for c in lists[pid].order if c not in order)
    return order


def _code_enum(
    model: CatalogModel, name: str, text: str, codes: tuple[str, ...]
) -> EnumDef:
    """Return a derived enum of codes; members are the codes' member names."""
    first, members = model.first_entries, model.code_members
    return EnumDef(
        name,
        text,
        tuple(EnumValue(c, members[c], first[c].description) for c in codes),
        {},
        derived=True,
        value_type=model.code_type,
    )


def _derived_enums(model: CatalogModel) -> tuple[EnumDef, ...]:
    derived: list[EnumDef] = []
    if model.outcome_codes:
        text = f"Reason codes of {model.title}."
        derived.append(_code_enum(model, "ReasonCode", text, model.outcome_codes))
    if model.rule_level_codes:
        text = "Per-rule codes; never a stage outcome reason_code."
        derived.append(
            _code_enum(model, "RuleReasonCode", text, model.rule_level_codes)
        )
    if model.outcome_scopes:
        values = [(s.id, s.title) for s in model.outcome_scopes]
        derived.append(
            EnumDef(
                "StageId",
                "Stage and substage ids, in canonical order.",
                unique_members(values),
                {},
                derived=True,
            )
        )
    return tuple(derived)

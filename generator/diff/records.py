"""Change rules for data contracts: records and their fields, registries, artifacts.

Fields are compared on the effective model, so `required` (default true), `nullable`
(default false) and `additional_properties` (default false, as the JSON Schema target
reads it) count by their value, whether the catalog writes them or not.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import CatalogModel, Record, RecordField, TypeSpec
from .recorder import Recorder, match
from .values import bq, effective_type, field_shape, listed, pointer, rule_data

# Rules that can take a value out of a derived enum a record may reference.
CODE_GONE_RULES = ("CODE_REMOVED", "CODE_TOMBSTONED", "CODE_RENAMED")


def record_enums(model: CatalogModel, closed_only: bool = False) -> set[str]:
    """Return the enum names record fields reference, at any depth (of closed records:
    those whose schema forbids additional properties, when `closed_only`)."""
    names: set[str] = set()

    def visit(spec: TypeSpec) -> None:
        if spec.enum is not None:
            names.add(spec.enum)
        for inner in (spec.items, spec.values, *spec.any_of):
            if inner is not None:
                visit(inner)
        for child in spec.fields or ():
            visit(child.spec)

    for record in model.records:
        if closed_only and record.additional_properties:
            continue
        for record_field in record.fields:
            visit(record_field.spec)
    return names


def diff_records(rec: Recorder) -> None:
    """Classify records: added, removed, opened/closed, fields, description."""
    matched = match(rec.old.records, rec.new.records, lambda r: r.name)
    for name, i, _ in matched.removed():
        rec.removed(
            "RECORD_REMOVED", f"record {name}", f"record `{name}` removed", "records", i
        )
    for name, j, record, before in matched.current():
        where = pointer("records", j)
        if before is None:
            rec.add("RECORD_ADDED", f"record {name}", f"record `{name}` added", where)
            continue
        _diff_record(rec, before, record, (matched.old[name][0], j))


def _diff_record(
    rec: Recorder, before: Record, record: Record, indexes: tuple[int, int]
) -> None:
    name, where = record.name, pointer("records", indexes[1])
    subject = f"record {name}"
    opened = record.additional_properties
    if before.additional_properties != opened:
        rec.add(
            "RECORD_OPENED" if opened else "RECORD_CLOSED",
            subject,
            f"record `{name}` {'now allows' if opened else 'no longer allows'} "
            "additional properties",
            where + "/additional_properties",
        )
    rec.compare_text(
        subject,
        f"record `{name}`",
        (before.description, record.description),
        where + "/description",
    )
    diff_fields(
        rec,
        name,
        (before.fields, record.fields),
        (pointer("records", indexes[0], "fields"), where + "/fields"),
    )


def _required(required: bool) -> str:
    return "required" if required else "optional"


def diff_fields(
    rec: Recorder,
    path: str,
    fields: tuple[Sequence[RecordField], Sequence[RecordField]],
    wheres: tuple[str, str],
) -> None:
    """Classify the fields of a record or inline object (old and new lists, pointers)."""
    matched = match(fields[0], fields[1], lambda f: f.name)
    old_where, where = wheres
    for fname, i, gone in matched.removed():
        rec.add(
            (
                "RECORD_FIELD_REQUIRED_REMOVED"
                if gone.required
                else "RECORD_FIELD_REMOVED"
            ),
            f"field {path}.{fname}",
            f"{_required(gone.required)} field `{path}.{fname}` removed",
            where,
            f"{old_where}/{i}",
        )
    for fname, j, spec, previous in matched.current():
        if previous is None:
            rec.add(
                (
                    "RECORD_FIELD_REQUIRED_ADDED"
                    if spec.required
                    else "RECORD_FIELD_ADDED"
                ),
                f"field {path}.{fname}",
                f"{_required(spec.required)} field `{path}.{fname}` added",
                f"{where}/{j}",
            )
            continue
        i = matched.old[fname][0]
        _diff_field(rec, path, (previous, spec), (f"{old_where}/{i}", f"{where}/{j}"))


def _diff_field(
    rec: Recorder,
    path: str,
    specs: tuple[RecordField, RecordField],
    wheres: tuple[str, str],
) -> None:
    (previous, spec), where = specs, wheres[1]
    name, subject = f"{path}.{spec.name}", f"field {path}.{spec.name}"
    if previous.required != spec.required:
        rec.add(
            (
                "RECORD_FIELD_REQUIRED_ADDED"
                if spec.required
                else "RECORD_FIELD_REQUIRED_REMOVED"
            ),
            subject,
            f"field `{name}` is now {_required(spec.required)}",
            where + "/required",
        )
    a = field_shape(previous.spec, previous.nullable)
    b = field_shape(spec.spec, spec.nullable)
    for key in a:
        if a[key] != b[key]:
            rec.add(
                "RECORD_FIELD_CHANGED",
                subject,
                f"{key} of field `{name}` changed from {bq(a[key])} to {bq(b[key])}",
                f"{where}/{key}",
                old=a[key],
                new=b[key],
            )
    rec.compare_text(
        subject,
        f"field `{name}`",
        (previous.description, spec.description),
        where + "/description",
    )
    before, after = effective_type(previous.spec), effective_type(spec.spec)
    if before.fields or after.fields:
        diff_fields(
            rec,
            name,
            (before.fields or (), after.fields or ()),
            (wheres[0] + "/fields", where + "/fields"),
        )


def diff_registries(rec: Recorder) -> None:
    """Classify key registries: added, removed, keys, descriptions."""
    matched = match(rec.old.registries, rec.new.registries, lambda r: r.name)
    for name, i, _ in matched.removed():
        rec.removed(
            "REGISTRY_REMOVED",
            f"registry {name}",
            f"registry `{name}` removed",
            "registries",
            i,
        )
    for name, j, registry, before in matched.current():
        where = pointer("registries", j)
        if before is None:
            rec.add(
                "REGISTRY_ADDED", f"registry {name}", f"registry `{name}` added", where
            )
            continue
        i = matched.old[name][0]
        keys = match(before.entries, registry.entries, lambda e: e.key)
        for key, ki, _ in keys.removed():
            rec.add(
                "REGISTRY_KEY_REMOVED",
                f"registry {name}.{key}",
                f"key `{key}` removed from registry `{name}`",
                where + "/entries",
                pointer("registries", i, "entries", ki),
            )
        for key, kj, entry, previous in keys.current():
            if previous is None:
                rec.add(
                    "REGISTRY_KEY_ADDED",
                    f"registry {name}.{key}",
                    f"key `{key}` added to registry `{name}`",
                    pointer("registries", j, "entries", kj),
                )
                continue
            rec.compare_text(
                f"registry {name}.{key}",
                f"registry key `{key}`",
                (previous.description, entry.description),
                pointer("registries", j, "entries", kj, "description"),
            )
        rec.compare_text(
            f"registry {name}",
            f"registry `{name}`",
            (before.description, registry.description),
            where + "/description",
        )


def diff_artifacts(rec: Recorder) -> None:
    """Classify artifact kinds: added, removed, root schema, rules, description."""
    matched = match(rec.old.artifacts, rec.new.artifacts, lambda a: a.kind)
    for kind, i, _ in matched.removed():
        rec.removed(
            "ARTIFACT_REMOVED",
            f"artifact {kind}",
            f"artifact kind `{kind}` removed",
            "artifacts",
            i,
        )
    for kind, j, artifact, before in matched.current():
        where = pointer("artifacts", j)
        subject = f"artifact {kind}"
        if before is None:
            rec.add("ARTIFACT_ADDED", subject, f"artifact kind `{kind}` added", where)
            continue
        for key, a, b in (
            ("schema", before.schema, artifact.schema),
            (
                "rules",
                listed(map(rule_data, before.rules)),
                listed(map(rule_data, artifact.rules)),
            ),
        ):
            if a != b:
                rec.add(
                    "ARTIFACT_CHANGED",
                    subject,
                    f"{key} of artifact kind `{kind}` changed",
                    f"{where}/{key}",
                    old=a,
                    new=b,
                )
        rec.compare_text(
            subject,
            f"artifact kind `{kind}`",
            (before.description, artifact.description),
            where + "/description",
        )


def flag_record_impact(rec: Recorder) -> None:
    """Codes and scopes feed derived enums (ReasonCode, StageId); flag removals there,
    and additions where a closed record uses the enum (its documents gain a value)."""
    referenced = record_enums(rec.old) | record_enums(rec.new)
    if referenced & {"ReasonCode", "RuleReasonCode"}:
        gone = rec.old.distinct_codes - rec.new.distinct_codes
        for change in rec.result.changes:
            if change.rule in CODE_GONE_RULES:
                name = change.old if change.rule == "CODE_RENAMED" else change.code
                change.record_impact = change.record_impact or name in gone
    if record_enums(rec.new, closed_only=True) & {"ReasonCode", "RuleReasonCode"}:
        new_codes = rec.new.distinct_codes - rec.old.distinct_codes
        for change in rec.result.changes:
            if change.rule == "CODE_ADDED" and change.code in new_codes:
                change.record_impact = True
    if "StageId" in referenced:
        for change in rec.result.changes:
            if change.rule == "SCOPE_REMOVED":
                change.record_impact = True

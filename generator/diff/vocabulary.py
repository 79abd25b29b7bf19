"""Change rules for the vocabulary a catalog declares: enums, code attributes, scopes."""

from __future__ import annotations

from ..model import EnumDef, Scope
from .recorder import Recorder, match, order_changed
from .records import record_enums
from .values import (
    JSON,
    attribute_data,
    bq,
    fail_mode_when_data,
    listed,
    pointer,
    subsets_data,
)

SCOPE_FAIL = ("default_fail_mode", "fail_mode_when")
# Scope keys only the documents read: no generated helper sees them.
SCOPE_DOC = ("min_artifacts", "optional")


def diff_enums(rec: Recorder) -> None:
    """Classify declared enums: added, removed, values, order, subsets, texts."""
    matched = match(rec.old.declared_enums, rec.new.declared_enums, lambda e: e.name)
    referenced = record_enums(rec.new) | record_enums(rec.old)
    closed = record_enums(rec.new, closed_only=True)
    for name, i, _ in matched.removed():
        change = rec.removed(
            "ENUM_REMOVED", f"enum {name}", f"enum `{name}` removed", "enums", i
        )
        change.record_impact = name in referenced
    for name, j, enum, before in matched.current():
        if before is None:
            rec.add(
                "ENUM_ADDED",
                f"enum {name}",
                f"enum `{name}` added",
                pointer("enums", j),
            )
            continue
        rec.compare_text(
            f"enum {name}",
            f"enum `{name}`",
            (before.description, enum.description),
            pointer("enums", j, "description"),
        )
        indexes = (matched.old[name][0], j)
        _diff_enum_values(
            rec, before, enum, indexes, (name in referenced, name in closed)
        )
        _diff_enum_shape(rec, before, enum, j)


def _diff_enum_values(
    rec: Recorder,
    before: EnumDef,
    enum: EnumDef,
    indexes: tuple[int, int],
    used: tuple[bool, bool],
) -> None:
    """Classify values; removals touch records using the enum, additions closed ones."""
    name, (i, j), (referenced, closed) = enum.name, indexes, used
    matched = match(before.values, enum.values, lambda v: v.value)
    for value, vi, _ in matched.removed():
        rec.add(
            "ENUM_VALUE_REMOVED",
            f"enum {name}.{value}",
            f"value `{value}` removed from enum `{name}`",
            pointer("enums", j, "values"),
            pointer("enums", i, "values", vi),
            record_impact=referenced,
        )
    for value, vj, spec, previous in matched.current():
        where = pointer("enums", j, "values", vj)
        if previous is None:
            rec.add(
                "ENUM_VALUE_ADDED",
                f"enum {name}.{value}",
                f"value `{value}` added to enum `{name}`",
                where,
                record_impact=closed,
            )
            continue
        if spec.member != previous.member:  # a clash suffix moved with the order
            rec.add(
                "ENUM_MEMBER_RENAMED",
                f"enum {name}.{value}",
                f"member of value `{value}` of enum `{name}` renamed from "
                f"`{previous.member}` to `{spec.member}`",
                where,
                old=previous.member,
                new=spec.member,
            )
        if spec.deprecated and not previous.deprecated:
            rec.add(
                "ENUM_VALUE_DEPRECATED",
                f"enum {name}.{value}",
                f"value `{value}` of enum `{name}` deprecated",
                where,
            )
        rec.compare_text(
            f"enum {name}.{value}",
            f"value `{value}` of enum `{name}`",
            (previous.description, spec.description),
            where + "/description",
        )


def _diff_enum_shape(rec: Recorder, before: EnumDef, enum: EnumDef, j: int) -> None:
    name, base = enum.name, pointer("enums", j)
    if order_changed(before.value_list, enum.value_list):
        rec.add(
            "ENUM_VALUE_ORDER_CHANGED",
            f"enum {name}",
            f"values of enum `{name}` reordered",
            base + "/values",
            old=list(before.value_list),
            new=list(enum.value_list),
        )
    old_subsets, new_subsets = subsets_data(before.subsets), subsets_data(enum.subsets)
    if old_subsets != new_subsets:
        rec.add(
            "ENUM_SUBSET_CHANGED",
            f"enum {name}",
            f"subsets of enum `{name}` changed",
            base + "/subsets",
            old=old_subsets,
            new=new_subsets,
        )


def diff_attributes(rec: Recorder) -> None:
    """Classify code attribute declarations: added, removed, enum/type/required."""
    matched = match(rec.old.attributes, rec.new.attributes, lambda a: a.name)
    for name, i, _ in matched.removed():
        rec.removed(
            "ATTRIBUTE_REMOVED",
            f"attribute {name}",
            f"code attribute `{name}` removed",
            "attributes",
            i,
        )
    for name, j, attribute, before in matched.current():
        where = pointer("attributes", j)
        if before is None:
            rec.add(
                "ATTRIBUTE_ADDED",
                f"attribute {name}",
                f"code attribute `{name}` added",
                where,
            )
            continue
        a, b = attribute_data(before), attribute_data(attribute)
        if {before.type, attribute.type} == {"text", "string"} and not attribute.enum:
            # No generated file changes (both are `str`); whether later value edits
            # count as editorial (text) does: a documented contract change.
            rec.add(
                "DOC_CONTRACT_CHANGED",
                f"attribute {name}",
                f"code attribute `{name}`: type changed from `{before.type}` to "
                f"`{attribute.type}`",
                where + "/type",
                old=before.type,
                new=attribute.type,
            )
        if a != b:
            rec.add(
                "ATTRIBUTE_CHANGED",
                f"attribute {name}",
                f"code attribute `{name}` changed",
                where,
                old=a,
                new=b,
            )
        rec.compare_text(
            f"attribute {name}",
            f"attribute `{name}`",
            (before.description, attribute.description),
            where + "/description",
        )


def scope_values(scope: Scope) -> dict[str, JSON]:
    """Return what a scope compares besides its texts, by key (fail modes first)."""
    return {
        "default_fail_mode": scope.default_fail_mode,
        "fail_mode_when": fail_mode_when_data(scope.fail_mode_when),
        "constrained": scope.constrained,
        "kind": scope.kind,
        "min_artifacts": listed(sorted(scope.min_artifacts)),  # a set
        "on_failure": scope.on_failure,
        "optional": scope.optional,
        "parent": scope.parent,
    }


def diff_scopes(rec: Recorder) -> None:
    """Classify scopes: added, removed, fail modes, other keys, texts, stage order."""
    matched = match(rec.old.scopes, rec.new.scopes, lambda s: s.id)
    for sid, i, _ in matched.removed():
        change = rec.removed(
            "SCOPE_REMOVED", f"scope {sid}", f"scope `{sid}` removed", "scopes", i
        )
        change.scope = sid
    counts: dict[str | None, int] = {}
    for entry in rec.new.codes:
        counts[entry.scope] = counts.get(entry.scope, 0) + 1
    for sid, j, scope, before in matched.current():
        if before is None:
            rec.add(
                "SCOPE_ADDED",
                f"scope {sid}",
                f"scope `{sid}` added",
                pointer("scopes", j),
                scope=sid,
            )
            continue
        _diff_scope(rec, before, scope, j, counts.get(sid, 0))
    old_stages = [s.id for s in rec.old.outcome_scopes]
    new_stages = [s.id for s in rec.new.outcome_scopes]
    if order_changed(old_stages, new_stages):
        rec.add(
            "SCOPE_ORDER_CHANGED",
            "scopes",
            "canonical stage order changed",
            "/scopes",
            old=old_stages,
            new=new_stages,
        )


def _diff_scope(rec: Recorder, before: Scope, scope: Scope, j: int, codes: int) -> None:
    sid, subject, where = scope.id, f"scope {scope.id}", pointer("scopes", j)
    a, b = scope_values(before), scope_values(scope)
    for key in a:
        if a[key] == b[key]:
            continue
        if key in SCOPE_FAIL:
            rule = "CODE_FAIL_MODE_CHANGED"
            what = f"{key} of scope `{sid}` ({codes} code(s))"
        elif key in SCOPE_DOC or (
            # Only a substage's parent reaches the registry (StageModel.parents).
            key == "parent"
            and "substage" not in (before.kind, scope.kind)
        ):
            rule, what = "DOC_CONTRACT_CHANGED", f"{key} of scope `{sid}`"
        else:
            rule, what = "SCOPE_CHANGED", f"{key} of scope `{sid}`"
        rec.add(
            rule,
            subject,
            f"{what} changed from {bq(a[key])} to {bq(b[key])}",
            f"{where}/{key}",
            old=a[key],
            new=b[key],
            scope=sid,
        )
    for key, texts in (
        ("title", (before.title, scope.title)),
        ("description", (before.description, scope.description)),
    ):
        rec.compare_text(subject, f"scope `{sid}`", texts, f"{where}/{key}")

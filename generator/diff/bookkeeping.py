"""Change rules for catalog metadata, policies, tables, notes, curation and bookkeeping.

Bookkeeping is the change-control record itself: tombstones, approvals, migrations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from .recorder import Recorder, match
from .rules import ADDITIONS_RANK, RECORD_RANK, REMOVAL_RANK
from .values import bq, in_scope, pointer, text

# The policies whose value can be ranked weaker or stricter.
RANKED_POLICIES = (
    ("removal", REMOVAL_RANK),
    ("additions", ADDITIONS_RANK),
    ("record_changes", RECORD_RANK),
)
TEXT_POLICIES = ("stability", "text", "version_field")


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Identified)


def diff_metadata(rec: Recorder) -> None:
    """Classify title, description, document, code_style and code_field."""
    for key in ("title", "description", "document", "code_style"):
        a, b = text(getattr(rec.old, key)), text(getattr(rec.new, key))
        if a != b:
            rec.add(
                "CATALOG_METADATA_CHANGED",
                f"catalog {key}",
                f"catalog {key} changed from {bq(a)} to {bq(b)}",
                pointer(key),
                old=a,
                new=b,
            )
    a, b = rec.old.code_field, rec.new.code_field
    if a != b:
        rec.add(
            "CODE_FIELD_CHANGED",
            "catalog code_field",
            f"code_field changed from {bq(a)} to {bq(b)}",
            "/code_field",
            old=a,
            new=b,
        )


def diff_policies(rec: Recorder) -> None:
    """Classify policy changes: relaxed (breaking), tightened, or wording."""
    old, new = rec.old.policies, rec.new.policies
    for key, ranks in RANKED_POLICIES:
        a, b = str(getattr(old, key)), str(getattr(new, key))
        if a == b:
            continue
        rec.add(
            "POLICY_RELAXED" if ranks[b] < ranks[a] else "POLICY_TIGHTENED",
            f"policy {key}",
            f"policy {key} changed from `{a}` to `{b}`",
            pointer("policies", key),
            old=a,
            new=b,
        )
    for key in TEXT_POLICIES:
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            rec.add(
                "POLICY_TEXT_CHANGED",
                f"policy {key}",
                f"policy {key} changed",
                pointer("policies", key),
                old=a,
                new=b,
            )


def diff_simple(
    rec: Recorder,
    section: str,
    items: tuple[Sequence[Item], Sequence[Item]],
    rule: str,
    noun: str,
) -> None:
    """Classify a section whose every change has one rule (tables, notes)."""
    matched = match(items[0], items[1], lambda item: item.id)
    for name, i, _ in matched.removed():
        rec.removed(rule, f"{noun} {name}", f"{noun} `{name}` removed", section, i)
    for name, j, item, before in matched.current():
        if before is None:
            verb = "added"
        elif before != item:
            verb = "changed"
        else:
            continue
        rec.add(rule, f"{noun} {name}", f"{noun} `{name}` {verb}", pointer(section, j))


def diff_curation(rec: Recorder) -> None:
    """Classify accepted lint findings and accepted extraction differences."""
    for section, changed in (
        ("lint", rec.old.lint != rec.new.lint),
        ("extraction", rec.old.extraction_accepted != rec.new.extraction_accepted),
    ):
        if changed:
            rec.add(
                "CURATION_CHANGED",
                f"section {section}",
                f"section `{section}` changed",
                pointer(section),
            )


def diff_tombstones(rec: Recorder) -> None:
    """Classify tombstones deleted, and tombstones recorded for already-removed codes."""
    used = {
        (c.code, c.scope) for c in rec.result.changes if c.rule == "CODE_TOMBSTONED"
    } | {(c.old_key[1], c.old_key[0]) for c in rec.result.changes if c.old_key}
    matched = match(rec.old.tombstones, rec.new.tombstones, lambda t: (t.code, t.scope))
    for (code, scope), i, _ in matched.removed():
        change = rec.removed(
            "TOMBSTONE_REMOVED",
            f"tombstone {code}",
            f"tombstone of `{code}`{in_scope(scope)} deleted",
            "tombstones",
            i,
        )
        change.code, change.scope = code, scope
    for (code, scope), j, _ in matched.added():
        if any(c == code and (scope is None or s == scope) for c, s in used):
            continue
        rec.add(
            "TOMBSTONE_ADDED",
            f"tombstone {code}",
            f"tombstone of `{code}`{in_scope(scope)} recorded",
            pointer("tombstones", j),
            code=code,
            scope=scope,
        )


def diff_approvals(rec: Recorder) -> None:
    """Classify approval entries added and removed."""
    matched = match(rec.old.approvals, rec.new.approvals, lambda a: a.code)
    for code, i, _ in matched.removed():
        rec.removed(
            "APPROVAL_REMOVED",
            f"approval {code}",
            f"approval of `{code}` removed",
            "approvals",
            i,
        )
    for code, j, approval in matched.added():
        rec.add(
            "APPROVAL_ADDED",
            f"approval {code}",
            f"approval of `{code}` by {approval.approved_by} recorded",
            pointer("approvals", j),
        )


def diff_migrations(rec: Recorder) -> None:
    """Classify migration notes added, changed and removed."""
    matched = match(rec.old.migrations, rec.new.migrations, lambda m: m.version)
    for version, j, migration, before in matched.current():
        if before is None:
            rule, verb = "MIGRATION_ADDED", "added"
        elif before != migration:
            rule, verb = "MIGRATION_CHANGED", "changed"
        else:
            continue
        rec.add(
            rule,
            f"migration {version}",
            f"migration note for {version} {verb}",
            pointer("migrations", j),
        )
    for version, i, _ in matched.removed():
        rec.removed(
            "MIGRATION_CHANGED",
            f"migration {version}",
            f"migration note for {version} removed",
            "migrations",
            i,
        )


def diff_exemptions(rec: Recorder) -> None:
    """Classify change-control exemptions added and removed (reviewers see them)."""
    matched = match(
        rec.old.exemptions, rec.new.exemptions, lambda e: (e.rule, e.subject)
    )
    for (rule, subject), i, _ in matched.removed():
        rec.removed(
            "EXEMPTION_CHANGED",
            f"exemption {rule}",
            f"exemption of `{rule}`{_for(subject)} removed",
            "exemptions",
            i,
        )
    for (rule, subject), j, exemption, before in matched.current():
        if before is not None and before == exemption:
            continue
        verb = "added" if before is None else "changed"
        rec.add(
            "EXEMPTION_CHANGED",
            f"exemption {rule}",
            f"exemption of `{rule}`{_for(subject)} {verb}: {exemption.reason}",
            pointer("exemptions", j),
        )


def _for(subject: str | None) -> str:
    return f" for `{subject}`" if subject else ""

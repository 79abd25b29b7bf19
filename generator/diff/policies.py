"""The policies of `catgen diff`: what a catalog's `policies` allow, and the version rule.

A relaxed policy takes effect from the next change only: each ranked policy is the
stricter of the baseline's and the new catalog's, and a relaxation that does not land
alone is itself a violation. See docs/catalog-format.md, "Policies" and "Version rule
(semver, with the 0.x convention)".
"""

from __future__ import annotations

from dataclasses import replace

from ..catalog import Catalog
from ..errors import Location
from ..model import CatalogModel, Policies, Tombstone
from .codes import tombstone_for
from .report import CatalogDiff, Change, CodeKey, Violation
from .rules import (
    ADDITIONS_RANK,
    BREAKING,
    BUMP_RANK,
    CATEGORY_RANK,
    COSMETIC,
    RECORD_RANK,
    RECORD_RULES,
    REMOVAL_RANK,
)
from .values import pointer

RECORD_POLICY = "version_bump_and_migration_note"

# --- the version rule -------------------------------------------------------------------


def _parse_version(text: str | None) -> tuple[int, int, int] | None:
    try:
        major, minor, patch = (int(part) for part in str(text).split("."))
    except (ValueError, TypeError):
        return None
    return major, minor, patch


def version_bump(old: str | None, new: str | None) -> str:
    """Return none | patch | minor | major | decrease for old -> new."""
    a, b = _parse_version(old), _parse_version(new)
    if a is None or b is None or a == b:
        return "none"
    if b < a:
        return "decrease"
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "minor"
    return "patch"


def required_bump(category: str | None, old_version: str | None) -> str:
    """Return the bump a category needs: semver, minor is breaking below 1.0.0."""
    if category is None or category == COSMETIC:
        return "none"
    parsed = _parse_version(old_version)
    zero = parsed is not None and parsed[0] == 0
    if category == BREAKING:
        return "minor" if zero else "major"
    return "patch" if zero else "minor"


def next_version(old_version: str | None, bump: str) -> str:
    """Return the version `bump` makes of old_version (0.0.0 when it does not parse)."""
    major, minor, patch = _parse_version(old_version) or (0, 0, 0)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def worst_category(changes: list[Change]) -> str | None:
    """Return the worst category among the changes, None when there are none."""
    return max(
        (c.category for c in changes), key=lambda c: CATEGORY_RANK[c], default=None
    )


def suggest_version(diff: CatalogDiff) -> str:
    """Return the version to suggest in a hint: the new one if it moved, else the next."""
    if diff.actual_bump not in ("none", "decrease") and diff.new_version:
        return diff.new_version
    bump = required_bump(worst_category(diff.changes), diff.old_version)
    return next_version(diff.old_version, bump if bump != "none" else "patch")


# --- policies -----------------------------------------------------------------------------

RANKS = {
    "removal": REMOVAL_RANK,
    "additions": ADDITIONS_RANK,
    "record_changes": RECORD_RANK,
}
POLICY_RULES = frozenset({"POLICY_RELAXED", "POLICY_TIGHTENED", "POLICY_TEXT_CHANGED"})


def effective_policies(old: Policies, new: Policies) -> Policies:
    """Return the policies a change is judged by: per ranked policy the stricter one."""
    stricter = {
        key: max(
            str(getattr(old, key)),
            str(getattr(new, key)),
            key=lambda v: ranks.get(v, 0),
        )
        for key, ranks in RANKS.items()
    }
    return replace(
        new,
        removal=stricter["removal"],
        additions=stricter["additions"],
        record_changes=stricter["record_changes"],
    )


def _tombstoned(tombstones: tuple[Tombstone, ...], code: str) -> Tombstone | None:
    """Return a tombstone of the code in any scope: a tombstone holds the code value."""
    return next((t for t in tombstones if t.code == code), None)


def _removed_key(change: Change) -> CodeKey | None:
    """Return the (scope, code) a change takes away, None when it takes none."""
    if change.rule in ("CODE_REMOVED", "CODE_TOMBSTONED"):
        return change.scope, str(change.code)
    if change.rule in ("CODE_RENAMED", "CODE_SCOPE_CHANGED"):
        return change.old_key
    return None


class _PolicyCheck:
    """Evaluates one catalog's changes against the new catalog's policies."""

    def __init__(self, diff: CatalogDiff, old: CatalogModel, new: Catalog) -> None:
        self.diff, self.catalog, self.new = diff, new, new.model
        self.policies = effective_policies(old.policies, self.new.policies)
        self.tombstones_before = {(t.code, t.scope) for t in old.tombstones}
        self.all_tombstones = old.tombstones + self.new.tombstones
        self.approvals = {a.code for a in self.new.approvals}

    def violate(
        self, rule: str, message: str, hint: str, location: Location, *subjects: str
    ) -> None:
        """Record a violation of `rule` by the named changes."""
        self.diff.violations.append(
            Violation(rule, self.new.id, message, hint, location, list(subjects))
        )

    def removal(self, change: Change) -> None:
        """Check a removed code against `removal: tombstone_required | forbidden`."""
        key, removal = _removed_key(change), self.policies.removal
        if key is None or removal == "allowed":
            return
        scope, code = key
        if removal == "forbidden":
            self.violate(
                "REMOVAL_FORBIDDEN",
                f"{change.message}, but the catalog's policy is `removal: forbidden`",
                "keep the code and mark it `deprecated: true` (add an alias if it is "
                "renamed); removing it needs a deliberate policy change first",
                change.location,
                change.subject,
            )
            return
        found = tombstone_for(self.new, code, scope)
        if found is None:
            scope_text = f", scope: {scope}" if scope is not None else ""
            self.violate(
                "REMOVAL_WITHOUT_TOMBSTONE",
                f"{change.message}, but `removal: tombstone_required` and no tombstone "
                f"names `{code}`",
                f"add `tombstones: [{{code: {code}{scope_text}, removed_in: "
                f"{suggest_version(self.diff)}, reason: ...}}]`, or keep the code "
                "(deprecated)",
                change.location,
                change.subject,
            )
            return
        self.tombstone_version(change, *found)

    def tombstone_version(self, change: Change, position: int, tomb: Tombstone) -> None:
        """Check that a tombstone new in this change names the new version."""
        version = self.new.version
        is_new = (tomb.code, tomb.scope) not in self.tombstones_before
        if is_new and str(tomb.removed_in) != version:
            self.violate(
                "TOMBSTONE_VERSION_MISMATCH",
                f"tombstone of `{tomb.code}` says removed_in {tomb.removed_in}, "
                f"but this change ships as version {version}",
                f"set removed_in: {version} (and bump `version` if it has not moved)",
                self.catalog.source.locate(
                    pointer("tombstones", position, "removed_in")
                ),
                change.subject,
            )

    def addition(self, change: Change) -> None:
        """Check an added code against approvals and tombstones (never reused)."""
        if change.rule not in ("CODE_ADDED", "CODE_RENAMED"):
            return
        code = str(change.code)
        if (
            self.policies.additions == "approval_required"
            and code not in self.approvals
        ):
            self.violate(
                "ADDITION_WITHOUT_APPROVAL",
                f"{change.message}, but `additions: approval_required` and no approval "
                f"names `{code}`",
                f"add `approvals: [{{code: {code}, approved_by: <who>, "
                "reference: <ADR/issue>}]`",
                change.location,
                change.subject,
            )
        found = _tombstoned(self.all_tombstones, code)
        if self.policies.removal != "allowed" and found is not None:
            where = f" in scope `{found.scope}`" if found.scope else ""
            self.violate(
                "TOMBSTONED_CODE_REUSED",
                f"{change.message}, but `{code}` is tombstoned{where} "
                f"(removed in {found.removed_in}); a tombstone holds the code value in "
                "every scope",
                "choose a new code name; tombstoned codes are never reused",
                change.location,
                change.subject,
            )

    def tombstone_deleted(self, change: Change) -> None:
        """Check a deleted tombstone: tombstones are permanent unless removal is allowed."""
        removal = self.policies.removal
        if change.rule == "TOMBSTONE_REMOVED" and removal != "allowed":
            self.violate(
                "TOMBSTONE_DELETED",
                f"{change.message}, but tombstones are permanent under `removal: {removal}`",
                "restore the tombstone entry",
                change.location,
                change.subject,
            )

    def record_changes(self) -> None:
        """Check `record_changes: version_bump_and_migration_note` (the note part)."""
        diff, version = self.diff, self.new.version
        changes = [c for c in diff.changes if c.rule in RECORD_RULES or c.record_impact]
        if not changes or self.policies.record_changes != RECORD_POLICY:
            return
        notes = {str(m.version) for m in self.new.migrations}
        if version in notes and diff.old_version != version:
            return
        target = version if diff.old_version != version else suggest_version(diff)
        field_name = self.policies.version_field
        what = (
            f"`version` (and the record field `{field_name}`)"
            if field_name
            else "`version`"
        )
        self.violate(
            "MIGRATION_NOTE_MISSING",
            f"{len(changes)} record change(s) ("
            + ", ".join(sorted({c.rule for c in changes}))
            + f") need a version bump and a migration note under `record_changes: "
            f"{RECORD_POLICY}`",
            f"bump {what} to {target} and add `migrations: [{{version: {target}, "
            "note: <how consumers handle mixed versions>}]`",
            self.catalog.source.locate(
                "/migrations" if self.new.migrations else "/version"
            ),
            *[c.subject for c in changes],
        )

    def version(self) -> None:
        """Check that the version moved at least as far as the worst change needs."""
        diff = self.diff
        worst = worst_category(diff.changes)
        diff.required_bump = required_bump(worst, diff.old_version)
        diff.actual_bump = version_bump(diff.old_version, diff.new_version)
        location = self.catalog.source.locate("/version")
        target = next_version(diff.old_version, diff.required_bump)
        if diff.actual_bump == "decrease":
            self.violate(
                "VERSION_DECREASED",
                f"version went down from {diff.old_version} to {diff.new_version}",
                f"set version to {target} or higher",
                location,
            )
        elif BUMP_RANK[diff.actual_bump] < BUMP_RANK[diff.required_bump]:
            worst_rules = sorted({c.rule for c in diff.changes if c.category == worst})
            self.violate(
                "VERSION_NOT_BUMPED",
                f"{worst} changes ({', '.join(worst_rules)}) require a "
                f"{diff.required_bump} version bump, but version moved "
                f"{diff.actual_bump} ({diff.old_version} -> {diff.new_version})",
                f"set version: {target}",
                location,
                *[c.subject for c in diff.changes if c.category == worst],
            )

    def relaxation_alone(self) -> None:
        """Check that a relaxed policy lands in a change of its own."""
        relaxed = [c for c in self.diff.changes if c.rule == "POLICY_RELAXED"]
        others = [c for c in self.diff.changes if c.rule not in POLICY_RULES]
        if not relaxed or not others:
            return
        self.violate(
            "POLICY_RELAXED_WITH_CHANGES",
            f"{'; '.join(c.message for c in relaxed)}, in the same change as "
            f"{len(others)} other change(s); a relaxed policy applies from the next "
            "change, so these are judged by the stricter policy",
            "land the policy relaxation alone in its own reviewed change, then the "
            "changes it allows",
            relaxed[0].location,
            *[c.subject for c in relaxed],
        )


def apply_policies(diff: CatalogDiff, old: Catalog, new: Catalog) -> None:
    """Evaluate the policies (the stricter of old and new) and the version rule."""
    check = _PolicyCheck(diff, old.model, new)
    check.relaxation_alone()
    for change in diff.changes:
        check.removal(change)
        check.addition(change)
        check.tombstone_deleted(change)
    # record changes need the version bump (checked next) and a migration note
    check.record_changes()
    check.version()


def catalog_removal(diff: CatalogDiff, catalog: Catalog) -> None:
    """Forbid removing a whole catalog whose own policy is not `removal: allowed`."""
    removal = catalog.model.policies.removal
    if removal == "allowed":
        return
    [change] = diff.changes
    diff.violations.append(
        Violation(
            "REMOVAL_FORBIDDEN",
            diff.id,
            f"{change.message}, but its policy is `removal: {removal}`",
            "keep the catalog; to retire it, first land `policies.removal: allowed` "
            "in its own reviewed change",
            change.location,
            [change.subject],
        )
    )

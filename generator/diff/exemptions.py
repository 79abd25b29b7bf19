"""Exemptions: violations a reviewer accepts, each with a reason, reported in every format.

An exemption is `RULE[:SUBJECT]` with a reason, from `catgen diff --allow
RULE[:SUBJECT]=REASON` or from a catalog's `exemptions` list (buf's `ignore_only`,
Weaver's policies). RULE is a violation id (`REMOVAL_WITHOUT_TOMBSTONE`) or a change rule
id (`CODE_REMOVED`). A violation is exempted when an exemption names its id (and, with a
subject, one of its changes' subjects or its catalog id), or when every change it names
is covered by an exemption of that change's rule. Exempted violations do not fail the run.
"""

from __future__ import annotations

from ..catalog import Catalog
from .report import Allow, CatalogDiff, Change, Exempted, Violation
from .rules import RULES, VIOLATIONS
from .values import pointer


def parse_allow(text: str) -> Allow:
    """Parse `RULE[:SUBJECT]=REASON`; ValueError says what is wrong."""
    pattern, equals, reason = text.partition("=")
    rule, colon, subject = pattern.strip().partition(":")
    if not equals or not reason.strip():
        raise ValueError(
            f"--allow {text!r} has no reason: write --allow 'RULE[:SUBJECT]=why this is fine'"
        )
    if rule not in RULES and rule not in VIOLATIONS:
        raise ValueError(
            f"--allow {text!r}: unknown rule {rule!r}; use a change rule or violation id "
            "from docs/catalog-format.md"
        )
    if colon and not subject.strip():
        raise ValueError(f"--allow {text!r}: empty subject after ':'")
    return Allow(rule, subject.strip() or None, reason.strip(), "--allow")


def catalog_allows(diff: CatalogDiff, catalog: Catalog) -> list[Allow]:
    """Return a catalog's own exemptions; an unknown rule id is a violation."""
    allows: list[Allow] = []
    for index, exemption in enumerate(catalog.model.exemptions):
        location = catalog.source.locate(pointer("exemptions", index))
        if exemption.rule not in RULES and exemption.rule not in VIOLATIONS:
            diff.violations.append(
                Violation(
                    "EXEMPTION_UNKNOWN_RULE",
                    diff.id,
                    f"exemption names unknown rule `{exemption.rule}`",
                    "use a change rule or violation id from docs/catalog-format.md",
                    location,
                )
            )
            continue
        allows.append(
            Allow(exemption.rule, exemption.subject, exemption.reason, str(location))
        )
    return allows


def _covering(
    violation: Violation, changes: list[Change], allows: list[Allow]
) -> list[Allow]:
    """Return the exemptions that together accept the violation, [] when none do."""
    direct = [
        a
        for a in allows
        if a.rule == violation.rule
        and (
            a.subject is None
            or a.subject == violation.catalog
            or a.subject in violation.subjects
        )
    ]
    if direct or not violation.subjects:
        return direct
    used: list[Allow] = []
    for subject in violation.subjects:
        rules = {c.rule for c in changes if c.subject == subject}
        found = next(
            (
                a
                for a in allows
                for r in rules
                if a.names(r, subject, violation.catalog)
            ),
            None,
        )
        if found is None:
            return []
        if found not in used:
            used.append(found)
    return used


def apply_exemptions(diff: CatalogDiff, allows: list[Allow]) -> None:
    """Move the violations the exemptions accept from `violations` to `exempted`."""
    kept: list[Violation] = []
    for violation in diff.violations:
        covering = (
            _covering(violation, diff.changes, allows)
            if violation.rule != "EXEMPTION_UNKNOWN_RULE"
            else []
        )
        if covering:
            diff.exempted.append(Exempted(violation, covering))
        else:
            kept.append(violation)
    diff.violations = kept

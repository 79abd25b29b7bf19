"""Run `catgen diff`: load both sides, match catalogs by id, classify, apply policies."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import Catalog
from ..config import project_at
from .baseline import baseline_root, load_baseline, load_current
from .classification import catalog_added, catalog_removed, classify
from .exemptions import apply_exemptions, catalog_allows
from .policies import apply_policies, catalog_removal
from .report import Allow, CatalogDiff, DiffReport


def compare(
    old: list[Catalog], new: list[Catalog], label: str, allows: Sequence[Allow] = ()
) -> list[CatalogDiff]:
    """Diff two catalog sets matched by id; policies, then exemptions, applied."""
    old_by_id = {c.model.id: c for c in old}
    new_by_id = {c.model.id: c for c in new}
    results: list[CatalogDiff] = []
    for cid in sorted(set(old_by_id) | set(new_by_id)):
        before, after = old_by_id.get(cid), new_by_id.get(cid)
        if before is None and after is not None:
            results.append(catalog_added(after))
        elif after is None and before is not None:
            diff = catalog_removed(before, label)
            catalog_removal(diff, before)
            apply_exemptions(diff, list(allows))
            results.append(diff)
        elif before is not None and after is not None:
            diff = classify(before, after, label)
            apply_policies(diff, before, after)
            apply_exemptions(diff, catalog_allows(diff, after) + list(allows))
            results.append(diff)
    return results


def run_diff(root: Path, against: str, allows: Sequence[Allow] = ()) -> DiffReport:
    """Load both sides and compare; BaselineError when the baseline cannot be read."""
    current = load_current(root)
    with baseline_root(root, against) as (base, label):
        baseline = load_baseline(base, label, project_at(root))
    return DiffReport(against, label, compare(baseline, current, against, allows))

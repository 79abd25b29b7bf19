"""Classify every change of one catalog against its baseline, section by section.

Both sides are read as the effective model (generator/model.py): a default written out
or left out is the same value, so only what the generator would read differently is a
change. Locations come from the YAML positions of the new (and baseline) catalog.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..errors import Location
from .behaviour import (
    diff_default_fail_modes,
    diff_primary_entries,
    diff_shadowing_aliases,
)
from .bookkeeping import (
    diff_approvals,
    diff_curation,
    diff_exemptions,
    diff_metadata,
    diff_migrations,
    diff_policies,
    diff_simple,
    diff_tombstones,
)
from .codes import diff_codes
from .recorder import Recorder
from .records import diff_artifacts, diff_records, diff_registries, flag_record_impact
from .report import CatalogDiff, Change
from .semantics import diff_aliases, diff_overrides, diff_precedence, diff_status_model
from .vocabulary import diff_attributes, diff_enums, diff_scopes


def classify(old: Catalog, new: Catalog, label: str) -> CatalogDiff:
    """Return the classified changes of `new` against `old` (no policies applied)."""
    rec = Recorder(old, new, label)
    diff_metadata(rec)
    diff_policies(rec)
    diff_enums(rec)
    diff_attributes(rec)
    diff_scopes(rec)
    diff_codes(rec)
    diff_primary_entries(rec)
    diff_overrides(rec)
    diff_aliases(rec)
    diff_shadowing_aliases(rec)
    diff_precedence(rec)
    diff_status_model(rec)
    diff_default_fail_modes(rec)
    diff_records(rec)
    diff_registries(rec)
    diff_artifacts(rec)
    diff_simple(
        rec, "tables", (rec.old.tables, rec.new.tables), "TABLE_CHANGED", "table"
    )
    diff_simple(rec, "notes", (rec.old.notes, rec.new.notes), "NOTE_CHANGED", "note")
    diff_curation(rec)
    diff_tombstones(rec)
    diff_approvals(rec)
    diff_migrations(rec)
    diff_exemptions(rec)
    flag_record_impact(rec)
    rec.result.version_location = new.source.locate("/version")
    return rec.result


def catalog_added(catalog: Catalog) -> CatalogDiff:
    """Return the result for a catalog id the baseline does not have."""
    model = catalog.model
    result = CatalogDiff(model.id, catalog.relpath, None, model.version)
    result.version_location = catalog.source.locate("/version")
    result.changes.append(
        Change(
            "CATALOG_ADDED",
            model.id,
            f"catalog {model.id}",
            f"catalog `{model.id}` ({catalog.relpath}, version {model.version}) added",
            catalog.source.locate("/id"),
        )
    )
    return result


def catalog_removed(catalog: Catalog, label: str) -> CatalogDiff:
    """Return the result for a baseline catalog id that is gone (policies not applied)."""
    model = catalog.model
    result = CatalogDiff(model.id, catalog.relpath, model.version, None)
    result.changes.append(
        Change(
            "CATALOG_REMOVED",
            model.id,
            f"catalog {model.id}",
            f"catalog `{model.id}` ({catalog.relpath}, version {model.version}) removed",
            Location(catalog.relpath),
            f"{label}:{catalog.relpath}:{catalog.source.locate('/id').line}",
        )
    )
    return result

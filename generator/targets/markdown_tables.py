"""Context kind `document-tables`: a catalog's document with its owned tables
regenerated between markers (the path field `document` is the document's path)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..catalog import Catalog
from ..errors import DocumentError, Location, Problem
from ..markdown.markers import begin_marker, find_regions, replace_regions
from ..tables import owned_table_lines
from . import Context, ContextKind, Job

# Documents keep their bytes, mis-encoded ones included: decode losslessly.
DOCUMENT_ENCODING = ("utf-8", "surrogateescape")


def read_document(path: Path, relpath: str) -> str:
    """Read a spec document so that writing it back gives the same bytes."""
    try:
        return path.read_bytes().decode(*DOCUMENT_ENCODING)
    except OSError as exc:
        raise DocumentError(
            Problem(Location(relpath), f"cannot read document: {exc}", "check the path")
        ) from None


def document_context(catalog: Catalog, job: Job) -> list[Context]:
    """Return the catalog's document with its owned tables regenerated in place."""
    model = catalog.model
    if model.document is None:
        return []
    relpath = job.project.document_path(model.document)
    text = read_document(job.project.root / relpath, relpath)
    regions = find_regions(text, relpath)
    tables = {table.id: table for table in model.tables}
    _check_coverage(catalog, relpath, [r.table_id for r in regions], tables)
    bodies = {
        table_id: owned_table_lines(model, table) for table_id, table in tables.items()
    }
    return [{"document": relpath, "text": replace_regions(text, regions, bodies)}]


def _check_coverage(
    catalog: Catalog, relpath: str, marked: list[str], tables: Mapping[str, object]
) -> None:
    problems = [
        Problem(
            catalog.source.locate(f"/tables/{index}"),
            f"table {table_id!r} has no marked region in {relpath}",
            f"put {begin_marker(table_id)} and its end marker around the table, "
            "or run `catgen extract --mark`",
        )
        for index, table_id in enumerate(tables)
        if table_id not in marked
    ]
    problems += [
        Problem(
            Location(relpath),
            f"marked region {table_id!r} is not a table of {catalog.relpath}",
            "remove the markers or add the table to the catalog",
        )
        for table_id in marked
        if table_id not in tables
    ]
    if problems:
        raise DocumentError(problems)


KINDS = (ContextKind("document-tables", per_catalog=document_context),)

"""Context kinds of the importable package: its root (`package`), the shared runtime
(`runtime`) and each catalog's subpackage (`catalog`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..catalog import Catalog
from ..render import header_lines, py_literal
from . import Context, ContextKind, Job

# The runtime is a real module of this package, copied behind the generated header.
RUNTIME_MODULE = Path(__file__).resolve().parent.parent / "runtime.py"
RUNTIME_SOURCE = "generator/runtime.py"


def package_context(catalogs: Sequence[Catalog], job: Job) -> list[Context]:
    """Shape the package root: every catalog's id, title and catalog file."""
    return [
        {
            "header": job.header(job.project.catalog_glob),
            "package": job.project.package,
            "catalogs": [(c.id, c.model.title, c.relpath) for c in catalogs],
            "catalog_ids": py_literal(tuple(c.id for c in catalogs), 0, 28),
        }
    ]


def runtime_context(catalogs: Sequence[Catalog], job: Job) -> list[Context]:
    """Return the runtime module's text: the header, then generator/runtime.py."""
    return [{"text": runtime_text(job.project.catalog_glob)}]


def catalog_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's identity: id, title, version, its file and its model."""
    model = catalog.model
    return [
        {
            "header": job.header(catalog.relpath),
            "id": catalog.id,
            "title": model.title,
            "version": model.version,
            "catalog_path": catalog.relpath,
            "model": model,
        }
    ]


@cache
def runtime_text(sources: str) -> str:
    """Return the runtime module: the header, then generator/runtime.py verbatim."""
    header = header_lines(sources, via=RUNTIME_SOURCE)
    source = RUNTIME_MODULE.read_text(encoding="utf-8")
    return "".join(f"# {line}\n" for line in header) + source


KINDS = (
    ContextKind("package", once=package_context),
    ContextKind("runtime", once=runtime_context),
    ContextKind("catalog", per_catalog=catalog_context),
)

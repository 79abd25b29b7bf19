"""Context kinds of the importable package: its root (`package`), the shared runtime
(`runtime`) and each catalog's subpackage (`catalog`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..catalog import Catalog
from ..render import header_lines, py_literal
from . import Context, ContextKind, Job

# The runtime is a real subpackage of this package, each module copied behind the
# generated header into the output package's `_runtime/`.
RUNTIME_PACKAGE = Path(__file__).resolve().parent.parent / "runtime"
RUNTIME_SOURCE = "generator/runtime"


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
    """Return each runtime module (`module`: its name) and its text: the header, then
    generator/runtime/<module>.py."""
    return [
        {"module": module, "text": runtime_text(job.project.catalog_glob, module)}
        for module in runtime_modules()
    ]


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
def runtime_modules() -> tuple[str, ...]:
    """Return the names of the runtime package's modules, sorted."""
    return tuple(sorted(path.stem for path in RUNTIME_PACKAGE.glob("*.py")))


@cache
def runtime_text(sources: str, module: str) -> str:
    """Return one runtime module: the header, then generator/runtime/<module>.py
    verbatim."""
    header = header_lines(sources, via=f"{RUNTIME_SOURCE}/{module}.py")
    source = (RUNTIME_PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    return "".join(f"# {line}\n" for line in header) + source


KINDS = (
    ContextKind("package", once=package_context),
    ContextKind("runtime", once=runtime_context),
    ContextKind("catalog", per_catalog=catalog_context),
)

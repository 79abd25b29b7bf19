"""Targets as data: a target names a template, a context kind and an output path.

The built-in targets are a table (builtin.py) of the same TargetSpec entries a project
declares in its config; each context kind is a Python builder registered in
CONTEXT_KINDS, which shapes a catalog (or all of them) into what its templates read.
Adding an output = a template + a config entry; adding a context kind = a builder here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from ..catalog import Catalog
from ..config import Project, TargetSpec
from ..errors import CatgenError, GenerationError, Location, Problem
from ..render import header_lines, template_label, template_source

Context = dict[str, Any]


@dataclass(frozen=True)
class Output:
    """One file the generator owns, relative to the project root, fully rendered."""

    path: str
    content: str


@dataclass(frozen=True)
class Job:
    """What a context builder knows of the target it shapes data for."""

    project: Project
    spec: TargetSpec
    label: str  # the template as generated headers name it

    def header(self, source: str) -> list[str]:
        """Return the generated-file header lines for an output of `source`."""
        return header_lines(source, via=self.label)

    def package_dir(self, catalog: Catalog) -> str:
        """Return the root-relative folder of a catalog's generated subpackage."""
        return f"{self.project.output}/{catalog.id}"


CatalogBuilder = Callable[[Catalog, Job], list[Context]]
ProjectBuilder = Callable[[Sequence[Catalog], Job], list[Context]]


@dataclass(frozen=True)
class ContextKind:
    """A named shape of template context, built in Python.

    A catalog kind builds zero or more contexts per catalog (zero: the catalog has
    nothing to render, say no records); a project kind builds them once from all
    catalogs. `finish` post-processes rendered text (None: as rendered)."""

    name: str
    per_catalog: CatalogBuilder | None = None
    once: ProjectBuilder | None = None
    finish: Callable[[str], str] | None = None


def context_kinds() -> dict[str, ContextKind]:
    """Return every context kind by name (the target modules register theirs)."""
    from . import (
        codes,
        json_schemas,
        markdown_reference,
        markdown_tables,
        pydantic_models,
        python_enums,
        python_package,
        python_registry,
        python_validators,
    )

    kinds: list[ContextKind] = [
        *python_package.KINDS,
        *python_enums.KINDS,
        *python_registry.KINDS,
        *python_validators.KINDS,
        *json_schemas.KINDS,
        *pydantic_models.KINDS,
        *markdown_reference.KINDS,
        *markdown_tables.KINDS,
        *codes.KINDS,
    ]
    return {kind.name: kind for kind in kinds}


def project_targets(project: Project) -> list[TargetSpec]:
    """Return the targets a project runs, built-in first, in render order."""
    from .builtin import BUILTIN_TARGETS

    declared = {t.name: t for t in (*BUILTIN_TARGETS, *project.own_targets)}
    if project.targets is None:
        return list(declared.values())
    unknown = [name for name in project.targets if name not in declared]
    if unknown:
        raise _config_problem(
            project,
            f"unknown target(s) {', '.join(map(repr, unknown))} in `targets`",
            f"use the built-in names or declare [target.NAME]: {', '.join(declared)}",
        )
    return [declared[name] for name in project.targets]


def _config_problem(project: Project, message: str, hint: str) -> CatgenError:
    from ..config import ConfigError

    return ConfigError(Problem(Location(project.config_file or "."), message, hint))


def render_outputs(catalogs: Sequence[Catalog], project: Project) -> list[Output]:
    """Render every target of the project for every catalog, in memory, in order."""
    kinds = context_kinds()
    outputs: list[Output] = []
    for spec in project_targets(project):
        kind = kinds.get(spec.context)
        if kind is None:
            raise _config_problem(
                project,
                f"target {spec.name!r}: unknown context kind {spec.context!r}",
                f"use one of {', '.join(sorted(kinds))}",
            )
        outputs += render_target(spec, kind, catalogs, project)
    return outputs


def render_target(
    spec: TargetSpec, kind: ContextKind, catalogs: Sequence[Catalog], project: Project
) -> list[Output]:
    """Render one target: each of its contexts through its template to its path."""
    template = template_source(project.template_folders(), spec.template)
    job = Job(project, spec, template_label(template, project.root))
    outputs = []
    for catalog, context in _contexts(spec, kind, catalogs, job):
        path = _output_path(spec, project, catalog, context)
        text = _render(template, job.label, context)
        if kind.finish is not None:
            text = kind.finish(text)
        outputs.append(Output(path, text))
    return outputs


def _render(template: jinja2.Template, label: str, context: Context) -> str:
    """Render one context; a template's own mistake is a located error, not a crash."""
    try:
        return template.render(**context)
    except (jinja2.TemplateError, TypeError, ValueError, LookupError) as exc:
        raise GenerationError(
            Problem(
                Location(label),
                f"template failed: {exc}",
                "use only the fields its context kind offers (docs/catalog-format.md)",
            )
        ) from None


def _contexts(
    spec: TargetSpec, kind: ContextKind, catalogs: Sequence[Catalog], job: Job
) -> list[tuple[Catalog | None, Context]]:
    """Return (catalog or None, context) for every output of one target."""
    if kind.once is not None:
        return [(None, c) for c in kind.once(catalogs, job)]
    assert kind.per_catalog is not None
    if spec.per == "once":  # one file: every catalog's contexts, in a list
        merged = [c for catalog in catalogs for c in kind.per_catalog(catalog, job)]
        return [
            (None, {"header": job.header(job.project.catalog_glob), "catalogs": merged})
        ]
    return [(c, ctx) for c in catalogs for ctx in kind.per_catalog(c, job)]


def _output_path(
    spec: TargetSpec, project: Project, catalog: Catalog | None, context: Context
) -> str:
    """Fill the target's path pattern; the result must stay inside the project."""
    fields: dict[str, Any] = {k: v for k, v in context.items() if isinstance(v, str)}
    fields.update(
        output=project.output,
        catalogs=project.catalogs,
        documents=project.documents,
        package=project.package,
    )
    if catalog is not None:
        fields["catalog"] = catalog.model
    try:
        path = posixpath.normpath(spec.path.format_map(fields))
    except (KeyError, AttributeError, IndexError, ValueError) as exc:
        raise _config_problem(
            project,
            f"target {spec.name!r}: path {spec.path!r} names {exc}, which the "
            f"{spec.context!r} context does not offer",
            "use {output}, {catalogs}, {documents}, {package}, {catalog.id} or a "
            "field of the context kind (docs/catalog-format.md)",
        ) from None
    if posixpath.isabs(path) or path == ".." or path.startswith("../"):
        raise _config_problem(
            project,
            f"target {spec.name!r}: path {path!r} is outside the project",
            "write outputs under the project root, normally under {output}",
        )
    return path

"""The one-way flow: catalogs -> rendered outputs -> compare with disk -> write or report."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from .cache import catalog_hashes, remember_clean
from .catalog import load_catalogs
from .config import Project, project_at
from .lint import lint_catalog
from .outputs import Plan, apply_plan, plan_outputs, unified_diff
from .targets import Output, render_outputs


@dataclass(frozen=True)
class CheckReport:
    clean: bool
    diff: str
    paths: list[str]
    warnings: list[str]
    plan: Plan  # what differs, for a report that locates each stale file and table


@dataclass(frozen=True)
class Run:
    """One load-and-render of every catalog, compared with the disk."""

    project: Project
    plan: Plan
    outputs: list[Output]
    warnings: list[str]
    catalogs: dict[str, str] | None  # catalog file -> hash, taken before loading

    def remember_clean(self) -> None:
        """Record the now-clean tree in the speed cache of the unchanged check."""
        remember_clean(
            self.project,
            self.catalogs,
            ((output.path, output.content) for output in self.outputs),
            self.warnings,
        )


def plan_all(root: Path | Project) -> Run:
    """Load every catalog, render every target in memory, and compare with the disk.

    Also returns the catalogs' lint warnings, which never fail a command."""
    project = root if isinstance(root, Project) else project_at(root)
    # Hashed before loading: an edit during the run then misses the cache.
    hashes = catalog_hashes(project.root, project.catalogs)
    # A run builds many small objects and frees them together at exit; the cyclic
    # collector's passes over them cost ~20% of a 10,000-code run and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        catalogs = load_catalogs(project.root, project.catalogs, project.documents)
        outputs = render_outputs(catalogs, project)
    finally:
        if collecting:
            gc.enable()
    warnings = [str(w) for catalog in catalogs for w in lint_catalog(catalog)]
    plan = plan_outputs(outputs, project.root, project.output)
    return Run(project, plan, outputs, warnings, hashes)


def generate_all(root: Path | Project) -> tuple[list[str], list[str], list[str]]:
    """Write what changed and remove stale outputs; return (written, removed, warnings)."""
    run = plan_all(root)
    apply_plan(run.plan, run.project.root)
    run.remember_clean()
    return [output.path for output, _ in run.plan.changed], run.plan.stale, run.warnings


def check_all(root: Path | Project) -> CheckReport:
    """Report drift without writing anything (but the speed cache, when clean)."""
    run = plan_all(root)
    plan = run.plan
    if plan.clean:
        run.remember_clean()
    paths = [output.path for output, _ in plan.changed] + plan.stale
    return CheckReport(plan.clean, unified_diff(plan), paths, run.warnings, plan)

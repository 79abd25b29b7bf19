"""The explicit registry of output targets: adding one = a module here + its templates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..ownership import GENERATED_DIR as GENERATED_DIR  # re-exported for the targets


@dataclass(frozen=True)
class Output:
    """One file the generator owns, relative to the project root, fully rendered."""

    path: str
    content: str


@dataclass(frozen=True)
class Target:
    """A named output kind and the function that renders it for all catalogs."""

    name: str
    render: Callable[[Sequence[Catalog], Path], list[Output]]


def all_targets() -> tuple[Target, ...]:
    """Return every target, in the order they render."""
    from . import (
        json_schemas,
        markdown_reference,
        markdown_tables,
        pydantic_models,
        python_enums,
        python_package,
        python_registry,
        python_validators,
    )

    return (
        Target("python-package", python_package.render),
        Target("python-enums", python_enums.render),
        Target("python-registry", python_registry.render),
        Target("python-validators", python_validators.render),
        Target("json-schemas", json_schemas.render),
        Target("pydantic-models", pydantic_models.render),
        Target("markdown-reference", markdown_reference.render),
        Target("markdown-tables", markdown_tables.render),
    )


def render_outputs(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render every target for every catalog, in memory, in target order."""
    return [o for target in all_targets() for o in target.render(catalogs, root)]


def package_dir(catalog: Catalog) -> str:
    """Return the generated package directory of a catalog."""
    return f"{GENERATED_DIR}/{catalog.id}"

"""Target: the importable `generated` package, its shared runtime and per-catalog packages."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..catalog import Catalog
from ..render import header_lines, py_literal, render_template
from . import GENERATED_DIR, Output, package_dir

# The runtime is a real module of this package, copied behind the generated header.
RUNTIME_MODULE = Path(__file__).resolve().parent.parent / "runtime.py"
RUNTIME_SOURCE = "generator/runtime.py"
ROOT_INIT_TEMPLATE = "python/root_init.py.j2"
CATALOG_INIT_TEMPLATE = "python/catalog_init.py.j2"


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render generated/__init__.py, generated/_runtime.py and each package's __init__."""
    sources = "spec/*.catalog.yaml"
    outputs = [
        Output(
            f"{GENERATED_DIR}/__init__.py",
            render_template(
                ROOT_INIT_TEMPLATE,
                header=header_lines(sources, ROOT_INIT_TEMPLATE),
                catalogs=[(c.id, c.model.title, c.relpath) for c in catalogs],
                catalog_ids=py_literal(tuple(c.id for c in catalogs), 0, 28),
            ),
        ),
        Output(
            f"{GENERATED_DIR}/_runtime.py",
            runtime_text(),
        ),
    ]
    for catalog in catalogs:
        outputs.append(
            Output(
                f"{package_dir(catalog)}/__init__.py",
                render_template(
                    CATALOG_INIT_TEMPLATE,
                    header=header_lines(catalog.relpath, CATALOG_INIT_TEMPLATE),
                    title=catalog.model.title,
                    version=catalog.model.version,
                ),
            )
        )
    return outputs


@cache
def runtime_text() -> str:
    """Return generated/_runtime.py: the header, then generator/runtime.py verbatim."""
    header = header_lines("spec/*.catalog.yaml", via=RUNTIME_SOURCE)
    source = RUNTIME_MODULE.read_text(encoding="utf-8")
    return "".join(f"# {line}\n" for line in header) + source

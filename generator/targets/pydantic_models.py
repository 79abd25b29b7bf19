"""Target: generated/<id>/models.py, pydantic v2 models made by datamodel-code-generator
from the very JSON Schemas the json-schemas target writes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import Catalog
from . import Output


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the models module of every catalog that declares records."""
    return []

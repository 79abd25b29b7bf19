"""Target: generated/<id>/enums.py, one StrEnum per declared or derived enum."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import Catalog
from ..render import LINE_LENGTH, header_lines, py_str, render_template
from . import Output, package_dir

TEMPLATE = "python/enums.py.j2"


def member_assignment(member: str, value: str) -> str:
    """Return `MEMBER = "value"` as black lays it out inside a class body."""
    literal = py_str(value)
    if 4 + len(member) + 3 + len(literal) <= LINE_LENGTH:
        return f"{member} = {literal}"
    return f"{member} = (\n        {literal}\n    )"


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the enums module of every catalog."""
    return [
        Output(
            f"{package_dir(catalog)}/enums.py",
            render_template(
                TEMPLATE,
                header=header_lines(catalog.relpath, TEMPLATE),
                title=catalog.model.title,
                enums=catalog.model.enums,
                assignment=member_assignment,
            ),
        )
        for catalog in catalogs
    ]

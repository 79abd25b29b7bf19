"""Context kind `enums`: one StrEnum per declared or derived enum of a catalog."""

from __future__ import annotations

from ..catalog import Catalog
from ..render import LINE_LENGTH, py_str
from . import Context, ContextKind, Job


def member_assignment(member: str, value: str) -> str:
    """Return `MEMBER = "value"` as black lays it out inside a class body."""
    literal = py_str(value)
    if 4 + len(member) + 3 + len(literal) <= LINE_LENGTH:
        return f"{member} = {literal}"
    return f"{member} = (\n        {literal}\n    )"


def enums_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's enums."""
    return [
        {
            "header": job.header(catalog.relpath),
            "title": catalog.model.title,
            "enums": catalog.model.enums,
            "assignment": member_assignment,
        }
    ]


KINDS = (ContextKind("enums", per_catalog=enums_context),)

"""Context kind `enums`: one StrEnum (IntEnum for integer codes) per enum of a catalog."""

from __future__ import annotations

from ..catalog import Catalog
from ..render import LINE_LENGTH, py_str
from . import Context, ContextKind, Job


def member_assignment(member: str, value: str | int) -> str:
    """Return `MEMBER = "value"` (or `= 404`) as black lays it out inside a class body."""
    literal = py_str(value) if isinstance(value, str) else repr(value)
    if 4 + len(member) + 3 + len(literal) <= LINE_LENGTH:
        return f"{member} = {literal}"
    return f"{member} = (\n        {literal}\n    )"


def enums_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's enums."""
    enums = catalog.model.enums
    bases = {
        e.name: "IntEnum" if e.value_type == "integer" else "StrEnum" for e in enums
    }
    return [
        {
            "header": job.header(catalog.relpath),
            "title": catalog.model.title,
            "enums": enums,
            "bases": bases,
            "enum_imports": ", ".join(sorted(set(bases.values()))) or "StrEnum",
            "values": {e.name: dict(zip(e.value_list, e.typed_values)) for e in enums},
            "assignment": member_assignment,
        }
    ]


KINDS = (ContextKind("enums", per_catalog=enums_context),)

"""Enums: the values of enum code attributes, and the enums record fields declared."""

from __future__ import annotations

from typing import Any

from .state import ExtractionState, Json
from .text import pascal, strip_parenthetical


def _used_values(codes: list[Json], attr: str) -> list[Any]:
    """Return the distinct values codes give attr, in first-use order."""
    used: list[Any] = []
    for c in codes:
        v = c.get(attr)
        if v is not None and v not in used:
            used.append(v)
    return used


def _attribute_enum(st: ExtractionState, attr: str) -> Json:
    """Return the enum of one attribute, described by a **bold** list if one covers it."""
    used = _used_values(st.codes.codes, attr)
    best = None
    for heading, _line, values in st.facts.bold_lists:
        labels = [v for v, _ in values]
        if used and set(used) <= set(labels):
            best = (heading, values)
            break
    if best:
        desc = strip_parenthetical(best[0]) + "."
        vals = [
            {"value": v, "description": d} if d else {"value": v} for v, d in best[1]
        ]
    else:
        desc = f"Values of the {st.codes.attr_header.get(attr, attr)} column."
        vals = [{"value": v} for v in used]
    return {"name": pascal(attr), "description": desc, "values": vals}


def build_enums(st: ExtractionState) -> list[Json]:
    """Return the enums of enum attributes (column order), then the record enums."""
    out = [
        _attribute_enum(st, attr)
        for attr in st.codes.attr_order
        if st.codes.attr_kind.get(attr) == "enum"
    ]
    return out + list(st.records.enums.values())

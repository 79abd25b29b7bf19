"""Derived views of a catalog that several targets share (enums, code entries, marks)."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog


@dataclass(frozen=True)
class EnumValue:
    value: str
    member: str
    description: str


@dataclass(frozen=True)
class EnumDef:
    name: str
    description: str
    values: list[EnumValue]
    subsets: dict[str, list[str]]


def member_name(value: str) -> str:
    """Return an UPPER_SNAKE Python identifier for an enum value."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper() or "VALUE"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = f"V_{name}"
    return name


def _unique_members(values: list[tuple[str, str]]) -> list[EnumValue]:
    used: set[str] = set()
    result = []
    for value, description in values:
        member = base = member_name(value)
        suffix = 2
        while member in used:
            member = f"{base}_{suffix}"
            suffix += 1
        used.add(member)
        result.append(EnumValue(value, member, description))
    return result


def enum_definitions(catalog: Catalog) -> list[EnumDef]:
    """Return declared enums, then the derived ReasonCode, RuleReasonCode and StageId."""
    if "enums" not in catalog.memo:
        catalog.memo["enums"] = _enum_definitions(catalog)
    return list(catalog.memo["enums"])


def _enum_definitions(catalog: Catalog) -> list[EnumDef]:
    enums = [
        EnumDef(
            name=enum["name"],
            description=enum.get("description", f"Values of {enum['name']}."),
            values=_unique_members(
                [(v["value"], v.get("description", "")) for v in enum["values"]]
            ),
            subsets={k: list(v) for k, v in (enum.get("subsets") or {}).items()},
        )
        for enum in catalog.section("enums")
    ]
    first_description: dict[str, str] = {}
    for entry in catalog.section("codes"):
        first_description.setdefault(entry["code"], entry.get("description", ""))
    if catalog.outcome_codes():
        enums.append(
            EnumDef(
                "ReasonCode",
                f"Reason codes of {catalog.title_text()}.",
                _unique_members(
                    [(c, first_description[c]) for c in catalog.outcome_codes()]
                ),
                {},
            )
        )
    if catalog.rule_level_codes():
        enums.append(
            EnumDef(
                "RuleReasonCode",
                "Per-rule codes; never a stage outcome reason_code.",
                _unique_members(
                    [(c, first_description[c]) for c in catalog.rule_level_codes()]
                ),
                {},
            )
        )
    if catalog.outcome_scopes():
        enums.append(
            EnumDef(
                "StageId",
                "Stage and substage ids, in canonical order.",
                _unique_members(
                    [(s["id"], s.get("title", "")) for s in catalog.outcome_scopes()]
                ),
                {},
            )
        )
    return enums


def enum_values(catalog: Catalog) -> dict[str, list[str]]:
    """Return enum name -> values, derived enums included."""
    return {e.name: [v.value for v in e.values] for e in enum_definitions(catalog)}


def marked(catalog: Catalog, entry: dict[str, Any], column: str) -> bool:
    """Return True when an override marks `column` of this code entry with `^`."""
    for override in catalog.section("overrides"):
        if entry["code"] not in override["codes"]:
            continue
        if override.get("scope") not in (None, entry.get("scope")):
            continue
        if column in (override.get("marks") or []):
            return True
    return False

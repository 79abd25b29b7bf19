"""Final assembly: settle what the walk left open and lay the catalog out."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from . import records as rec
from .codes import (
    inherit_from_related_scopes,
    report_unscoped,
    settle_code_style,
    settle_integer_attributes,
    settle_names,
    typed_codes,
)
from .enums import build_enums
from .model import Extraction, Finding
from .paragraphs import check_prose_tokens
from .policies import policies, status_model
from .state import ExtractionState, Json
from .table_elements import WEAK_CODE
from .text import pascal, snake

SCOPE_KEYS = [
    "id",
    "kind",
    "parent",
    "title",
    "default_fail_mode",
    "fail_mode_when",
    "optional",
    "min_artifacts",
    "constrained",
    "on_failure",
]


ID_LENGTH_LIMIT = 64


def _title_and_id(st: ExtractionState) -> tuple[str, str]:
    """Return the catalog title (front matter, first #, file name) and the id from it."""
    front_title = st.facts.front.get("title")
    title = front_title if isinstance(front_title, str) else None
    stem = PurePosixPath(st.source.name).stem
    title = title or st.facts.title_h1 or stem
    idm = re.match(r"^([A-Za-z]+)-(\d+)\b", title)
    if idm:
        cid = f"{idm.group(1).lower()}_{idm.group(2)}"
    else:
        cid = snake(stem) or "catalog"
        if not cid[0].isalpha():
            cid = "doc_" + cid
    # The id names the catalog file and the package: the meta-schema's 64 characters.
    return title, cid[:ID_LENGTH_LIMIT].rstrip("_")


def _enums(st: ExtractionState) -> list[Json]:
    """Return the enums, plus RunStatus when no enum has the exit codes' statuses."""
    enums = build_enums(st)
    exit_codes = st.facts.exit_codes
    if exit_codes and not any(
        {v["value"] for v in e["values"]} == set(exit_codes) for e in enums
    ):
        enums.append(
            {
                "name": "RunStatus",
                "description": "Run status derived from stage outcomes.",
                "values": [{"value": v} for v in exit_codes],
            }
        )
    return enums


def _attributes(st: ExtractionState) -> list[Json]:
    """Return the code attributes in column order, each with its type or enum."""
    codes = st.codes.codes
    attrs = []
    for a in st.codes.attr_order:
        d: Json = {"name": a}
        kind = st.codes.attr_kind.get(a, "text")
        if kind == "enum":
            d["enum"] = pascal(a)
        else:
            d["type"] = "integer" if a in st.codes.integer_attrs else kind
        d["required"] = bool(codes) and all(a in c for c in codes)
        d["description"] = st.codes.attr_header.get(
            a, "Section heading the code is listed under" if a == "section" else a
        )
        attrs.append(d)
    return attrs


def _codes(st: ExtractionState, scoped: bool) -> list[Json]:
    """Return the code entries in catalog key order."""
    codes = []
    for c in st.codes.codes:
        d = {"code": c["code"]}
        if "name" in c and "name" not in st.codes.attr_order:  # explicit member name
            d["name"] = c["name"]
        if scoped:
            d["scope"] = c["scope"]
        for a in st.codes.attr_order:
            if a in c:
                d[a] = c[a]
        if "description" in c:
            d["description"] = c["description"]
        d["source"] = c["source"]
        codes.append(d)
    return codes


def _record_table_orders(st: ExtractionState) -> None:
    """Give a code table its row order when it differs from the catalog's code order."""
    # One pass over the codes, not one per table: extract stays linear in the tables.
    by_table: dict[tuple[object, object], list[str]] = {}
    for c in st.codes.codes:
        by_table.setdefault((c["source"], c["scope"]), []).append(c["code"])
    for t in st.tables.tables:
        if t["rows"] != "codes":
            continue
        scope, order = st.tables.table_rows.get(t["id"], (None, []))
        natural = by_table.get((t["id"], scope), [])
        if natural != order:
            t["codes"] = order


def _defined_attributes(st: ExtractionState) -> None:
    """Make an enum of each text attribute whose values a **bold** bullet list
    defines (`- **retry** — try again later`): the list describes the values."""
    defined = [{label for label, _ in values} for _, _, values in st.facts.bold_lists]
    taken = {e["name"] for e in st.records.enums.values()}
    for attr in st.codes.attr_order:
        used = {c[attr] for c in st.codes.codes if attr in c}
        if (
            st.codes.attr_kind.get(attr) == "text"
            and used
            and all(isinstance(v, str) and WEAK_CODE.fullmatch(v) for v in used)
            and any(used <= labels for labels in defined)
            and pascal(attr) not in taken
        ):
            st.codes.attr_kind[attr] = "enum"


def _settle(st: ExtractionState) -> str:
    """Resolve what needs the whole document; return the document's code style."""
    inherit_from_related_scopes(st.codes, st.scopes)
    _defined_attributes(st)
    check_prose_tokens(st)
    rec.link_arrays(st.records.records)
    rec.allow_additional_fields(st.records, st.facts.section_texts)
    if st.scopes:
        report_unscoped(st.codes)
    settle_names(st.codes, st.tables.tables)
    settle_integer_attributes(st.codes)
    return settle_code_style(st.codes)


def _sections(st: ExtractionState) -> Json:
    """Return the catalog sections after the header; empty ones are left out."""
    scoped = bool(st.scopes)
    sections: Json = {
        "policies": policies(st),
        "enums": _enums(st),
        "attributes": _attributes(st),
        "scopes": (
            [{k: s[k] for k in SCOPE_KEYS if k in s} for s in st.scopes.values()]
            if scoped
            else None
        ),
        "codes": _codes(st, scoped),
        "overrides": st.facts.overrides,
        "aliases": st.facts.aliases,
        "status_model": status_model(st, build_enums(st)),
        "records": list(st.records.records.values()),
    }
    _record_table_orders(st)
    sections["tables"] = st.tables.tables
    return {k: v for k, v in sections.items() if v}


def finish(st: ExtractionState) -> Extraction:
    """Assemble the catalog and the sorted findings of a walked document."""
    code_style = _settle(st)
    title, cid = _title_and_id(st)
    cat: Json = {
        "catgen": 1,
        "id": cid,
        "title": title,
        "version": "0.1.0",
        "document": st.source.name,
        "code_style": code_style,
    }
    cat.update(_sections(st))
    typed_codes(cat)

    def key(f: Finding) -> tuple[int, int]:
        return (f.line, f.column)

    return Extraction(
        cat,
        st.tables.spans,
        sorted(st.findings.warnings, key=key),
        sorted(st.findings.errors, key=key),
    )

"""Overrides: a '^ ...:' paragraph (or its bullets) explaining `^` marked table cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markdown.blocks import Block
from . import records as rec
from .codes import SEVERITY_FAIL_MODE
from .state import ExtractionState, Json, inline_text, start_line
from .table_elements import PendingMarks
from .text import BACKTICKED, one_line, parse_scalar, slug

SEV_WORD = re.compile(r"(?<![\w-])(NON-FATAL|FATAL|SKIPPED)(?![\w-])")
KEY_VALUE = re.compile(r"([A-Za-z_][\w.]*)=(\S+)")


@dataclass(frozen=True)
class DerivedOverride:
    """What one override sentence sets, and under which condition (None: unstated)."""

    when: Json | None
    values: Json


def on_override(st: ExtractionState, rest: str, nxt: Block | None, line: int) -> bool:
    """Turn the pending `^` marks into overrides; True when nxt was consumed."""
    pm, st.tables.pending_marks = st.tables.pending_marks, None
    consumed = False
    if (
        rest.strip() == ""
        and nxt is not None
        and nxt.type in ("bullet_list", "ordered_list")
    ):
        cands = [
            (one_line(inline_text(p)), start_line(i))
            for i in nxt.children
            if (p := rec.first_paragraph(i)) is not None
        ]
        block = " ".join(c for c, _ in cands)
        consumed = True
    else:
        cands = [(rest, line)]
        block = rest
    if pm is None:
        st.findings.warn(
            line,
            1,
            "override paragraph without `^` marked cells in the preceding table",
        )
        return consumed
    made = [
        _override_for(st, pm, code, fields, cands, block, line)
        for code, fields in pm.marks.items()
    ]
    for o in made:
        used = {x["id"] for x in st.facts.overrides}
        base, n = o["id"], 2
        while o["id"] in used:
            o["id"] = f"{base}-{n}"
            n += 1
        st.facts.overrides.append(o)
    return consumed


def _override_for(
    st: ExtractionState,
    pm: PendingMarks,
    code: str,
    fields: list[str],
    cands: list[tuple[str, int]],
    block: str,
    line: int,
) -> Json:
    """Return the override of one marked code: derived from a sentence, or text only."""
    scope = pm.scope
    stage = scope.split(".")[0] if scope and scope != "*" else None
    n = st.codes.index.get((scope, code))
    entry = st.codes.codes[n] if n is not None else {}
    for text, ln in cands:
        ov = analyse_override(text, code, fields, entry, stage, pm.marks)
        if ov is not None:
            return _derived_entry(st, scope, code, fields, ov, text, ln)
    st.findings.warn(
        line,
        1,
        f"could not derive the override for `{code}` from its text; "
        "kept as text only",
    )
    o: Json = {
        "id": "-".join(x for x in [slug(scope or ""), slug(code), "override"] if x)
    }
    if scope is not None:
        o["scope"] = scope
    o.update({"codes": [code], "marks": fields, "text": block})
    return o


def _derived_entry(
    st: ExtractionState,
    scope: str | None,
    code: str,
    fields: list[str],
    ov: DerivedOverride,
    text: str,
    ln: int,
) -> Json:
    """Return the catalog entry of a derived override, inventing a key if none is named."""
    first_value = next(iter(ov.values.values()))
    ov_id = "-".join(
        x
        for x in [
            "cross-cutting" if scope == "*" else slug(scope or ""),
            slug(code),
            slug(str(ov.values.get("fail_mode") or first_value)),
        ]
        if x
    )
    entry: Json = {"id": ov_id}
    if scope is not None:
        entry["scope"] = scope
    entry["codes"] = [code]
    if ov.when:
        entry["when"] = ov.when
    else:
        # The ADR names no config key: invent one under the stage's namespace
        # so the override is still data, and say so.
        parts = [scope if scope not in (None, "*") else None, code, "policy"]
        key = ".".join(x for x in parts if x)
        entry["when"] = {"key": key, "equals": first_value}
        st.findings.warn(
            ln,
            1,
            f"override for `{code}` names no explicit config key "
            f"(`key=value`); catgen invented `{key}={first_value}`",
            "rename the key in the catalog to the one your configuration uses",
        )
    entry["set"] = ov.values
    entry["marks"] = fields
    entry["text"] = text
    return entry


def _conditions_and_values(
    toks: list[str], stage: str | None, all_marks: dict[str, list[str]]
) -> tuple[list[Json], list[str]]:
    """Split backticked tokens into `key=value` conditions and plain values."""
    kvs: list[Json] = []
    values: list[str] = []
    for t in toks:
        m = KEY_VALUE.fullmatch(t)
        if m:
            key = m.group(1)
            if "." not in key and stage:
                key = f"{stage}.{key}"
            kvs.append({"key": key, "equals": parse_scalar(m.group(2))})
        elif t not in all_marks:
            values.append(t)
    return kvs, values


def analyse_override(
    text: str,
    code: str,
    fields: list[str],
    entry: Json,
    stage: str | None,
    all_marks: dict[str, list[str]],
) -> DerivedOverride | None:
    """Derive what one sentence overrides for code, or None if it does not say."""
    toks = BACKTICKED.findall(text)
    mentioned = [t for t in toks if t in all_marks]
    if mentioned and code not in mentioned:
        return None
    kvs, values = _conditions_and_values(toks, stage, all_marks)
    new: Json = {}
    if "severity" in fields:
        default = entry.get("severity")
        sev = [s for s in SEV_WORD.findall(text) if s != default]
        if not sev:
            return None
        new["severity"] = sev[0]
        if sev[0] in SEVERITY_FAIL_MODE:
            new["fail_mode"] = SEVERITY_FAIL_MODE[sev[0]]
    others = [f for f in fields if f != "severity"]
    if others:
        if len(values) < len(others):
            return None
        for f, v in zip(others, values[-len(others) :]):
            new[f] = parse_scalar(v) if f == "exit_code" else v
    if not new:
        return None
    when = None
    if kvs:
        mode = "any" if len(kvs) > 1 and re.search(r"\bor\b", text) else "all"
        when = {mode: kvs}
    return DerivedOverride(when, new)

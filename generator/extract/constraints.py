"""Constraint lists: '... constrained to:' followed by a list (or table) of codes."""

from __future__ import annotations

import re
from typing import Any

from ..markdown.blocks import Block
from . import records as rec
from .scopes import ensure_scope
from .state import ExtractionState, inline_text, start_line
from .text import CODE_TOKEN, one_line

CODE_ITEM = re.compile(r"^`([^`]+)`(.*)$")


def on_constraint(
    st: ExtractionState,
    node: Block,
    text: str,
    nxt: Block | None,
    line: int,
) -> bool:
    """Mark the scope constrained and read its codes; True when nxt was consumed."""
    sid = _constrained_scope(st, node, text, line)
    if sid is None:
        return False
    st.scopes[sid]["constrained"] = True
    if nxt is None or nxt.type not in ("bullet_list", "ordered_list", "table"):
        st.findings.warn(
            line, 1, "'constrained to:' is not followed by a list or table of codes"
        )
        return False
    if nxt.type == "table":
        st.tables.on_table(nxt, scope=sid)
        return True
    for item in nxt.children:
        _constraint_item(st, sid, item)
    return True


def _constrained_scope(
    st: ExtractionState, node: Block, text: str, line: int
) -> str | None:
    """Return the scope a constraint list constrains, or report why there is none."""
    m = re.search(r"`reason_code` for `([\w.]+)`", text)
    if not m:
        sid = st.cursor.scope
        if sid is None or sid not in st.scopes:
            st.findings.error(line, 1, "constraint list outside any stage or substage")
            return None
        return sid
    sid = m.group(1)
    if sid not in st.scopes:
        parent = sid.split(".")[0]
        if "." in sid and parent in st.scopes:
            ensure_scope(st, sid, "substage", line, parent=parent)
        else:
            ln, c = st.source.locate(node, sid)
            st.findings.error(
                ln,
                c,
                f"cannot resolve scope `{sid}` of constraint list",
                "the parent stage must be declared by a ### heading first",
            )
            return None
    return sid


def _constraint_item(st: ExtractionState, sid: str, item: Block) -> None:
    """Add the code one '- `code` (description; fail closed)' item names."""
    p = rec.first_paragraph(item)
    itext = one_line(inline_text(p)) if p is not None else ""
    im = CODE_ITEM.match(itext)
    ln = start_line(item)
    col = st.source.col
    if not im or not CODE_TOKEN.match(im.group(1)):
        st.findings.error(
            ln,
            col(ln, "-") + 2 if col(ln, "-") else 1,
            "constraint list item does not start with a backticked code",
            "write '- `code` (description; fail closed)'",
        )
        return
    attrs = parse_constraint_rest(im.group(2))
    st.codes.add_code(sid, im.group(1), attrs, "prose", ln, col(ln, "`"), kind="prose")


def parse_constraint_rest(rest: str) -> dict[str, Any]:
    """Read '(description; fail closed): more' after an item's code."""
    attrs: dict[str, Any] = {}
    rest = rest.strip()
    m = re.match(r"^\(([^()]*)\)\s*(.*)$", rest)
    desc_parts = []
    if m:
        for part in (p.strip() for p in m.group(1).split(";")):
            low = part.lower()
            if low in ("fail closed", "fail-closed", "fail_closed"):
                attrs["severity"] = "FATAL"
            elif low in ("warn-and-skip", "warn and skip", "warn_and_skip"):
                attrs["severity"] = "NON-FATAL"
            elif part:
                desc_parts.append(part)
        rest = m.group(2).strip()
    if rest.startswith(":"):
        rest = rest[1:].strip()
    if rest:
        desc_parts.append(rest)
    if desc_parts:
        attrs["description"] = "; ".join(desc_parts)
    return attrs

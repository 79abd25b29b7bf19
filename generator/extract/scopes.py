"""Headings: the document title and the stage, substage and rule-level scopes."""

from __future__ import annotations

import re

from ..markdown.blocks import Block
from .state import ExtractionState, Json, inline_text, start_line
from .text import BACKTICKED, SCOPE_ID, strip_parenthetical

GENERIC_TITLE = re.compile(r"^(?:[A-Z-]+ )?reason codes$", re.I)


def ensure_scope(
    st: ExtractionState,
    sid: str,
    kind: str,
    line: int,
    parent: str | None = None,
    title: str | None = None,
) -> Json:
    """Return scope sid, declaring it at line if it is new."""
    s = st.scopes.get(sid)
    if s is None:
        s = {"id": sid, "kind": kind}
        if parent:
            s["parent"] = parent
        if title:
            s["title"] = title
        if kind == "stage":
            s["optional"] = False
        s["_line"] = line
        st.scopes[sid] = s
    return s


def on_heading(st: ExtractionState, node: Block) -> None:
    """Move the cursor to a heading; ### and #### headings open scopes."""
    level = int(node.tag[1])
    text = inline_text(node)
    line = start_line(node)
    at = st.cursor
    if level <= 4:
        st.tables.flush_marks()
    at.heading, at.heading_line = text, line
    if level == 1 and st.facts.title_h1 is None:
        st.facts.title_h1 = text
    if level <= 2:
        at.stage = at.scope = None
        return
    ids = BACKTICKED.findall(text)
    dotted = [x for x in ids if SCOPE_ID.match(x) and "." in x]
    plain = [x for x in ids if SCOPE_ID.match(x) and "." not in x]
    title = strip_parenthetical(text)
    scope_title = None if GENERIC_TITLE.match(title) else title
    if level == 3:
        _stage_heading(st, text, line, dotted, plain, scope_title)
    elif level == 4:
        _substage_heading(st, text, line, dotted, scope_title)


def _stage_heading(
    st: ExtractionState,
    text: str,
    line: int,
    dotted: list[str],
    plain: list[str],
    title: str | None,
) -> None:
    """Open the stage (or the cross-cutting scope) a ### heading names."""
    at = st.cursor
    if re.match(r"^cross[- ]cutting\b", text, re.I):
        ensure_scope(st, "*", "cross_cutting", line)
        at.stage = at.scope = "*"
    elif plain and not dotted:
        sid = plain[0]
        ensure_scope(st, sid, "stage", line, title=title)
        at.stage = at.scope = sid
    elif dotted:
        st.findings.error(
            line,
            st.source.col(line, dotted[0]),
            f"cannot resolve scope of heading: `{dotted[0]}` is a substage id in a "
            "stage (###) heading",
            "put substages in #### headings under their stage",
        )
        at.stage = at.scope = None
    else:
        at.stage = at.scope = None


def _substage_heading(
    st: ExtractionState, text: str, line: int, dotted: list[str], title: str | None
) -> None:
    """Open the substage or rule-level scope a #### heading names, or return to the stage."""
    at = st.cursor
    per_rule = "per-rule" in text.lower()
    if at.stage is None or (at.stage == "*" and (dotted or per_rule)):
        if dotted or per_rule:
            st.findings.error(
                line,
                st.source.col(line, dotted[0]) if dotted else 1,
                "cannot resolve scope of heading: no enclosing stage heading",
                "add a '### <Name> stage (`stage_id`)' heading above it",
            )
        at.scope = at.stage
        return
    if dotted:
        sid = dotted[0]
        if sid.split(".")[0] != at.stage:
            st.findings.error(
                line,
                st.source.col(line, sid),
                f"cannot resolve scope of heading: substage `{sid}` is not under "
                f"the current stage `{at.stage}`",
                f"use an id starting with `{at.stage}.`",
            )
            at.scope = None
            return
        ensure_scope(st, sid, "substage", line, parent=at.stage, title=title)
        at.scope = sid
    elif per_rule:
        sid = f"{at.stage}.rules"
        ensure_scope(st, sid, "rule_level", line, parent=at.stage, title=title)
        at.scope = sid
    else:
        at.scope = at.stage

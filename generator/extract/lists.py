"""Lists: bullet vocabularies, labelled value lists, exit codes, status rules, aliases."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..markdown.blocks import Block
from . import records as rec
from .state import ExtractionState, Json, inline_text, start_line
from .text import CODE_TOKEN, one_line

VOCAB_ITEM = re.compile(r"^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?::\s*(.*))?$")
BOLD_ITEM = re.compile(r"^\*\*([^*]+)\*\*:?\s*(.*)$")
# The dash or colon between a defined term and its definition: `**retry** — text`.
DEFINITION_DASH = re.compile(r"^(?:[—–=:]|-{1,2})\s+")
EXIT_CODE_ITEM = re.compile(r"^`(\d+)`:\s*run status `(\w+)`$")
STATUS_RULE_ITEM = re.compile(r"^`(\w+)`:\s*(any|all) enabled stages? ha(?:s|ve) (.*)$")
SEVERITY_ITEM = re.compile(r"^`(\w+)` is (NON-FATAL|FATAL|SKIPPED)\b\s*(.*)$")
ALIAS_ITEM = re.compile(
    r"^`(\w+)` is (?:an? )?(?:[\w.]+ )?legacy alias for (?:an? )?`(\w+)`"
)
EQUIVALENT_ITEM = re.compile(r"^`(\w+)` is equivalent to `(\w+)`")

Walk = Callable[[list[Block]], None]


def _all_match(
    pattern: re.Pattern[str], texts: list[str]
) -> list[re.Match[str]] | None:
    """Return the match of every text, or None if one of them does not match."""
    matches = [pattern.match(t) for t in texts]
    return [m for m in matches if m is not None] if all(matches) else None


def on_list(st: ExtractionState, node: Block, walk: Walk) -> None:
    """Read one list, then walk each item's content (walk is the document walker)."""
    items = node.children
    texts = [
        one_line(inline_text(p)) if (p := rec.first_paragraph(i)) is not None else ""
        for i in items
    ]
    vocab = _all_match(VOCAB_ITEM, texts)
    if node.type == "bullet_list" and len(items) >= 2 and vocab is not None:
        _vocabulary(st, items, vocab)
        return
    bold = _all_match(BOLD_ITEM, texts)
    if len(items) >= 2 and bold is not None:
        values = []
        for m in bold:
            label = m.group(1).strip().rstrip(":").strip()
            label = label.split(" (")[0].strip().strip("`")
            values.append((label, DEFINITION_DASH.sub("", m.group(2)).strip()))
        st.facts.bold_lists.append((st.cursor.heading or "", start_line(node), values))
    exits = _all_match(EXIT_CODE_ITEM, texts)
    if items and exits is not None:
        st.facts.exit_codes = {m.group(2): int(m.group(1)) for m in exits}
        st.facts.status_line = st.facts.status_line or start_line(node)
    rules = _all_match(STATUS_RULE_ITEM, texts)
    if items and rules is not None:
        st.facts.status_rules = [_status_rule(m) for m in rules]
        st.facts.status_line = st.facts.status_line or start_line(node)
    for item, t in zip(items, texts):
        _severity_item(st, t, start_line(item))
        _alias_item(st, t)
        walk(item.children)


def _vocabulary(
    st: ExtractionState, items: list[Block], vocab: list[re.Match[str]]
) -> None:
    """Add the codes of a SCREAMING_SNAKE bullet vocabulary, with their section."""
    section = st.cursor.heading or ""
    for item, m in zip(items, vocab):
        ln = start_line(item)
        attrs = {"section": section}
        if m.group(2):
            attrs["description"] = m.group(2)
        st.codes.add_code(
            st.cursor.scope,
            m.group(1),
            attrs,
            "prose",
            ln,
            st.source.col(ln, m.group(1)),
            kind="vocab",
        )


def _status_rule(m: re.Match[str]) -> Json:
    """Return one run-status rule: status plus any/all of field=value conditions."""
    cond = {k: v for k, v in re.findall(r"`(\w+)=\"(\w+)\"`", m.group(3))}
    return {"status": m.group(1), m.group(2): cond}


def _severity_item(st: ExtractionState, text: str, ln: int) -> None:
    """Add the code of a '`code` is NON-FATAL ...' item unless the scope has it."""
    m = SEVERITY_ITEM.match(text)
    scope = st.cursor.scope
    if (
        m
        and scope is not None
        and CODE_TOKEN.match(m.group(1))
        and (scope, m.group(1)) not in st.codes.index
    ):
        st.codes.add_code(
            scope,
            m.group(1),
            {"severity": m.group(2), "description": text.split(" is ", 1)[1]},
            "prose",
            ln,
            st.source.col(ln, m.group(1)),
            kind="prose",
        )


def _alias_item(st: ExtractionState, text: str) -> None:
    """Record a '`a` is a legacy alias for `b`' or '`a` is equivalent to `b`' item."""
    m = ALIAS_ITEM.match(text) or EQUIVALENT_ITEM.match(text)
    if m:
        a = {"alias": m.group(1), "canonical": m.group(2)}
        if st.cursor.scope is not None:
            a["scope"] = st.cursor.scope
        if a not in st.facts.aliases:
            st.facts.aliases.append(a)

"""Paragraphs: scope defaults, failure sentences, and dispatch of lead-in paragraphs."""

from __future__ import annotations

import re

from ..markdown.blocks import Block
from . import records as rec
from .constraints import on_constraint
from .overrides import on_override
from .policies import read_policy_sentences
from .state import ExtractionState, Json, inline_text, start_line
from .text import BACKTICKED, one_line, parse_scalar

DEFAULT_FAIL_MODE = re.compile(r"^Default `fail_mode`:\s*`(\w+)`(.*)$")
MIN_ARTIFACTS = re.compile(r"^Minimum artifacts when enabled:\s*(.*)$")
OVERRIDE_LEAD = re.compile(r"^\^\s*([^:]+?)\s*:\s*(.*)$")


def on_paragraph(st: ExtractionState, node: Block, nxt: Block | None) -> bool:
    """Read one paragraph; True when it also consumed the next node."""
    raw = inline_text(node)
    text = one_line(raw)
    line = start_line(node)
    st.facts.section_texts.setdefault(st.cursor.heading_line, []).append(text)
    read_policy_sentences(st, node, raw)
    m = DEFAULT_FAIL_MODE.match(text)
    if m:
        _on_default(st, m.group(1), m.group(2), line)
        return False
    m = MIN_ARTIFACTS.match(text)
    if m:
        s = _current_scope(st, line, "minimum artifacts line")
        if s is not None:
            s["min_artifacts"] = BACKTICKED.findall(m.group(1))
        return False
    m = OVERRIDE_LEAD.match(text)
    if m:
        return on_override(st, m.group(2), nxt, line)
    if re.search(r"constrained to:\s*$", text):
        return on_constraint(st, node, text, nxt, line)
    if rec.is_lead(text) and nxt is not None and rec.is_field_list(nxt):
        rec.on_record(st, text, nxt, line)
        return True
    _on_failure_sentence(st, text)
    st.facts.prose.append((raw, line))
    return False


def _current_scope(st: ExtractionState, line: int, what: str) -> Json | None:
    """Return the scope the cursor is in, or warn that a scope line has none."""
    scope = st.cursor.scope
    if scope is None or scope not in st.scopes:
        st.findings.warn(line, 1, f"{what} outside any stage or substage; ignored")
        return None
    return st.scopes[scope]


def _on_default(st: ExtractionState, value: str, rest: str, line: int) -> None:
    """Read 'Default `fail_mode`: `x`' with its optional condition and 'when enabled'."""
    s = _current_scope(st, line, "default fail_mode line")
    if s is None:
        return
    w = re.search(r"when `([\w.]+)=([^`]+)`\s*;\s*otherwise `(\w+)`", rest)
    if w:
        s["fail_mode_when"] = [
            {
                "when": {"key": w.group(1), "equals": parse_scalar(w.group(2))},
                "fail_mode": value,
            }
        ]
        s["default_fail_mode"] = w.group(3)
    else:
        s["default_fail_mode"] = value
    if s["kind"] == "stage" and re.search(r"\bwhen enabled\b", rest):
        s["optional"] = True


def _on_failure_sentence(st: ExtractionState, text: str) -> None:
    """Read the sentences that say what a failing substage does to its stage."""
    m = re.search(r"If this substage fails, the \w+ stage MUST fail closed", text)
    scope = st.cursor.scope
    if m and scope in st.scopes and st.scopes[scope]["kind"] == "substage":
        st.scopes[scope]["on_failure"] = "parent_fail_closed"
        return
    m = re.search(
        r"If `([\w.]+)` is recorded as `status=\"failed\"`, the \w+ stage outcome MUST"
        r" NOT be recorded as `status=\"success\"`",
        text,
    )
    if m and m.group(1) in st.scopes:
        st.scopes[m.group(1)].setdefault("on_failure", "parent_not_success")


def check_prose_tokens(st: ExtractionState) -> None:
    """Warn about `reason_code=x` in prose where x is a code no element defined."""
    lines = st.source.lines
    known = {c["code"] for c in st.codes.codes}
    for raw, line in st.facts.prose:
        for tok in BACKTICKED.findall(raw):
            m = re.fullmatch(r"reason_code\s*=\s*\"?([A-Za-z_]\w*)\"?", tok)
            if m and m.group(1) not in known:
                ln = line
                for k in range(line, min(line + raw.count("\n") + 1, len(lines)) + 1):
                    if tok in lines[k - 1]:
                        ln = k
                        break
                st.findings.warn(
                    ln,
                    st.source.col(ln, tok),
                    f"code-like token `{m.group(1)}` appears in prose but in no table "
                    "or list",
                    "add it to a reason-code table or constraint list",
                )

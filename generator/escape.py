"""Escape catalog strings for each output language: the one place every target uses.

Python: `py_str` (string literals) and `docstring` (docstrings and comments). Markdown:
`md_cell` (table cells, list items), `md_code` (code spans) and `md_line` (text that
starts a line), with `md_unescape`, their inverse as a Markdown reader sees it. JSON:
`json_text`, `json_str`.
YAML is written by yamlload.dump_yaml. docs/catalog-format.md ("Escaping") states what
each escape does; tests/test_escaping_property.py proves every string round-trips.
"""

from __future__ import annotations

import json
import re
from typing import Any

# --- Python -----------------------------------------------------------------------

_PY_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Anything that needs more than plain quoting: backslash, quotes, controls, surrogates.
_NEEDS_ESCAPE = re.compile(r"[\\\"'\x00-\x1f\x7f\ud800-\udfff]")
# What a docstring cannot hold raw once whitespace is collapsed: NUL and the other
# controls (the tokenizer refuses NUL; the rest are invisible), and lone surrogates,
# which no UTF-8 file can hold.
_DOC_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_DOC_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\ud800-\udfff]')


def py_str(value: str) -> str:
    """Return a Python string literal for `value`, quoted the way black quotes it."""
    literal = _PY_STR_CACHE.get(value)
    if literal is None:
        literal = _PY_STR_CACHE[value] = _quoted(value)
    return literal


# Catalog strings repeat (codes, stage ids, severities): quote each distinct one once.
_PY_STR_CACHE: dict[str, str] = {}


def _quoted(value: str) -> str:
    if _NEEDS_ESCAPE.search(value) is None:  # the common case, and the fast one
        return f'"{value}"'
    # black keeps whichever quote needs fewer escapes, double quotes on a tie.
    quote = "'" if value.count("'") < value.count('"') else '"'
    out = []
    for char in value:
        code = ord(char)
        if char in _PY_ESCAPES:
            out.append(_PY_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif code < 32 or code == 127 or 0xD800 <= code <= 0xDFFF:
            out.append(_py_escape(char))
        else:
            out.append(char)
    return quote + "".join(out) + quote


def _py_escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def docstring(value: str) -> str:
    """Return `value` as the body of a black-stable one-line docstring (or comment).

    Whitespace runs (line breaks included) become one space; backslashes, `\"\"\"`,
    controls and a leading or trailing quote (black would pad it) are escaped, so the
    docstring's value is the collapsed text."""
    text = " ".join(value.split())
    if _DOC_SPECIAL.search(text) is None:
        return text
    text = text.replace("\\", "\\\\")
    text = _DOC_CONTROL.sub(lambda match: _py_escape(match.group()), text)
    body = text.strip('"')
    if not body:  # only quotes: every one escaped
        return "\\x22" * len(text)
    lead = len(text) - len(text.lstrip('"'))
    trail = len(text) - len(text.rstrip('"'))
    return "\\x22" * lead + body.replace('"""', '\\"\\"\\"') + "\\x22" * trail


# --- Markdown ---------------------------------------------------------------------

# Line endings (CommonMark's: \r\n, \r, \n) inside a cell are soft line breaks, which
# Markdown renders as a space: they become one.
_MD_LINE_ENDING = re.compile(r"\r\n|[\r\n]")
# Characters other tools split lines at (str.splitlines: \v \f \x1c-\x1e \x85 U+2028
# U+2029), the other controls (NUL included) and lone surrogates become numeric
# character references, which render as the character itself (NUL and surrogates as
# U+FFFD, as CommonMark renders them raw).
_MD_REFERENCED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_MD_SPECIAL = re.compile("[|\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_MD_REFERENCE = re.compile(r"&#x([0-9A-F]{1,4});")
# A line that starts with one of these opens a block (heading, fence, quote, list,
# thematic break, HTML block or comment, link reference definition) instead of
# continuing a paragraph or a table row.
_MD_BLOCK_START = re.compile(
    r"[ \t]*(#{1,6}(?:[ \t]|$)|`{3}|~{3}|>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)"
    r"|(?:[-_*][ \t]*){3,}$|<|\[[^\]]*\]:|[=-]+[ \t]*$)"
)


def md_cell(value: object) -> str:
    """Escape a catalog string (Markdown inline text) for one line of a GFM table or
    list item: pipes are escaped, line endings become spaces, other line separators
    and controls become numeric character references (`&#x2028;`)."""
    text = str(value)
    if _MD_SPECIAL.search(text) is None:  # the common case, and the fast one
        return text
    text = _MD_LINE_ENDING.sub(" ", text.replace("|", "\\|"))
    return _MD_REFERENCED.sub(lambda match: f"&#x{ord(match.group()):X};", text)


def md_line(value: object) -> str:
    """Escape a catalog string for a line of its own (a paragraph): as md_cell, and a
    start that would open a block (`#`, a fence, `>`, a list marker, `<!--`) gets a
    backslash before its first punctuation, so the text stays one paragraph."""
    text = md_cell(value).lstrip(" \t")
    if not starts_block(text):
        return text
    # A backslash escapes punctuation only: an ordered list's `1.` becomes `1\.`.
    digits = len(text) - len(text.lstrip("0123456789"))
    return text[:digits] + "\\" + text[digits:]


def starts_block(line: str) -> bool:
    """Return whether `line`, at the start of a Markdown line, opens a block."""
    return _MD_BLOCK_START.match(line) is not None


def md_code(value: object) -> str:
    """Return a catalog string as a Markdown code span for a cell: fenced by one more
    backtick than its longest backtick run, so a backtick inside cannot end it."""
    text = md_cell(value)
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", text)) + 1)
    return f"{fence} {text} {fence}"


def md_unescape(cell: str) -> str:
    """Return the text a cell read back from Markdown stands for: md_cell's numeric
    character references decoded (the inverse of md_cell up to line endings)."""
    return _MD_REFERENCE.sub(lambda match: chr(int(match.group(1), 16)), cell)


# --- JSON -------------------------------------------------------------------------


def json_text(value: Any) -> str:
    """Serialise JSON deterministically: 2-space indent, keys in insertion order."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def json_str(value: object) -> str:
    """Return a JSON literal of `value` (a valid string literal in TS, Go and JS)."""
    return json.dumps(value, ensure_ascii=False)

"""Code shapes: what a code may look like under each `code_style`, and its member name.

One place decides how a code's value and its enum member name relate, for the model
(generator/model.py), the catalog checks (generator/catalog.py), extract and diff:

- `integer` codes (HTTP statuses) are YAML integers, `404`, and integers in every output;
- every other style's codes are strings (`alphanumeric` covers SQLSTATE `23505`, `40P01`);
- a code's member name is its entry's `name` when one is given, verbatim; otherwise the
  code upper-cased with each run of other characters turned into `_`, prefixed `CODE_`
  when that does not start with a letter (`404` -> `CODE_404`, `40P01` -> `CODE_40P01`,
  `disk_full` -> `DISK_FULL`). Two codes with one member name are a catalog error.
"""

from __future__ import annotations

import enum
import keyword
import re
from collections.abc import Iterable, Mapping
from typing import Any

CODE_PATTERNS = {
    "lower_snake_case": re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"),
    "SCREAMING_SNAKE_CASE": re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"),
    "alphanumeric": re.compile(r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$"),
    "integer": re.compile(r"^(0|[1-9][0-9]*)$"),
}
# Styles whose codes are integers in the catalog and in every output.
INTEGER_STYLES = frozenset({"integer"})
MEMBER_PREFIX = "CODE_"
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Attributes of the generated enum classes a member must not shadow (`value`, `upper`).
_RESERVED = (
    frozenset(dir(enum.StrEnum))
    | frozenset(dir(enum.IntEnum))
    | {"name", "value", "mro"}
)

# (pointer, message, hint) of one problem; catalog.py locates and reports it.
Finding = tuple[str, str, str]


def code_type(code_style: str) -> str:
    """Return the JSON type of a style's codes: `integer` or `string`."""
    return "integer" if code_style in INTEGER_STYLES else "string"


def code_text(value: object) -> str:
    """Return the text of a code as the model keys it (`404` -> `"404"`)."""
    return str(value)


def typed_code(text: str, code_style: str) -> str | int:
    """Return a code as generated outputs write it: an int for integer styles."""
    return int(text) if code_style in INTEGER_STYLES else text


# A capital after a lower-case letter, or the last capital of an acronym before a word
# (HTTPError): where a PascalCase or camelCase code starts a new word. Digits never split
# a word, so SQLSTATE 40P01 stays one.
_WORD_START = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def derived_member(code: str) -> str:
    """Return the member name of a code that has no explicit `name`."""
    words = _WORD_START.sub("_", code)  # BucketNotFound -> Bucket_Not_Found
    name = re.sub(r"[^0-9A-Za-z]+", "_", words).strip("_").upper()
    if not name[:1].isalpha():
        name = MEMBER_PREFIX + name
    return name


def member_of(code: str, name: str | None) -> str:
    """Return a code's member name: its explicit `name`, else the derived one."""
    return name if name is not None else derived_member(code)


def name_problem(name: str) -> str | None:
    """Return why an explicit `name` cannot be a member name, or None when it can."""
    if not NAME_PATTERN.match(name):
        return f"name {name!r} is not a Python identifier starting with a letter"
    if keyword.iskeyword(name):
        return f"name {name!r} is a Python keyword"
    if name in _RESERVED:
        return f"name {name!r} would shadow the enum attribute {name!r}"
    return None


def entry_problem(code: Any, style: str) -> tuple[str, str] | None:
    """Return (message, hint) when a code's YAML value breaks its catalog's style."""
    if style in INTEGER_STYLES:
        if type(code) is not int or code < 0:
            return (
                f"code {code!r} is not a non-negative integer (code_style {style})",
                "write it unquoted, as a whole number such as 404",
            )
        return None
    if type(code) is not str:
        return (
            f"code {code!r} is a YAML {type(code).__name__}, not a string "
            f"(code_style {style})",
            f"quote it as the document writes it ('{code}'), or use code_style integer",
        )
    pattern = CODE_PATTERNS[style]
    if not pattern.match(code):
        return (
            f"code {code!r} breaks the catalog's naming convention {style}",
            f"rename it to match {pattern.pattern}",
        )
    return None


def code_names(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str | None]:
    """Return code -> its explicit name (the first entry's that gives one), in order."""
    names: dict[str, str | None] = {}
    for code, name in pairs:
        if names.get(code) is None:
            names[code] = name
    return names


def code_members(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Return code -> member name for (code, explicit name) pairs, in catalog order."""
    return {code: member_of(code, name) for code, name in code_names(pairs).items()}


def member_findings(entries: Iterable[tuple[int, Mapping[str, Any]]]) -> list[Finding]:
    """Check the member names of indexed code entries: valid, agreed, distinct."""
    findings: list[Finding] = []
    named: dict[str, tuple[str | None, int]] = {}  # code -> (its name, first index)
    for index, entry in entries:
        code, name = code_text(entry["code"]), entry.get("name")
        problem = None if name is None else name_problem(name)
        if problem is not None:
            findings.append(
                (f"/codes/{index}/name", problem, "use a name like NOT_FOUND")
            )
            name = None
        first_name, first = named.get(code, (None, index))
        if name is not None and first_name not in (None, name):
            findings.append(
                (
                    f"/codes/{index}/name",
                    f"code {code!r} is named {name!r} here and {first_name!r} by an "
                    "earlier entry",
                    "give every entry of the code the same name, or name it once",
                )
            )
        named[code] = (name if first_name is None else first_name, first)
    owners: dict[str, str] = {}
    for code, (name, first) in named.items():
        member = member_of(code, name)
        if member in owners:
            findings.append(
                (
                    f"/codes/{first}/code",
                    f"codes {owners[member]!r} and {code!r} both get the enum member "
                    f"name {member!r}",
                    "give one of them an explicit `name:` (a Python identifier)",
                )
            )
        owners.setdefault(member, code)
    return findings

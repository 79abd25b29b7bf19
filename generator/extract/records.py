"""Record schemas from nested field bullet lists ("- `field`" items with sub-bullets)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..markdown.blocks import Block
from .codes import ENUM_ATTRS
from .state import ExtractionState, Json
from .text import one_line, pascal, strip_parenthetical

FIELD_ITEM = re.compile(
    r"^`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`(.*)$", re.S
)
LEAD = re.compile(r"\b(include|includes|declare|declares|fields|tuple)\b", re.I)
SUBJECT = re.compile(
    r"^(?:Each|A|An|Every|The)\s+([A-Za-z][A-Za-z ]*?)\s+(?:must|should|MUST|SHOULD|is|are)\b"
)
FILLER = {
    "required",
    "top",
    "level",
    "fields",
    "field",
    "schema",
    "section",
    "the",
    "of",
    "and",
}
TYPE_WORDS = {
    "string": "string",
    "str": "string",
    "integer": "integer",
    "int": "integer",
    "number": "number",
    "float": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "array": "array",
    "list": "array",
    "map": "map",
    "any": "any",
}
FIELD_KEYS = [
    "name",
    "type",
    "enum",
    "required",
    "nullable",
    "format",
    "pattern",
    "ref",
    "items",
    "values",
    "description",
    "fields",
]


def first_paragraph(item: Block) -> Block | None:
    """Return the first paragraph of a list item, if it has one."""
    for child in item.children:
        if child.type == "paragraph":
            return child
    return None


def item_text(item: Block) -> str:
    """Return the one-line text of a list item's first paragraph."""
    p = first_paragraph(item)
    return one_line(p.children[0].content) if p is not None and p.children else ""


def is_field_list(lst: Block) -> bool:
    """Tell whether every item of a bullet list starts with a backticked field name."""
    if lst.type != "bullet_list" or not lst.children:
        return False
    return all(FIELD_ITEM.match(item_text(i)) for i in lst.children)


def is_lead(text: str) -> bool:
    """Tell whether a paragraph introduces a field list ('... include:')."""
    return text.rstrip().endswith(":") and LEAD.search(text) is not None


def _singular(word: str) -> str:
    """Return a plural word in the singular."""
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def record_name(heading: str | None, lead: str) -> tuple[str, str]:
    """(name from heading, name from lead subject); either may be ''."""
    h = ""
    if heading:
        words = [
            w
            for w in re.findall(
                r"[A-Za-z][A-Za-z0-9]*", re.sub(r"\([^)]*\)", "", heading)
            )
            if w.lower() not in FILLER
        ]
        if words:
            words[-1] = _singular(words[-1])
            h = pascal(" ".join(words))
    m = SUBJECT.match(lead.strip())
    s = pascal(m.group(1)) if m else ""
    return h, s


ENUM_LIST = re.compile(
    r"^[a-z][a-z0-9_]*(?:,\s*[a-z][a-z0-9_]*)*,?\s+or\s+[a-z][a-z0-9_]*$|^[a-z][a-z0-9_]*(?:,\s*[a-z][a-z0-9_]*)+$"
)


def _split_values(text: str) -> list[str]:
    """Split 'a, b, or c' into its values."""
    parts = re.split(r",\s*(?:or\s+)?|\s+or\s+", text.strip().rstrip("."))
    return [p.strip().strip("`") for p in parts if p.strip()]


# (record, field, values) -> name of the enum the field's values become
AddEnum = Callable[[str, str, list[str]], str]


@dataclass
class _FieldDraft:
    """One field item being read: its keys so far, description parts, enum values."""

    keys: Json
    desc: list[str] = field(default_factory=list)
    enum_values: list[str] | None = None
    nested: list[Json] = field(default_factory=list)


def parse_field_item(item: Block, record: str, add_enum: AddEnum) -> list[Json]:
    """Return the field(s) one '- `name` ...' item declares, nested fields included."""
    m = FIELD_ITEM.match(item_text(item))
    if m is None:  # callers pass only items that FIELD_ITEM accepted
        raise ValueError(f"not a field item: {item_text(item)!r}")
    names, required, rest = _field_names(m.group(1), m.group(2))
    draft = _FieldDraft({"type": "string", "required": required})
    rest = _read_parenthetical(draft, rest.strip())
    _read_inline_rest(draft, rest)
    _read_sub_bullets(draft, item, record, add_enum)
    _infer_from_description(draft)
    out = []
    for n in names:
        g = dict(draft.keys, name=n)
        if draft.enum_values:
            g["enum"] = add_enum(record, n, draft.enum_values)
        out.append({k: g[k] for k in FIELD_KEYS if k in g})
    return out


def _field_names(name: str, rest: str) -> tuple[list[str], bool, str]:
    """Read '`a` and `b`' or '`a` or `b`' (or makes both optional); return the rest."""
    m = re.match(r"^\s+(and|or)\s+`([\w.]+)`(.*)$", rest, re.S)
    if not m:
        return [name], True, rest
    return [name, m.group(2)], m.group(1) != "or", m.group(3)


def _read_parenthetical(draft: _FieldDraft, rest: str) -> str:
    """Read '(type, optional): ...' or ': ...' after the name; return the rest."""
    m = re.match(r"^\(([^)]*)\)\s*:?\s*(.*)$", rest, re.S)
    if m:
        for part in (p.strip().lower() for p in m.group(1).split(",")):
            if part in TYPE_WORDS:
                draft.keys["type"] = TYPE_WORDS[part]
            elif part == "optional":
                draft.keys["required"] = False
        return m.group(2).strip()
    if rest.startswith(":"):
        return rest[1:].strip()
    return rest


def _read_inline_rest(draft: _FieldDraft, rest: str) -> None:
    """Read 'optional', 'true or false', 'if available', `a|b` or a description."""
    f = draft.keys
    if re.match(r"^optional\b", rest):
        f["required"] = False
        if rest == "optional":
            rest = ""
    if re.match(r"^true or false\b", rest):
        f["type"] = "boolean"
        rest = rest[len("true or false") :].strip()
    if re.match(r"^if (available|relevant|present)\b", rest):
        f["required"] = False
        rest = ""
    if rest:
        me = re.fullmatch(r"`([^`]+)`", rest)
        if me and "|" in me.group(1):
            draft.enum_values = [v.strip() for v in me.group(1).split("|")]
        else:
            draft.desc.append(rest)


def _read_sub_bullets(
    draft: _FieldDraft, item: Block, record: str, add_enum: AddEnum
) -> None:
    """Read a field item's sub-bullets: flags, enum values, nested fields, text."""
    f = draft.keys
    for child in item.children:
        if child.type != "bullet_list":
            continue
        for sub in child.children:
            s = item_text(sub)
            if s == "optional":
                f["required"] = False
            elif s.startswith("optional "):
                f["required"] = False
                draft.desc.append(s)
            elif re.match(r"^one of:\s*", s):
                draft.enum_values = _split_values(s.split(":", 1)[1])
            elif FIELD_ITEM.match(s):
                draft.nested.extend(parse_field_item(sub, record, add_enum))
            elif s == "true or false":
                f["type"] = "boolean"
            elif ENUM_LIST.match(s):
                draft.enum_values = _split_values(s)
            elif s:
                draft.desc.append(s)


def _infer_from_description(draft: _FieldDraft) -> None:
    """Set type, format, nullability and description from what the text says."""
    f = draft.keys
    description = " ".join(draft.desc)
    low = description.lower()
    if draft.nested:
        f["type"] = "object"
        f["fields"] = draft.nested
    elif re.match(r"^(an? )?(ordered )?list of\b", low):
        f["type"] = "array"
    elif low.startswith("map from"):
        f["type"] = "map"
        f["values"] = {"type": "any"}
    if "iso 8601" in low:
        f["format"] = "date-time"
    if "may be null" in low:
        f["nullable"] = True
    if description:
        f["description"] = description


def merge_fields(target: list[Json], new: list[Json]) -> None:
    """Merge new fields into target; dotted names address nested fields."""
    for f in new:
        path = f["name"].split(".")
        fields = target
        for part in path[:-1]:
            parent = next((x for x in fields if x["name"] == part), None)
            if parent is None:
                parent = {"name": part, "type": "object", "required": True}
                fields.append(parent)
            if parent.get("type") != "object":
                parent["type"] = "object"
            fields = parent.setdefault("fields", [])
        g = dict(f, name=path[-1])
        existing = next((x for x in fields if x["name"] == g["name"]), None)
        if existing is None:
            fields.append({k: g[k] for k in FIELD_KEYS if k in g})
        else:
            for k, v in g.items():
                if k == "fields":
                    merge_fields(existing.setdefault("fields", []), v)
                else:
                    existing[k] = v
            existing_sorted = {k: existing[k] for k in FIELD_KEYS if k in existing}
            existing.clear()
            existing.update(existing_sorted)


def link_arrays(records: dict[str, Json]) -> None:
    """Point 'list of X' array fields at record X when the document declares it."""

    def visit(fields: list[Json]) -> None:
        for f in fields:
            if f.get("type") == "array" and "items" not in f:
                m = re.search(
                    r"list of ([a-z]+(?: [a-z]+)?)", f.get("description", "").lower()
                )
                if m:
                    words = m.group(1).split()
                    for cand in (
                        pascal(" ".join(words[:-1] + [_singular(words[-1])])),
                        pascal(m.group(1)),
                        pascal(_singular(words[-1])),
                    ):
                        if cand in records:
                            f["items"] = {"type": "object", "ref": cand}
                            break
                if "items" in f:
                    keys = {k: f[k] for k in FIELD_KEYS if k in f}
                    f.clear()
                    f.update(keys)
            visit(f.get("fields", []))

    for r in records.values():
        visit(r["fields"])


@dataclass
class RecordBook:
    """Records in document order, the heading line of each, and their fields' enums."""

    records: dict[str, Json] = field(default_factory=dict)
    record_meta: dict[str, int] = field(default_factory=dict)
    enums: dict[str, Json] = field(default_factory=dict)

    def add_enum(self, record: str, field_name: str, values: list[str]) -> str:
        """Return the enum for a field's values, declaring it under a free name."""
        name = pascal(field_name)
        existing = self.enums.get(name)
        reserved = {pascal(a) for a in ENUM_ATTRS}
        if (
            name in reserved
            or existing is not None
            and [v["value"] for v in existing["values"]] != values
        ):
            name = pascal(record) + pascal(field_name)
        if name not in self.enums:
            self.enums[name] = {
                "name": name,
                "description": f"Values of {record}.{field_name}.",
                "values": [{"value": v} for v in values],
            }
        return name


def on_record(st: ExtractionState, lead: str, lst: Block, line: int) -> None:
    """Add or extend the record a lead-in paragraph and its field list declare."""
    book = st.records
    heading = st.cursor.heading
    h, s = record_name(heading, lead)
    items = lst.children
    names = [m.group(1) for i in items if (m := FIELD_ITEM.match(item_text(i)))]
    if all("." in n for n in names) and s in book.records:
        name = s
    else:
        name = h or s
    if not name:
        st.findings.warn(
            line,
            1,
            "field list without a record name; ignored",
            "put the list under a heading naming the record",
        )
        return
    fields = []
    for item in items:
        fields.extend(parse_field_item(item, name, book.add_enum))
    r = book.records.get(name)
    if r is None:
        r = {
            "name": name,
            "description": strip_parenthetical(heading or name),
            "additional_properties": False,
            "fields": [],
        }
        book.records[name] = r
        book.record_meta[name] = st.cursor.heading_line
    merge_fields(r["fields"], fields)


def allow_additional_fields(
    book: RecordBook, section_texts: dict[int, list[str]]
) -> None:
    """Open each record whose section says it allows additional fields."""
    for name, hline in book.record_meta.items():
        if any("additional fields" in t.lower() for t in section_texts.get(hline, [])):
            book.records[name]["additional_properties"] = True

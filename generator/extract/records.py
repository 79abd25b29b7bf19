"""Record schemas from nested field bullet lists ("- `field`" items with sub-bullets)."""

from __future__ import annotations

import re

from .text import one_line, pascal

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


def first_paragraph(item):
    for child in item.children:
        if child.type == "paragraph":
            return child
    return None


def item_text(item) -> str:
    p = first_paragraph(item)
    return one_line(p.children[0].content) if p is not None and p.children else ""


def is_field_list(lst) -> bool:
    if lst.type != "bullet_list" or not lst.children:
        return False
    return all(FIELD_ITEM.match(item_text(i)) for i in lst.children)


def is_lead(text: str) -> bool:
    return text.rstrip().endswith(":") and LEAD.search(text) is not None


def _singular(word: str) -> str:
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
    parts = re.split(r",\s*(?:or\s+)?|\s+or\s+", text.strip().rstrip("."))
    return [p.strip().strip("`") for p in parts if p.strip()]


class FieldParser:
    def __init__(self, add_enum):
        self.add_enum = add_enum  # (record, field, values) -> enum name

    def parse_item(self, item, record: str) -> list[dict]:
        text = item_text(item)
        m = FIELD_ITEM.match(text)
        name, rest = m.group(1), m.group(2)
        names = [name]
        required = True
        m2 = re.match(r"^\s+(and|or)\s+`([\w.]+)`(.*)$", rest, re.S)
        if m2:
            names.append(m2.group(2))
            rest = m2.group(3)
            if m2.group(1) == "or":
                required = False
        f: dict = {"type": "string", "required": required}
        desc: list[str] = []
        enum_values: list[str] | None = None
        rest = rest.strip()
        m3 = re.match(r"^\(([^)]*)\)\s*:?\s*(.*)$", rest, re.S)
        if m3:
            for part in (p.strip().lower() for p in m3.group(1).split(",")):
                if part in TYPE_WORDS:
                    f["type"] = TYPE_WORDS[part]
                elif part == "optional":
                    f["required"] = False
            rest = m3.group(2).strip()
        elif rest.startswith(":"):
            rest = rest[1:].strip()
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
                enum_values = [v.strip() for v in me.group(1).split("|")]
            else:
                desc.append(rest)
        nested: list[dict] = []
        for child in item.children:
            if child.type != "bullet_list":
                continue
            for sub in child.children:
                s = item_text(sub)
                if s == "optional":
                    f["required"] = False
                elif s.startswith("optional "):
                    f["required"] = False
                    desc.append(s)
                elif re.match(r"^one of:\s*", s):
                    enum_values = _split_values(s.split(":", 1)[1])
                elif FIELD_ITEM.match(s):
                    nested.extend(self.parse_item(sub, record))
                elif s == "true or false":
                    f["type"] = "boolean"
                elif ENUM_LIST.match(s):
                    enum_values = _split_values(s)
                elif s:
                    desc.append(s)
        description = " ".join(desc)
        low = description.lower()
        if nested:
            f["type"] = "object"
            f["fields"] = nested
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
        out = []
        for n in names:
            g = dict(f, name=n)
            if enum_values:
                g["enum"] = self.add_enum(record, n, enum_values)
            out.append({k: g[k] for k in FIELD_KEYS if k in g})
        return out


def merge_fields(target: list[dict], new: list[dict]) -> None:
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


def link_arrays(records: dict[str, dict]) -> None:
    def visit(fields):
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

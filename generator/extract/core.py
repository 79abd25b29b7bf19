"""Markdown ADR -> catalog extraction (markdown-it-py token driven)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..markdown.markers import scan_markers
from ..markdown.tables import cell_starts, detect_style, read_table, style_to_catalog
from . import records as rec
from .model import Extraction, Finding, TableSpan
from .tables import HEADER_FIELDS, normalise_header
from .text import (
    BACKTICKED,
    CODE_TOKEN,
    LOWER_SNAKE,
    SCOPE_ID,
    SCREAMING_SNAKE,
    is_backticked,
    one_line,
    parse_scalar,
    pascal,
    slug,
    snake,
    split_lines,
    strip_parenthetical,
    unbacktick,
)

SEVERITY_FAIL_MODE = {"FATAL": "fail_closed", "NON-FATAL": "warn_and_skip"}
SEV_WORD = re.compile(r"(?<![\w-])(NON-FATAL|FATAL|SKIPPED)(?![\w-])")
ENUM_ATTRS = {"severity", "recovery_class"}
ATTR_TYPES = {"exit_code": "integer", "run_status": "string", "section": "string"}
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
GENERIC_TITLE = re.compile(r"^(?:[A-Z-]+ )?reason codes$", re.I)


def _inline(node) -> str:
    return node.children[0].content if node.children else ""


class _Extractor:
    def __init__(self, text: str, source_name: str):
        self.text = text
        self.source_name = source_name
        self.lines = split_lines(text)
        self.warnings: list[Finding] = []
        self.errors: list[Finding] = []
        self.front: dict = {}
        self.scopes: dict[str, dict] = {}
        self.codes: list[dict] = []
        self.meta: list[dict] = []
        self.index: dict[tuple, int] = {}
        self.tables: list[dict] = []
        self.table_rows: dict[str, list] = {}
        self.spans: list[TableSpan] = []
        self.overrides: list[dict] = []
        self.aliases: list[dict] = []
        self.records: dict[str, dict] = {}
        self.record_meta: dict[str, int] = {}
        self.enums: dict[str, dict] = {}
        self.bold_lists: list[tuple[str, int, list]] = []
        self.attr_order: list[str] = []
        self.attr_header: dict[str, str] = {}
        self.prose: list[tuple[str, int]] = []
        self.section_texts: dict[int, list[str]] = {}
        self.exit_codes: dict | None = None
        self.status_rules: list | None = None
        self.title_h1: str | None = None
        self.stage: str | None = None
        self.scope: str | None = None
        self.heading: str | None = None
        self.heading_line = 0
        self.marked_ids: dict[int, str] = {}  # 1-based line -> id of its marked region
        self.pending_marks: dict | None = None
        self.field_parser = rec.FieldParser(self._record_enum)

    # ------------------------------------------------------------------ findings
    def warn(self, line, column, message, hint=""):
        self.warnings.append(Finding(line, column, message, hint))

    def error(self, line, column, message, hint=""):
        self.errors.append(Finding(line, column, message, hint))

    def col(self, line: int, needle: str) -> int:
        if 1 <= line <= len(self.lines):
            i = self.lines[line - 1].find(needle)
            if i >= 0:
                return i + 1
        return 1

    def locate(self, node, needle: str) -> tuple[int, int]:
        start, end = node.map if node.map else (0, 1)
        for ln in range(start + 1, end + 1):
            c = self.lines[ln - 1].find(needle) if ln <= len(self.lines) else -1
            if c >= 0:
                return ln, c + 1
        return start + 1, 1

    # ------------------------------------------------------------------ driver
    def run(self) -> Extraction:
        regions, problems = scan_markers(self.text)
        for line, column, message, hint in problems:
            self.error(line, column, message, hint)
        for region in regions:
            for index in range(region.start, region.end):
                self.marked_ids[index + 1] = region.table_id
        lines = list(self.lines)
        if lines and lines[0].strip() == "---":
            for j in range(1, len(lines)):
                if lines[j].strip() in ("---", "..."):
                    try:
                        data = yaml.safe_load("\n".join(lines[1:j]))
                        if isinstance(data, dict):
                            self.front = data
                    except yaml.YAMLError as exc:
                        self.warn(
                            1,
                            1,
                            f"front matter is not valid YAML: {exc.__class__.__name__}",
                        )
                    for k in range(j + 1):
                        lines[k] = ""
                    break
        md = MarkdownIt("commonmark").enable("table")
        root = SyntaxTreeNode(md.parse("\n".join(lines)))
        self.walk(root.children)
        self.flush_marks()
        return self.finish()

    def walk(self, nodes) -> None:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            t = node.type
            if t == "heading":
                self.on_heading(node)
            elif t == "paragraph":
                if self.on_paragraph(node, nxt):
                    i += 1
            elif t in ("bullet_list", "ordered_list"):
                self.on_list(node)
            elif t == "table":
                self.on_table(node)
            i += 1

    # ------------------------------------------------------------------ scopes
    def ensure_scope(
        self, sid: str, kind: str, line: int, parent=None, title=None
    ) -> dict:
        s = self.scopes.get(sid)
        if s is None:
            s = {"id": sid, "kind": kind}
            if parent:
                s["parent"] = parent
            if title:
                s["title"] = title
            if kind == "stage":
                s["optional"] = False
            s["_line"] = line
            self.scopes[sid] = s
        return s

    def on_heading(self, node) -> None:
        level = int(node.tag[1])
        text = _inline(node)
        line = node.map[0] + 1
        if level <= 4:
            self.flush_marks()
        self.heading, self.heading_line = text, line
        if level == 1 and self.title_h1 is None:
            self.title_h1 = text
        if level <= 2:
            self.stage = self.scope = None
            return
        ids = BACKTICKED.findall(text)
        dotted = [x for x in ids if SCOPE_ID.match(x) and "." in x]
        plain = [x for x in ids if SCOPE_ID.match(x) and "." not in x]
        title = strip_parenthetical(text)
        if GENERIC_TITLE.match(title):
            title = None
        if level == 3:
            if re.match(r"^cross[- ]cutting\b", text, re.I):
                self.ensure_scope("*", "cross_cutting", line)
                self.stage = self.scope = "*"
            elif plain and not dotted:
                sid = plain[0]
                self.ensure_scope(sid, "stage", line, title=title)
                self.stage = self.scope = sid
            elif dotted:
                self.error(
                    line,
                    self.col(line, dotted[0]),
                    f"cannot resolve scope of heading: `{dotted[0]}` is a substage id in a "
                    "stage (###) heading",
                    "put substages in #### headings under their stage",
                )
                self.stage = self.scope = None
            else:
                self.stage = self.scope = None
            return
        if level == 4:
            per_rule = "per-rule" in text.lower()
            if self.stage is None or (self.stage == "*" and (dotted or per_rule)):
                if dotted or per_rule:
                    self.error(
                        line,
                        self.col(line, dotted[0]) if dotted else 1,
                        "cannot resolve scope of heading: no enclosing stage heading",
                        "add a '### <Name> stage (`stage_id`)' heading above it",
                    )
                self.scope = self.stage
                return
            if dotted:
                sid = dotted[0]
                if sid.split(".")[0] != self.stage:
                    self.error(
                        line,
                        self.col(line, sid),
                        f"cannot resolve scope of heading: substage `{sid}` is not under "
                        f"the current stage `{self.stage}`",
                        f"use an id starting with `{self.stage}.`",
                    )
                    self.scope = None
                    return
                self.ensure_scope(sid, "substage", line, parent=self.stage, title=title)
                self.scope = sid
            elif per_rule:
                sid = f"{self.stage}.rules"
                self.ensure_scope(
                    sid, "rule_level", line, parent=self.stage, title=title
                )
                self.scope = sid
            else:
                self.scope = self.stage

    # ------------------------------------------------------------------ paragraphs
    def on_paragraph(self, node, nxt) -> bool:
        raw = _inline(node)
        text = one_line(raw)
        line = node.map[0] + 1
        self.section_texts.setdefault(self.heading_line, []).append(text)
        m = re.match(r"^Default `fail_mode`:\s*`(\w+)`(.*)$", text)
        if m:
            self.on_default(m.group(1), m.group(2), line)
            return False
        m = re.match(r"^Minimum artifacts when enabled:\s*(.*)$", text)
        if m:
            s = self.current_scope(line, "minimum artifacts line")
            if s is not None:
                s["min_artifacts"] = BACKTICKED.findall(m.group(1))
            return False
        m = re.match(r"^\^\s*([^:]+?)\s*:\s*(.*)$", text)
        if m:
            return self.on_override(node, m.group(2), nxt, line)
        if re.search(r"constrained to:\s*$", text):
            return self.on_constraint(node, text, nxt, line)
        if rec.is_lead(text) and nxt is not None and rec.is_field_list(nxt):
            self.on_record(text, nxt, line)
            return True
        self.on_failure_sentence(text, line)
        self.prose.append((raw, line))
        return False

    def current_scope(self, line, what):
        if self.scope is None or self.scope not in self.scopes:
            self.warn(line, 1, f"{what} outside any stage or substage; ignored")
            return None
        return self.scopes[self.scope]

    def on_default(self, value, rest, line):
        s = self.current_scope(line, "default fail_mode line")
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

    def on_failure_sentence(self, text, line):
        m = re.search(r"If this substage fails, the \w+ stage MUST fail closed", text)
        if (
            m
            and self.scope in self.scopes
            and self.scopes[self.scope]["kind"] == "substage"
        ):
            self.scopes[self.scope]["on_failure"] = "parent_fail_closed"
            return
        m = re.search(
            r"If `([\w.]+)` is recorded as `status=\"failed\"`, the \w+ stage outcome MUST"
            r" NOT be recorded as `status=\"success\"`",
            text,
        )
        if m and m.group(1) in self.scopes:
            self.scopes[m.group(1)].setdefault("on_failure", "parent_not_success")

    # ------------------------------------------------------------------ constraint lists
    def on_constraint(self, node, text, nxt, line) -> bool:
        m = re.search(r"`reason_code` for `([\w.]+)`", text)
        if m:
            sid = m.group(1)
            if sid not in self.scopes:
                parent = sid.split(".")[0]
                if "." in sid and parent in self.scopes:
                    self.ensure_scope(sid, "substage", line, parent=parent)
                else:
                    ln, c = self.locate(node, sid)
                    self.error(
                        ln,
                        c,
                        f"cannot resolve scope `{sid}` of constraint list",
                        "the parent stage must be declared by a ### heading first",
                    )
                    return False
        else:
            sid = self.scope
            if sid is None or sid not in self.scopes:
                self.error(line, 1, "constraint list outside any stage or substage")
                return False
        self.scopes[sid]["constrained"] = True
        if nxt is None or nxt.type not in ("bullet_list", "ordered_list", "table"):
            self.warn(
                line, 1, "'constrained to:' is not followed by a list or table of codes"
            )
            return False
        if nxt.type == "table":
            self.on_table(nxt, scope=sid)
            return True
        for item in nxt.children:
            p = rec.first_paragraph(item)
            itext = one_line(_inline(p)) if p is not None else ""
            im = re.match(r"^`([^`]+)`(.*)$", itext)
            ln = item.map[0] + 1
            if not im or not CODE_TOKEN.match(im.group(1)):
                self.error(
                    ln,
                    self.col(ln, "-") + 2 if self.col(ln, "-") else 1,
                    "constraint list item does not start with a backticked code",
                    "write '- `code` (description; fail closed)'",
                )
                continue
            attrs = self.parse_constraint_rest(im.group(2))
            self.add_code(
                sid, im.group(1), attrs, "prose", ln, self.col(ln, "`"), kind="prose"
            )
        return True

    def parse_constraint_rest(self, rest: str) -> dict:
        attrs: dict = {}
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

    # ------------------------------------------------------------------ lists
    def on_list(self, node) -> None:
        items = node.children
        texts = [
            one_line(_inline(p)) if (p := rec.first_paragraph(i)) is not None else ""
            for i in items
        ]
        # SCREAMING_SNAKE bullet vocabulary
        vocab = [
            re.match(r"^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?::\s*(.*))?$", t)
            for t in texts
        ]
        if node.type == "bullet_list" and len(items) >= 2 and all(vocab):
            section = self.heading or ""
            for item, m in zip(items, vocab):
                ln = item.map[0] + 1
                attrs = {"section": section}
                if m.group(2):
                    attrs["description"] = m.group(2)
                self.add_code(
                    self.scope,
                    m.group(1),
                    attrs,
                    "prose",
                    ln,
                    self.col(ln, m.group(1)),
                    kind="vocab",
                )
            return
        bold = [re.match(r"^\*\*([^*]+)\*\*:?\s*(.*)$", t) for t in texts]
        if len(items) >= 2 and all(bold):
            values = []
            for m in bold:
                label = m.group(1).strip().rstrip(":").strip()
                values.append((label.split(" (")[0].strip(), m.group(2).strip()))
            self.bold_lists.append((self.heading or "", node.map[0] + 1, values))
        ex = [re.match(r"^`(\d+)`:\s*run status `(\w+)`$", t) for t in texts]
        if items and all(ex):
            self.exit_codes = {m.group(2): int(m.group(1)) for m in ex}
        st = [
            re.match(r"^`(\w+)`:\s*(any|all) enabled stages? ha(?:s|ve) (.*)$", t)
            for t in texts
        ]
        if items and all(st):
            rules = []
            for m in st:
                cond = {k: v for k, v in re.findall(r"`(\w+)=\"(\w+)\"`", m.group(3))}
                rules.append({"status": m.group(1), m.group(2): cond})
            self.status_rules = rules
        for item, t in zip(items, texts):
            ln = item.map[0] + 1
            m = re.match(r"^`(\w+)` is (NON-FATAL|FATAL|SKIPPED)\b\s*(.*)$", t)
            if (
                m
                and self.scope is not None
                and CODE_TOKEN.match(m.group(1))
                and (self.scope, m.group(1)) not in self.index
            ):
                self.add_code(
                    self.scope,
                    m.group(1),
                    {"severity": m.group(2), "description": t.split(" is ", 1)[1]},
                    "prose",
                    ln,
                    self.col(ln, m.group(1)),
                    kind="prose",
                )
            m = re.match(
                r"^`(\w+)` is (?:an? )?(?:[\w.]+ )?legacy alias for (?:an? )?`(\w+)`", t
            ) or re.match(r"^`(\w+)` is equivalent to `(\w+)`", t)
            if m:
                a = {"alias": m.group(1), "canonical": m.group(2)}
                if self.scope is not None:
                    a["scope"] = self.scope
                if a not in self.aliases:
                    self.aliases.append(a)
            self.walk(item.children)

    # ------------------------------------------------------------------ tables
    def table_id(self, scope) -> str:
        label = strip_parenthetical(self.heading or "")
        label = re.sub(
            r"\breason codes\b|\bsubstage\b|\bstage\b", " ", label, flags=re.I
        )
        label = slug(label)
        base = "cross-cutting" if scope == "*" else slug(scope or "")
        sc = self.scopes.get(scope)
        if sc and sc.get("title") and sc["_line"] == self.heading_line:
            label = ""  # the heading that declares the scope only names it
        if base and label and label not in base:
            tid = f"{base}-{label}"
        else:
            tid = base or label or "table"
        return tid

    def unique_id(self, tid: str) -> str:
        used = {t["id"] for t in self.tables}
        if tid not in used:
            return tid
        n = 2
        while f"{tid}-{n}" in used:
            n += 1
        return f"{tid}-{n}"

    def on_table(self, node, scope="__current__") -> None:
        if scope == "__current__":
            scope = self.scope
        raw = read_table(node, self.lines)
        self.flush_marks()
        tid = self.unique_id(
            self.marked_ids.get(raw.first_line) or self.table_id(scope)
        )
        for ln, found, expected in raw.cell_count_problems:
            kind = "missing" if found < expected else "extra"
            starts = cell_starts(self.lines[ln - 1])
            self.error(
                ln,
                (
                    len(self.lines[ln - 1]) + 1
                    if found < expected
                    else starts[expected] + 1
                ),
                f"table row has {found} cells, header has {expected} ({kind} cell)",
                "every row needs one cell per header column",
            )
        style, canonical = detect_style(raw)
        if not canonical:
            self.warn(
                raw.first_line,
                1,
                "table is neither aligned nor canonical compact; regenerating it will "
                "reformat it",
                "pad every cell to its column's width, or each with one space",
            )
        fields = []
        for h in raw.header:
            f = HEADER_FIELDS.get(normalise_header(h))
            fields.append(f)
        has_code = "code" in fields
        columns = []
        seen_fields = set()
        for i, (h, f) in enumerate(zip(raw.header, fields)):
            if f is None:
                f = snake(h) or f"column_{i + 1}"
                if has_code:
                    self.warn(
                        raw.first_line,
                        self.col(raw.first_line, h) if h else 1,
                        f"unknown table column '{h}' (kept as attribute `{f}`)",
                        "known columns: Reason code, Severity, Description, Meaning, "
                        "Trigger, Action, Run status, Exit code, RECOVERY_CLASS",
                    )
            if f in seen_fields:
                self.error(
                    raw.first_line,
                    self.col(raw.first_line, h) if h else 1,
                    f"duplicate table column for field `{f}`",
                )
                f = f"{f}_{i + 1}"
            seen_fields.add(f)
            fields[i] = f
            cells = [r[i].strip() for r in raw.rows]
            bare = [c[:-1] if c.endswith("^") else c for c in cells]
            col: dict = {"header": h, "field": f}
            nonempty = [c for c in bare if c]
            if nonempty and all(is_backticked(c) for c in nonempty):
                col["format"] = "code"
            elif f == "code" and any(is_backticked(c) for c in nonempty):
                self.warn(
                    raw.first_line, 1, "code column mixes backticked and plain codes"
                )
            if any(c.endswith("^") for c in cells):
                col["marker"] = f
            if i < len(style.align) and style.align[i] is not None:
                col["align"] = style.align[i]
            columns.append(col)
        spec: dict = {"id": tid, **style_to_catalog(style)}
        spec["rows"] = "codes" if has_code else "data"
        spec["columns"] = columns
        self.spans.append(TableSpan(tid, raw.first_line, raw.last_line))
        if not has_code:
            spec["data"] = [list(r) for r in raw.rows]
            self.warn(
                raw.first_line,
                1,
                "table has no code column; owned as a data table",
                "add a 'Reason code' column if it lists codes",
            )
            self.tables.append(spec)
            return
        self.tables.append(spec)
        ci = fields.index("code")
        marks: dict = {}
        order = []
        for row, ln in zip(raw.rows, raw.row_lines):
            cell = row[ci].strip()
            code = unbacktick(cell[:-1] if cell.endswith("^") else cell)
            if not code:
                self.error(ln, 1, "table row has an empty code cell")
                continue
            if not CODE_TOKEN.match(code):
                self.error(
                    ln,
                    self.col(ln, code),
                    f"'{code}' is not a valid code token",
                    "codes are lower_snake_case or SCREAMING_SNAKE_CASE",
                )
                continue
            attrs = {}
            for i, f in enumerate(fields):
                if i == ci or i >= len(row):
                    continue
                v = row[i].strip()
                if v.endswith("^"):
                    v = v[:-1]
                    marks.setdefault(code, []).append(f)
                if columns[i].get("format") == "code":
                    v = unbacktick(v)
                if v == "":
                    continue
                if f == "exit_code" and re.fullmatch(r"-?\d+", v):
                    v = int(v)
                attrs[f] = v
                if f not in ("description",) and f not in self.attr_order:
                    self.attr_order.append(f)
                    self.attr_header[f] = columns[i]["header"]
            if self.add_code(
                scope, code, attrs, tid, ln, self.col(ln, code), kind="table"
            ):
                order.append(code)
            else:
                order.append(code)
        self.table_rows[tid] = (scope, order)
        if marks:
            self.pending_marks = {
                "scope": scope,
                "table": tid,
                "marks": marks,
                "line": raw.first_line,
                "columns": [c["field"] for c in columns],
            }

    def flush_marks(self):
        pm = self.pending_marks
        if pm is not None:
            self.pending_marks = None
            for code in pm["marks"]:
                ln = next(
                    (s.first_line for s in self.spans if s.id == pm["table"]),
                    pm["line"],
                )
                self.warn(
                    ln,
                    1,
                    f"`^` marker on `{code}` has no following override paragraph",
                    "add a '^ Policy-dependent override:' paragraph after the table",
                )

    # ------------------------------------------------------------------ overrides
    def on_override(self, node, rest, nxt, line) -> bool:
        pm, self.pending_marks = self.pending_marks, None
        consumed = False
        if (
            rest.strip() == ""
            and nxt is not None
            and nxt.type in ("bullet_list", "ordered_list")
        ):
            cands = [
                (one_line(_inline(rec.first_paragraph(i))), i.map[0] + 1)
                for i in nxt.children
                if rec.first_paragraph(i) is not None
            ]
            block = " ".join(c for c, _ in cands)
            consumed = True
        else:
            cands = [(rest, line)]
            block = rest
        if pm is None:
            self.warn(
                line,
                1,
                "override paragraph without `^` marked cells in the preceding table",
            )
            return consumed
        scope = pm["scope"]
        stage = scope.split(".")[0] if scope and scope != "*" else None
        made = []
        for code, fields in pm["marks"].items():
            entry = (
                self.codes[self.index[(scope, code)]]
                if (scope, code) in self.index
                else {}
            )
            for text, ln in cands:
                ov = self.analyse_override(
                    text, code, fields, entry, stage, pm["marks"]
                )
                if ov is None:
                    continue
                ov_id = "-".join(
                    x
                    for x in [
                        "cross-cutting" if scope == "*" else slug(scope or ""),
                        slug(code),
                        slug(
                            str(
                                ov["set"].get("fail_mode")
                                or next(iter(ov["set"].values()))
                            )
                        ),
                    ]
                    if x
                )
                entry_ov = {"id": ov_id}
                if scope is not None:
                    entry_ov["scope"] = scope
                entry_ov["codes"] = [code]
                if ov["when"]:
                    entry_ov["when"] = ov["when"]
                else:
                    # The ADR names no config key: invent one under the stage's namespace
                    # so the override is still data, and say so.
                    value = next(iter(ov["set"].values()))
                    key = ".".join(
                        x
                        for x in [
                            scope if scope not in (None, "*") else None,
                            code,
                            "policy",
                        ]
                        if x
                    )
                    entry_ov["when"] = {"key": key, "equals": value}
                    self.warn(
                        ln,
                        1,
                        f"override for `{code}` names no explicit config key "
                        f"(`key=value`); catgen invented `{key}={value}`",
                        "rename the key in the catalog to the one your configuration uses",
                    )
                entry_ov["set"] = ov["set"]
                entry_ov["marks"] = fields
                entry_ov["text"] = text
                made.append(entry_ov)
                break
            else:
                self.warn(
                    line,
                    1,
                    f"could not derive the override for `{code}` from its text; "
                    "kept as text only",
                )
                o = {
                    "id": "-".join(
                        x for x in [slug(scope or ""), slug(code), "override"] if x
                    )
                }
                if scope is not None:
                    o["scope"] = scope
                o.update({"codes": [code], "marks": fields, "text": block})
                made.append(o)
        for o in made:
            used = {x["id"] for x in self.overrides}
            base, n = o["id"], 2
            while o["id"] in used:
                o["id"] = f"{base}-{n}"
                n += 1
            self.overrides.append(o)
        return consumed

    def analyse_override(self, text, code, fields, entry, stage, all_marks):
        toks = BACKTICKED.findall(text)
        mentioned = [t for t in toks if t in all_marks]
        if mentioned and code not in mentioned:
            return None
        kvs = []
        values = []
        for t in toks:
            m = re.fullmatch(r"([A-Za-z_][\w.]*)=(\S+)", t)
            if m:
                key = m.group(1)
                if "." not in key and stage:
                    key = f"{stage}.{key}"
                kvs.append({"key": key, "equals": parse_scalar(m.group(2))})
            elif t not in all_marks:
                values.append(t)
        new: dict = {}
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
        return {"when": when, "set": new}

    # ------------------------------------------------------------------ records
    def _record_enum(self, record, field, values) -> str:
        name = pascal(field)
        existing = self.enums.get(name)
        reserved = {pascal(a) for a in ENUM_ATTRS}
        if (
            name in reserved
            or existing is not None
            and [v["value"] for v in existing["values"]] != values
        ):
            name = pascal(record) + pascal(field)
        if name not in self.enums:
            self.enums[name] = {
                "name": name,
                "description": f"Values of {record}.{field}.",
                "values": [{"value": v} for v in values],
            }
        return name

    def on_record(self, lead, lst, line) -> None:
        h, s = rec.record_name(self.heading, lead)
        items = lst.children
        names = [rec.FIELD_ITEM.match(rec.item_text(i)).group(1) for i in items]
        if all("." in n for n in names) and s in self.records:
            name = s
        else:
            name = h or s
        if not name:
            self.warn(
                line,
                1,
                "field list without a record name; ignored",
                "put the list under a heading naming the record",
            )
            return
        fields = []
        for item in items:
            fields.extend(self.field_parser.parse_item(item, name))
        r = self.records.get(name)
        if r is None:
            r = {
                "name": name,
                "description": strip_parenthetical(self.heading or name),
                "additional_properties": False,
                "fields": [],
            }
            self.records[name] = r
            self.record_meta[name] = self.heading_line
        rec.merge_fields(r["fields"], fields)

    # ------------------------------------------------------------------ codes
    def duplicate_code(
        self, line: int, col: int, code: str, where: str, first: int
    ) -> None:
        self.error(
            line,
            col,
            f"duplicate code `{code}` in {where} (first at line {first})",
            "each code may appear once per scope",
        )

    def add_code(self, scope, code, attrs, source, line, col, kind) -> bool:
        key = (scope, code)
        if key in self.index:
            n = self.index[key]
            entry, meta = self.codes[n], self.meta[n]
            where = f"scope `{scope}`" if scope else "this document"
            if (
                meta["source"] == source
                and kind != "prose"
                or meta["kind"] == kind == "vocab"
            ):
                self.duplicate_code(line, col, code, where, meta["line"])
                return False
            for k, v in attrs.items():
                if k in entry and entry[k] != v and k != "section":
                    self.error(
                        line,
                        col,
                        f"conflicting definition of `{code}` in {where}: "
                        f"{k} is {v!r} here but {entry[k]!r} at line {meta['line']}",
                    )
                    return False
            new = {k: v for k, v in attrs.items() if k not in entry}
            if (
                not new
                or meta["kind"] == "table"
                and kind == "table"
                and "description" in attrs
            ):
                self.duplicate_code(line, col, code, where, meta["line"])
                return False
            entry.update(new)
            if kind == "table" and entry["source"] == "prose":
                entry["source"] = source
            meta["kind"] = kind if kind == "table" else meta["kind"]
            return True
        entry = {"code": code, "scope": scope, **attrs, "source": source}
        self.index[key] = len(self.codes)
        self.codes.append(entry)
        self.meta.append({"line": line, "col": col, "source": source, "kind": kind})
        if "section" in attrs and "section" not in self.attr_order:
            self.attr_order.append("section")
        if "severity" in attrs and "severity" not in self.attr_order:
            self.attr_order.append("severity")
            self.attr_header.setdefault("severity", "Severity")
        return True

    # ------------------------------------------------------------------ finish
    def inherit(self) -> None:
        uses_severity = any("severity" in c for c in self.codes)
        for c, m in zip(self.codes, self.meta):
            if m["kind"] != "prose":
                continue
            scope = c["scope"]
            s = self.scopes.get(scope, {})
            chain = []
            if s.get("parent"):
                chain.append(s["parent"])
            stage = scope.split(".")[0] if scope else None
            chain += [x for x in self.scopes if x != scope and x.split(".")[0] == stage]
            chain.append("*")
            for attr in ("severity", "description"):
                if attr in c or (attr == "severity" and not uses_severity):
                    continue
                for other in chain:
                    n = self.index.get((other, c["code"]))
                    if n is not None and attr in self.codes[n]:
                        c[attr] = self.codes[n][attr]
                        break
                else:
                    if attr == "severity":
                        fm = s.get("default_fail_mode") or self.scopes.get(
                            s.get("parent", ""), {}
                        ).get("default_fail_mode")
                        inv = {v: k for k, v in SEVERITY_FAIL_MODE.items()}
                        if fm in inv:
                            c["severity"] = inv[fm]
                            self.warn(
                                m["line"],
                                m["col"],
                                f"severity of `{c['code']}` in scope `{scope}` inferred "
                                f"from default fail_mode `{fm}`",
                                "state it as '(fail closed)' or '(warn-and-skip)'",
                            )
                        else:
                            self.warn(
                                m["line"],
                                m["col"],
                                f"no severity for `{c['code']}` in scope `{scope}`",
                            )

    def build_enums(self) -> list[dict]:
        out = []
        for attr in self.attr_order:
            if attr not in ENUM_ATTRS:
                continue
            used = []
            for c in self.codes:
                v = c.get(attr)
                if v is not None and v not in used:
                    used.append(v)
            name = pascal(attr)
            best = None
            for heading, _line, values in self.bold_lists:
                labels = [v for v, _ in values]
                if used and set(used) <= set(labels):
                    best = (heading, values)
                    break
            if best:
                desc = strip_parenthetical(best[0]) + "."
                vals = [
                    {"value": v, "description": d} if d else {"value": v}
                    for v, d in best[1]
                ]
            else:
                desc = f"Values of the {self.attr_header.get(attr, attr)} column."
                vals = [{"value": v} for v in used]
            out.append({"name": name, "description": desc, "values": vals})
        return out + list(self.enums.values())

    def check_prose_tokens(self) -> None:
        known = {c["code"] for c in self.codes}
        for raw, line in self.prose:
            for tok in BACKTICKED.findall(raw):
                m = re.fullmatch(r"reason_code\s*=\s*\"?([A-Za-z_]\w*)\"?", tok)
                if m and m.group(1) not in known:
                    ln = line
                    for k in range(
                        line, min(line + raw.count("\n") + 1, len(self.lines)) + 1
                    ):
                        if tok in self.lines[k - 1]:
                            ln = k
                            break
                    self.warn(
                        ln,
                        self.col(ln, tok),
                        f"code-like token `{m.group(1)}` appears in prose but in no table "
                        "or list",
                        "add it to a reason-code table or constraint list",
                    )

    def finish(self) -> Extraction:
        self.inherit()
        self.check_prose_tokens()
        rec.link_arrays(self.records)
        for name, hline in self.record_meta.items():
            if any(
                "additional fields" in t.lower()
                for t in self.section_texts.get(hline, [])
            ):
                self.records[name]["additional_properties"] = True
        scoped = bool(self.scopes)
        if scoped:
            for c, m in zip(self.codes, self.meta):
                if c["scope"] is None:
                    self.error(
                        m["line"],
                        m["col"],
                        f"cannot resolve the scope of code `{c['code']}`",
                        "place it under a stage (###) or substage (####) heading",
                    )
        styles = [
            (
                "SCREAMING_SNAKE_CASE"
                if SCREAMING_SNAKE.match(c["code"])
                else "lower_snake_case" if LOWER_SNAKE.match(c["code"]) else "other"
            )
            for c in self.codes
        ]
        code_style = (
            max(["lower_snake_case", "SCREAMING_SNAKE_CASE"], key=styles.count)
            if styles
            else "lower_snake_case"
        )
        for c, m, st in zip(self.codes, self.meta, styles):
            if st != code_style:
                self.error(
                    m["line"],
                    m["col"],
                    f"code `{c['code']}` does not match the "
                    f"document's code style {code_style}",
                )

        title = (
            self.front.get("title")
            if isinstance(self.front.get("title"), str)
            else None
        )
        title = title or self.title_h1 or PurePosixPath(self.source_name).stem
        idm = re.match(r"^([A-Za-z]+)-(\d+)\b", title)
        if idm:
            cid = f"{idm.group(1).lower()}_{idm.group(2)}"
        else:
            cid = snake(PurePosixPath(self.source_name).stem) or "catalog"
            if not cid[0].isalpha():
                cid = "doc_" + cid
        cat: dict = {
            "catgen": 1,
            "id": cid,
            "title": title,
            "version": "0.1.0",
            "document": self.source_name,
            "code_style": code_style,
        }
        policies = self.policies()
        if policies:
            cat["policies"] = policies
        enums = self.build_enums()
        if self.exit_codes and not any(
            {v["value"] for v in e["values"]} == set(self.exit_codes) for e in enums
        ):
            enums.append(
                {
                    "name": "RunStatus",
                    "description": "Run status derived from " "stage outcomes.",
                    "values": [{"value": v} for v in self.exit_codes],
                }
            )
        if enums:
            cat["enums"] = enums
        attrs = []
        for a in self.attr_order:
            d: dict = {"name": a}
            if a in ENUM_ATTRS:
                d["enum"] = pascal(a)
            else:
                d["type"] = ATTR_TYPES.get(a, "text")
            d["required"] = bool(self.codes) and all(a in c for c in self.codes)
            d["description"] = self.attr_header.get(
                a, "Section heading the code is listed under" if a == "section" else a
            )
            attrs.append(d)
        if attrs:
            cat["attributes"] = attrs
        if scoped:
            scopes = []
            for s in self.scopes.values():
                scopes.append({k: s[k] for k in SCOPE_KEYS if k in s})
            cat["scopes"] = scopes
        codes = []
        for c in self.codes:
            d = {"code": c["code"]}
            if scoped:
                d["scope"] = c["scope"]
            for a in self.attr_order:
                if a in c:
                    d[a] = c[a]
            if "description" in c:
                d["description"] = c["description"]
            d["source"] = c["source"]
            codes.append(d)
        if codes:
            cat["codes"] = codes
        if self.overrides:
            cat["overrides"] = self.overrides
        if self.aliases:
            cat["aliases"] = self.aliases
        sm = self.status_model()
        if sm:
            cat["status_model"] = sm
        if self.records:
            cat["records"] = list(self.records.values())
        for t in self.tables:
            if t["rows"] != "codes":
                continue
            scope, order = self.table_rows.get(t["id"], (None, []))
            natural = [
                c["code"]
                for c in self.codes
                if c["source"] == t["id"] and c["scope"] == scope
            ]
            if natural != order:
                t["codes"] = order
        if self.tables:
            cat["tables"] = self.tables
        key = lambda f: (f.line, f.column)  # noqa: E731
        return Extraction(
            cat,
            self.spans,
            sorted(self.warnings, key=key),
            sorted(self.errors, key=key),
        )

    def policies(self) -> dict | None:
        """Change-control statements the document makes about its own vocabulary."""
        found: dict = {}
        for texts in self.section_texts.values():
            joined = " ".join(texts)
            for t in texts:
                if "stability" not in found and re.search(
                    r"\bMUST be stable across\b", t
                ):
                    found["stability"] = t
                if re.search(r"\bMUST NOT be removed\b", t):
                    found.setdefault("removal", "forbidden")
                if re.search(r"\btombstone", t, re.I):
                    found.setdefault("removal", "tombstone_required")
                if re.search(r"\badditions require (?:explicit )?approval\b", t, re.I):
                    found["additions"] = "approval_required"
            if re.search(r"version bump\b", joined) and re.search(
                r"\bmigration note\b", joined
            ):
                found["record_changes"] = "version_bump_and_migration_note"
        if not found:
            return None
        return ({"stability": found["stability"]} if "stability" in found else {}) | {
            "removal": found.get("removal", "tombstone_required"),
            "additions": found.get("additions", "allowed"),
            "record_changes": found.get("record_changes", "allowed"),
        }

    def status_model(self) -> dict | None:
        if not (self.exit_codes or self.status_rules):
            return None
        sm: dict = {}
        enums = self.build_enums()
        by_values = {
            frozenset(v["value"] for v in e["values"]): e["name"] for e in enums
        }
        names = {}
        outcome = self.records.get("StageOutcome", {}).get("fields", [])
        for field_name, role in (
            ("status", "stage_status"),
            ("fail_mode", "fail_mode"),
        ):
            field = next((f for f in outcome if f["name"] == field_name), None)
            if field is not None and "enum" in field:
                names[role] = field["enum"]
        if self.exit_codes:
            names["run_status"] = by_values.get(frozenset(self.exit_codes), "RunStatus")
        if "Severity" in {e["name"] for e in enums}:
            names["severity"] = "Severity"
        if {"stage_status", "fail_mode", "run_status"} <= set(names):
            sm["enums"] = names
        sev = next((e for e in enums if e["name"] == "Severity"), None)
        if sev:
            mapping = {}
            for v in sev["values"]:
                m = re.search(r"fail_mode=\"?(\w+)\"?", v.get("description", ""))
                if m:
                    mapping[v["value"]] = m.group(1)
            if mapping:
                sm["severity_fail_mode"] = mapping
        blocked = [
            c["code"]
            for c in self.codes
            if c.get("scope") == "*" and c.get("severity") == "SKIPPED"
        ]
        if len(blocked) == 1:
            sm["blocked_code"] = blocked[0]
        if self.status_rules:
            sm["run_status_rules"] = self.status_rules
        if self.exit_codes:
            sm["exit_codes"] = self.exit_codes
        return sm


def extract_document(text: str, *, source_name: str) -> Extraction:
    """Extract a catalog from one Markdown document.

    Never raises on bad Markdown: every problem is a located Finding in ``errors`` or
    ``warnings``.  An unexpected internal failure is reported as an error at 1:1.
    """
    ex = _Extractor(text, source_name)
    try:
        return ex.run()
    except (
        Exception
    ) as exc:  # pragma: no cover - defensive: the contract is "never raises"
        ex.error(
            1,
            1,
            f"internal extractor error: {exc.__class__.__name__}: {exc}",
            "please report this document to the catgen maintainers",
        )
        return Extraction(
            {
                "catgen": 1,
                "id": "catalog",
                "title": "",
                "version": "0.1.0",
                "document": source_name,
                "code_style": "lower_snake_case",
            },
            [],
            ex.warnings,
            ex.errors,
        )

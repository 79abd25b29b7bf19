"""Property: catalogs rendered to Markdown extract back to the same codes."""

from extract_render import render_table, table_cells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catgen_taxonomy.extract import extract_document, mark_document, unmark_document

CODE = st.from_regex(r"[a-z][a-z0-9]{0,5}(_[a-z0-9]{1,5}){1,3}", fullmatch=True)
IDENT = st.from_regex(r"[a-z]{3,9}", fullmatch=True)
SEVERITY = st.sampled_from(["FATAL", "NON-FATAL", "SKIPPED"])
DESCRIPTION = (
    st.text(
        alphabet=st.one_of(
            st.characters(categories=("L", "N")), st.sampled_from(list(" .,;:()-|/"))
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
CODE_HEADER = st.sampled_from(["Reason code", "Code", "reason_code", "error_code"])


@st.composite
def scope_table(draw, scope):
    codes = draw(st.lists(CODE, min_size=1, max_size=4, unique=True))
    rows = [(scope, c, draw(SEVERITY), draw(DESCRIPTION)) for c in codes]
    order = draw(st.permutations(["code", "severity", "description"]))
    return {
        "rows": rows,
        "order": order,
        "aligned": draw(st.booleans()),
        "backticks": draw(st.booleans()),
        "code_header": draw(CODE_HEADER),
    }


@st.composite
def catalogs(draw):
    stage_ids = draw(st.lists(IDENT, min_size=1, max_size=3, unique=True))
    sections = []
    if draw(st.booleans()):
        sections.append(
            ("###", "Cross-cutting (applies to any stage)", draw(scope_table("*")))
        )
    for n, sid in enumerate(stage_ids):
        sections.append(("###", f"Stage {n} (`{sid}`)", draw(scope_table(sid))))
        for sub in draw(st.lists(IDENT, max_size=2, unique=True)):
            sections.append(
                (
                    "####",
                    f"Reason codes (substage: `{sid}.{sub}`)",
                    draw(scope_table(f"{sid}.{sub}")),
                )
            )
    return sections


def esc(text):
    return text.replace("|", "\\|")


def render_doc(sections):
    out = ["# Generated ADR", "", "## Failure taxonomy", ""]
    headers = {"severity": "Severity", "description": "Description"}
    for level, heading, table in sections:
        out += [f"{level} {heading}", ""]
        grid = [
            [
                table["code_header"] if f == "code" else headers[f]
                for f in table["order"]
            ]
        ]
        for _scope, code, sev, desc in table["rows"]:
            value = {
                "code": f"`{code}`" if table["backticks"] else code,
                "severity": sev,
                "description": desc,
            }
            grid.append([value[f] for f in table["order"]])
        grid = [[esc(c) for c in row] for row in grid]
        if table["aligned"]:
            widths = [max(3, *(len(r[i]) for r in grid)) for i in range(3)]
            lines = [
                "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
                for r in grid
            ]
            lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
        else:
            lines = ["| " + " | ".join(r) + " |" for r in grid]
            lines.insert(1, "|---|---|---|")
        out += lines + [""]
    return "\n".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_render_then_extract_gives_the_same_codes(sections, eol, final_newline):
    doc = render_doc(sections)
    if not final_newline:
        doc = doc.rstrip("\n")
    doc = doc.replace("\n", eol)
    ex = extract_document(doc, source_name="generated.md")
    assert ex.errors == []
    assert ex.warnings == []
    expected = [row for _, _, table in sections for row in table["rows"]]
    got = [
        (c["scope"], c["code"], c["severity"], c["description"])
        for c in ex.catalog["codes"]
    ]
    assert got == expected
    assert [s["id"] for s in ex.catalog["scopes"]] == list(
        dict.fromkeys(scope for _, _, t in sections for scope, *_ in t["rows"])
    )
    # every owned table re-renders byte-for-byte from the catalog
    lines = doc.splitlines()
    specs = {t["id"]: t for t in ex.catalog["tables"]}
    assert len(specs) == len(ex.tables) == len(sections)
    for span in ex.tables:
        spec = specs[span.id]
        assert render_table(spec, table_cells(ex.catalog, spec)) == "\n".join(
            lines[span.first_line - 1 : span.last_line]
        )
    # markers round-trip and keep the extraction stable
    marked = mark_document(doc, ex.tables)
    assert unmark_document(marked) == doc
    assert extract_document(marked, source_name="generated.md").catalog == ex.catalog


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# T",
                "### S (`s`)",
                "#### X (substage: `s.x`)",
                "#### per-rule",
                "| Code | Severity |",
                "|---|---|",
                "| `a_b` | FATAL^ |",
                "| `a_b` |",
                "^ Policy-dependent override:",
                "- `a_b` (fail closed)",
                "- `reason_code` for `s.y` MUST be constrained to:",
                "  - `c_d`",
                "Default `fail_mode`: `fail_closed`",
                "- `f`",
                "  - one of: a, b",
                "A record must include:",
                "",
                "- X_Y: z",
                "\r",
                "|",
                "---",
                "text `reason_code=zz_top`",
            ]
        ),
        max_size=30,
    )
)
def test_arbitrary_markdown_never_raises(lines):
    doc = "\n".join(lines)
    ex = extract_document(doc, source_name="fuzz.md")
    assert not any("internal extractor error" in f.message for f in ex.errors)
    assert unmark_document(mark_document(doc, ex.tables)) == doc

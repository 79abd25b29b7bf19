"""Bad Markdown never raises; every problem is a located finding."""

from conftest import FIXTURES, read_doc

from catgen_taxonomy.extract import Finding, extract_document

EXTRA_HINT = (
    "Markdown renderers do not show cells past the header's end: "
    "add a header cell or remove the extra cells"
)
FORMAT_HINT = "pad every cell to its column's width, or each with one space"
NOT_CANONICAL = (
    "table is neither aligned nor canonical compact; regenerating it will "
    "reformat it"
)


def run(name):
    path = FIXTURES / name
    return extract_document(read_doc(path), source_name=name)


def test_bad_tables():
    ex = run("bad_tables.md")
    assert ex.errors == [
        Finding(
            11,
            4,
            "duplicate code `ok_code` in scope `alpha` (first at line 10)",
            "each code may appear once per scope",
        ),
        Finding(
            13,
            4,
            "'Bad-Code' is not a valid code token",
            "codes are lower_snake_case, SCREAMING_SNAKE_CASE, alphanumeric "
            "(SQLSTATE 40P01) or integers (HTTP 404)",
        ),
    ]
    assert ex.warnings == [
        # ragged rows: a short row reads as empty cells, an extra cell as a column
        Finding(
            12,
            31,
            "table row has 4 cells, header has 3; the extra cells are kept as column 4",
            EXTRA_HINT,
        ),
        Finding(
            15,
            17,
            "unknown table column 'Owner' (kept as attribute `owner`)",
            "name its role under [tool.catgen.extract.columns] in the project config "
            "(docs/catalog-format.md)",
        ),
        Finding(19, 1, NOT_CANONICAL, FORMAT_HINT),
    ]
    codes = [(c["code"], c.get("severity")) for c in ex.catalog["codes"]]
    assert codes == [
        ("one_missing", "FATAL"),
        ("ok_code", "FATAL"),
        ("extra_cell", "FATAL"),
        ("owned_code", None),
        ("crooked", "FATAL"),
    ]


def test_bad_scopes():
    ex = run("bad_scopes.md")
    assert ex.errors == [
        Finding(
            5,
            25,
            "cannot resolve scope of heading: no enclosing stage heading",
            "add a '### <Name> stage (`stage_id`)' heading above it",
        ),
        Finding(
            15,
            24,
            "cannot resolve scope of heading: substage `beta.sub` is not under the "
            "current stage `alpha`",
            "use an id starting with `alpha.`",
        ),
        Finding(
            19,
            4,
            "cannot resolve the scope of code `stray_code`",
            "place it under a stage (###) or substage (####) heading",
        ),
        Finding(
            21,
            22,
            "cannot resolve scope `gamma.sub` of constraint list",
            "the parent stage must be declared by a ### heading first",
        ),
        Finding(
            29,
            4,
            "code `SHOUTING_CODE` does not match the document's code style "
            "lower_snake_case",
        ),
    ]
    assert ex.warnings == [
        Finding(
            9,
            7,
            "code-like token `ghost_code` appears in prose but in no table or list",
            "add it to a reason-code table or constraint list",
        ),
        Finding(
            11,
            1,
            "`^` marker on `alpha_failed` has no following override paragraph",
            "add a '^ Policy-dependent override:' paragraph after the table",
        ),
    ]


def test_misc_findings():
    doc = "\n".join(
        [
            "# Misc",
            "",
            "### Alpha stage (`alpha`)",
            "",
            "- `reason_code` for this substage MUST be constrained to:",
            "",
            "  - plain words, not a code",
            "",
            "^ Policy-dependent override: nothing is marked above",
            "",
            "- DUP_ONE",
            "- DUP_ONE",
            "",
            "Default `fail_mode`: `fail_closed`",
            "",
        ]
    )
    ex = extract_document(doc, source_name="misc.md")
    assert ex.errors == [
        Finding(
            7,
            5,
            "constraint list item does not start with a backticked code",
            "write '- `code` (description; fail closed)'",
        ),
        Finding(
            12,
            3,
            "duplicate code `DUP_ONE` in scope `alpha` (first at line 11)",
            "each code may appear once per scope",
        ),
    ]
    assert ex.warnings == [
        Finding(
            9, 1, "override paragraph without `^` marked cells in the preceding table"
        )
    ]
    assert ex.catalog["scopes"][0] == {
        "id": "alpha",
        "kind": "stage",
        "title": "Alpha stage",
        "default_fail_mode": "fail_closed",
        "optional": False,
        "constrained": True,
    }


def test_garbage_never_raises():
    for doc in [
        "",
        "|",
        "| a |\n|---|\n|",
        "#### (substage: `x.y`)\n| Code |\n|--|\n| `a` |",
        "---\ntitle: [unclosed\n---\n# T\n",
        "\x00\ufeff| Code | Meaning |\n|-|-|\n" "| `x` | y |",
        "- `reason_code` for `` MUST be constrained to:\n- ``",
    ]:
        ex = extract_document(doc, source_name="g.md")
        assert isinstance(ex.catalog, dict)
        assert not any("internal extractor error" in f.message for f in ex.errors)

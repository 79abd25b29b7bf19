"""GFM tables as the extractor reads them: columns, rows, ids, spans and `^` marks."""

from catgen_taxonomy.extract import Finding, TableSpan, extract_document

NOT_CANONICAL = (
    "table is neither aligned nor canonical compact; regenerating it will "
    "reformat it"
)
KNOWN = (
    "name its role under [tool.catgen.extract.columns] in the project config "
    "(docs/catalog-format.md)"
)

CODE_TABLES = """# T

### Build stage (`build`)

| Reason code | Severity | Exit code | Action^ | Nr |
|---|---|---|---|---|
| `a_b`^ | FATAL^ | 3 | retry^ | x |
| bad code | NON-FATAL | 4 | skip | y |
|  | FATAL | 2 | x | |
| `c_d` | FATAL | -2 | x^ | z |

#### Per-rule (`build.rules`)

| Code | Code | Meaning | Weird Column! | |
|:--|:-:|--:|---|---|
| X_Y | `P_Q` | m | w | v |
| X_Y | `P_Q`^ | m2 | w2 | v2 |
| Z_Z | `R`  | | extra | cell | more |
| W_W |

^ Policy-dependent override: severity is NON-FATAL when retries=3.
"""

DATA_TABLES = """# Data

| a | b |
| - | - |
| 1 | 2 |

<!-- catgen:begin table=my-data -->
| a | b |
|---|---|
| 1 | 2^ |
<!-- catgen:end table=my-data -->

### Cross-cutting reason codes

| Reason code | Description |
| --- | --- |
| `x_one` | first |

| Reason code | Description |
| --- | --- |
| `x_two` | second |
"""


def test_code_table_rows_columns_and_marks():
    ex = extract_document(CODE_TABLES, source_name="t.md")
    extra_hint = (
        "Markdown renderers do not show cells past the header's end: "
        "add a header cell or remove the extra cells"
    )
    token_hint = (
        "codes are lower_snake_case, SCREAMING_SNAKE_CASE, alphanumeric "
        "(SQLSTATE 40P01) or integers (HTTP 404)"
    )
    assert [(f.line, f.column, f.message, f.hint) for f in ex.errors[1:3]] == [
        (8, 3, "'bad code' is not a valid code token", token_hint),
        (9, 1, "table row has an empty code cell", ""),
    ]
    assert ex.errors[4:] == [
        Finding(14, 3, "duplicate table column for field `code`"),
        Finding(
            17,
            3,
            "duplicate code `X_Y` in scope `build.rules` (first at line 16)",
            "each code may appear once per scope",
        ),
    ]
    assert [(f.line, f.column, f.message) for f in ex.warnings] == [
        (5, 1, NOT_CANONICAL),
        (
            5,
            1,
            "code column mixes backticked and plain codes; regenerating the table "
            "writes them all plain",
        ),
        (5, 1, "`^` marker on `a_b` has no following override paragraph"),
        (5, 1, "`^` marker on `c_d` has no following override paragraph"),
        (5, 50, "unknown table column 'Nr' (kept as attribute `nr`)"),
        (14, 1, NOT_CANONICAL),
        (14, 1, "unknown table column '' (kept as attribute `column_5`)"),
        (
            14,
            27,
            "unknown table column 'Weird Column!' (kept as attribute `weird_column`)",
        ),
        (
            18,
            32,
            "table row has 6 cells, header has 5; the extra cells are kept as column 6",
        ),
        (
            21,
            1,
            "could not derive the override for `X_Y` from its text; kept as text only",
        ),
    ]
    assert ex.warnings[4].hint == KNOWN
    assert ex.warnings[8].hint == extra_hint
    codes = ex.catalog["codes"]
    assert codes[0] == {
        "code": "a_b",
        "scope": "build",
        "severity": "FATAL",
        "exit_code": 3,
        "action": "retry",
        "nr": "x",
        "source": "build",
    }
    assert codes[1]["exit_code"] == -2
    assert codes[3] == {
        "code": "Z_Z",
        "scope": "build.rules",
        "code_2": "R",
        "weird_column": "extra",
        "column_5": "cell",
        "column_6": "more",
        "source": "build-rules",
    }
    build, rules = ex.catalog["tables"]
    assert build["columns"] == [
        {"header": "Reason code", "field": "code", "marker": "code"},
        {"header": "Severity", "field": "severity", "marker": "severity"},
        {"header": "Exit code", "field": "exit_code"},
        {"header": "Action^", "field": "action", "marker": "action"},
        {"header": "Nr", "field": "nr"},
    ]
    assert rules["columns"][:3] == [
        {"header": "Code", "field": "code", "align": "left"},
        {
            "header": "Code",
            "field": "code_2",
            "format": "code",
            "marker": "code_2",
            "align": "center",
        },
        {"header": "Meaning", "field": "meaning", "align": "right"},
    ]
    assert rules["codes"] == ["X_Y", "X_Y", "Z_Z", "W_W"]
    assert ex.catalog["overrides"] == [
        {
            "id": "build-rules-x-y-override",
            "scope": "build.rules",
            "codes": ["X_Y"],
            "marks": ["code_2"],
            "text": "severity is NON-FATAL when retries=3.",
        }
    ]
    assert ex.tables == [TableSpan("build", 5, 10), TableSpan("build-rules", 14, 19)]


def test_data_tables_and_table_ids():
    ex = extract_document(DATA_TABLES, source_name="d.md")
    assert ex.errors == []
    assert [(f.line, f.message) for f in ex.warnings] == [
        (3, "table has no code column; owned as a data table"),
        (8, "table has no code column; owned as a data table"),
    ]
    assert ex.tables == [
        TableSpan("data", 3, 5),
        TableSpan("my-data", 8, 10),
        TableSpan("cross-cutting", 15, 17),
        TableSpan("cross-cutting-2", 19, 21),
    ]
    data, marked = ex.catalog["tables"][:2]
    assert data == {
        "id": "data",
        "style": "aligned",
        "rows": "data",
        "columns": [{"header": "a", "field": "a"}, {"header": "b", "field": "b"}],
        "data": [["1", "2"]],
    }
    assert marked["columns"][1] == {"header": "b", "field": "b", "marker": "b"}
    assert marked["data"] == [["1", "2^"]]
    assert [c["source"] for c in ex.catalog["codes"]] == [
        "cross-cutting",
        "cross-cutting-2",
    ]

"""Column roles from the vocabulary (and the project's additions), yes/no columns,
situation tables, partial status models and change-control sentences."""

from __future__ import annotations

from pathlib import Path

from catgen_taxonomy.extract import Finding, extract_document
from catgen_taxonomy.extract.vocabulary import (
    COLUMNS,
    boolean_words,
    content_kind,
    normalise_header,
    vocabulary,
)
from tests.helpers import make_files, run_cli

CONFIG_HINT = (
    "name its role under [tool.catgen.extract.columns] in the project config "
    "(docs/catalog-format.md)"
)


def catalog(text: str, **kwargs: object) -> dict[str, object]:
    ex = extract_document(text, source_name="t.md", **kwargs)  # type: ignore[arg-type]
    assert ex.errors == []
    return ex.catalog


def test_the_strongest_code_column_carries_the_codes() -> None:
    cat = catalog(
        "# T\n\n| Name | Code | Status |\n|---|---|---|\n| Disk | `disk_full` | open |\n"
    )
    assert cat["codes"] == [
        {
            "code": "disk_full",
            "name": "Disk",
            "status": "open",
            "source": "t",
        }
    ]


def test_a_weak_code_column_of_prose_is_no_code_column() -> None:
    ex = extract_document(
        "# T\n\n| Name | Owner |\n|---|---|\n| Disk is full | ops |\n",
        source_name="t.md",
    )
    assert "codes" not in ex.catalog
    assert ex.catalog["tables"][0]["rows"] == "data"  # type: ignore[index]


def test_unknown_column_warning_names_no_seed_vocabulary() -> None:
    ex = extract_document(
        "# T\n\n| Code | Owner |\n|---|---|\n| `a_b` | ops |\n", source_name="t.md"
    )
    assert ex.warnings == [
        Finding(
            3,
            10,
            "unknown table column 'Owner' (kept as attribute `owner`)",
            CONFIG_HINT,
        )
    ]


def test_project_columns_extend_the_vocabulary() -> None:
    columns = vocabulary([("Failure kind", "code", None), ("Blast", "severity", None)])
    text = "# T\n\n| Failure kind | Blast | Owner |\n|---|---|---|\n| `a_b` | high | ops |\n"
    ex = extract_document(text, source_name="t.md", columns=columns)
    assert [a["name"] for a in ex.catalog["attributes"]] == ["severity", "owner"]
    assert ex.catalog["attributes"][0]["enum"] == "Severity"  # type: ignore[index]
    assert [w.message for w in ex.warnings] == [
        "unknown table column 'Owner' (kept as attribute `owner`)"
    ]
    assert vocabulary([("Tier", "tier", "enum")])["tier"].kind == "enum"
    assert "failure_kind" not in COLUMNS  # the built-in table is never changed


def test_boolean_words_and_kinds() -> None:
    assert boolean_words(["Yes", "No", "Yes"]) == ("Yes", "No")
    assert boolean_words(["✓"]) == ("✓", "✗")
    assert boolean_words(["yes", "No"]) is None
    assert boolean_words([]) is None
    assert content_kind("auto", ["Y", "N"]) == "boolean"
    assert content_kind("auto", ["3", "-2"]) == "integer"
    assert content_kind("boolean", ["maybe"]) == "text"
    assert content_kind("enum", ["yes"]) == "enum"


def test_yes_no_column_records_its_words() -> None:
    cat = catalog(
        "# T\n\n| Code | Retryable |\n|---|---|\n| `a_b` | Y |\n| `c_d` | N |\n"
    )
    assert [c["retryable"] for c in cat["codes"]] == [True, False]  # type: ignore[index]
    assert cat["tables"][0]["columns"][1] == {  # type: ignore[index]
        "header": "Retryable",
        "field": "retryable",
        "boolean_words": ["Y", "N"],
    }
    assert cat["attributes"][0]["type"] == "boolean"  # type: ignore[index]


SITUATIONS = """# T

| Situation | Status |
|---|---|
| The file is too big | `rejected` |
| The type is wrong | `rejected` |
| All good | `accepted` |
"""


def test_a_repeating_code_column_is_a_situation_table() -> None:
    ex = extract_document(SITUATIONS, source_name="t.md")
    assert ex.errors == []
    assert ex.catalog["codes"] == [
        {"code": "rejected", "source": "t"},
        {"code": "accepted", "source": "t"},
    ]
    (table,) = ex.catalog["tables"]  # type: ignore[misc]
    assert table["rows"] == "data"
    assert table["columns"][1]["field"] == "code"
    assert ex.warnings == [
        Finding(
            3,
            15,
            "column 'Status' repeats codes; owned as a data table, its 2 distinct codes "
            "join the catalog's codes",
            "describe each code in a table or list of its own to give it attributes",
        )
    ]


def test_a_first_reason_code_column_that_repeats_is_still_a_duplicate() -> None:
    text = "# T\n\n| Reason code | Description |\n|---|---|\n| `a` | x |\n| `a` | y |\n"
    ex = extract_document(text, source_name="t.md")
    assert [e.message for e in ex.errors] == [
        "duplicate code `a` in this document (first at line 5)"
    ]


STAGES = """# ADR-0001: Stages

- `0`: run status `success`
- `20`: run status `failed`

### Fetch stage (`fetch`)

| Reason code | Severity | Description |
|---|---|---|
| `gone` | FATAL | Gone. |
"""


def test_a_partial_status_model_is_left_out_with_a_located_warning() -> None:
    ex = extract_document(STAGES, source_name="t.md")
    assert ex.errors == []
    assert "status_model" not in ex.catalog
    (warning,) = [w for w in ex.warnings if "status" in w.message]
    assert (warning.line, warning.column) == (3, 1)
    assert warning.message == (
        "the document states only part of a run-status model; `status_model` left "
        "out (missing enums, severity_fail_mode, run_status_rules)"
    )


def test_change_control_sentences_become_policies() -> None:
    text = (
        "# T\n\n| Code | Description |\n|---|---|\n| `a_b` | x |\n\n"
        "Codes MUST NOT be renamed or reused. Other text.\nNew codes MAY be added in a\n"
        "minor release.\n"
    )
    ex = extract_document(text, source_name="t.md")
    assert ex.catalog["policies"] == {
        "removal": "tombstone_required",
        "additions": "allowed",
        "text": "Codes MUST NOT be renamed or reused. New codes MAY be added in a "
        "minor release.",
    }
    hint = "check `policies` in the catalog (docs/catalog-format.md#policies)"
    assert ex.warnings == [
        Finding(
            7,
            1,
            "change-control sentence read as policy `removal: tombstone_required`: "
            '"Codes MUST NOT be renamed or reused."',
            hint,
        ),
        Finding(
            8,
            1,
            "change-control sentence read as policy `additions: allowed`: "
            '"New codes MAY be added in a minor release."',
            hint,
        ),
    ]


def test_bullet_definitions_describe_an_enum_column() -> None:
    text = (
        "# T\n\n| Code | Action |\n|---|---|\n| `a_b` | retry |\n| `c_d` | drop |\n\n"
        "- **retry** — try again later\n- **drop** – discard it\n"
    )
    cat = catalog(text)
    assert cat["enums"] == [
        {
            "name": "Action",
            "description": "T.",
            "values": [
                {"value": "retry", "description": "try again later"},
                {"value": "drop", "description": "discard it"},
            ],
        }
    ]
    assert cat["attributes"][0] == {  # type: ignore[index]
        "name": "action",
        "enum": "Action",
        "required": True,
        "description": "Action",
    }


def test_config_columns_reach_extract(tmp_path: Path) -> None:
    make_files(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.catgen]
                [tool.catgen.extract.columns]
                "Failure kind" = "code"
                "Tier" = {field = "tier", type = "string"}
            """,
            "spec/k.md": "# K\n\n| Failure kind | Tier |\n|---|---|\n| `a_b` | gold |\n",
        },
    )
    result = run_cli("extract", "--root", str(tmp_path), str(tmp_path / "spec/k.md"))
    assert (result.exit_code, result.stderr) == (0, "")
    text = (tmp_path / "spec" / "k.catalog.yaml").read_text("utf-8")
    assert "  - name: tier\n    type: string\n" in text


def test_a_bad_config_column_is_a_usage_error(tmp_path: Path) -> None:
    make_files(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.catgen]
                [tool.catgen.extract.columns]
                "Tier" = {field = "tier", type = "colour"}
            """,
            "spec/k.md": "# K\n",
        },
    )
    result = run_cli("extract", "--root", str(tmp_path), str(tmp_path / "spec/k.md"))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: pyproject.toml: extract column 'Tier': the field is a snake_case name "
        "and the type one of enum, text, string, integer, boolean — "
        '[extract.columns] "Header" = "field" or {field = "f", type = "enum"}\n'
    )


def test_the_format_reference_lists_exactly_the_built_in_vocabulary() -> None:
    docs = (
        Path(__file__).resolve().parents[2] / "docs" / "catalog-format.md"
    ).read_text("utf-8")
    section = docs.split("| Headers | Role |")[1].split("\n\n")[0]
    named = {
        normalise_header(header)
        for row in section.splitlines()[2:]
        for header in row.split("|")[1].split(",")
        if "`" not in header
    }
    assert named == set(COLUMNS)


def test_an_attribute_of_another_kind_in_a_later_table_is_kept_apart() -> None:
    text = (
        "# T\n\n| Code | Retryable |\n|---|---|\n| `a_b` | yes |\n\n"
        "| Code | Retryable |\n|---|---|\n| `c_d` | sometimes |\n\n"
        "| Data | Retryable |\n|---|---|\n| x | yes |\n"
    )
    ex = extract_document(text, source_name="t.md")
    assert ex.errors == []
    assert [c.get("retryable", c.get("retryable_2")) for c in ex.catalog["codes"]] == [
        True,
        "sometimes",
    ]
    assert ex.warnings[0] == Finding(
        7,
        10,
        "column 'Retryable' holds text values here but boolean values in an earlier "
        "table; kept as attribute `retryable_2`",
        "write the column alike in every table, or give one of them another header",
    )
    data_table = ex.catalog["tables"][2]  # type: ignore[index]
    assert "boolean_words" not in data_table["columns"][1]


def test_a_weak_column_of_numbers_is_no_code_column() -> None:
    ex = extract_document(
        "# T\n\n| ID | Decision |\n|---|---|\n| 1 | Use queues |\n| 2 | Drop XML |\n",
        source_name="t.md",
    )
    assert ex.errors == []
    assert ex.catalog["tables"][0]["rows"] == "data"  # type: ignore[index]

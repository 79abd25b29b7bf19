"""Extract documents whose codes are HTTP statuses or SQLSTATE-style codes (not seeds).

The documents live in the corpus (tests/extract/corpus/), where test_corpus.py proves
the marker-only round trip and the extracted codes, names and attributes; here the
generated enums and registries of some of them are checked, and the code style rules.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from catgen_taxonomy.extract import extract_document
from catgen_taxonomy.extract.codes import CodeBook, settle_code_style
from catgen_taxonomy.extract.state import Findings
from catgen_taxonomy.yamlload import load_yaml
from tests.extract.test_corpus import adopt
from tests.helpers import run_cli

CORPUS = Path(__file__).resolve().parent / "corpus"


def _adopt(tmp_path: Path, name: str) -> dict[str, Any]:
    """Adopt a corpus document (test_corpus proves the marker-only round trip) and
    generate; return its catalog."""
    adopt(tmp_path, CORPUS / name, {})
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    [catalog] = (tmp_path / "spec").glob("*.catalog.yaml")
    data = load_yaml(catalog.read_text(encoding="utf-8"), catalog.name).data
    assert isinstance(data, dict)
    return data


def _generated(tmp_path: Path, stem: str, output: str) -> str:
    return (tmp_path / "generated" / stem / output).read_text(encoding="utf-8")


def test_http_statuses_with_names(tmp_path: Path) -> None:
    _adopt(tmp_path, "payments_api_errors.md")
    enums = _generated(tmp_path, "payments_api_errors", "enums.py")
    assert "class ReasonCode(IntEnum):" in enums
    assert "    NOT_FOUND = 404\n" in enums
    assert "    CODE_503 = 503\n" in enums


def test_http_reason_phrases_stay_text_and_names_are_derived(tmp_path: Path) -> None:
    text = (CORPUS / "shipping_api_errors.md").read_text(encoding="utf-8")
    ex = extract_document(text, source_name="docs/shipping_api_errors.md")
    assert ex.errors == []
    assert (
        "name 'Not Found' is not a Python identifier starting with a letter: the Name "
        "column is kept as attribute `label` and enum member names are derived from "
        "the codes"
    ) in [f.message for f in ex.warnings]
    adopted = _adopt(tmp_path, "shipping_api_errors.md")
    assert adopted["tables"][0]["columns"][1] == {"header": "Name", "field": "label"}


def test_sqlstate_codes_are_quoted_strings(tmp_path: Path) -> None:
    _adopt(tmp_path, "warehouse_db_errors.md")
    text = (tmp_path / "spec" / "warehouse_db_errors.catalog.yaml").read_text()
    assert "  - code: '23505'\n" in text  # quoted: YAML would read an integer
    enums = _generated(tmp_path, "warehouse_db_errors", "enums.py")
    assert '    unique_violation = "23505"\n' in enums
    assert '    HV000 = "HV000"\n' in enums


def test_codes_with_leading_zeros_are_text(tmp_path: Path) -> None:
    _adopt(tmp_path, "job_runner_status.md")
    enums = _generated(tmp_path, "job_runner_status", "enums.py")
    assert '    CODE_00000 = "00000"\n' in enums


def test_a_numeric_status_beside_a_named_code_is_an_integer_attribute(
    tmp_path: Path,
) -> None:
    _adopt(tmp_path, "billing_errors.md")
    registry = _generated(tmp_path, "billing_errors", "registry.py")
    assert "        status=402,\n" in registry


def test_a_numeric_status_column_alone_carries_integer_codes(tmp_path: Path) -> None:
    _adopt(tmp_path, "orders_api_errors.md")
    enums = _generated(tmp_path, "orders_api_errors", "enums.py")
    assert "    CODE_429 = 429\n" in enums


def _book(codes: list[str], headers: list[str]) -> CodeBook:
    book = CodeBook(Findings())
    book.codes = [{"code": code} for code in codes]
    book.code_headers = headers
    return book


@pytest.mark.parametrize(
    ("codes", "headers", "style"),
    [
        (["404", "500"], ["Code"], "integer"),
        (["23505", "40001"], ["SQLSTATE"], "alphanumeric"),  # the header says text
        (["23505", "40P01"], ["Code"], "alphanumeric"),
        (["0", "10", "20"], ["Exit code"], "integer"),
        (["disk_full", "cpu_hot"], ["Code"], "lower_snake_case"),
        (["HV000", "HY001"], ["Code"], "SCREAMING_SNAKE_CASE"),
    ],
)
def test_code_style_of_shaped_codes(
    codes: list[str], headers: list[str], style: str
) -> None:
    assert settle_code_style(_book(codes, headers)) == style


def test_a_bad_cell_in_a_numeric_table_is_still_refused() -> None:
    text = textwrap.dedent("""\
        # Errors

        | Code | Description |
        |---|---|
        | 404 | missing |
        | 4 04 | typo |
        """)
    ex = extract_document(text, source_name="docs/errors.md")
    assert [f.message for f in ex.errors] == ["'4 04' is not a valid code token"]


@pytest.mark.parametrize(
    ("names", "rows"),
    [
        (["NoSuchBucket", "SlowDown", "Throttling"], "codes"),  # PascalCase codes
        (["Alice", "Bob"], "data"),  # capitalised words are names
        (["alpha", "Off"], "data"),  # mixed shapes are no code column
    ],
)
def test_a_name_column_carries_pascal_case_codes_only(
    names: list[str], rows: str
) -> None:
    body = "".join(f"| {name} | 404 |\n" for name in names)
    text = f"# Errors\n\n| Name | Owner |\n|---|---|\n{body}"
    ex = extract_document(text, source_name="docs/errors.md")
    assert ex.errors == []
    assert ex.catalog["tables"][0]["rows"] == rows  # type: ignore[index]

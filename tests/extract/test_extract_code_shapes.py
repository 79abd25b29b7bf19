"""Extract documents whose codes are HTTP statuses or SQLSTATE-style codes (not seeds).

Each document is adopted with `extract --mark`, then `generate` and `check` exit 0 and
the document equals the original plus marker lines; the extracted codes, names and
attributes equal a hand-written expectation.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from catgen_taxonomy.extract import extract_document
from catgen_taxonomy.extract.codes import CodeBook, settle_code_style
from catgen_taxonomy.extract.state import Findings
from catgen_taxonomy.yamlload import load_yaml
from tests.helpers import run_cli

HTTP_NAMED = """\
# Payments API errors

Each failed request answers with one of these statuses.

| Code | Name | Retry after | Description |
| ---- | ---- | ----------- | ----------- |
| `400` | BAD_REQUEST | 0 | The body is not valid JSON. |
| `404` | NOT_FOUND | 0 | No payment has this id. |
| `429` | TOO_MANY_REQUESTS | 30 | Slow down and retry. |
| `503` |  | 120 | Maintenance window. |
"""

HTTP_PHRASES = """\
# Shipping API errors

| Error code | Name | Description |
|---|---|---|
| 404 | Not Found | No parcel with this id. |
| 410 | Gone | The parcel was archived. |
"""

SQLSTATE = """\
# Warehouse database errors

| Code | Name | Description |
| --- | --- | --- |
| `23505` | unique_violation | A row with this key exists. |
| `40P01` | deadlock_detected | Two transactions wait on each other. |
| `08P01` | protocol_violation | The client broke the wire protocol. |
| `HV000` |  | Foreign data wrapper error. |
"""

LEADING_ZERO = """\
# Job runner status words

| Code | Description |
|---|---|
| 00000 | success |
| 01000 | warning |
| 02000 | no data |
"""

NAME_AND_STATUS = """\
# Billing errors

| Code | Status | Description |
| --- | --- | --- |
| `card_declined` | 402 | The card issuer declined. |
| `invoice_missing` | 404 | No invoice has this id. |
| `ledger_locked` | 409 | Another request holds the ledger. |
"""


def _codes(text: str, name: str) -> tuple[dict[str, Any], list[str]]:
    ex = extract_document(text, source_name=f"docs/{name}")
    assert ex.errors == [], ex.errors
    return ex.catalog, [f.message for f in ex.warnings]


def _adopt(tmp_path: Path, name: str, text: str) -> dict[str, Any]:
    """Adopt a document; return its catalog after generate and check exit 0."""
    doc = tmp_path / "spec" / "docs" / name
    doc.parent.mkdir(parents=True)
    doc.write_text(text, encoding="utf-8")
    result = run_cli("extract", "--root", str(tmp_path), str(doc), "--mark")
    assert result.exit_code == 0, result.output + result.stderr
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    check = run_cli("check", "--root", str(tmp_path))
    assert check.exit_code == 0, check.output + check.stderr
    marked = doc.read_text(encoding="utf-8")
    unmarked = re.sub(
        r"(?m)^<!-- catgen:(begin|end) table=[a-z0-9-]+ -->\n", "", marked
    )
    assert unmarked == text
    [catalog] = (tmp_path / "spec").glob("*.catalog.yaml")
    data = load_yaml(catalog.read_text(encoding="utf-8"), catalog.name).data
    assert isinstance(data, dict)
    return data


def test_http_statuses_with_names(tmp_path: Path) -> None:
    catalog = _adopt(tmp_path, "payments.md", HTTP_NAMED)
    assert catalog["code_style"] == "integer"
    assert [(c["code"], c.get("name"), c["retry_after"]) for c in catalog["codes"]] == [
        (400, "BAD_REQUEST", 0),
        (404, "NOT_FOUND", 0),
        (429, "TOO_MANY_REQUESTS", 30),
        (503, None, 120),
    ]
    attributes = {a["name"]: a["type"] for a in catalog["attributes"]}
    assert attributes == {"retry_after": "integer"}
    enums = (tmp_path / "generated" / "payments" / "enums.py").read_text()
    assert "class ReasonCode(IntEnum):" in enums
    assert "    NOT_FOUND = 404\n" in enums
    assert "    CODE_503 = 503\n" in enums


def test_http_reason_phrases_stay_text_and_names_are_derived(tmp_path: Path) -> None:
    catalog, warnings = _codes(HTTP_PHRASES, "shipping.md")
    assert catalog["code_style"] == "integer"
    assert [(c["code"], c.get("name"), c["label"]) for c in catalog["codes"]] == [
        (404, None, "Not Found"),
        (410, None, "Gone"),
    ]
    assert (
        "name 'Not Found' is not a Python identifier starting with a letter: the Name "
        "column is kept as attribute `label` and enum member names are derived from "
        "the codes"
    ) in warnings
    adopted = _adopt(tmp_path, "shipping.md", HTTP_PHRASES)
    assert [c["code"] for c in adopted["codes"]] == [404, 410]
    assert adopted["tables"][0]["columns"][1] == {"header": "Name", "field": "label"}


def test_sqlstate_codes_are_quoted_strings(tmp_path: Path) -> None:
    catalog = _adopt(tmp_path, "warehouse.md", SQLSTATE)
    assert catalog["code_style"] == "alphanumeric"
    assert [(c["code"], c.get("name")) for c in catalog["codes"]] == [
        ("23505", "unique_violation"),
        ("40P01", "deadlock_detected"),
        ("08P01", "protocol_violation"),
        ("HV000", None),
    ]
    text = (tmp_path / "spec" / "warehouse.catalog.yaml").read_text()
    assert "  - code: '23505'\n" in text  # quoted: YAML would read an integer
    enums = (tmp_path / "generated" / "warehouse" / "enums.py").read_text()
    assert '    unique_violation = "23505"\n' in enums
    assert '    HV000 = "HV000"\n' in enums


def test_codes_with_leading_zeros_are_text(tmp_path: Path) -> None:
    catalog = _adopt(tmp_path, "runner.md", LEADING_ZERO)
    assert catalog["code_style"] == "alphanumeric"
    assert [c["code"] for c in catalog["codes"]] == ["00000", "01000", "02000"]
    enums = (tmp_path / "generated" / "runner" / "enums.py").read_text()
    assert '    CODE_00000 = "00000"\n' in enums


def test_a_numeric_status_beside_a_named_code_is_an_integer_attribute(
    tmp_path: Path,
) -> None:
    catalog = _adopt(tmp_path, "billing.md", NAME_AND_STATUS)
    assert catalog["code_style"] == "lower_snake_case"
    assert [(c["code"], c["status"]) for c in catalog["codes"]] == [
        ("card_declined", 402),
        ("invoice_missing", 404),
        ("ledger_locked", 409),
    ]
    assert [(a["name"], a["type"]) for a in catalog["attributes"]] == [
        ("status", "integer")
    ]
    registry = (tmp_path / "generated" / "billing" / "registry.py").read_text()
    assert "        status=402,\n" in registry


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

"""Documents that are not the seeds, adopted as a new user would: `extract --mark`,
`generate` and `check` exit 0, the document gains marker lines only, and the codes,
attributes, enums and policies equal a hand-written expectation (`NAME.expect.yaml`).

An expectation names each code's scope, name, attributes and description (never
`source`), each attribute's enum name or type, and optionally the `code_style`, the enum
value descriptions, the policies, `status_model: absent`, the yes/no words of boolean
attributes (`boolean_words`), and `columns` for `[tool.catgen.extract.columns]`.
Marker lines may be indented (a table inside a list item gets indented markers)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from catgen_taxonomy.extract import extract_document
from catgen_taxonomy.markdown.tables import TableStyle, render_table
from tests.helpers import run_cli

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.md"))
MARKER = b"<!-- catgen:"


def is_marker(line: bytes) -> bool:
    return line.lstrip(b" \t").startswith(MARKER)


def expectation(document: Path) -> dict[str, Any]:
    data = yaml.safe_load(document.with_suffix(".expect.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def adopt(tmp_path: Path, source: Path, columns: dict[str, str]) -> Path:
    """Lay out a project with the document; run `extract --mark`; return the doc."""
    config = "[tool.catgen]\n"
    if columns:
        config += "\n[tool.catgen.extract.columns]\n" + "".join(
            f"{json.dumps(header)} = {json.dumps(field)}\n"
            for header, field in columns.items()
        )
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    # The project's own layout: documents beside spec/, not under it.
    doc = tmp_path / "docs" / "adr" / source.name
    doc.parent.mkdir(parents=True)
    shutil.copyfile(source, doc)
    result = run_cli("extract", "--root", str(tmp_path), str(doc), "--mark")
    assert result.exit_code == 0, result.output
    return doc


def catalog_of(root: Path) -> dict[str, Any]:
    (path,) = (root / "spec").glob("*.catalog.yaml")
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def attribute_kinds(catalog: dict[str, Any]) -> dict[str, str]:
    return {
        a["name"]: a.get("enum", a.get("type")) for a in catalog.get("attributes", [])
    }


def enum_descriptions(catalog: dict[str, Any], names: list[str]) -> dict[str, Any]:
    enums = {e["name"]: e for e in catalog.get("enums", [])}
    return {
        name: {v["value"]: v.get("description") for v in enums[name]["values"]}
        for name in names
    }


@pytest.mark.parametrize("source", DOCUMENTS, ids=lambda p: p.stem)
def test_adopted_with_marker_lines_only(tmp_path: Path, source: Path) -> None:
    doc = adopt(tmp_path, source, expectation(source).get("columns", {}))
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    lines = doc.read_bytes().splitlines(keepends=True)
    assert len(lines) > len(source.read_bytes().splitlines())  # at least one table
    assert b"".join(line for line in lines if not is_marker(line)) == (
        source.read_bytes()
    )
    check = run_cli("check", "--root", str(tmp_path))
    assert (check.exit_code, check.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )


@pytest.mark.parametrize("source", DOCUMENTS, ids=lambda p: p.stem)
def test_extracted_codes_and_attributes_equal_expectation(
    tmp_path: Path, source: Path
) -> None:
    expected = expectation(source)
    adopt(tmp_path, source, expected.get("columns", {}))
    catalog = catalog_of(tmp_path)
    codes = [
        {k: v for k, v in code.items() if k != "source"} for code in catalog["codes"]
    ]
    assert codes == expected["codes"]
    assert attribute_kinds(catalog) == expected["attributes"]
    if "enums" in expected:
        assert enum_descriptions(catalog, list(expected["enums"])) == expected["enums"]
    if "policies" in expected:
        assert catalog["policies"] == expected["policies"]
    if expected.get("status_model") == "absent":
        assert "status_model" not in catalog
    if "code_style" in expected:
        assert catalog["code_style"] == expected["code_style"]


def test_the_corpus_has_the_documents_the_issue_asks_for() -> None:
    assert len(DOCUMENTS) >= 16
    texts = {p.stem: p.read_text("utf-8") for p in DOCUMENTS}
    assert re.search(r"(?m)^ +\| .* \|$", texts["queue_runbook"])  # in a list item
    assert re.search(r"(?m)^[^|\s].* \| .*[^|]$", texts["thermostat_faults"])
    assert "| --------: |" in texts["cli_exit_codes"]  # prettier: right, centre
    assert "|---|---|---|" in texts["grpc_status"]
    assert "| SQLSTATE | Condition name |" in texts["postgres_sqlstates"]
    assert "| 40P01    | deadlock_detected | yes |" in texts["postgres_sqlstates"]


BOOLEAN_DOCUMENTS = [p for p in DOCUMENTS if "boolean_words" in expectation(p)]


@pytest.mark.parametrize("source", BOOLEAN_DOCUMENTS, ids=lambda p: p.stem)
def test_a_changed_yes_no_value_renders_with_the_documents_words(
    tmp_path: Path, source: Path
) -> None:
    words = expectation(source)["boolean_words"]
    doc = adopt(tmp_path, source, expectation(source).get("columns", {}))
    (path,) = (tmp_path / "spec").glob("*.catalog.yaml")
    text = path.read_text("utf-8")
    first_code = str(catalog_of(tmp_path)["codes"][0]["code"])
    for field, (yes, no) in words.items():
        # the first code's value flips: its row must say the other word
        first = re.search(rf"(?m)^    {field}: (true|false)$", text)
        assert first is not None
        flipped = "false" if first.group(1) == "true" else "true"
        text = text[: first.start(1)] + flipped + text[first.end(1) :]
        path.write_text(text, encoding="utf-8")
        assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
        (row,) = (
            line
            for line in doc.read_text("utf-8").splitlines()
            if re.search(rf"\| `?{first_code}`? ", line)
        )
        word = yes if flipped == "true" else no
        assert re.search(rf"\| +{word} +\|", row), row


def test_a_hand_padded_code_column_keeps_its_padding_when_content_changes(
    tmp_path: Path,
) -> None:
    """Only the code column is padded to its separator: the table is no aligned one,
    yet it round-trips, and a changed cell is drawn in the same hand-typed style."""
    doc = adopt(tmp_path, CORPUS / "postgres_sqlstates.md", {})
    path = tmp_path / "spec" / "postgres_sqlstates.catalog.yaml"
    text = path.read_text("utf-8")
    assert text.count("        field: code\n        padded: true\n") == 3
    text = text.replace("report a missing parent row", "report the parent")
    path.write_text(text.replace("code: '23503'", "code: 23503XY"), "utf-8")
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    assert (
        "| SQLSTATE | Condition name | Retryable | Action |\n"
        "| -------- | -------------- | --------- | ------ |\n"
        "| 23505    | unique_violation | no | report a duplicate to the caller |\n"
        "| 23503XY  | foreign_key_violation | no | report the parent |\n"
    ) in doc.read_text("utf-8")


def test_a_padded_column_widens_its_separator_for_a_longer_cell() -> None:
    style = TableStyle(aligned=False, separator_widths=(4, 3), padded=(True, False))
    assert render_table(["Code", "Say"], [["404", "ok"], ["40P01", "gone"]], style) == [
        "| Code  | Say |",
        "| ----- | --- |",
        "| 404   | ok |",
        "| 40P01 | gone |",
    ]


# Words of the seed ADRs' own vocabulary that a hint to another document must not use.
SEED_ONLY = ("StageOutcome", "fail closed", "warn-and-skip", "FATAL", "Recovery class")


def test_warnings_name_no_vocabulary_only_the_seeds_use() -> None:
    told = 0
    for source in DOCUMENTS:
        text = source.read_text("utf-8")
        ex = extract_document(text, source_name=f"docs/{source.name}")
        told += len(ex.warnings)
        for warning in ex.warnings:
            said = f"{warning.message} — {warning.hint}"
            # a word the document itself uses may be quoted back to it
            assert [w for w in SEED_ONLY if w in said and w not in text] == [], said
    assert told > 10  # unknown columns, data tables, situation tables, policies...


def test_a_situation_table_names_only_codes_of_the_catalog(tmp_path: Path) -> None:
    adopt(tmp_path, CORPUS / "checkout_situations.md", {})
    path = tmp_path / "spec" / "checkout_situations.catalog.yaml"
    text = path.read_text("utf-8")
    assert text.count("          - '409'\n") == 2
    path.write_text(text.replace("          - '409'\n", "          - '490'\n", 1))
    result = run_cli("generate", "--root", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        3,
        "error: spec/checkout_situations.catalog.yaml:36:13: table "
        "'checkout-which-http-status-each-situation-gets' names unknown code '490' "
        "— add the code to `codes` or fix the spelling\n",
    )

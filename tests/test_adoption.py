"""Zero-diff adoption: from original bytes, extract --mark, generate, check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import REPO, SEEDS
from .helpers import make_files, run_cli

OTHER_STYLES = REPO / "tests" / "extract" / "fixtures"
DOCUMENTS = sorted(SEEDS.glob("*.txt")) + sorted(OTHER_STYLES.glob("adr_*.md"))


def adopt(tmp_path: Path, source: Path) -> tuple[Path, Path]:
    doc = tmp_path / "spec" / "docs" / f"{source.stem}.md"
    doc.parent.mkdir(parents=True)
    shutil.copyfile(source, doc)
    result = run_cli("extract", "--root", str(tmp_path), str(doc), "--mark")
    assert result.exit_code == 0, result.output
    return doc, tmp_path


@pytest.mark.parametrize("source", DOCUMENTS, ids=lambda p: p.stem)
def test_zero_diff_round_trip(tmp_path: Path, source: Path) -> None:
    doc, root = adopt(tmp_path, source)
    assert run_cli("generate", "--root", str(root)).exit_code == 0
    marker = b"<!-- catgen:"
    lines = doc.read_bytes().splitlines(keepends=True)
    assert b"".join(line for line in lines if not line.startswith(marker)) == (
        source.read_bytes()
    )
    check = run_cli("check", "--root", str(root))
    assert (check.exit_code, check.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )


def test_mis_encoded_title_bytes_survive(tmp_path: Path) -> None:
    source = SEEDS / "002_084cadb5b1e59a26.txt"
    doc, root = adopt(tmp_path, source)
    run_cli("generate", "--root", str(root))
    assert doc.read_bytes().startswith(
        b"# PromptOS IO Layer \xc3\xa2\xe2\x82\xac\xe2\x80\x9d"
    )


def test_update_keeps_hand_made_fields_and_comments(tmp_path: Path) -> None:
    doc, root = adopt(tmp_path, SEEDS / "000_6e90b98bb373a83e.txt")
    catalog = root / "spec" / "adr_0005.catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace(
        "  - code: signing_key_unavailable\n",
        "  # rotated quarterly; see runbook\n  - code: signing_key_unavailable\n",
    ).replace(
        "version: 0.1.0\n", "version: 0.1.0\nnotes:\n  - {id: owner, text: platform}\n"
    )
    catalog.write_text(text, encoding="utf-8")
    doc.write_bytes(
        doc.read_bytes().replace(
            b"Self-verification of produced signature failed.",
            b"Self-verification of the produced signature failed.",
        )
    )
    result = run_cli("extract", "--root", str(root), str(doc), "--update", str(catalog))
    assert (result.exit_code, result.stdout) == (
        0,
        "  codes[scope=signing, code=signature_verification_failed].description: "
        "'Self-verification of produced signature failed.' -> 'Self-verification of "
        "the produced signature failed.'\nwrote spec/adr_0005.catalog.yaml\n",
    )
    merged = catalog.read_text(encoding="utf-8")
    assert "  # rotated quarterly; see runbook\n" in merged
    assert "notes:\n  - {id: owner, text: platform}\n" in merged
    assert "Self-verification of the produced signature failed." in merged


def test_existing_catalog_is_not_overwritten(tmp_path: Path) -> None:
    doc, root = adopt(tmp_path, SEEDS / "001_e5e00363beb0d1f7.txt")
    result = run_cli("extract", "--root", str(root), str(doc))
    assert result.exit_code == 5
    assert "catalog already exists — merge into it with --update" in result.stderr


def test_strict_turns_warnings_into_a_failure(tmp_path: Path) -> None:
    doc = tmp_path / "spec" / "docs" / "adr.md"
    doc.parent.mkdir(parents=True)
    shutil.copyfile(SEEDS / "004_76cc93d582e04c60.txt", doc)
    result = run_cli("extract", "--root", str(tmp_path), str(doc), "--strict")
    assert result.exit_code == 4
    assert result.stderr == (
        "error: spec/docs/adr.md:62:1: (strict) table has no code column; owned as a "
        "data table — add a 'Reason code' column if it lists codes\n"
    )
    assert not list((tmp_path / "spec").glob("*.catalog.yaml"))


def test_document_outside_the_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    doc = tmp_path / "adr.md"
    shutil.copyfile(SEEDS / "001_e5e00363beb0d1f7.txt", doc)
    result = run_cli("extract", "--root", str(tmp_path / "project"), str(doc))
    assert result.exit_code == 5
    assert result.stderr == (
        f"error: {doc}: the document is outside the project — copy it into the project "
        "first (a catalog may only refer to documents inside the project), or run catgen "
        "with --root at a folder holding both\n"
    )
    assert not (tmp_path / "project" / "spec").exists()


def test_bad_markdown_is_located_not_a_traceback(tmp_path: Path) -> None:
    doc = tmp_path / "spec" / "docs" / "bad.md"
    doc.parent.mkdir(parents=True)
    doc.write_text(
        "# ADR-0099: Bad\n\n### Build stage (`build`)\n\n"
        "| Reason code | Severity | Description |\n|---|---|---|\n"
        "| `disk_full` | FATAL |\n| `disk_full` | FATAL | again |\n",
        encoding="utf-8",
    )
    result = run_cli("extract", "--root", str(tmp_path), str(doc))
    assert result.exit_code == 4
    assert "Traceback" not in result.output
    # the short row on line 7 reads as an empty cell (a ragged row round-trips)
    assert result.stderr.startswith(
        "error: spec/docs/bad.md:8:4: duplicate code `disk_full` in scope `build`"
    )


def test_a_non_utf8_document_is_a_located_error(tmp_path: Path) -> None:
    """It used to end in a catalog that could not be loaded (the byte went into YAML)."""
    doc = tmp_path / "spec" / "docs" / "legacy.md"
    doc.parent.mkdir(parents=True)
    doc.write_bytes(b"# Errors\n\n| Code | Meaning |\n|---|---|\n| `a_b` | caf\xe9 |\n")
    result = run_cli("extract", "--root", str(tmp_path), str(doc), "--mark")
    assert (result.exit_code, result.stderr) == (
        4,
        "error: spec/docs/legacy.md:5:14: byte 0xe9 is not UTF-8 (invalid continuation "
        "byte) — save the document as UTF-8, then extract it\n",
    )
    assert not list((tmp_path / "spec").glob("*.catalog.yaml"))


def test_a_warning_repeated_on_many_tables_is_printed_three_times_then_counted(
    tmp_path: Path,
) -> None:
    sections = "".join(
        f"## Part {i}\n\n| Code | Retry after |\n| --- | --- |\n| `code_{i}` | 5s |\n\n"
        for i in range(15)
    )
    make_files(tmp_path, {"spec/docs/parts.md": "# ADR-0077: Parts\n\n" + sections})
    result = run_cli(
        "extract", "--root", str(tmp_path), str(tmp_path / "spec/docs/parts.md")
    )
    assert result.exit_code == 0, result.stderr
    warning = (
        "warning: unknown table column 'Retry after' (kept as attribute `retry_after`)"
    )
    hint = (
        " — name its role under [tool.catgen.extract.columns] in the project config "
        "(docs/catalog-format.md)"
    )
    lines = [line for line in result.stderr.splitlines() if "Retry after" in line]
    table_lines = [5 + 6 * i for i in range(15)]
    assert lines == [
        *(f"spec/docs/parts.md:{n}:10: {warning}{hint}" for n in table_lines[:3]),
        f"spec/docs/parts.md:{table_lines[3]}:10: {warning} (and at 12 more places: "
        f"lines {', '.join(str(n) for n in table_lines[3:13])}, ...)",
    ]

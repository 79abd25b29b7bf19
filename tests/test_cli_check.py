"""The drift check: clean trees pass; every kind of drift fails with a diff and the fix."""

from __future__ import annotations

from pathlib import Path

from .helpers import run_cli

FIX = "run `catgen generate` to fix"


def check(root: Path) -> tuple[int, str, str]:
    result = run_cli("check", "--root", str(root))
    return result.exit_code, result.stdout, result.stderr


def test_clean_tree_passes(project: Path) -> None:
    assert check(project) == (0, "catgen check: outputs match the catalogs\n", "")


def test_changed_severity_without_regenerating_fails_with_a_diff(project: Path) -> None:
    catalog = project / "spec" / "adr_0005.catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    needle = (
        "  - code: ground_truth_missing\n    scope: validation\n    severity: FATAL\n"
    )
    assert needle in text
    catalog.write_text(text.replace(needle, needle.replace("FATAL", "NON-FATAL")))
    code, out, err = check(project)
    assert code == 1
    assert "-| `ground_truth_missing` | FATAL    |" in out
    assert "+| `ground_truth_missing` | NON-FATAL |" in out
    assert "--- a/spec/docs/ADR-0005-stage-outcomes.md" in out
    assert "--- a/generated/adr_0005/registry.py" in out
    assert err.endswith(FIX + "\n")
    assert "stale: spec/docs/ADR-0005-stage-outcomes.md\n" in err


def test_hand_edited_marked_table_fails(project: Path) -> None:
    doc = project / "spec" / "docs" / "ADR-0005-stage-outcomes.md"
    text = doc.read_bytes().decode()
    edited = text.replace("Cannot write report files.", "Cannot write reports.  ")
    assert edited != text
    doc.write_bytes(edited.encode())
    code, out, err = check(project)
    assert code == 1
    assert "+| `report_write_failed` | FATAL    | Cannot write report files." in out
    assert err == (
        "stale: spec/docs/ADR-0005-stage-outcomes.md\n"
        f"catgen check: 1 file(s) out of date with the catalogs; {FIX}\n"
    )


def test_edits_outside_markers_are_the_authors(project: Path) -> None:
    doc = project / "spec" / "docs" / "ADR-0005-stage-outcomes.md"
    doc.write_bytes(doc.read_bytes().replace(b"## Status\n", b"## Status (edited)\n"))
    assert check(project)[0] == 0
    assert run_cli("generate", "--root", str(project)).exit_code == 0
    assert b"## Status (edited)\n" in doc.read_bytes()


def test_hand_edited_generated_file_fails(project: Path) -> None:
    enums = project / "generated" / "adr_0005" / "enums.py"
    enums.write_text(enums.read_text() + "# tweak\n")
    code, out, err = check(project)
    assert code == 1
    assert "-# tweak" in out
    assert "stale: generated/adr_0005/enums.py" in err


def test_missing_generated_file_fails(project: Path) -> None:
    (project / "generated" / "adr_0005" / "validators.py").unlink()
    code, out, _ = check(project)
    assert code == 1
    assert "--- /dev/null\n+++ b/generated/adr_0005/validators.py" in out


def test_file_no_longer_produced_fails_and_generate_removes_it(project: Path) -> None:
    orphan = project / "generated" / "adr_0005" / "old_module.py"
    orphan.write_text("x = 1\n")
    code, out, err = check(project)
    assert code == 1
    assert "--- a/generated/adr_0005/old_module.py\n+++ /dev/null" in out
    result = run_cli("generate", "--root", str(project))
    assert result.stdout == (
        "removed stale generated/adr_0005/old_module.py\ncatgen: 0 written, 1 removed\n"
    )
    assert not orphan.exists()


def test_generate_twice_writes_nothing_the_second_time(project: Path) -> None:
    (project / "generated" / "adr_0005" / "enums.py").unlink()
    first = run_cli("generate", "--root", str(project))
    assert (
        first.stdout
        == "wrote generated/adr_0005/enums.py\ncatgen: 1 written, 0 removed\n"
    )
    mtimes = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    second = run_cli("generate", "--root", str(project))
    assert second.stdout == "catgen: all outputs up to date; nothing written\n"
    assert {
        p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()
    } == mtimes


def test_error_half_way_leaves_outputs_intact(project: Path) -> None:
    catalog = project / "spec" / "adr_0005.catalog.yaml"
    catalog.write_text(
        catalog.read_text().replace("severity: FATAL\n", "severity: NON-FATAL\n", 1)
    )
    doc = project / "spec" / "docs" / "ADR-0005-stage-outcomes.md"
    original = doc.read_bytes()
    # Break the document's markers: rendering fails after the catalog loaded fine.
    doc.write_bytes(original.replace(b"<!-- catgen:end table=signing-fatal -->\n", b""))
    before = {
        p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()
    }
    result = run_cli("generate", "--root", str(project))
    assert result.exit_code == 4
    assert (
        result.stderr.startswith("error: spec/docs/ADR-0005-stage-outcomes.md:")
        and "region 'signing-fatal' is never closed" in result.stderr
    )
    after = {
        p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()
    }
    assert after == before


def test_table_without_markers_is_reported(project: Path) -> None:
    doc = project / "spec" / "docs" / "ADR-0005-stage-outcomes.md"
    text = doc.read_bytes()
    text = text.replace(b"<!-- catgen:begin table=signing-fatal -->\n", b"")
    text = text.replace(b"<!-- catgen:end table=signing-fatal -->\n", b"")
    doc.write_bytes(text)
    result = run_cli("check", "--root", str(project))
    assert result.exit_code == 4
    assert "table 'signing-fatal' has no marked region in spec/docs/" in result.stderr
    assert "run `catgen extract --mark`" in result.stderr

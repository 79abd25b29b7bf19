"""Catalog lint: located warnings that never fail a command; accepted ones stay quiet."""

from __future__ import annotations

from pathlib import Path

from .helpers import make_files, run_cli

CATALOG = """\
catgen: 1
id: vocab
title: Vocabulary
version: 1.0.0
code_style: SCREAMING_SNAKE_CASE
document: docs/vocab.md
enums:
  - name: RecoveryClass
    values: [{value: RECOVERABLE}, {value: FATAL}]
attributes:
  - {name: recovery_class, enum: RecoveryClass}
  - {name: section, type: string}
codes:
  - {code: INPUT_MISSING, section: vocabulary, recovery_class: RECOVERABLE, source: classes}
  - {code: TRIGGER_INVALID, section: vocabulary}
  - {code: PROTOCOL_VIOLATION, section: phase1, recovery_class: RECOVERABLE, source: classes}
tables:
  - id: classes
    style: compact
    separator_widths: [3, 3]
    rows: codes
    columns:
      - {header: reason_code, field: code}
      - {header: recovery_class, field: recovery_class}
lint:
  vocabulary: {attribute: section, values: [vocabulary]}
  expected: [recovery_class]
"""
DOC = """\
# Vocabulary

<!-- catgen:begin table=classes -->
<!-- catgen:end table=classes -->
"""


def test_lint_findings_are_located_warnings(tmp_path: Path) -> None:
    make_files(
        tmp_path, {"spec/vocab.catalog.yaml": CATALOG, "spec/docs/vocab.md": DOC}
    )
    result = run_cli("generate", "--root", str(tmp_path))
    assert result.exit_code == 0
    hint = "fix the catalog or accept it under `lint.accepted` with a reason"
    assert result.stderr == (
        "warning: spec/vocab.catalog.yaml:15:5: [attribute-missing] vocabulary code "
        f"'TRIGGER_INVALID' has no 'recovery_class' — {hint}\n"
        "warning: spec/vocab.catalog.yaml:18:5: [code-outside-vocabulary] table 'classes' "
        f"lists 'PROTOCOL_VIOLATION', which is in no vocabulary section — {hint}\n"
    )
    assert run_cli("check", "--root", str(tmp_path)).exit_code == 0


def test_accepted_findings_are_quiet_and_stale_exceptions_are_reported(
    tmp_path: Path,
) -> None:
    accepted = CATALOG + (
        "  accepted:\n"
        "    - {rule: attribute-missing, code: TRIGGER_INVALID, reason: unknown yet}\n"
        "    - {rule: code-outside-vocabulary, code: PROTOCOL_VIOLATION, reason: phase1}\n"
        "    - {rule: attribute-missing, code: GONE, reason: stale}\n"
    )
    make_files(
        tmp_path, {"spec/vocab.catalog.yaml": accepted, "spec/docs/vocab.md": DOC}
    )
    result = run_cli("generate", "--root", str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: spec/vocab.catalog.yaml:31:7: [unused-exception] accepted "
        "'attribute-missing' for 'GONE' matches no finding — remove the stale exception\n"
    )

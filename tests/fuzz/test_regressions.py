"""Regression tests for the crashes the fuzzer found in areas tests/fuzz owns; each
reproducer also lives in tests/fuzz/corpus/ under the bug's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from catgen_taxonomy.cli import main

from .harness import CORPUS, build_case, write_case


@pytest.mark.parametrize("flags", [[], ["--format", "json"], ["--format", "github"]])
def test_check_diff_of_a_document_with_a_non_utf8_byte_prints(
    tmp_path: Path, flags: list[str]
) -> None:
    """A region cell holding byte 0xff: the diff of the document went to a strict
    UTF-8 stdout as a lone surrogate, and check ended in exit 70."""
    entry = CORPUS / "documents" / "bug-non-utf8-byte-in-region-diff"
    write_case(build_case("documents", entry, None), tmp_path)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), *flags])
    assert result.exit_code == 1, result.output
    shown = result.stdout.replace("\\\\", "\\")  # JSON doubles the backslash
    assert "-| `ticket_lost`  | the ticket vanish\\xffed | FATAL     |" in shown

"""One error path: every fault case of the redesign issue ends in a located error and
its own exit code, or in success, never in exit 70 (an internal error).

Each case builds a small project of its own (not a seed), runs the CLI in-process the
way a user would, and states the exit code every step must give.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import make_files, run_cli

INTERNAL_ERROR = 70

TICKETS_DOC = """\
# Ticket service error codes

## Reason codes

{table}
"""

PLAIN_TABLE = """\
| Code           | Meaning             |
| -------------- | ------------------- |
| `ticket_lost`  | the ticket vanished |
| `ticket_stale` | the ticket is old   |
"""

LIST_ITEM_TABLE = """\
- The codes a worker emits:

  | Code           | Meaning             |
  | -------------- | ------------------- |
  | `ticket_lost`  | the ticket vanished |
  | `ticket_stale` | the ticket is old   |
"""

TWO_LETTER_HEADER = """\
| Nr  | Code           | Meaning             |
| --- | -------------- | ------------------- |
| 1   | `ticket_lost`  | the ticket vanished |
| 2   | `ticket_stale` | the ticket is old   |
"""

NO_COLUMN = """\
| Code           | No  | Retry |
| -------------- | --- | ----- |
| `ticket_lost`  | 1   | yes   |
| `ticket_stale` | 2   | no    |
"""


@dataclass(frozen=True)
class Step:
    """One CLI call (`{doc}`, `{root}` and `{tmp}` are filled in) and its exit code."""

    args: tuple[str, ...]
    exit_code: int
    stderr_has: str = ""


@dataclass(frozen=True)
class Case:
    name: str
    table: str
    steps: tuple[Step, ...]
    damage: Callable[[Path], None] | None = None  # before the first failing step
    document_unchanged: bool = True


def _adopt(*after: Step) -> tuple[Step, ...]:
    return (
        Step(("extract", "--root", "{root}", "{doc}", "--mark"), 0),
        Step(("generate", "--root", "{root}"), 0),
        Step(("check", "--root", "{root}"), 0),
        *after,
    )


def _prepend(line: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        doc = root / "spec" / "docs" / "tickets.md"
        doc.write_text(line + doc.read_text(encoding="utf-8"), encoding="utf-8")

    return damage


def _marker_damage(name: str, line: str) -> Case:
    return Case(
        name,
        PLAIN_TABLE,
        _adopt(
            Step(("check", "--root", "{root}"), 4, "spec/docs/tickets.md:1:1:"),
            Step(("generate", "--root", "{root}"), 4, "spec/docs/tickets.md:1:1:"),
        ),
        damage=_prepend(line),
        document_unchanged=False,
    )


def _catalog_damage(name: str, old: str, new: str, message: str) -> Case:
    def damage(root: Path) -> None:
        catalog = root / "spec" / "tickets.catalog.yaml"
        text = catalog.read_text(encoding="utf-8")
        assert old in text, text
        catalog.write_text(text.replace(old, new, 1), encoding="utf-8")

    return Case(
        name,
        PLAIN_TABLE,
        _adopt(
            Step(("check", "--root", "{root}"), 3, message),
            Step(("generate", "--root", "{root}"), 3, message),
        ),
        damage=damage,
    )


CASES = [
    Case("table inside a list item", LIST_ITEM_TABLE, _adopt()),
    Case("two-letter column header", TWO_LETTER_HEADER, _adopt()),
    Case("column called No, yes/no cells", NO_COLUMN, _adopt()),
    _marker_damage("unclosed begin marker", "<!-- catgen:begin table=x -->\n"),
    _marker_damage("typo in a marker", "<!-- catgen:bgin table=x -->\n"),
    _marker_damage("stray end marker", "<!-- catgen:end table=x -->\n"),
    _catalog_damage(
        "recursive alias",
        "code_style:",
        "notes: &n [*n]\ncode_style:",
        "spec/tickets.catalog.yaml:",
    ),
    _catalog_damage(
        "value breaking a meta-schema pattern",
        "id: tickets",
        "id: Tickets",
        "spec/tickets.catalog.yaml:",
    ),
    Case(
        "extract --out to an unwritable path",
        PLAIN_TABLE,
        (
            Step(
                ("extract", "--root", "{root}", "{doc}", "--out", "{tmp}/file/x.yaml"),
                9,
                "file",
            ),
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_case_ends_in_its_exit_code_never_an_internal_error(
    tmp_path: Path, case: Case
) -> None:
    root = tmp_path / "project"
    original = TICKETS_DOC.format(table=case.table)
    make_files(root, {"spec/docs/tickets.md": original})
    (tmp_path / "file").write_text("a file where a folder is expected\n")
    doc = root / "spec" / "docs" / "tickets.md"
    damaged = False
    for step in case.steps:
        if step.exit_code != 0 and case.damage is not None and not damaged:
            case.damage(root)
            damaged = True
        args = [
            a.format(doc=doc, root=root, tmp=tmp_path).replace("//", "/")
            for a in step.args
        ]
        result = run_cli(*args)
        assert result.exit_code != INTERNAL_ERROR, (case.name, args, result.output)
        assert result.exit_code == step.exit_code, (case.name, args, result.output)
        assert step.stderr_has in result.stderr, (case.name, args, result.stderr)
    if case.document_unchanged and (root / "spec" / "tickets.catalog.yaml").exists():
        marked = doc.read_text(encoding="utf-8")
        unmarked = "".join(
            line
            for line in marked.splitlines(keepends=True)
            if "<!-- catgen:" not in line
        )
        assert unmarked == original


def test_attribute_naming_a_derived_enum_its_values_are_not_in(tmp_path: Path) -> None:
    """Regression: load_catalog passed it and the registry target crashed (exit 70)."""
    spec = tmp_path / "spec"
    shutil.copytree(Path(__file__).parent.parent / "spec", spec)
    catalog = spec / "promptos_io.catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "enum: Retryability" in text
    catalog.write_text(text.replace("enum: Retryability", "enum: ReasonCode", 1))
    result = run_cli("generate", "--root", str(tmp_path))
    assert result.exit_code == 3, result.output
    assert (
        "spec/promptos_io.catalog.yaml:56:5: retryability "
        "'non_retryable_until_corrected' is not a value of enum ReasonCode"
    ) in result.stderr


def test_a_closed_pipe_ends_in_141_on_both_check_paths(tmp_path: Path) -> None:
    """Regression: `catgen check | true` was an internal error (exit 70)."""
    import os
    import subprocess
    import sys

    shutil.copytree(Path(__file__).parent.parent / "spec", tmp_path / "spec")
    code = "from catgen_taxonomy.entry import main; main()"
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before catgen writes a byte
    try:
        results = [
            subprocess.run(
                [sys.executable, "-c", code, *args, "--root", str(tmp_path)],
                stdout=write_end,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
            for args in (["check"], ["generate"], ["check"], ["validate", "--list"])
        ]
    finally:
        os.close(write_end)
    # The first check has no cache (the full path, drift to print); generate records
    # the cache, so the second check answers from the fast path: both end alike.
    assert [r.returncode for r in results] == [141, 141, 141, 141]
    for result in results:  # stderr stays open: what goes there is normal output
        assert "internal error" not in result.stderr
        assert "Traceback" not in result.stderr
    assert [r.stderr for r in results[1:]] == ["", "", ""]

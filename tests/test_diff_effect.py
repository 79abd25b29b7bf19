"""catgen diff judged by effect: every realistic edit of tests/diff_edits.py, in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catgen_taxonomy.catalog import Catalog, load_catalog
from catgen_taxonomy.diff import RULES, compare
from catgen_taxonomy.diff.policies import worst_category

from .diff_edits import EDITS, Edit, Sub

REPO = Path(__file__).resolve().parent.parent


def apply(text: str, subs: tuple[Sub, ...], name: str) -> str:
    for old, new in subs:
        assert text.count(old) == 1, f"{name}: {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("edits")
    shutil.copytree(REPO / "spec", root / "spec")
    return root


def load_text(root: Path, name: str, text: str, side: str) -> Catalog:
    path = root / "spec" / f"{side}-{name}"
    path.write_text(text, encoding="utf-8")
    try:
        return load_catalog(path, root)
    finally:
        path.unlink()


def test_at_least_100_edits_over_the_five_catalogs() -> None:
    assert len(EDITS) >= 100
    assert len({e.name for e in EDITS}) == len(EDITS)
    assert len({e.file for e in EDITS}) == 5


@pytest.mark.parametrize("case", EDITS, ids=[e.name for e in EDITS])
def test_edit_is_judged_by_effect(project: Path, case: Edit) -> None:
    original = (REPO / "spec" / case.file).read_text(encoding="utf-8")
    base_text = apply(original, case.base, case.name)
    old = load_text(project, case.file, base_text, "old")
    new = load_text(project, case.file, apply(base_text, case.subs, case.name), "new")
    [diff] = compare([old], [new], "base")
    rules = {c.rule for c in diff.changes}
    violations = {v.rule for v in diff.violations}
    report = [f"{c.rule}: {c.message}" for c in diff.changes] + [
        f"{v.rule}: {v.message}" for v in diff.violations
    ]
    assert (rules, violations) == (set(case.rules), set(case.violations)), report
    assert worst_category(diff.changes) == case.worst
    assert {RULES[r][0] for r in rules} <= {"breaking", "additive", "cosmetic"}
    assert (7 if diff.violations else 0) == case.exit_code

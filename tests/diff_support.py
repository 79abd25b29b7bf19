"""Helpers for the catgen diff tests: throwaway git repositories holding catalog sets."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from catgen_taxonomy.diff import DiffReport, run_diff

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "diff"
ADR = "adr_0005.catalog.yaml"
ADR_DOC = "docs/ADR-0005-stage-outcomes.md"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "catgen tests",
    "GIT_AUTHOR_EMAIL": "tests@catgen.invalid",
    "GIT_COMMITTER_NAME": "catgen tests",
    "GIT_COMMITTER_EMAIL": "tests@catgen.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


class Repo:
    """A git repository with spec/ at its root (or under `subdir`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.spec = root / "spec"

    def path(self, name: str) -> Path:
        return self.spec / name

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        text = self.text(name)
        assert (
            text.count(old) == count
        ), f"{old!r} occurs {text.count(old)} times in {name}"
        self.path(name).write_text(text.replace(old, new), encoding="utf-8")

    def line_of(self, name: str, needle: str) -> int:
        for number, line in enumerate(self.text(name).splitlines(), 1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {name}")

    def commit(self, message: str = "change") -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        return git(self.root, "rev-parse", "HEAD").strip()

    def diff(self, against: str = "HEAD") -> DiffReport:
        return run_diff(self.root, against)


def make_repo(root: Path, *, fixtures: bool = True, real_spec: bool = False) -> Repo:
    """Create a repo whose first commit holds the fixture catalogs and/or the real spec/."""
    spec = root / "spec"
    (spec / "docs").mkdir(parents=True)
    if real_spec:
        shutil.copytree(REPO / "spec", spec, dirs_exist_ok=True)
    else:
        shutil.copy(REPO / "spec" / ADR, spec / ADR)
        shutil.copy(REPO / "spec" / ADR_DOC, spec / ADR_DOC)
    if fixtures:
        for path in FIXTURES.glob("*.catalog.yaml"):
            shutil.copy(path, spec / path.name)
        for path in (FIXTURES / "docs").iterdir():
            shutil.copy(path, spec / "docs" / path.name)
    git(root, "init", "-q")
    repo = Repo(root)
    repo.commit("baseline catalogs")
    return repo


def changes(report: DiffReport, catalog: str | None = None) -> list[tuple[str, str]]:
    return [
        (c.rule, c.subject)
        for c in report.changes
        if catalog is None or c.catalog == catalog
    ]


def violations(report: DiffReport) -> list[tuple[str, str]]:
    return [(v.rule, v.catalog) for v in report.violations]

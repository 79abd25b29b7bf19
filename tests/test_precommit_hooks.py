"""The pre-commit hooks run as pre-commit runs them: each hook's `entry`, with no file
names, from the root of a throwaway git repository, with catgen's console script on
PATH (pre-commit itself is not needed to prove that)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO
from .diff_support import git

ENUMS = "generated/adr_0005/enums.py"


def hooks() -> dict[str, dict[str, object]]:
    listed = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    return {hook["id"]: hook for hook in listed}


def run_hook(hook: dict[str, object], repo: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry the way pre-commit does: split, no file names, repo root."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    argv = shlex.split(str(hook["entry"]))
    assert shutil.which(argv[0], path=env["PATH"]) is not None
    return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True)


def make_project(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for name in ("spec", "generated"):
        shutil.copytree(REPO / name, repo / name)
    git(tmp_path, "init", "-q", str(repo))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "seed")
    return repo


def test_the_hooks_are_declared_for_a_whole_project_run() -> None:
    declared = hooks()
    assert sorted(declared) == ["catgen-check", "catgen-generate"]
    for hook in declared.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False


def test_check_hook_passes_clean_and_fails_on_drift(tmp_path: Path) -> None:
    repo = make_project(tmp_path)
    check = hooks()["catgen-check"]
    clean = run_hook(check, repo)
    assert (clean.returncode, clean.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )
    with (repo / ENUMS).open("a", encoding="utf-8") as handle:
        handle.write("# edited by hand\n")
    drift = run_hook(check, repo)
    assert drift.returncode == 1
    assert drift.stdout == ""  # --quiet: the verdict only
    assert f"stale: {ENUMS}" in drift.stderr


def test_generate_hook_rewrites_what_drifted(tmp_path: Path) -> None:
    repo = make_project(tmp_path)
    with (repo / ENUMS).open("a", encoding="utf-8") as handle:
        handle.write("# edited by hand\n")
    generate = run_hook(hooks()["catgen-generate"], repo)
    assert generate.returncode == 0, generate.stderr
    assert generate.stdout.splitlines()[0] == f"wrote {ENUMS}"
    # pre-commit fails a hook that changed files: the tree is back to the commit.
    assert git(repo, "status", "--porcelain") == ""
    again = run_hook(hooks()["catgen-generate"], repo)
    assert again.stdout == "catgen: all outputs up to date; nothing written\n"

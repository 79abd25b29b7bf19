"""Golden files: a small fixture catalog in, every expected output committed.

The fixture (tests/fixtures/golden/spec) is also the "sixth catalog": it has its own
domain, stages and rules, and needs no Python change. After a deliberate change to the
output, rewrite the expected files with `make golden` (CATGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .helpers import run_cli

FIXTURE = REPO / "tests" / "fixtures" / "golden" / "spec"
EXPECTED = REPO / "tests" / "golden" / "deploy"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.endswith(".catalog.yaml")
        # The speed cache of `catgen check` is no output (tests/test_check_cache.py).
        and ".catgen_cache" not in p.parts
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(FIXTURE, root / "spec")
    result = run_cli("generate", "--root", str(root))
    assert result.exit_code == 0, result.output
    if os.environ.get("CATGEN_UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for relpath, data in _tree(root).items():
            target = EXPECTED / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return root


def test_outputs_match_the_golden_files(rendered: Path) -> None:
    observed = _tree(rendered)
    expected = _tree(EXPECTED)
    assert sorted(observed) == sorted(expected)
    for relpath in expected:
        assert observed[relpath].decode() == expected[relpath].decode(), relpath


def test_sixth_catalog_validates_its_own_artifact(rendered: Path) -> None:
    ok = rendered / "ok.json"
    ok.write_text(
        '{"outcomes": [{"stage": "build", "status": "success", "fail_mode": "fail_closed"},'
        ' {"stage": "deploy", "status": "failed", "fail_mode": "fail_closed",'
        ' "reason_code": "rollout_halted"}], "operator": "kim"}'
    )
    bad = rendered / "bad.json"
    bad.write_text(
        '{"outcomes": [{"stage": "deploy", "status": "failed", "fail_mode": "fail_closed",'
        ' "reason_code": "compile_error"}]}'
    )
    assert run_cli("validate", "--root", str(rendered), "--list").stdout == (
        "deploy-report\tdeploy/report.json\n"
    )
    good = run_cli("validate", "--root", str(rendered), "deploy-report", str(ok))
    assert (good.exit_code, good.stdout) == (
        0,
        f"{ok}: valid (run status failed, exit code 4)\n",
    )
    result = run_cli("validate", "--root", str(rendered), "deploy-report", str(bad))
    assert result.exit_code == 6
    assert result.stdout == (
        f"{bad}: /outcomes/0/reason_code: [unknown-pair] ('deploy', 'compile_error') is not "
        "in the catalog\n"
        f"{bad}: /: [operator-on-failure] a failed deploy must name its operator\n"
        f"{bad}: 2 violation(s)\n"
    )


@pytest.mark.parametrize("tree", ["golden", "repository"])
def test_generated_code_is_black_mypy_and_ruff_clean(rendered: Path, tree: str) -> None:
    """black (the design card's formatter) leaves every generated file unchanged."""
    root = rendered if tree == "golden" else REPO
    generated = str(root / "generated")
    for command in (
        [sys.executable, "-m", "black", "--check", "-q", generated],
        [sys.executable, "-m", "ruff", "check", "-q", generated],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", generated],
    ):
        result = subprocess.run(command, capture_output=True, text=True, cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr

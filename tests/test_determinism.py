"""Byte-identical outputs whatever PYTHONHASHSEED, locale, time zone or working directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "12345", "TZ": "Pacific/Chatham", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "random", "TZ": "America/St_Johns", "LANG": "de_DE.UTF-8"},
]


def _outputs(root: Path) -> dict[str, bytes]:
    files = {}
    for folder in ("generated", "spec"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=lambda e: e["PYTHONHASHSEED"])
def test_generate_from_scratch_reproduces_the_committed_outputs(
    tmp_path: Path, env: dict[str, str]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "spec", root / "spec")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from catgen_taxonomy.cli import main; main()",
            "generate",
            "--root",
            str(root),
        ],
        cwd=elsewhere,
        env={**os.environ, **env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    expected = _outputs(REPO)
    observed = _outputs(root)
    assert sorted(observed) == sorted(expected)
    for relpath, data in expected.items():
        assert observed[relpath] == data, relpath

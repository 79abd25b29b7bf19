"""Shared fixtures: the repository root and a throwaway copy of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of spec/ and generated/ in a temp dir, safe to break."""
    for name in ("spec", "generated"):
        shutil.copytree(
            REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path

"""Shared fixtures: the repository root and a throwaway copy of the project."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# In CI (CI=true) every property test draws the same examples on every run, so a gate
# is reproducible; on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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


@pytest.fixture(autouse=True)
def _isolated_generated_imports() -> Iterator[None]:
    """Undo what `catgen validate` in-process does to sys.modules and sys.path.

    It imports a temp project's `generated` package under the same name as this
    repository's, so a later test's `import generated.adr_0005...` (or a validator's
    lazy relative import) found the wrong tree, depending on test order."""
    path = list(sys.path)
    saved = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "generated"}
    yield
    sys.path[:] = path
    for name in [n for n in sys.modules if n.split(".")[0] == "generated"]:
        del sys.modules[name]
    sys.modules.update(saved)

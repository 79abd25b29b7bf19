"""The generator is held to its output's bar: typed, linted, small functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
MAX_FUNCTION_LINES = 60


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_generator_passes_mypy_strict() -> None:
    result = _run("mypy", "--strict", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_passes_ruff_with_complexity_limit() -> None:
    result = _run("ruff", "check", "--output-format", "concise", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_generator_function_is_longer_than_the_limit() -> None:
    long_functions = []
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    where = path.relative_to(ROOT).as_posix()
                    long_functions.append(f"{where}:{node.lineno} {node.name} {length}")
    assert long_functions == []

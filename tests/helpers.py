"""Test helpers: build file trees from dicts and run the CLI in-process."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from catgen_taxonomy.cli import main


def make_files(root: Path, files: dict[str, str]) -> None:
    """Write each `relative path -> text` (dedented) under root."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def run_cli(*args: str) -> Result:
    """Invoke `catgen ARGS...` in-process; exit code, stdout and stderr are separate."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)

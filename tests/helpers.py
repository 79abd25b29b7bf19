"""Test helpers: build file trees from dicts and run the CLI in-process."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from catgen_taxonomy.cli import main

# The top of a small catalog that tests complete with the section they are about.
DEMO_CATALOG_HEADER = """\
catgen: 1
id: demo
title: Demo
version: 1.0.0
code_style: lower_snake_case
"""


def make_files(root: Path, files: dict[str, str]) -> None:
    """Write each `relative path -> text` (dedented) under root."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def output_tree(root: Path) -> dict[str, bytes]:
    """Return `relative path -> bytes` of the files `generate` compares in a project:
    no catalogs, byte-code, check cache or runtime package (generator/runtime/ behind
    headers, compared on its own)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and ".catgen_cache" not in p.parts
        and "_runtime" not in p.parts
        and not p.name.endswith(".catalog.yaml")
    }


def run_cli(*args: str) -> Result:
    """Invoke `catgen ARGS...` in-process; exit code, stdout and stderr are separate."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def fast_check_modules(
    tmp_path: Path, cwd: Path, args: list[str]
) -> tuple[str, str, set[str]]:
    """Run `catgen check ARGS` twice from a bare interpreter with only catgen's own
    package on the path: with site (the full check, which needs click, records the
    check cache for this install location), then under -S (the fast path answers).
    Return the second run's first output line, exit status and top-level modules."""
    import subprocess
    import sys

    from catgen_taxonomy import entry

    # The import package is generator/ under its installed name, whatever that is.
    package = entry.__name__.rpartition(".")[0]
    repo = Path(__file__).resolve().parent.parent
    path = tmp_path / "path"
    path.mkdir()
    (path / package).symlink_to(repo / "generator", target_is_directory=True)
    (path / "templates").symlink_to(repo / "templates", target_is_directory=True)
    code = (
        "import sys\n"
        f"sys.argv = ['catgen', 'check', *{args!r}]\n"
        f"from {package}.entry import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    status = exc.code\n"
        "print(status, ' '.join(sorted(sys.modules)))\n"
    )
    for flags in ([], ["-S"]):
        result = subprocess.run(
            [sys.executable, *flags, "-c", code],
            capture_output=True,
            text=True,
            cwd=cwd,
            env={"PYTHONPATH": str(path)},
        )
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout + result.stderr
    status, modules = lines[1].split(" ", 1)
    return lines[0], status, {name.split(".")[0] for name in modules.split()}

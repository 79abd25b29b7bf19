"""Acceptance: catgen as a user has it, installed from its wheel into a fresh venv,
in a git repository of their own layout ([tool.catgen]: ADRs under docs/adr/, outputs
under src/billing/errors/), every command run from a subdirectory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, SEEDS

CONFIG = """\
[project]
name = "billing"
version = "1.0.0"

[tool.catgen]
catalogs = "catalogs"
documents = "docs/adr"
output = "src/billing/errors"
package = "billing.errors"
"""

CONSUMER = """\
from billing.errors import CATALOGS
from billing.errors.adr_0005.enums import ReasonCode, Severity, StageId
from billing.errors.adr_0005.registry import BY_CODE, CodeEntry, exit_code, lookup


def severity_of(code: ReasonCode) -> Severity | None:
    entries: tuple[CodeEntry, ...] = BY_CODE[code]
    return entries[0].severity


entry = lookup(StageId.RUNNER, ReasonCode.INPUT_MISSING)
status: int = exit_code("failed")
print(CATALOGS, severity_of(ReasonCode.INPUT_MISSING), entry is None, status)
"""


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def install_wheel(tmp_path: Path) -> Path:
    """Build catgen's wheel and install it into a fresh venv; return its bin folder."""
    wheels = tmp_path / "wheels"
    build = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels)]
        + [str(REPO)],
        tmp_path,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("catgen_taxonomy-*.whl")
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    pip = run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        tmp_path,
    )
    assert pip.returncode == 0, pip.stderr
    return venv / "bin"


def make_repository(root: Path) -> None:
    """A git repository with an ADR of its own and a src/ package to generate into."""
    (root / "docs" / "adr").mkdir(parents=True)
    (root / "src" / "billing").mkdir(parents=True)
    (root / "tools").mkdir()
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (root / "src" / "billing" / "__init__.py").write_text("", encoding="utf-8")
    shutil.copyfile(SEEDS / "000_6e90b98bb373a83e.txt", root / "docs/adr/ADR-0005.md")
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"]):
        assert run(["git", *args], root).returncode == 0
    assert run(["git", "config", "user.name", "T"], root).returncode == 0


def commit(root: Path, message: str) -> None:
    assert run(["git", "add", "-A"], root).returncode == 0
    assert run(["git", "commit", "-q", "-m", message], root).returncode == 0


def test_a_user_repository_from_the_wheel(tmp_path: Path) -> None:
    bin_dir = install_wheel(tmp_path)
    catgen = str(bin_dir / "catgen")
    root = tmp_path / "billing"
    make_repository(root)
    sub = root / "tools"

    extract = run([catgen, "extract", "../docs/adr/ADR-0005.md", "--mark"], sub)
    assert extract.returncode == 0, extract.stderr
    assert extract.stdout.splitlines()[-2:] == [
        "wrote catalogs/adr_0005.catalog.yaml",
        "wrote docs/adr/ADR-0005.md",
    ]
    catalog = root / "catalogs" / "adr_0005.catalog.yaml"
    assert "\ndocument: ADR-0005.md\n" in catalog.read_text(encoding="utf-8")

    generate = run([catgen, "generate"], sub)
    assert generate.returncode == 0, generate.stderr
    written = generate.stdout.splitlines()
    assert "wrote src/billing/errors/adr_0005/enums.py" in written
    assert "wrote src/billing/errors/py.typed" in written
    assert all(line.startswith("wrote src/") for line in written[:-1])
    check = run([catgen, "check"], sub)
    assert (check.returncode, check.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )
    commit(root, "adopt ADR-0005")

    text = catalog.read_text(encoding="utf-8")
    old = "description: Required upstream input artifact missing or unreadable."
    assert old in text
    catalog.write_text(text.replace(old, old[:-1] + " (any input)."), "utf-8")
    commit(root, "reword input_missing")
    diff = run([catgen, "diff", "--against", "HEAD~1"], sub)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    lines = diff.stdout.splitlines()
    assert (
        lines[0]
        == "catalogs/adr_0005.catalog.yaml:4:1: note: catalog adr_0005 version 0.1.0 -> 0.1.0"
    )
    assert lines[1].startswith("catalogs/adr_0005.catalog.yaml:")
    assert lines[1].endswith(
        ": cosmetic DESCRIPTION_CHANGED: code `input_missing` in scope `*`: "
        "description changed"
    )

    quiet_gate = run([catgen, "diff", "--against", "HEAD~1", "--format", "github"], sub)
    assert quiet_gate.returncode == 0, quiet_gate.stdout + quiet_gate.stderr
    assert "::error" not in quiet_gate.stdout

    # A breaking edit without a version bump: the GitHub gate annotates the catalog.
    text = catalog.read_text(encoding="utf-8")
    assert "severity: FATAL\n" in text
    catalog.write_text(text.replace("severity: FATAL\n", "severity: NON-FATAL\n", 1))
    gate = run([catgen, "diff", "--against", "HEAD", "--format", "github"], sub)
    assert gate.returncode == 7, gate.stdout + gate.stderr
    errors = [line for line in gate.stdout.splitlines() if line.startswith("::error ")]
    assert errors, gate.stdout
    assert all("file=catalogs/adr_0005.catalog.yaml,line=" in e for e in errors)
    catalog.write_text(text, encoding="utf-8")

    # Both pre-commit hooks, run as pre-commit runs them: their entry, from the root.
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = [
        line.split(":", 1)[1].split()
        for line in hooks.splitlines()
        if line.strip().startswith("entry:")
    ]
    assert [e[:2] for e in entries] == [["catgen", "check"], ["catgen", "generate"]]
    hook_env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    check_hook, generate_hook = entries
    # The reworded description was committed without regenerating: the check hook
    # stops the commit, the generate hook rewrites the outputs, then the check passes.
    stopped = run(check_hook, root, hook_env)
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "stale: src/billing/errors/adr_0005/enums.py" in stopped.stderr
    fixed = run(generate_hook, root, hook_env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "wrote src/billing/errors/adr_0005/enums.py" in fixed.stdout
    passed = run(check_hook, root, hook_env)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    # The generated package types a consumer's code: mypy --strict passes.
    (root / "consumer.py").write_text(CONSUMER, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": "src", "PYTHONPATH": "src"}
    mypy = run([sys.executable, "-m", "mypy", "--strict", "consumer.py"], root, env)
    assert mypy.returncode == 0, mypy.stdout
    ran = run([str(bin_dir / "python"), "consumer.py"], root, env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "('adr_0005',) FATAL False 20\n"

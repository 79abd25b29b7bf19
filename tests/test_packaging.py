"""catgen works when installed from its wheel, not only from a checkout: the templates
travel inside the package and the output is byte-identical to the checkout's."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_wheel_install_generates_the_same_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels)]
        + [str(REPO)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("catgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(
        p.relative_to(REPO).as_posix() for p in REPO.glob("templates/**/*.j2")
    )
    assert sorted(n.removeprefix("generator/") for n in names if n.endswith(".j2")) == (
        templates
    )
    assert "generator/metaschema/catalog.schema.json" in names

    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    project = tmp_path / "project"
    shutil.copytree(REPO / "spec", project / "spec")
    # PYTHONPATH comes before the editable install's finder: the wheel's copy is used.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = "import generator, sys; print(generator.TEMPLATES_DIR)"
    where = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert where.stdout.strip() == str(site / "generator" / "templates")
    run = subprocess.run(
        [sys.executable, "-c", "from generator.entry import main; main()"]
        + ["generate", "--root", str(project)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    comparison = filecmp.dircmp(
        REPO / "generated", project / "generated", ["__pycache__"]
    )
    assert _differences(comparison) == []


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found

"""catgen works when installed from its wheel, not only from a checkout: the templates,
the metaschema and the catalog format reference travel inside the package, the output is
byte-identical to the checkout's, and installing it pulls no formatter."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
DIST = PYPROJECT["project"]["name"]
# The import package that the source folder generator/ is installed as.
PACKAGE = next(
    (
        name
        for name, folder in PYPROJECT["tool"]["setuptools"]
        .get("package-dir", {})
        .items()
        if folder == "generator"
    ),
    "generator",
)


def source_copy(target: Path) -> Path:
    """Copy the files git would ship (tracked, or new and not ignored) to `target`: a
    stale git-ignored build/ or egg-info in the checkout must not reach the wheel."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for name in listing.stdout.decode("utf-8").split("\0"):
        source = REPO / name
        if name and source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = source_copy(work / "source")
    wheels = work / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels)]
        + [str(source)],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
    )
    assert build.returncode == 0, build.stderr
    (built,) = wheels.glob(f"{DIST.replace('-', '_')}-*.whl")
    return built


def test_the_wheel_carries_templates_metaschema_and_docs(wheel: Path) -> None:
    """Exactly the checkout's modules: a stale build/lib (git-ignored) adds none."""
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(
        p.relative_to(REPO).as_posix() for p in REPO.glob("templates/**/*.j2")
    )
    shipped = sorted(n.removeprefix(f"{PACKAGE}/") for n in names if n.endswith(".j2"))
    assert shipped == templates
    assert f"{PACKAGE}/metaschema/catalog.schema.json" in names
    assert f"{PACKAGE}/docs/catalog-format.md" in names
    modules = sorted(
        p.relative_to(REPO / "generator").as_posix()
        for p in (REPO / "generator").rglob("*.py")
    )
    assert (
        sorted(
            n.removeprefix(f"{PACKAGE}/")
            for n in names
            if n.endswith(".py") and n.startswith(f"{PACKAGE}/")
        )
        == modules
    )


def test_the_wheel_requires_no_formatter(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        ]
        requires = [
            line.split(":", 1)[1].strip()
            for line in archive.read(metadata).decode("utf-8").splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line
        ]
    names = {
        r.split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in requires
    }
    assert names == {
        "click",
        "jinja2",
        "jsonschema",
        "markdown-it-py",
        "pydantic",
        "pyyaml",
        "ruamel.yaml",
    }


def test_wheel_install_generates_the_same_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    project = tmp_path / "project"
    shutil.copytree(REPO / "spec", project / "spec")
    # PYTHONPATH comes before the editable install's finder: the wheel's copy is used.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = f"import {PACKAGE}, sys; print({PACKAGE}.TEMPLATES_DIR)"
    where = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert where.stdout.strip() == str(site / PACKAGE / "templates")
    catgen = [sys.executable, "-c", f"from {PACKAGE}.entry import main; main()"]
    run = subprocess.run(
        [*catgen, "generate", "--root", str(project)],
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
    docs = subprocess.run(
        [*catgen, "docs"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert docs.returncode == 0, docs.stderr
    assert docs.stdout == (REPO / "docs" / "catalog-format.md").read_text("utf-8")


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found

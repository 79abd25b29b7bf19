"""Find the project root: the nearest folder, walking up, that holds catgen's config.

A folder is the root when it holds a `catgen.toml`, or a `pyproject.toml` with a line
that opens catgen's table (`[tool.catgen]` or one of its sub-tables), or, without a
config, catalogs in the default layout (`spec/*.catalog.yaml`): a project of the default
layout nested inside a configured repository (a fixture, a benchmark's copy) is its own
project, not the outer one. Without any of these up to the file system root, the
starting folder is the root and the layout is the default one (spec/, generated/). The textual test is the rule itself, not a guess: the full
command and the speed-cache fast path share this module, so they always agree.

On the hot path of the unchanged `catgen check`: imports nothing but os (no tomllib).
"""

from __future__ import annotations

import os

CONFIG_FILE = "catgen.toml"
PYPROJECT = "pyproject.toml"
TABLE_HEADERS = (b"[tool.catgen]", b"[tool.catgen.")
DEFAULT_CATALOGS = "spec"
CATALOG_SUFFIX = ".catalog.yaml"


def declares_catgen(data: bytes) -> bool:
    """Return True if a pyproject.toml text opens a `[tool.catgen]` table."""
    if b"[tool.catgen" not in data:  # the common answer, without splitting lines
        return False
    return any(line.strip().startswith(TABLE_HEADERS) for line in data.splitlines())


def config_in(folder: str) -> str | None:
    """Return the path of catgen's config file in `folder`, or None."""
    candidate = os.path.join(folder, CONFIG_FILE)
    if os.path.isfile(candidate):
        return candidate
    candidate = os.path.join(folder, PYPROJECT)
    try:
        with open(candidate, "rb") as handle:
            if declares_catgen(handle.read()):
                return candidate
    except OSError:  # no pyproject.toml here (or an unreadable one: not a config)
        pass
    return None


def has_default_catalogs(folder: str) -> bool:
    """Return True if `folder` holds catalogs in the default layout (spec/*.catalog.yaml)."""
    try:
        names = os.listdir(os.path.join(folder, DEFAULT_CATALOGS))
    except OSError:  # no spec/ folder here
        return False
    return any(name.endswith(CATALOG_SUFFIX) for name in names)


def find_project(start: str) -> tuple[str, str | None]:
    """Return (project root, config file or None), walking up from `start`."""
    start = os.path.abspath(start)
    if not os.path.isdir(start):  # a wrong --root is named as such, never walked past
        return start, None
    folder = start
    while True:
        config = config_in(folder)
        if config is not None:
            return folder, config
        if has_default_catalogs(folder):
            return folder, None
        parent = os.path.dirname(folder)
        if parent == folder:
            return start, None
        folder = parent

"""The speed cache of the unchanged `catgen check`: never committed, never a verdict.

A clean full check or a `generate` records, in `<root>/.catgen_cache/`, content
hashes of everything the verdict depends on: catgen's version and its own installed
source and templates, the Python version and the distributions installed beside its
dependencies, every catalog file (and their list), every output file (spec documents by
their whole text), the project config file (and the layout it gave: catalogs and output
folders), every file in the project's template folders, and the lint warnings of that
run. The fast path answers "clean" only when all of it still
matches and no unknown headered file has appeared under the output folder; anything
else, including a missing, corrupt or unreadable cache, falls back to the full check.
The folder ignores itself for git (like .pytest_cache), so it cannot be committed or
conflict in a merge, and writing it is best-effort: it can never make a command fail.

On the hot path of `catgen check`: imports only os, sys and the BLAKE2 C module (no
pathlib, re, json or hashlib, which together cost ~20 ms before site has loaded them).
"""

from __future__ import annotations

import os
import stat
import sys

from . import PACKAGE_DIR, TEMPLATES_DIR, __version__
from .discovery import CATALOG_SUFFIX, DEFAULT_CATALOGS, config_in
from .ownership import (
    GENERATED_DIR,
    IGNORED_PARTS,
    owned_files,
    remove_leftover_temps,
    resolve_inside,
    temp_name,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: collections.abc costs ~2 ms to import
    from collections.abc import Iterable, Mapping

    from .config import Project

try:  # the C module behind hashlib.blake2b: importing hashlib also loads OpenSSL (~5 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CACHE_DIR = ".catgen_cache"
FORMAT = "catgen-check-cache 2"
NO_CONFIG = "-"
GITIGNORE = (
    "# Created by catgen: a speed cache of `catgen check`. Never commit it.\n*\n"
)
_SOURCE_SUFFIXES = (".py", ".json", ".j2")
DEPENDENCIES = (
    "click",
    "jinja2",
    "jsonschema",
    "markdown_it",
    "pydantic",
    "ruamel",
    "yaml",
)


def content_hash(data: bytes) -> str:
    """Return the 256-bit BLAKE2b hex digest of `data`."""
    return blake2b(data, digest_size=32).hexdigest()


def cache_path(root: str | os.PathLike[str]) -> str:
    """Return this installation's cache file: one per interpreter and catgen
    location, so two installs used on one project (a hook's venv and a development
    venv, say) do not overwrite each other's record on every run."""
    install = f"{sys.executable}\0{os.path.dirname(os.path.abspath(__file__))}"
    name = f"check-{content_hash(install.encode('utf-8', 'surrogateescape'))[:16]}"
    return os.path.join(root, CACHE_DIR, name)


def _file_hash(path: str) -> str:
    """Hash a regular file; anything else (a FIFO would block) is an OSError, so the
    full check decides."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(f"{path} is not a regular file")
    with open(path, "rb") as handle:
        return content_hash(handle.read())


def _plain_file_hash(path: str) -> str:
    """Hash a file that is not a symlink (one is an OSError: the full check decides)."""
    with open(os.open(path, os.O_RDONLY | _NOFOLLOW), "rb") as handle:
        return content_hash(handle.read())


def _source_files(folder: str) -> list[str]:
    """Return catgen's source and template files under `folder`, sorted, caches skipped."""
    found: list[str] = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_PARTS)
        found += [
            os.path.join(parent, f) for f in files if f.endswith(_SOURCE_SUFFIXES)
        ]
    return sorted(found)


def dependency_folders() -> list[str]:
    """Return the folders that hold catgen's dependencies, without importing them."""
    from importlib.util import find_spec

    folders = set()
    for name in DEPENDENCIES:
        spec = find_spec(name)
        if spec is not None and spec.origin:
            folders.add(os.path.dirname(os.path.dirname(spec.origin)))
    return sorted(folders)


def environment_key(folders: Iterable[str]) -> str:
    """Hash what the verdict depends on besides the project: catgen's version, source
    and templates, the Python version, and the distributions installed in `folders`
    (a dependency upgrade, Jinja2 say, can change an output)."""
    digest = blake2b(digest_size=32)
    for part in (__version__, sys.version, *_distributions(folders)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    bases = [PACKAGE_DIR]
    if not TEMPLATES_DIR.startswith(PACKAGE_DIR + os.sep):  # a checkout, not a wheel
        bases.append(TEMPLATES_DIR)
    for base in bases:
        for path in _source_files(base):
            label = os.path.relpath(path, base).replace(os.sep, "/")
            line = f"{label}\0{_file_hash(path)}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _distributions(folders: Iterable[str]) -> list[str]:
    names: list[str] = []
    for folder in folders:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        names += [n for n in entries if n.endswith((".dist-info", ".egg-info"))]
    return sorted(names)


def catalog_hashes(
    root: str | os.PathLike[str], folder: str = DEFAULT_CATALOGS
) -> dict[str, str] | None:
    """Return catalog file name -> content hash for the catalogs folder, or None if one
    is unreadable.

    Lists every name ending in .catalog.yaml, a superset of what the loader globs, so an
    unchanged listing means an unchanged set of catalogs."""
    spec = os.path.join(root, folder)
    try:
        names = sorted(n for n in os.listdir(spec) if n.endswith(CATALOG_SUFFIX))
        return {name: _file_hash(os.path.join(spec, name)) for name in names}
    except OSError:
        return None


def config_line(root: str | os.PathLike[str]) -> str:
    """Return the cache line naming the project's config file and its content hash."""
    config = config_in(os.fspath(root))
    if config is None:
        return f"config\t{NO_CONFIG}"
    return f"config\t{_file_hash(config)}\t{os.path.relpath(config, root)}"


def template_hashes(
    root: str | os.PathLike[str], folders: Iterable[str]
) -> dict[str, str]:
    """Return root-relative path -> hash of every file in the project template folders."""
    hashes = {}
    for folder in folders:
        for parent, dirs, files in os.walk(os.path.join(root, folder)):
            dirs[:] = sorted(d for d in dirs if d not in IGNORED_PARTS)
            for name in files:
                path = os.path.join(parent, name)
                label = os.path.relpath(path, root).replace(os.sep, "/")
                hashes[label] = _file_hash(path)
    return hashes


def render_cache(
    catalogs: Mapping[str, str],
    outputs: Iterable[tuple[str, str]],
    warnings: Iterable[str],
    project: Project | None = None,
    root: str | os.PathLike[str] = ".",
) -> str | None:
    """Return the cache text for a clean run, or None if a value cannot be stored."""
    folders = dependency_folders()
    lines = [FORMAT, f"env\t{environment_key(folders)}", config_line(root)]
    lines += [f"deps\t{folder}" for folder in folders]
    if project is not None:
        lines.append(f"layout\t{project.catalogs}\t{project.output}")
        lines += [f"tfolder\t{folder}" for folder in project.templates]
        hashes = template_hashes(root, project.templates)
        lines += [f"template\t{digest}\t{path}" for path, digest in hashes.items()]
    lines += [f"catalog\t{digest}\t{name}" for name, digest in catalogs.items()]
    for path, content in sorted(outputs):
        digest = content_hash(content.encode("utf-8", "surrogateescape"))
        lines.append(f"output\t{digest}\t{path}")
    lines += [f"warning\t{warning}" for warning in warnings]
    if any("\n" in line for line in lines):  # one record per line: not storable
        return None
    return "\n".join(lines) + "\n"


def remember_clean(
    root: str | os.PathLike[str] | Project,
    catalogs: Mapping[str, str] | None,
    outputs: Iterable[tuple[str, str]],
    warnings: Iterable[str],
) -> None:
    """Record a clean run for the fast path; best-effort, it never raises.

    `root` is the project root, or the Project (its layout is then recorded too).
    `catalogs` must be hashed before the catalogs were loaded: an edit during the run
    then makes the record stale rather than wrong."""
    if catalogs is None:
        return
    project = None
    if not isinstance(root, (str, os.PathLike)):
        project, root = root, root.root
    folder = os.path.join(root, CACHE_DIR)
    # Bookkeeping must never fail the user: an unreadable source file, an unwritable
    # folder or a value UTF-8 cannot encode only means no cache this time.
    try:
        text = render_cache(catalogs, outputs, warnings, project, root)
        if text is None:
            return
        os.makedirs(folder, exist_ok=True)
        remove_leftover_temps([folder])  # from a run killed mid-write
        if not os.path.isfile(os.path.join(folder, ".gitignore")):
            _write_atomic(os.path.join(folder, ".gitignore"), GITIGNORE)
        path = cache_path(root)
        if _read(path) != text:  # write only what changed
            _write_atomic(path, text)
    except (OSError, ValueError, ImportError):
        pass


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def _write_atomic(path: str, text: str) -> None:
    folder, name = os.path.split(path)
    temp = os.path.join(folder, temp_name(name))
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    finally:  # after a failed write; an OSError here is ignored by the caller too
        if os.path.lexists(temp):
            os.unlink(temp)


class _Record:
    """A parsed cache file."""

    def __init__(self, env: str, config: str) -> None:
        self.env = env
        self.config = config
        self.catalogs_folder = DEFAULT_CATALOGS
        self.output_folder = GENERATED_DIR
        self.template_folders: list[str] = []
        self.templates: dict[str, str] = {}
        self.folders: list[str] = []
        self.catalogs: dict[str, str] = {}
        self.outputs: dict[str, str] = {}
        self.warnings: list[str] = []

    def add(self, line: str) -> bool:
        """Add one `kind<TAB>value` line; return False if it is not one."""
        kind, _, value = line.partition("\t")
        if kind == "warning":
            self.warnings.append(value)
        elif kind == "deps":
            self.folders.append(value)
        elif kind == "tfolder":
            self.template_folders.append(value)
        elif kind == "layout":
            self.catalogs_folder, _, self.output_folder = value.partition("\t")
        elif kind in ("catalog", "output", "template"):
            digest, _, name = value.partition("\t")
            if len(digest) != 64 or not name:
                return False
            self._hashes(kind)[name] = digest
        else:
            return False
        return True

    def _hashes(self, kind: str) -> dict[str, str]:
        if kind == "catalog":
            return self.catalogs
        return self.outputs if kind == "output" else self.templates


def _parse(text: str) -> _Record | None:
    """Return the record of a cache text, or None if it is not one."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[0] != FORMAT or lines[-1] != "":
        return None
    if not lines[1].startswith("env\t") or not lines[2].startswith("config\t"):
        return None
    record = _Record(lines[1][4:], lines[2])
    if not all(record.add(line) for line in lines[3:-1]):
        return None
    return record


def cached_warnings(root: str | os.PathLike[str]) -> list[str] | None:
    """Return the recorded warnings if the cache proves the tree clean, else None."""
    try:
        with open(cache_path(root), encoding="utf-8") as f:
            record = _parse(f.read())
        if record is None or record.config != config_line(root):
            return None  # another config, or the config file changed
        if record.env != environment_key(record.folders):
            return None
        if catalog_hashes(root, record.catalogs_folder) != record.catalogs:
            return None
        if template_hashes(root, record.template_folders) != record.templates:
            return None
        # Where each output really is; one outside the project fails the full check.
        real = resolve_inside(root, record.outputs, files=False)
        for path, expected in record.outputs.items():
            where = real[path]
            if where is None or _plain_file_hash(where) != expected:
                return None
        # A headered file that no catalog produces is stale for the full check.
        if owned_files(root, skip=record.outputs.keys(), folder=record.output_folder):
            return None
        return record.warnings
    except (OSError, ValueError):
        return None

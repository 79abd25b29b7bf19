"""The project config: `[tool.catgen]` in pyproject.toml, or a catgen.toml.

Every key is optional; no config means today's layout (spec/, generated/). Paths are
relative to the project root (the folder holding the config file) and every message
names files relative to it. Keys:

    catalogs  = "spec"          # folder of *.catalog.yaml
    documents = "spec"          # a catalog's `document:` is relative to it (default:
                                # the catalogs folder)
    output    = "generated"     # the generated package folder, e.g. "src/billing/errors"
    package   = "generated"     # its import name (default: the output folder's last part)
    targets   = [...]           # names of the targets to run (default: all, built-in
                                # targets first, then the project's own)
    templates = ["templates"]   # project template folders, searched before catgen's

    [tool.catgen.extract.columns]   # table headers `catgen extract` gives a role:
    "Failure kind" = "code"         # code, description or an attribute name, or
    "Tier" = {field = "tier", type = "enum"}    # with the attribute's type

    [tool.catgen.target.NAME]   # a target of the project's own (catgen.toml: [target.NAME])
    template = "ts/codes.ts.j2" # a template under one of the template folders
    path = "{output}/ts/{catalog.id}.ts"
    per = "catalog"             # or "once"
    context = "codes"           # the context kind it renders (docs/catalog-format.md)
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .discovery import CONFIG_FILE, DEFAULT_CATALOGS, find_project
from .errors import CatgenError, ExitCode, Location, Problem
from .ownership import GENERATED_DIR

DEFAULT_OUTPUT = GENERATED_DIR
PER_VALUES = ("catalog", "once")
_KEYS = {
    "catalogs",
    "documents",
    "output",
    "package",
    "targets",
    "templates",
    "target",
    "extract",
}
_COLUMN_TYPES = ("enum", "text", "string", "integer", "boolean")
_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_TARGET_KEYS = {"template", "path", "per", "context"}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*\Z")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class ConfigError(CatgenError):
    """The project config is malformed (exit 2, like a bad command-line option)."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class TargetSpec:
    """One output kind as data: which template renders which context, to which path."""

    name: str
    template: str
    path: str  # a str.format pattern: {output}, {catalog.id}, context fields
    per: str  # "catalog": one output per catalog; "once": one for all catalogs
    context: str  # the context kind (generator/targets/__init__.py CONTEXT_KINDS)


@dataclass(frozen=True)
class Project:
    """Where a project keeps its catalogs, documents, outputs and templates."""

    root: Path
    config_file: str | None = None  # root-relative, None without a config
    catalogs: str = DEFAULT_CATALOGS
    documents: str = DEFAULT_CATALOGS
    output: str = DEFAULT_OUTPUT
    package: str = DEFAULT_OUTPUT
    targets: tuple[str, ...] | None = None  # None: every target
    templates: tuple[str, ...] = ()
    own_targets: tuple[TargetSpec, ...] = ()
    # [extract.columns]: (header, field, attribute type or None) per configured header
    extract_columns: tuple[tuple[str, str, str | None], ...] = ()

    def document_path(self, document: str) -> str:
        """Return a catalog's `document:` as a root-relative '/' path."""
        return posixpath.normpath(posixpath.join(self.documents, document))

    @property
    def catalog_glob(self) -> str:
        """Return the catalogs' file pattern, as generated headers name it."""
        return f"{self.catalogs}/*.catalog.yaml"

    @property
    def import_root(self) -> Path:
        """Return the folder to put on sys.path to import the output package."""
        depth = self.package.count(".") + 1
        return (self.root / self.output).parents[depth - 1]

    def template_folders(self) -> tuple[str, ...]:
        """Return the project's template folders as absolute paths."""
        return tuple(str(self.root / folder) for folder in self.templates)


def find_root(start: Path) -> Path:
    """Return the project root for a working directory or --root value."""
    return Path(find_project(str(start))[0])


def load_project(start: Path) -> Project:
    """Find the project by walking up from `start` and read its config."""
    root, config = find_project(str(start))
    return project_at(Path(root), config)


def project_at(root: Path, config: str | None = None) -> Project:
    """Return the project whose root is `root` (its config file read, if any)."""
    if config is None:
        config = _config_file(root)
    if config is None:
        return Project(root=root)
    relpath = os.path.relpath(config, root).replace(os.sep, "/")
    table = _read_table(Path(config), relpath)
    return _project(root, relpath, table)


def _config_file(root: Path) -> str | None:
    from .discovery import config_in

    return config_in(str(root))


def _read_table(path: Path, relpath: str) -> dict[str, Any]:
    """Return catgen's table of a config file."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            Problem(Location(relpath), f"cannot read config: {exc}", "check the file")
        ) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (0, 0)
        raise ConfigError(
            Problem(
                Location(relpath, line, column),
                f"malformed TOML: {str(exc).split(' (at')[0]}",
                "fix the TOML syntax at this position",
            )
        ) from None
    if path.name == CONFIG_FILE:
        return data
    table = data.get("tool", {}).get("catgen")
    return table if isinstance(table, dict) else {}


def _fail(relpath: str, message: str, hint: str) -> ConfigError:
    return ConfigError(Problem(Location(relpath), message, hint))


def _folder(table: dict[str, Any], key: str, default: str, relpath: str) -> str:
    """Return a root-relative folder key, normalised; never outside the root."""
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise _fail(relpath, f"`{key}` must be a folder path", f'e.g. {key} = "spec"')
    folder = posixpath.normpath(value.replace("\\", "/"))
    if posixpath.isabs(folder) or folder == ".." or folder.startswith("../"):
        raise _fail(
            relpath,
            f"`{key}` = {value!r} is outside the project",
            "give a folder relative to the project root (where the config is)",
        )
    return folder


def _names(table: dict[str, Any], key: str, relpath: str) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(relpath, f"`{key}` must be a list of strings", f"{key} = [...]")
    return tuple(value)


def _project(root: Path, relpath: str, table: dict[str, Any]) -> Project:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise _fail(
            relpath,
            f"unknown catgen config key(s): {', '.join(unknown)}",
            f"use only {', '.join(sorted(_KEYS))} (see docs/catalog-format.md)",
        )
    catalogs = _folder(table, "catalogs", DEFAULT_CATALOGS, relpath)
    output = _folder(table, "output", DEFAULT_OUTPUT, relpath)
    if output == ".":  # catgen would then own headered files anywhere in the project
        raise _fail(
            relpath, "`output` must be a subfolder", 'e.g. output = "generated"'
        )
    package = table.get("package", posixpath.basename(output))
    _check_package(package, output, relpath)
    templates = _names(table, "templates", relpath) or ()
    return Project(
        root=root,
        config_file=relpath,
        catalogs=catalogs,
        documents=_folder(table, "documents", catalogs, relpath),
        output=output,
        package=package,
        targets=_names(table, "targets", relpath),
        templates=tuple(
            _folder({"templates": t}, "templates", "", relpath) for t in templates
        ),
        own_targets=_targets(table.get("target", {}), relpath),
        extract_columns=_extract_columns(table.get("extract", {}), relpath),
    )


def _check_package(package: Any, output: str, relpath: str) -> None:
    parts = package.split(".") if isinstance(package, str) else [""]
    if not all(_IDENTIFIER.match(part) for part in parts):
        raise _fail(
            relpath,
            f"`package` = {package!r} is not a Python import name",
            'e.g. package = "billing.errors"',
        )
    if not (output == "/".join(parts) or output.endswith("/" + "/".join(parts))):
        raise _fail(
            relpath,
            f"`output` = {output!r} does not end with the folders of package "
            f"{package!r}",
            f'put the package at .../{"/".join(parts)} or name it after the folder',
        )


def _targets(value: Any, relpath: str) -> tuple[TargetSpec, ...]:
    """Return the project's own target declarations."""
    if not isinstance(value, dict):
        raise _fail(relpath, "`target` must be a table of tables", "[target.NAME]")
    specs = []
    for name, entry in value.items():
        where = f"target {name!r}"
        if not _NAME.match(name) or not isinstance(entry, dict):
            raise _fail(relpath, f"{where}: not a named table", "[target.NAME] ...")
        missing = sorted({"template", "path", "context"} - set(entry))
        extra = sorted(set(entry) - _TARGET_KEYS)
        if missing or extra:
            raise _fail(
                relpath,
                f"{where}: "
                + ("missing " + ", ".join(missing) if missing else "")
                + (" unknown " + ", ".join(extra) if extra else ""),
                f"a target has the keys {', '.join(sorted(_TARGET_KEYS))}",
            )
        per = entry.get("per", "catalog")
        if per not in PER_VALUES or not all(
            isinstance(entry[k], str) for k in ("template", "path", "context")
        ):
            raise _fail(
                relpath,
                f"{where}: template, path and context are strings, per is "
                "'catalog' or 'once'",
                "fix the entry",
            )
        specs.append(
            TargetSpec(name, entry["template"], entry["path"], per, entry["context"])
        )
    return tuple(specs)


def _extract_columns(
    value: Any, relpath: str
) -> tuple[tuple[str, str, str | None], ...]:
    """Return the headers `[extract.columns]` gives a role: (header, field, type)."""
    hint = '[extract.columns] "Header" = "field" or {field = "f", type = "enum"}'
    extra = sorted(set(value) - {"columns"}) if isinstance(value, dict) else []
    columns = value.get("columns", {}) if isinstance(value, dict) else None
    if extra or not isinstance(columns, dict):
        raise _fail(relpath, "`extract` has one table, `columns`", hint)
    out: list[tuple[str, str, str | None]] = []
    for header, role in columns.items():
        entry = role if isinstance(role, dict) else {"field": role}
        field, kind = entry.get("field"), entry.get("type")
        if (
            set(entry) - {"field", "type"}
            or not isinstance(field, str)
            or not _SNAKE.match(field)
            or kind not in (None, *_COLUMN_TYPES)
        ):
            raise _fail(
                relpath,
                f"extract column {header!r}: the field is a snake_case name and the "
                f"type one of {', '.join(_COLUMN_TYPES)}",
                hint,
            )
        out.append((header, field, kind))
    return tuple(out)

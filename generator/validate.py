"""`catgen validate`: run the generated validators on runtime artifacts."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .config import Project, project_at
from .errors import ExitCode, InputError, Location, Problem


@dataclass(frozen=True)
class ArtifactKind:
    name: str
    description: str
    validate: Callable[[Any], list[Any]]
    registry: ModuleType
    stage_list: str | None


def import_generated(root: Path, *module: str) -> ModuleType:
    """Import the project's generated package (or one of its modules) from its output
    folder, forgetting any other tree of the same name imported before."""
    project = project_at(root)
    _use_package(project)
    return importlib.import_module(".".join((project.package, *module)))


def _use_package(project: Project) -> None:
    """Make the package name resolve to the project's output folder."""
    top = project.package.split(".")[0]
    loaded = sys.modules.get(project.package)
    location = getattr(loaded, "__file__", None) or ""
    if loaded is not None and Path(location).parent != project.root / project.output:
        for name in [n for n in sys.modules if n.split(".")[0] == top]:
            del sys.modules[name]
        importlib.invalidate_caches()
    path = str(project.import_root)
    if path in sys.path:
        sys.path.remove(path)
    sys.path.insert(0, path)


def load_artifact_kinds(root: Path) -> dict[str, ArtifactKind]:
    """Import the generated validators of every catalog and index them by KIND."""
    project = project_at(root)
    if not (root / project.output / "__init__.py").is_file():
        raise InputError(
            Problem(
                Location(f"{project.output}/"),
                "no generated code found",
                "run `catgen generate` first",
            )
        )
    package = import_generated(root)
    kinds: dict[str, ArtifactKind] = {}
    for catalog_id in package.CATALOGS:
        try:
            validators = import_generated(root, catalog_id, "validators")
        except ModuleNotFoundError:
            continue
        registry = import_generated(root, catalog_id, "registry")
        for name, function in validators.VALIDATORS.items():
            kinds[name] = ArtifactKind(
                name,
                validators.DESCRIPTIONS[name],
                function,
                registry,
                validators.STAGE_LISTS.get(name),
            )
    return dict(sorted(kinds.items()))


def list_artifact_kinds(root: Path) -> list[tuple[str, str]]:
    """Return (KIND, description) for every artifact kind the catalogs declare."""
    return [(k.name, k.description) for k in load_artifact_kinds(root).values()]


def _read_json(path: Path) -> Any:
    shown = str(path)
    if path.is_dir():
        raise InputError(
            Problem(Location(shown), "is a directory, not a file", "pass a JSON file")
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            Problem(Location(shown), "no such file", "check the path")
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            Problem(Location(shown), f"cannot read file: {exc}", "check the file")
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(
                Location(shown, exc.lineno, exc.colno),
                f"malformed JSON: {exc.msg}",
                "fix the JSON syntax at this position",
            )
        ) from None


def validate_files(
    root: Path, kind: str, files: tuple[Path, ...], output_format: str
) -> tuple[str, int]:
    """Validate each file; return the report text and the exit code."""
    kinds = load_artifact_kinds(root)
    if kind not in kinds:
        known = ", ".join(kinds) or "none"
        raise InputError(
            Problem(
                Location(kind),
                f"unknown artifact kind {kind!r}",
                f"use one of: {known} (see `catgen validate --list`)",
            )
        )
    artifact = kinds[kind]
    results = []
    for path in files:
        try:
            document = _read_json(path)
        except InputError as exc:
            results.append({"file": str(path), "error": str(exc.problems[0])})
            continue
        violations = artifact.validate(document)
        result: dict[str, Any] = {
            "file": str(path),
            "kind": kind,
            "valid": not violations,
            "violations": [v.as_dict() for v in violations],
        }
        if not violations and artifact.stage_list is not None:
            model = artifact.registry.STAGE_MODEL
            entries = _entries(document, artifact.stage_list)
            status = model.derive_run_status(entries)
            result["run_status"] = status
            result["exit_code"] = model.exit_code(status)
        results.append(result)
    if any("error" in r for r in results):
        code = ExitCode.INPUT
    elif all(r["valid"] for r in results):
        code = ExitCode.OK
    else:
        code = ExitCode.INVALID
    if output_format == "json":
        return json.dumps(results, indent=2, ensure_ascii=False) + "\n", code
    return "".join(_human(r) for r in results), code


def _entries(document: Any, pointer: str) -> list[Any]:
    current = document
    for token in pointer.strip("/").split("/"):
        current = current[token]
    return [entry for entry in current if isinstance(entry, dict)]


def _human(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"error: {result['error']}\n"
    if result["valid"]:
        extra = ""
        if "run_status" in result:
            extra = (
                f" (run status {result['run_status']}, exit code {result['exit_code']})"
            )
        return f"{result['file']}: valid{extra}\n"
    lines = [
        f"{result['file']}: {v['pointer']}: [{v['rule']}] {v['message']}\n"
        for v in result["violations"]
    ]
    lines.append(f"{result['file']}: {len(result['violations'])} violation(s)\n")
    return "".join(lines)

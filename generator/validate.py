"""`catgen validate`: run the generated validators on runtime artifacts."""

from __future__ import annotations

import importlib
import json
import math
import re
import stat
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


# Limits on a validated file, checked before the expensive step (documented in
# docs/catalog-format.md, "Validating runtime artifacts").
MAX_FILE_BYTES = 64 * 1024 * 1024  # checked before the file is read
MAX_DEPTH = 200  # nested arrays and objects; the validators recurse per level
MAX_INTEGER_DIGITS = (
    1000  # int() of a longer literal is quadratic (and refused at 4300)
)

# One JSON token at a time, to locate what the parser's hooks refused: a string, a
# bracket, a comma or colon, a number, or a name (true, NaN, Infinity, ...).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]|-?[0-9][0-9.eE+-]*|-?[A-Za-z]+')


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class _Refused(ValueError):
    """A JSON value the strict reader refuses (raised inside the parser's hooks)."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused("duplicate key")
    return result


def _constant(name: str) -> Any:
    raise _Refused(name)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(text)
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused(text)
    return value


def _read_json(path: Path) -> Any:
    text = _read_text(path)
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(
                Location(str(path), exc.lineno, exc.colno),
                f"malformed JSON: {exc.msg}",
                "fix the JSON syntax at this position",
            )
        ) from None
    except (_Refused, RecursionError):
        problem = _first_refused(text)
    else:
        # The parser has no depth limit of its own below the interpreter's recursion
        # limit; a document deeper than MAX_DEPTH would exhaust the validators' stack.
        if not _too_deep(text):
            return document
        problem = _first_refused(text)
    if problem is None:  # unreachable while _first_refused mirrors the hooks
        raise InputError(
            Problem(Location(str(path)), "not strict JSON", "check the file")
        )
    offset, message, hint = problem
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    raise InputError(Problem(Location(str(path), line, column), message, hint))


def _too_deep(text: str) -> bool:
    """Return True when valid JSON `text` nests deeper than MAX_DEPTH."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False  # the common case, decided without a scan
    nesting = "".join(_BRACKET.findall(_STRING.sub("", text)))
    nesting = nesting.replace("{", "[").replace("}", "]")
    for _ in range(MAX_DEPTH):  # each pass removes the innermost level
        nesting = nesting.replace("[]", "")
        if not nesting:
            return False
    return True


def _read_text(path: Path) -> str:
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(
            Problem(Location(shown), "no such file", "check the path")
        ) from None
    except OSError as exc:
        raise InputError(
            Problem(Location(shown), f"cannot read file: {exc}", "check the file")
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            Problem(Location(shown), "is a directory, not a file", "pass a JSON file")
        )
    if not stat.S_ISREG(info.st_mode):
        # Reading a FIFO, a terminal or a device can block forever or never end.
        raise InputError(
            Problem(
                Location(shown),
                "is not a regular file (a pipe, socket or device)",
                "save the JSON to a file and pass that",
            )
        )
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(
            Problem(
                Location(shown),
                f"is {info.st_size} bytes, over the limit of {MAX_FILE_BYTES}",
                "validate a smaller file",
            )
        )
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            Problem(Location(shown), f"cannot read file: {exc}", "check the file")
        ) from None


def _first_refused(text: str) -> tuple[int, str, str] | None:
    """Return (offset, message, hint) of the first value the strict reader refuses:
    nesting deeper than MAX_DEPTH, a duplicate key, NaN or Infinity, an integer of
    more than MAX_INTEGER_DIGITS digits or a number too large for a float."""
    keys: list[set[str] | None] = []  # per open bracket: the object's keys so far
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            keys.append(set() if token == "{" else None)
            expect_key = token == "{"
            if len(keys) > MAX_DEPTH:
                return (
                    match.start(),
                    f"nested deeper than {MAX_DEPTH} arrays and objects",
                    "flatten the document",
                )
        elif token in ("]", "}"):
            if keys:
                keys.pop()
        elif token == ",":
            expect_key = bool(keys) and keys[-1] is not None
        elif expect_key and token.startswith('"'):
            expect_key = False
            seen, key = keys[-1], json.loads(token)
            if seen is not None and key in seen:
                return (
                    match.start(),
                    f"duplicate key {key!r}",
                    "keep one of the keys (JSON readers disagree on which wins)",
                )
            if seen is not None:
                seen.add(key)
        else:
            refused = _refused_scalar(token)
            if refused is not None:
                return (match.start(), *refused)
    return None


def _refused_scalar(token: str) -> tuple[str, str] | None:
    """Return (message, hint) for NaN, Infinity, an over-long integer or a float
    literal too large to represent; None for any other token."""
    if token.lstrip("-") in ("NaN", "Infinity"):
        return (f"{token} is not JSON", "write a number, or null")
    if not token[:1].isdigit() and not token.startswith("-"):
        return None
    if token.lstrip("-").isdigit() and len(token.lstrip("-")) > MAX_INTEGER_DIGITS:
        return (
            f"integer of {len(token.lstrip('-'))} digits, over the limit of "
            f"{MAX_INTEGER_DIGITS}",
            "write it as a string",
        )
    try:
        too_large = math.isinf(float(token))
    except ValueError:
        return None
    if too_large:
        return (f"{token} is too large for a number", "write it as a string")
    return None


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

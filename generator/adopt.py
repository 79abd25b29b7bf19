"""`catgen extract`: turn a hand-written ADR into a catalog, merge it, mark its tables."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import project_at
from .errors import DocumentError, InputError, Location, Problem
from .outputs import write_atomic

ENCODING = ("utf-8", "surrogateescape")
# Keys that identify an entry of a list section, so --update can match old and new.
ENTRY_KEYS: dict[str, tuple[str, ...]] = {
    "enums": ("name",),
    "attributes": ("name",),
    "scopes": ("id",),
    "codes": ("scope", "code"),
    "overrides": ("id",),
    "aliases": ("alias",),
    "precedence": ("id",),
    "records": ("name",),
    "tables": ("id",),
    "artifacts": ("kind",),
    "registries": ("name",),
}


@dataclass
class AdoptionReport:
    """What `catgen extract` did: files written, merge changes, findings."""

    catalog_path: str
    written: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments and key order survive
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    return yaml


def extract_to_catalog(
    root: Path,
    document: Path,
    *,
    out: Path | None,
    update: Path | None,
    mark: bool,
    strict: bool,
) -> AdoptionReport:
    """Extract `document`, write or merge the catalog, optionally mark the document."""
    from .extract import extract_document, mark_document

    doc_path, relative, spec = _locate_document(root, document)
    shown = _shown(root, doc_path)
    text = doc_path.read_bytes().decode(*ENCODING)
    extraction = extract_document(text, source_name=relative)
    findings = [
        f"{shown}:{f.line}:{f.column}: warning: {f.message}"
        + (f" — {f.hint}" if f.hint else "")
        for f in extraction.warnings
    ]
    problems = [
        Problem(Location(shown, f.line, f.column), f.message, f.hint)
        for f in extraction.errors
    ]
    if strict:
        problems += [
            Problem(Location(shown, f.line, f.column), f"(strict) {f.message}", f.hint)
            for f in extraction.warnings
        ]
    if problems:
        raise DocumentError(problems)
    target = update or out or spec / f"{extraction.catalog['id']}.catalog.yaml"
    report = AdoptionReport(_shown(root, target), warnings=findings)
    if update is not None:
        if not update.is_file():
            raise InputError(
                Problem(
                    Location(str(update)), "no such catalog", "check the --update path"
                )
            )
        yaml = _yaml()
        existing = yaml.load(update.read_text(encoding="utf-8"))
        report.changes = merge_catalog(existing, extraction.catalog)
        buffer = io.StringIO()
        yaml.dump(existing, buffer)
        content = buffer.getvalue()
    else:
        if target.exists():
            raise InputError(
                Problem(
                    Location(_shown(root, target)),
                    "catalog already exists",
                    f"merge into it with --update {_shown(root, target)}, or pick --out",
                )
            )
        buffer = io.StringIO()
        _yaml().dump(extraction.catalog, buffer)
        content = buffer.getvalue()
    if target.exists() and target.read_text(encoding="utf-8") == content:
        pass
    else:
        write_atomic(target, content)
        report.written.append(_shown(root, target))
    if mark:
        marked = mark_document(text, extraction.tables)
        if marked != text:
            write_atomic(doc_path, marked)
            report.written.append(shown)
    return report


def _locate_document(root: Path, document: Path) -> tuple[Path, str, Path]:
    """Return (the document's path, its path relative to the documents folder, the
    catalogs folder); a document outside the documents folder is refused."""
    project = project_at(root)
    documents = (root / project.documents).resolve()
    doc_path = document.resolve()
    if not doc_path.is_file():
        raise InputError(
            Problem(Location(str(document)), "no such document", "check the path")
        )
    if not doc_path.is_relative_to(documents):
        raise InputError(
            Problem(
                Location(_shown(root, doc_path)),
                f"the document is not under {project.documents}/",
                f"copy it into {project.documents}/ first (the catalog refers to it "
                "from there), or set `documents` in the project config",
            )
        )
    return doc_path, doc_path.relative_to(documents).as_posix(), root / project.catalogs


def _shown(root: Path, path: Path) -> str:
    path = path.resolve()
    return (
        path.relative_to(root.resolve()).as_posix()
        if path.is_relative_to(root.resolve())
        else str(path)
    )


def merge_catalog(existing: Any, extracted: dict[str, Any]) -> list[str]:
    """Merge extracted data into a round-trip catalog in place; return what changed.

    Values the extractor produces are updated; keys, entries and comments it does not
    know about (added by hand) are kept.
    """
    changes: list[str] = []
    for key, value in extracted.items():
        if key in ENTRY_KEYS:
            current = existing.get(key)
            if current is None:
                existing[key] = value
                changes.append(f"added section {key} ({len(value)} entries)")
                continue
            _merge_entries(key, current, value, changes)
        elif key not in existing:
            existing[key] = value
            changes.append(f"added {key}")
        elif existing[key] == value:
            continue
        elif isinstance(value, (dict, list)):
            # Whole mappings (policies, status_model) are often curated by hand.
            changes.append(
                f"kept {key} (differs from what the document says; yours wins)"
            )
        else:
            changes.append(f"changed {key}: {existing[key]!r} -> {value!r}")
            existing[key] = value
    return changes


def _entry_id(section: str, entry: Any) -> tuple[Any, ...]:
    return tuple(entry.get(k) for k in ENTRY_KEYS[section])


def _merge_entries(
    section: str, current: Any, new: list[Any], changes: list[str]
) -> None:
    index = {_entry_id(section, entry): entry for entry in current}
    seen = set()
    for entry in new:
        key = _entry_id(section, entry)
        seen.add(key)
        label = "/".join(str(part) for part in key if part is not None)
        old = index.get(key)
        if old is None:
            current.append(entry)
            changes.append(f"added {section} {label}")
            continue
        for name, value in entry.items():
            if old.get(name) != value:
                changes.append(f"changed {section} {label} {name}")
                old[name] = value
    for key in index:
        if key not in seen:
            label = "/".join(str(part) for part in key if part is not None)
            changes.append(
                f"kept {section} {label} (not in the document; added by hand?)"
            )

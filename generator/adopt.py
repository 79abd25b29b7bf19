"""`catgen extract`: turn a hand-written ADR into a catalog, merge it, mark its tables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog_merge import MergeLog, line_width, merge_catalog
from .config import project_at
from .errors import (
    CatalogError,
    DocumentError,
    GenerationError,
    InputError,
    Location,
    Problem,
)
from .outputs import write_atomic
from .yamlload import (
    LoadedYaml,
    dump_yaml,
    load_round_trip,
    load_yaml,
    not_utf8,
    plain_data,
)

ENCODING = ("utf-8", "surrogateescape")
CATALOG_WRITE_HINT = (
    "check that its folder exists or can be created (no file in the way) and is "
    "writable, or choose another path with --out"
)
DOCUMENT_WRITE_HINT = "check that the document and its folder are writable"


@dataclass
class AdoptionReport:
    """What `catgen extract` did: files written, merge changes, findings."""

    catalog_path: str
    written: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    from .extract.vocabulary import vocabulary

    doc_path, relative, spec = _locate_document(root, document)
    shown = _shown(root, doc_path)
    text = _read_input(doc_path, _shown(root, doc_path), "document")
    columns = vocabulary(project_at(root).extract_columns)
    extraction = extract_document(text, source_name=relative, columns=columns)
    _refuse_errors(extraction, shown, strict)
    target = update or out or spec / f"{extraction.catalog['id']}.catalog.yaml"
    report = AdoptionReport(
        _shown(root, target),
        warnings=_warning_lines(shown, extraction.warnings),
    )
    if update is not None:
        content, log = _merged_catalog(root, update, extraction.catalog)
        report.changes = log.changes
        report.warnings += _located_notices(content, report.catalog_path, log)
    else:
        if target.exists():
            raise InputError(
                Problem(
                    Location(report.catalog_path),
                    "catalog already exists",
                    f"merge into it with --update {report.catalog_path}, or pick --out",
                )
            )
        content = dump_yaml(extraction.catalog)
    fresh = extraction.catalog if update is None else None
    _verify_catalog(root, target, content, report.catalog_path, fresh)
    if _current_text(target) != content:
        _write(target, content, report.catalog_path, "catalog", CATALOG_WRITE_HINT)
        report.written.append(report.catalog_path)
    if mark:
        marked = mark_document(text, extraction.tables)
        if marked != text:
            _write(doc_path, marked, shown, "document", DOCUMENT_WRITE_HINT)
            report.written.append(shown)
    return report


def _locate_document(root: Path, document: Path) -> tuple[Path, str, Path]:
    """Return (the document's path, its path relative to the documents folder, the
    catalogs folder); a document outside the project is refused."""
    project = project_at(root)
    documents = (root / project.documents).resolve()
    doc_path = document.resolve()
    if not doc_path.is_file():
        raise InputError(
            Problem(Location(str(document)), "no such document", "check the path")
        )
    if not doc_path.is_relative_to(root.resolve()):
        raise InputError(
            Problem(
                Location(str(document)),
                "the document is outside the project",
                "copy it into the project first (a catalog may only refer to documents "
                "inside the project), or run catgen with --root at a folder holding both",
            )
        )
    relative = Path(os.path.relpath(doc_path, documents)).as_posix()
    return doc_path, relative, root / project.catalogs


def _read_input(path: Path, shown: str, what: str) -> str:
    try:
        data = path.read_bytes()
        return data.decode("utf-8") if what == "document" else data.decode(*ENCODING)
    except UnicodeDecodeError as exc:
        # The catalog would carry the byte into YAML that cannot hold it.
        hint = "save the document as UTF-8, then extract it"
        raise DocumentError(not_utf8(data, exc, shown, hint)) from None
    except OSError as exc:
        raise InputError(
            Problem(
                Location(shown),
                f"cannot read the {what}: {_os_reason(exc)}",
                "check the path and its permissions",
            )
        ) from None


def _located(shown: str, finding: Any, prefix: str = "") -> str:
    hint = f" — {finding.hint}" if finding.hint else ""
    return f"{shown}:{finding.line}:{finding.column}: {prefix}{finding.message}{hint}"


# How many times one warning (same message and hint) is printed at its place before the
# rest of its places are counted on one line: a document of many tables with the same
# unknown column gets a few located lines, not one per table.
REPEATS_SHOWN = 3
LINES_LISTED = 10


def _warning_lines(shown: str, findings: list[Any]) -> list[str]:
    """Return the warnings' lines: each at its place, but a warning met more than
    REPEATS_SHOWN times only that often, then once more counting its other places."""
    places: dict[tuple[str, str], list[Any]] = {}
    for finding in findings:
        places.setdefault((finding.message, finding.hint), []).append(finding)
    met: dict[tuple[str, str], int] = {}
    lines = []
    for finding in findings:
        key = (finding.message, finding.hint)
        met[key] = count = met.get(key, 0) + 1
        if count <= REPEATS_SHOWN:
            lines.append(_located(shown, finding, "warning: "))
        elif count == REPEATS_SHOWN + 1:
            lines.append(_repeated(shown, places[key][REPEATS_SHOWN:]))
    return lines


def _repeated(shown: str, rest: list[Any]) -> str:
    """Return the one line that stands for the further places of a repeated warning."""
    listed = ", ".join(str(f.line) for f in rest[:LINES_LISTED])
    more = ", ..." if len(rest) > LINES_LISTED else ""
    first = rest[0]
    places = "place" if len(rest) == 1 else "places"
    return (
        f"{shown}:{first.line}:{first.column}: warning: {first.message} "
        f"(and at {len(rest):,} more {places}: lines {listed}{more})"
    )


def _refuse_errors(extraction: Any, shown: str, strict: bool) -> None:
    findings = [(f, "") for f in extraction.errors]
    if strict:
        findings += [(f, "(strict) ") for f in extraction.warnings]
    if findings:
        raise DocumentError(
            [
                Problem(Location(shown, f.line, f.column), prefix + f.message, f.hint)
                for f, prefix in findings
            ]
        )


def _merged_catalog(
    root: Path, update: Path, extracted: dict[str, Any]
) -> tuple[str, MergeLog]:
    """Merge `extracted` into the catalog at `update`; return its new text and the log."""
    from .catalog import load_catalog

    shown = _shown(root, update)
    if not update.is_file():
        raise InputError(
            Problem(Location(shown), "no such catalog", "check the --update path")
        )
    load_catalog(
        update, root
    )  # merge only into a catalog that loads: its shape is known
    text = _read_input(update, shown, "catalog")
    existing = load_round_trip(text, shown)
    width = line_width(existing, text)
    log = merge_catalog(existing, extracted)
    return dump_yaml(existing, width), log


def _located_notices(content: str, shown: str, log: MergeLog) -> list[str]:
    """Locate the merge's notices in the merged catalog text."""
    if not log.notices:
        return []
    loaded = load_yaml(content, shown)
    return [f"{loaded.locate(n.pointer)}: warning: {n.message}" for n in log.notices]


def _verify_catalog(
    root: Path, target: Path, content: str, shown: str, data: Any = None
) -> None:
    """Check `content` as the catalog loader will; refuse to write it if that fails.

    `data`: what `content` was written from. When it is plain data the loader returns
    unchanged (yamlload.plain_data), the text is not parsed again: the writers read
    back equal (tests/test_yaml_writer_property.py), and parsing the 3.6 MB catalog of
    a 5 MB document took ~2 s. The text is parsed only to locate problems, if any.
    """
    from .catalog import checked_catalog

    try:
        if data is not None and plain_data(data):
            source = LoadedYaml(data=data, path=shown, text=content)
        else:
            source = load_yaml(content, shown)
        checked_catalog(target, shown, source, root, project_at(root).documents)
    except CatalogError as exc:
        raise CatalogError(
            [
                Problem(
                    Location(shown),
                    "the extracted catalog does not load back; nothing was written",
                    "the lines below refer to the catalog extract would have "
                    "written: fix the document (or the --update catalog) and rerun",
                ),
                *exc.problems,
            ]
        ) from None


def _current_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode(*ENCODING)
    except OSError:  # missing, a folder, or a file in the way: the write will say which
        return None


def _write(path: Path, content: str, shown: str, what: str, hint: str) -> None:
    """Write through the one atomic write path; a failure is a located error."""
    try:
        write_atomic(path, content)
    except OSError as exc:
        raise GenerationError(
            Problem(
                Location(shown), f"cannot write the {what}: {_os_reason(exc)}", hint
            )
        ) from None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        return f"{exc.filename} is a file, not a folder"  # mkdir met a file in the way
    reason = exc.strerror or str(exc)
    return f"{reason}: {exc.filename}" if exc.filename else reason


def _shown(root: Path, path: Path) -> str:
    path = path.resolve()
    return (
        path.relative_to(root.resolve()).as_posix()
        if path.is_relative_to(root.resolve())
        else str(path)
    )

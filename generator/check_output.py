"""The report of `catgen check` in its three formats: text, json and github.

A clean verdict is rendered by generator/entry.py (`clean_output`), which the speed
cache's fast path shares, so both paths print the same bytes. Drift names every stale
file with its own unified diff; for a document whose marked tables drifted, each such
table is located by the document line of its region, as it is on disk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .entry import FIX_COMMAND
from .errors import Location, github_annotation
from .markdown.markers import Region, scan_markers, split_lines
from .outputs import Plan, unified_diff
from .targets import Output

TITLE = "catgen check"


@dataclass(frozen=True)
class StaleTable:
    """A marked table whose body differs: its id and its first body line (1-based)."""

    table_id: str
    line: int


@dataclass(frozen=True)
class StaleFile:
    """One file that differs from what the catalogs produce."""

    path: str
    diff: str
    tables: list[StaleTable] = field(default_factory=list)
    removed: bool = False  # a headered file no catalog produces any more


def stale_files(plan: Plan) -> list[StaleFile]:
    """Return every changed or stale file of a plan with its own diff."""
    files = [
        StaleFile(
            output.path,
            unified_diff(Plan(changed=[(output, current)])),
            _stale_tables(output, current),
        )
        for output, current in plan.changed
    ]
    files += [
        StaleFile(path, unified_diff(Plan(stale=[path])), removed=True)
        for path in plan.stale
    ]
    return files


def _stale_tables(output: Output, current: str | None) -> list[StaleTable]:
    """Return the marked tables of a document whose bodies differ from the rendering."""
    if current is None:
        return []
    before, problems = scan_markers(current)
    after, new_problems = scan_markers(output.content)
    if (
        problems
        or new_problems
        or [r.table_id for r in before] != [r.table_id for r in after]
    ):
        return []
    old_lines, new_lines = split_lines(current), split_lines(output.content)
    return [
        StaleTable(old.table_id, old.start + 1)
        for old, new in zip(before, after)
        if _body(old_lines, old) != _body(new_lines, new)
    ]


def _body(lines: list[str], region: Region) -> list[str]:
    return lines[region.start : region.end]


def _reason(stale: StaleFile) -> str:
    if stale.removed:
        return "stale: no catalog produces it any more"
    return "out of date with the catalogs"


def format_text(files: list[StaleFile], quiet: bool) -> tuple[str, str]:
    """Return (stdout, stderr) of a failed check as text: the diff, then the summary."""
    out = "" if quiet else "".join(f.diff for f in files)
    err = "".join(f"stale: {f.path}\n" for f in files)
    err += (
        f"{TITLE}: {len(files)} file(s) out of date with the catalogs; "
        f"run `{FIX_COMMAND}` to fix\n"
    )
    return out, err


def format_github(files: list[StaleFile], quiet: bool) -> tuple[str, str]:
    """Return (stdout, stderr) of a failed check as GitHub annotations, one per stale
    file or per drifted marked table, then the diff in a collapsed group."""
    lines: list[str] = []
    hint = f"run `{FIX_COMMAND}` and commit the result"
    for stale in files:
        if not stale.tables:
            message = f"{stale.path} is {_reason(stale)} — {hint}"
            lines.append(
                github_annotation("error", Location(stale.path), message, TITLE)
            )
        for table in stale.tables:
            message = f"marked table {table.table_id!r} is out of date — {hint}"
            location = Location(stale.path, table.line, 1)
            lines.append(github_annotation("error", location, message, TITLE))
    if not quiet:
        lines += ["::group::catgen check: diff", *_diff_lines(files), "::endgroup::"]
    summary = f"{TITLE}: {len(files)} file(s) out of date with the catalogs\n"
    return "".join(line + "\n" for line in lines), summary


def _diff_lines(files: list[StaleFile]) -> list[str]:
    # A line of the diff that looks like a workflow command must not run as one.
    return [
        f" {line}" if line.startswith("::") else line
        for f in files
        for line in f.diff.splitlines()
    ]


def format_json(
    files: list[StaleFile], warnings: list[str], quiet: bool
) -> tuple[str, str]:
    """Return (stdout, stderr) of a failed check as one JSON object."""
    document = {
        "clean": False,
        "fix": FIX_COMMAND,
        "stale": [_file_json(f, quiet) for f in files],
        "warnings": warnings,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n", ""


def _file_json(stale: StaleFile, quiet: bool) -> dict[str, object]:
    entry: dict[str, object] = {"file": stale.path, "removed": stale.removed}
    if stale.tables:
        entry["tables"] = [{"id": t.table_id, "line": t.line} for t in stale.tables]
    if not quiet:
        entry["diff"] = stale.diff
    return entry

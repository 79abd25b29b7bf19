"""What `catgen diff` found: changes, violations, per-catalog results, and their formats.

Formats: `text` (one located line per change), `json`, `markdown` (Changelog rows) and
`github` (workflow commands). See docs/catalog-format.md, "Output formats".
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..errors import ExitCode, Location
from .rules import (
    ADDITIVE,
    BREAKING,
    CATEGORY_RANK,
    COSMETIC,
    RECORD_RULES,
    RULES,
    SPECIFIC_ATTRIBUTE_RULES,
)

# A code's identity in a catalog: (scope or None, code).
CodeKey = tuple[str | None, str]


@dataclass
class Change:
    """One classified change; `old`/`new` are JSON-ready values where they help."""

    rule: str
    catalog: str
    subject: str
    message: str
    location: Location
    baseline_location: str = ""
    old: Any = None
    new: Any = None
    code: str | None = None
    scope: str | None = None
    record_impact: bool = False
    old_key: CodeKey | None = None  # (scope, code) a rename/move took away

    @property
    def category(self) -> str:
        """Return breaking | additive | cosmetic."""
        return RULES[self.rule][0]

    @property
    def family(self) -> str:
        """Return the rule id, or CODE_ATTRIBUTE_CHANGED for the specific attribute ids."""
        if self.rule in SPECIFIC_ATTRIBUTE_RULES.values():
            return "CODE_ATTRIBUTE_CHANGED"
        return self.rule

    def to_json(self) -> dict[str, Any]:
        """Return the change as a JSON object."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "family": self.family,
            "catalog": self.catalog,
            "subject": self.subject,
            "message": self.message,
            "file": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
        }
        if self.baseline_location:
            data["baseline_location"] = self.baseline_location
        if self.old is not None:
            data["old"] = self.old
        if self.new is not None:
            data["new"] = self.new
        if self.record_impact or self.rule in RECORD_RULES:
            data["record_change"] = True
        return data


@dataclass
class Violation:
    """One broken policy or version rule, with the changes that break it."""

    rule: str
    catalog: str
    message: str
    hint: str
    location: Location
    subjects: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the violation as a JSON object."""
        return {
            "rule": self.rule,
            "catalog": self.catalog,
            "message": self.message,
            "hint": self.hint,
            "file": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "changes": self.subjects,
        }


@dataclass(frozen=True)
class Allow:
    """One exemption: a rule id, an optional subject, the reason, and where it was given."""

    rule: str
    subject: str | None
    reason: str
    source: str  # "--allow" or the catalog location

    def names(self, rule: str, subject: str, catalog: str) -> bool:
        """Return whether this exemption covers `rule` for `subject` in `catalog`."""
        return self.rule == rule and self.subject in (None, subject, catalog)


@dataclass
class Exempted:
    """A violation an exemption accepts, with every reason that accepts it."""

    violation: Violation
    allows: list[Allow]

    @property
    def reason(self) -> str:
        """Return the reasons and where each was given."""
        return "; ".join(f"{a.reason} ({a.source})" for a in self.allows)

    def to_json(self) -> dict[str, Any]:
        """Return the exempted violation as a JSON object."""
        return {
            **self.violation.to_json(),
            "exempted_by": [
                {
                    "rule": a.rule,
                    "subject": a.subject,
                    "reason": a.reason,
                    "source": a.source,
                }
                for a in self.allows
            ],
        }


@dataclass
class CatalogDiff:
    """The changes and violations of one catalog id, with its version movement."""

    id: str
    path: str
    old_version: str | None
    new_version: str | None
    changes: list[Change] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    exempted: list[Exempted] = field(default_factory=list)
    required_bump: str = "none"
    actual_bump: str = "none"
    version_location: Location | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the catalog's result as a JSON object."""
        return {
            "id": self.id,
            "file": self.path,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "required_bump": self.required_bump,
            "actual_bump": self.actual_bump,
            "changes": [c.to_json() for c in self.changes],
            "violations": [v.to_json() for v in self.violations],
            "exempted": [e.to_json() for e in self.exempted],
        }


@dataclass
class DiffReport:
    """Every catalog's result against one baseline."""

    against: str
    baseline: str  # resolved commit or directory
    catalogs: list[CatalogDiff]

    @property
    def changes(self) -> list[Change]:
        """Return every catalog's changes, in catalog order."""
        return [c for d in self.catalogs for c in d.changes]

    @property
    def violations(self) -> list[Violation]:
        """Return every catalog's violations, in catalog order."""
        return [v for d in self.catalogs for v in d.violations]

    @property
    def exempted(self) -> list[Exempted]:
        """Return every catalog's exempted violations, in catalog order."""
        return [e for d in self.catalogs for e in d.exempted]

    @property
    def exit_code(self) -> int:
        """Return 7 (ExitCode.POLICY) when a policy is violated, else 0."""
        return ExitCode.POLICY if self.violations else ExitCode.OK

    def counts(self) -> dict[str, int]:
        """Return the number of changes per category."""
        counts = {BREAKING: 0, ADDITIVE: 0, COSMETIC: 0}
        for change in self.changes:
            counts[change.category] += 1
        return counts


# --- formats----------------------------------------------------------------------


def format_report(
    report: DiffReport, output_format: str, date: str | None = None
) -> str:
    """Render the report as text, json, markdown or github (see FORMATS)."""
    if output_format == "json":
        return format_json(report)
    if output_format == "markdown":
        return format_markdown(
            report, date or _dt.datetime.now(_dt.UTC).date().isoformat()
        )
    if output_format == "github":
        return format_github(report)
    return format_text(report)


def _summary(report: DiffReport) -> str:
    counts = report.counts()
    verdict = (
        f"{len(report.violations)} policy violation(s)"
        if report.violations
        else "all changes allowed"
    )
    if report.exempted:
        verdict += f", {len(report.exempted)} exempted"
    return (
        f"catgen diff: {counts[BREAKING]} breaking, {counts[ADDITIVE]} additive, "
        f"{counts[COSMETIC]} cosmetic change(s) against {report.baseline}; {verdict}"
    )


def _catalog_note(diff: CatalogDiff) -> str:
    versions = f"{diff.old_version or '-'} -> {diff.new_version or '-'}"
    location = diff.version_location or Location(diff.path)
    return f"{location}: note: catalog {diff.id} version {versions}"


def format_text(report: DiffReport) -> str:
    """Render one `file:line:col:` line per change, violation and exemption, then the
    summary; nothing is indented, so problem matchers read every line."""
    lines: list[str] = []
    for diff in report.catalogs:
        if not (diff.changes or diff.violations or diff.exempted):
            continue
        lines.append(_catalog_note(diff))
        for change in diff.changes:
            suffix = (
                f" [was {change.baseline_location}]" if change.baseline_location else ""
            )
            lines.append(
                f"{change.location}: {change.category} {change.rule}: "
                f"{change.message}{suffix}"
            )
        for violation in diff.violations:
            lines.append(
                f"{violation.location}: error {violation.rule}: {violation.message}"
                f" — {violation.hint}"
            )
        for exempted in diff.exempted:
            violation = exempted.violation
            lines.append(
                f"{violation.location}: exempted {violation.rule}: {violation.message}"
                f" — exempted: {exempted.reason}"
            )
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def format_json(report: DiffReport) -> str:
    """Render the report as one JSON document."""
    data = {
        "against": report.against,
        "baseline": report.baseline,
        "exit_code": report.exit_code,
        "summary": {
            **report.counts(),
            "violations": len(report.violations),
            "exempted": len(report.exempted),
        },
        "catalogs": [
            d.to_json()
            for d in report.catalogs
            if d.changes or d.violations or d.exempted
        ],
        "changes": [c.to_json() for c in report.changes],
        "violations": [v.to_json() for v in report.violations],
        "exempted": [e.to_json() for e in report.exempted],
    }
    return (
        json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False, default=str)
        + "\n"
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: DiffReport, date: str) -> str:
    """Render Changelog rows per catalog, ready to paste into the document's table,
    then the policy violations and the exemptions."""
    lines: list[str] = []
    label = {BREAKING: "Breaking", ADDITIVE: "Added", COSMETIC: "Editorial"}
    for diff in report.catalogs:
        if not diff.changes:
            continue
        if lines:
            lines.append("")
        versions = f"{diff.old_version or '-'} -> {diff.new_version or '-'}"
        lines.append(f"<!-- catgen diff: {diff.id} ({diff.path}) {versions} -->")
        lines.append("| Date       | Change |")
        lines.append("| ---------- | ------ |")
        for change in sorted(diff.changes, key=lambda c: -CATEGORY_RANK[c.category]):
            text = f"{label[change.category]}: {change.message} (`{change.rule}`)"
            lines.append(f"| {date} | {_md_cell(text)} |")
    lines.extend(_md_findings(report))
    if not lines:
        lines.append(
            f"<!-- catgen diff: no catalog changes against {report.baseline} -->"
        )
    return "\n".join(lines) + "\n"


def _md_findings(report: DiffReport) -> list[str]:
    """Return Markdown lists of the violations and exemptions, [] when there are none."""
    lines: list[str] = []
    if report.violations:
        lines += ["", f"**Policy violations ({len(report.violations)}):**", ""]
        lines += [
            f"- `{v.rule}` at `{v.location}`: {_md_cell(v.message)} — {_md_cell(v.hint)}"
            for v in report.violations
        ]
    if report.exempted:
        lines += ["", f"**Exempted ({len(report.exempted)}):**", ""]
        lines += [
            f"- `{e.violation.rule}` at `{e.violation.location}`: "
            f"{_md_cell(e.violation.message)} — exempted: {_md_cell(e.reason)}"
            for e in report.exempted
        ]
    return lines[1:] if lines and not report.changes else lines


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: DiffReport) -> str:
    """Render GitHub workflow commands: errors, warnings for breaking changes, notices.

    ::error per violation, ::notice per exempted violation, ::warning per allowed
    breaking change, ::notice per additive change; cosmetic changes only count in the
    summary."""
    lines: list[str] = []
    for diff in report.catalogs:
        for violation in diff.violations:
            lines.append(
                _gh_line(
                    "error",
                    violation.location,
                    violation.rule,
                    f"{violation.message} — {violation.hint}",
                )
            )
        for exempted in diff.exempted:
            lines.append(
                _gh_line(
                    "notice",
                    exempted.violation.location,
                    exempted.violation.rule,
                    f"exempted: {exempted.violation.message} — {exempted.reason}",
                )
            )
        for change in diff.changes:
            if change.category == COSMETIC:
                continue
            kind = "warning" if change.category == BREAKING else "notice"
            lines.append(
                _gh_line(
                    kind,
                    change.location,
                    change.rule,
                    f"{change.category}: {change.message}",
                )
            )
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _gh_line(kind: str, location: Location, rule: str, message: str) -> str:
    props = [f"file={_gh_property(location.path)}"]
    if location.line:
        props.append(f"line={location.line}")
        if location.column:
            props.append(f"col={location.column}")
    props.append(f"title={_gh_property('catgen diff ' + rule)}")
    return f"::{kind} {','.join(props)}::{_gh_data(message)}"

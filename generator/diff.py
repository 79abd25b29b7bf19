"""`catgen diff`: classify every catalog change against a baseline and enforce the policies.

The baseline is a git ref (read with the `git` command, never a library) or a directory.
Catalogs are matched by `id`. Every change gets a stable rule id with a fixed category
(breaking | additive | cosmetic, see RULES). The NEW catalog's `policies` then decide which
changes are allowed; the catalog `version` must move in step with the worst category.
See docs/catalog-format.md, "Change control and `catgen diff`".
"""

from __future__ import annotations

import datetime as _dt
import json
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog, find_catalogs, load_catalogs
from .errors import BaselineError, CatalogError, ExitCode, Location, Problem
from .model import field_required
from .yamlload import escape_pointer_token

BREAKING, ADDITIVE, COSMETIC = "breaking", "additive", "cosmetic"
CATEGORY_RANK = {COSMETIC: 0, ADDITIVE: 1, BREAKING: 2}

# rule id -> (category, meaning). Ids and categories are stable: tools may key on them.
RULES: dict[str, tuple[str, str]] = {
    # catalogs as a whole
    "CATALOG_ADDED": (ADDITIVE, "a catalog id appears that the baseline does not have"),
    "CATALOG_REMOVED": (BREAKING, "a baseline catalog id is gone"),
    "CATALOG_METADATA_CHANGED": (
        COSMETIC,
        "title, description, document path or code_style changed",
    ),
    "CODE_FIELD_CHANGED": (BREAKING, "the record field that carries the code changed"),
    "POLICY_RELAXED": (BREAKING, "a change-control policy got weaker"),
    "POLICY_TIGHTENED": (ADDITIVE, "a change-control policy got stricter"),
    "POLICY_TEXT_CHANGED": (
        COSMETIC,
        "policy wording (stability, text, version_field)",
    ),
    # codes
    "CODE_ADDED": (ADDITIVE, "a (scope, code) pair was added"),
    "CODE_REMOVED": (BREAKING, "a (scope, code) pair was removed without a tombstone"),
    "CODE_TOMBSTONED": (BREAKING, "a (scope, code) pair was removed and tombstoned"),
    "CODE_RENAMED": (
        BREAKING,
        (
            "a code was replaced by a new name in the same scope (tombstone replaced_by, "
            "or the only removed/added pair with identical attributes and description)"
        ),
    ),
    "CODE_SCOPE_CHANGED": (BREAKING, "a code moved from one scope to another"),
    "CODE_DEPRECATED": (ADDITIVE, "a code became `deprecated: true`"),
    "CODE_UNDEPRECATED": (ADDITIVE, "a code is no longer deprecated"),
    "CODE_SEVERITY_CHANGED": (BREAKING, "the `severity` attribute of a code changed"),
    "CODE_RECOVERY_CLASS_CHANGED": (
        BREAKING,
        "the `recovery_class` attribute of a code changed",
    ),
    "CODE_FAIL_MODE_CHANGED": (
        BREAKING,
        (
            "a code's `fail_mode` attribute, or the default_fail_mode / fail_mode_when of the "
            "scope its codes inherit, changed"
        ),
    ),
    "CODE_ATTRIBUTE_CHANGED": (
        BREAKING,
        (
            "any other enum, integer, boolean or string attribute of a code changed "
            "(also the family of the three specific ids above)"
        ),
    ),
    "CODE_TEXT_ATTRIBUTE_CHANGED": (
        COSMETIC,
        "a `type: text` attribute of a code changed",
    ),
    "CODE_SOURCE_CHANGED": (COSMETIC, "the table (`source`) that lists a code changed"),
    "CODE_ORDER_CHANGED": (COSMETIC, "codes were reordered"),
    "DESCRIPTION_CHANGED": (
        COSMETIC,
        "a description, title or quoted text changed (codes, enums, scopes, records, ...)",
    ),
    # attributes
    "ATTRIBUTE_ADDED": (ADDITIVE, "a code attribute was declared"),
    "ATTRIBUTE_REMOVED": (BREAKING, "a code attribute declaration is gone"),
    "ATTRIBUTE_CHANGED": (
        BREAKING,
        "a code attribute's enum, type or required changed",
    ),
    # enums
    "ENUM_ADDED": (ADDITIVE, "an enum was added"),
    "ENUM_REMOVED": (BREAKING, "an enum was removed"),
    "ENUM_VALUE_ADDED": (ADDITIVE, "an enum value was added"),
    "ENUM_VALUE_REMOVED": (BREAKING, "an enum value was removed"),
    "ENUM_VALUE_DEPRECATED": (ADDITIVE, "an enum value became deprecated"),
    "ENUM_VALUE_ORDER_CHANGED": (COSMETIC, "enum values were reordered"),
    "ENUM_SUBSET_CHANGED": (BREAKING, "a named subset of an enum changed"),
    # scopes
    "SCOPE_ADDED": (ADDITIVE, "a scope (stage, substage, ...) was added"),
    "SCOPE_REMOVED": (BREAKING, "a scope was removed"),
    "SCOPE_CHANGED": (
        BREAKING,
        "kind, parent, constrained, on_failure, optional or min_artifacts of a scope changed",
    ),
    "SCOPE_ORDER_CHANGED": (BREAKING, "the canonical order of stages changed"),
    # overrides, aliases, precedence, status model
    "OVERRIDE_ADDED": (ADDITIVE, "a policy-dependent override was added"),
    "OVERRIDE_REMOVED": (BREAKING, "an override was removed"),
    "OVERRIDE_CHANGED": (
        BREAKING,
        "an override's scope, codes, when, set or emit_as changed",
    ),
    "ALIAS_ADDED": (ADDITIVE, "a legacy alias was added"),
    "ALIAS_REMOVED": (BREAKING, "a legacy alias was removed"),
    "ALIAS_CHANGED": (BREAKING, "an alias now maps to another canonical code"),
    "PRECEDENCE_ADDED": (ADDITIVE, "a precedence list was added"),
    "PRECEDENCE_REMOVED": (BREAKING, "a precedence list was removed"),
    "PRECEDENCE_ORDER_CHANGED": (
        BREAKING,
        "codes of a precedence list were reordered or dropped, or its scope/after changed",
    ),
    "PRECEDENCE_EXTENDED": (
        ADDITIVE,
        "codes were appended/inserted into a precedence list",
    ),
    "STATUS_MODEL_CHANGED": (
        BREAKING,
        "run-status derivation (rules, fallback, exit codes, severity->fail_mode, ...) changed",
    ),
    # records
    "RECORD_ADDED": (ADDITIVE, "a record schema was added"),
    "RECORD_REMOVED": (BREAKING, "a record schema was removed"),
    "RECORD_FIELD_ADDED": (ADDITIVE, "an optional field was added"),
    "RECORD_FIELD_REQUIRED_ADDED": (
        BREAKING,
        "a required field was added, or an optional field became required",
    ),
    "RECORD_FIELD_REQUIRED_REMOVED": (
        BREAKING,
        "a required field was removed, or a required field became optional",
    ),
    "RECORD_FIELD_REMOVED": (BREAKING, "an optional field was removed"),
    "RECORD_FIELD_CHANGED": (
        BREAKING,
        "a field's type, enum, ref, items, values, format, pattern, bounds or nullable changed",
    ),
    "RECORD_CLOSED": (BREAKING, "additional properties are no longer allowed"),
    "RECORD_OPENED": (ADDITIVE, "additional properties are now allowed"),
    # registries, artifacts, tables, notes, bookkeeping
    "REGISTRY_ADDED": (ADDITIVE, "a key registry was added"),
    "REGISTRY_REMOVED": (BREAKING, "a key registry was removed"),
    "REGISTRY_KEY_ADDED": (ADDITIVE, "a registry key was added"),
    "REGISTRY_KEY_REMOVED": (BREAKING, "a registry key was removed"),
    "ARTIFACT_ADDED": (ADDITIVE, "an artifact kind for `catgen validate` was added"),
    "ARTIFACT_REMOVED": (BREAKING, "an artifact kind was removed"),
    "ARTIFACT_CHANGED": (BREAKING, "an artifact kind's root schema or rules changed"),
    "TABLE_CHANGED": (
        COSMETIC,
        "a Markdown table definition was added, removed or changed",
    ),
    "NOTE_CHANGED": (COSMETIC, "a note was added, removed or changed"),
    "CURATION_CHANGED": (
        COSMETIC,
        "accepted lint findings or accepted extraction differences changed",
    ),
    "TOMBSTONE_ADDED": (
        COSMETIC,
        "a tombstone was recorded for an already-removed code",
    ),
    "TOMBSTONE_REMOVED": (COSMETIC, "a tombstone was deleted"),
    "APPROVAL_ADDED": (COSMETIC, "an approval entry was added"),
    "APPROVAL_REMOVED": (COSMETIC, "an approval entry was removed"),
    "MIGRATION_ADDED": (COSMETIC, "a migration note was added"),
    "MIGRATION_CHANGED": (COSMETIC, "a migration note was changed or removed"),
    "UNCLASSIFIED_CHANGE": (
        BREAKING,
        "a section catgen diff does not know changed (conservatively breaking)",
    ),
}

# policy violation id -> meaning
VIOLATIONS: dict[str, str] = {
    "REMOVAL_WITHOUT_TOMBSTONE": "removal: tombstone_required, and no tombstone names the code",
    "REMOVAL_FORBIDDEN": "removal: forbidden, and a code (or the catalog) was removed",
    "TOMBSTONE_DELETED": "a tombstone was deleted while removal is tombstone_required/forbidden",
    "TOMBSTONE_VERSION_MISMATCH": "a new tombstone's removed_in is not the new catalog version",
    "TOMBSTONED_CODE_REUSED": "an added code is tombstoned (tombstoned codes are never reused)",
    "ADDITION_WITHOUT_APPROVAL": "additions: approval_required, and no approval names the code",
    "MIGRATION_NOTE_MISSING": (
        "record_changes: version_bump_and_migration_note, and `migrations` has no entry for "
        "the new version"
    ),
    "VERSION_NOT_BUMPED": "the catalog version did not move as far as its changes require",
    "VERSION_DECREASED": "the catalog version went down",
}

BUMP_RANK = {"none": 0, "patch": 1, "minor": 2, "major": 3}
REMOVAL_RANK = {"allowed": 0, "tombstone_required": 1, "forbidden": 2}
ADDITIONS_RANK = {"allowed": 0, "approval_required": 1}
RECORD_RANK = {"allowed": 0, "version_bump_and_migration_note": 1}
# Changes that count as a record change for `record_changes` (besides flagged enum changes).
RECORD_RULES = {
    "RECORD_REMOVED",
    "RECORD_FIELD_REQUIRED_ADDED",
    "RECORD_FIELD_REQUIRED_REMOVED",
    "RECORD_FIELD_REMOVED",
    "RECORD_FIELD_CHANGED",
    "RECORD_CLOSED",
    "STATUS_MODEL_CHANGED",
}
SPECIFIC_ATTRIBUTE_RULES = {
    "severity": "CODE_SEVERITY_CHANGED",
    "recovery_class": "CODE_RECOVERY_CLASS_CHANGED",
    "fail_mode": "CODE_FAIL_MODE_CHANGED",
}
FORMATS = ("text", "json", "markdown", "github")


# --------------------------------------------------------------------------- data model


@dataclass
class Change:
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
    old_key: tuple[Any, str] | None = None  # (scope, code) a rename/move took away

    @property
    def category(self) -> str:
        return RULES[self.rule][0]

    @property
    def family(self) -> str:
        if self.rule in SPECIFIC_ATTRIBUTE_RULES.values():
            return "CODE_ATTRIBUTE_CHANGED"
        return self.rule

    def to_json(self) -> dict[str, Any]:
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
    rule: str
    catalog: str
    message: str
    hint: str
    location: Location
    subjects: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
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


@dataclass
class CatalogDiff:
    id: str
    path: str
    old_version: str | None
    new_version: str | None
    changes: list[Change] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    required_bump: str = "none"
    actual_bump: str = "none"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.path,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "required_bump": self.required_bump,
            "actual_bump": self.actual_bump,
            "changes": [c.to_json() for c in self.changes],
            "violations": [v.to_json() for v in self.violations],
        }


@dataclass
class DiffReport:
    against: str
    baseline: str  # resolved commit or directory
    catalogs: list[CatalogDiff]

    @property
    def changes(self) -> list[Change]:
        return [c for d in self.catalogs for c in d.changes]

    @property
    def violations(self) -> list[Violation]:
        return [v for d in self.catalogs for v in d.violations]

    @property
    def exit_code(self) -> int:
        return ExitCode.POLICY if self.violations else ExitCode.OK

    def counts(self) -> dict[str, int]:
        counts = {BREAKING: 0, ADDITIVE: 0, COSMETIC: 0}
        for change in self.changes:
            counts[change.category] += 1
        return counts


# --------------------------------------------------------------------------- baseline


def _git(
    args: list[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise BaselineError(
            Problem(
                Location(str(cwd)),
                "cannot run `git`: it is not installed or not on PATH",
                "install git, or pass a baseline directory to --against",
            )
        ) from None


def _git_error(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


def materialise_git_baseline(root: Path, ref: str, target: Path) -> str:
    """Write the spec/ tree of `ref` under target/spec; return the resolved commit id."""
    top = _git(["rev-parse", "--show-toplevel"], root)
    if top.returncode != 0:
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"cannot resolve --against {ref!r}: {root} is not inside a git repository "
                f"({_git_error(top)})",
                "run catgen diff inside a git checkout, or pass a baseline directory "
                "(a checkout or a copy of spec/) to --against",
            )
        )
    prefix = _git(["rev-parse", "--show-prefix"], root).stdout.decode().strip()
    toplevel = Path(top.stdout.decode().strip())
    commit = b""
    if not ref.startswith("-"):
        resolved = _git(
            ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], toplevel
        )
        commit = resolved.stdout.strip() if resolved.returncode == 0 else b""
    if not commit:
        remote_hint = ""
        if "/" in ref and not ref.startswith("refs/"):
            remote, _, branch = ref.partition("/")
            remote_hint = (
                f"; in CI fetch it first: `git fetch --depth=1 {remote} {branch}`"
            )
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"unknown git ref {ref!r}: no commit by that name in {toplevel}",
                "pass a branch, tag or commit that exists (see `git branch -a`)"
                + remote_hint
                + ", or a baseline directory",
            )
        )
    commit_id = commit.decode()
    spec_path = f"{prefix}spec"
    listing = _git(
        [
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--name-only",
            commit_id,
            "--",
            spec_path,
        ],
        toplevel,
    )
    if listing.returncode != 0:
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"cannot list {spec_path}/ at {ref}: {_git_error(listing)}",
                "check that the ref is readable (`git ls-tree " + ref + "`)",
            )
        )
    names = [
        n.decode("utf-8", "surrogateescape") for n in listing.stdout.split(b"\0") if n
    ]
    (target / "spec").mkdir(parents=True, exist_ok=True)
    if not names:
        return commit_id
    batch = _git(
        ["cat-file", "--batch"],
        toplevel,
        stdin="".join(f"{commit_id}:{name}\n" for name in names).encode(
            "utf-8", "surrogateescape"
        ),
    )
    if batch.returncode != 0:
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"cannot read {spec_path}/ at {ref}: {_git_error(batch)}",
                "check the repository (`git fsck`), or pass a baseline directory",
            )
        )
    data = batch.stdout
    position = 0
    for name in names:
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # a submodule or a missing object: nothing to compare
        size = int(header[2])
        content = data[position : position + size]
        position += size + 1
        relative = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
    return commit_id


def _baseline_root_from_dir(directory: Path, scratch: Path) -> Path:
    """A directory holding spec/, or a spec directory itself (linked as scratch/spec)."""
    if (directory / "spec").is_dir():
        return directory
    if any(directory.glob("*.catalog.yaml")):
        (scratch / "spec").symlink_to(directory.resolve(), target_is_directory=True)
        return scratch
    raise BaselineError(
        Problem(
            Location(str(directory)),
            f"baseline directory {directory} holds neither spec/ nor *.catalog.yaml files",
            "pass a checkout of the baseline (with spec/), its spec/ directory, or a git ref",
        )
    )


@contextmanager
def baseline_root(root: Path, against: str) -> Iterator[tuple[Path, str]]:
    """Yield (a project root holding the baseline spec/, a label for the baseline)."""
    with tempfile.TemporaryDirectory(prefix="catgen-diff-") as scratch_name:
        scratch = Path(scratch_name)
        candidate = Path(against)
        if against and candidate.is_dir():
            yield _baseline_root_from_dir(candidate, scratch), str(candidate)
            return
        if against and candidate.exists():
            raise BaselineError(
                Problem(
                    Location(against),
                    f"--against {against!r} is a file, not a directory or a git ref",
                    "pass a git ref (branch, tag, commit) or a baseline directory",
                )
            )
        commit = materialise_git_baseline(root, against, scratch)
        yield scratch, f"{against} ({commit[:12]})"


def load_baseline(base: Path, label: str) -> list[Catalog]:
    """Load the baseline catalogs; a broken baseline is a BaselineError, never exit 3."""
    if not find_catalogs(base):
        return []
    try:
        return load_catalogs(base)
    except CatalogError as exc:
        raise BaselineError(
            [
                Problem(
                    Location(f"{label}:{p.location}"),
                    f"baseline catalog is invalid: {p.message}",
                    "compare against a ref whose catalogs pass `catgen check`, or fix them "
                    "there first (the baseline is read with today's catalog format)",
                )
                for p in exc.problems
            ]
        ) from None


def load_current(root: Path) -> list[Catalog]:
    if not find_catalogs(root):
        return []
    return load_catalogs(root)


# --------------------------------------------------------------------------- helpers


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "(none)"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _bq(value: Any) -> str:
    return f"`{_show(value)}`"


def _parse_version(text: str | None) -> tuple[int, int, int] | None:
    try:
        major, minor, patch = (int(part) for part in str(text).split("."))
    except (ValueError, TypeError):
        return None
    return major, minor, patch


def version_bump(old: str | None, new: str | None) -> str:
    """Return none | patch | minor | major | decrease for old -> new."""
    a, b = _parse_version(old), _parse_version(new)
    if a is None or b is None or a == b:
        return "none"
    if b < a:
        return "decrease"
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "minor"
    return "patch"


def required_bump(category: str | None, old_version: str | None) -> str:
    """Semver, with the 0.x convention: minor is the breaking position below 1.0.0."""
    if category is None or category == COSMETIC:
        return "none"
    parsed = _parse_version(old_version)
    zero = parsed is not None and parsed[0] == 0
    if category == BREAKING:
        return "minor" if zero else "major"
    return "patch" if zero else "minor"


def next_version(old_version: str | None, bump: str) -> str:
    parsed = _parse_version(old_version) or (0, 0, 0)
    major, minor, patch = parsed
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def _pointer(*parts: Any) -> str:
    return "".join(f"/{escape_pointer_token(part)}" for part in parts)


def _index(
    entries: list[dict[str, Any]], key: Any
) -> dict[Any, tuple[int, dict[str, Any]]]:
    result: dict[Any, tuple[int, dict[str, Any]]] = {}
    for position, entry in enumerate(entries):
        name = key(entry) if callable(key) else entry.get(key)
        result.setdefault(name, (position, entry))
    return result


def _without(entry: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in keys}


def _code_subject(scope: Any, code: str) -> str:
    return f"code {scope}/{code}" if scope is not None else f"code {code}"


def _in_scope(scope: Any) -> str:
    return f" in scope `{scope}`" if scope is not None else ""


def _from_scope(scope: Any) -> str:
    return f" from scope `{scope}`" if scope is not None else ""


def _order_changed(old: list[Any], new: list[Any]) -> bool:
    common = set(old) & set(new)
    return [x for x in old if x in common] != [x for x in new if x in common]


# --------------------------------------------------------------------------- differ


class _CatalogDiffer:
    """Compares one catalog with its baseline and collects classified changes."""

    def __init__(self, old: Catalog, new: Catalog, label: str) -> None:
        self.old, self.new, self.label = old, new, label
        self.result = CatalogDiff(
            new.id,
            new.relpath,
            str(old.data.get("version")),
            str(new.data.get("version")),
        )

    # ---------------------------------------------------------------- recording

    def add(
        self,
        rule: str,
        subject: str,
        message: str,
        pointer: str | None = None,
        old_pointer: str | None = None,
        **extra: Any,
    ) -> Change:
        assert rule in RULES, rule
        location = self.new.source.locate(pointer if pointer is not None else "")
        baseline = ""
        if old_pointer is not None:
            line = self.old.source.locate(old_pointer).line
            baseline = f"{self.label}:{self.old.relpath}:{line}"
        change = Change(
            rule, self.new.id, subject, message, location, baseline, **extra
        )
        self.result.changes.append(change)
        return change

    def compare_text(
        self, subject: str, what: str, old: Any, new: Any, pointer: str, key: str
    ) -> None:
        if old != new:
            self.add(
                "DESCRIPTION_CHANGED",
                subject,
                f"{what}: {key} changed",
                pointer if new is not None else pointer.rsplit("/", 1)[0],
                old=old,
                new=new,
            )

    # ---------------------------------------------------------------- sections

    def run(self) -> CatalogDiff:
        o, n = self.old.data, self.new.data
        self.diff_metadata(o, n)
        self.diff_policies(o, n)
        self.diff_enums()
        self.diff_attributes()
        self.diff_scopes()
        self.diff_codes()
        self.diff_overrides()
        self.diff_aliases()
        self.diff_precedence()
        self.diff_status_model()
        self.diff_records()
        self.diff_registries()
        self.diff_artifacts()
        self.diff_simple("tables", "id", "TABLE_CHANGED", "table")
        self.diff_simple("notes", "id", "NOTE_CHANGED", "note")
        for section in ("lint", "extraction"):
            if o.get(section) != n.get(section):
                self.add(
                    "CURATION_CHANGED",
                    f"section {section}",
                    f"section `{section}` changed",
                    _pointer(section) if section in n else "",
                )
        self.diff_bookkeeping()
        self.diff_unknown_sections(o, n)
        self.flag_record_impact()
        return self.result

    def diff_metadata(self, o: dict[str, Any], n: dict[str, Any]) -> None:
        for key in ("title", "description", "document", "code_style"):
            if o.get(key) != n.get(key):
                self.add(
                    "CATALOG_METADATA_CHANGED",
                    f"catalog {key}",
                    f"catalog {key} changed from {_bq(o.get(key))} to {_bq(n.get(key))}",
                    _pointer(key) if key in n else "",
                    old=o.get(key),
                    new=n.get(key),
                )
        if o.get("code_field") != n.get("code_field"):
            self.add(
                "CODE_FIELD_CHANGED",
                "catalog code_field",
                f"code_field changed from {_bq(o.get('code_field'))} to "
                f"{_bq(n.get('code_field'))}",
                "/code_field" if "code_field" in n else "",
                old=o.get("code_field"),
                new=n.get("code_field"),
            )

    def diff_policies(self, o: dict[str, Any], n: dict[str, Any]) -> None:
        old, new = o.get("policies") or {}, n.get("policies") or {}
        for key, ranks, default in (
            ("removal", REMOVAL_RANK, "allowed"),
            ("additions", ADDITIONS_RANK, "allowed"),
            ("record_changes", RECORD_RANK, "allowed"),
        ):
            a, b = old.get(key, default), new.get(key, default)
            if a == b:
                continue
            rule = "POLICY_RELAXED" if ranks[b] < ranks[a] else "POLICY_TIGHTENED"
            self.add(
                rule,
                f"policy {key}",
                f"policy {key} changed from `{a}` to `{b}`",
                _pointer("policies", key) if key in new else "/policies",
                old=a,
                new=b,
            )
        for key in sorted(set(old) | set(new)):
            if key in ("removal", "additions", "record_changes"):
                continue
            if old.get(key) != new.get(key):
                self.add(
                    "POLICY_TEXT_CHANGED",
                    f"policy {key}",
                    f"policy {key} changed",
                    _pointer("policies", key) if key in new else "/policies",
                    old=old.get(key),
                    new=new.get(key),
                )

    def record_enums(self, catalog: Catalog) -> set[str]:
        """Enum names referenced by record fields (at any depth)."""
        names: set[str] = set()

        def visit(spec: dict[str, Any]) -> None:
            if "enum" in spec:
                names.add(spec["enum"])
            for key in ("items", "values"):
                if isinstance(spec.get(key), dict):
                    visit(spec[key])
            for option in spec.get("any_of") or []:
                visit(option)
            for child in spec.get("fields") or []:
                visit(child)

        for record in catalog.section("records"):
            for spec in record.get("fields") or []:
                visit(spec)
        return names

    def diff_enums(self) -> None:
        old = _index(self.old.section("enums"), "name")
        new = _index(self.new.section("enums"), "name")
        record_enums = self.record_enums(self.new) | self.record_enums(self.old)
        for name, (i, _entry) in old.items():
            if name not in new:
                self.add(
                    "ENUM_REMOVED",
                    f"enum {name}",
                    f"enum `{name}` removed",
                    "/enums",
                    _pointer("enums", i),
                    record_impact=name in record_enums,
                )
        for name, (j, entry) in new.items():
            base = _pointer("enums", j)
            if name not in old:
                self.add("ENUM_ADDED", f"enum {name}", f"enum `{name}` added", base)
                continue
            i, before = old[name]
            subject = f"enum {name}"
            self.compare_text(
                subject,
                f"enum `{name}`",
                before.get("description"),
                entry.get("description"),
                base + "/description",
                "description",
            )
            old_values = _index(before["values"], "value")
            new_values = _index(entry["values"], "value")
            for value, (vi, _) in old_values.items():
                if value not in new_values:
                    self.add(
                        "ENUM_VALUE_REMOVED",
                        f"enum {name}.{value}",
                        f"value `{value}` removed from enum `{name}`",
                        base + "/values",
                        _pointer("enums", i, "values", vi),
                        record_impact=name in record_enums,
                    )
            for value, (vj, spec) in new_values.items():
                pointer = _pointer("enums", j, "values", vj)
                if value not in old_values:
                    self.add(
                        "ENUM_VALUE_ADDED",
                        f"enum {name}.{value}",
                        f"value `{value}` added to enum `{name}`",
                        pointer,
                    )
                    continue
                previous = old_values[value][1]
                if spec.get("deprecated") and not previous.get("deprecated"):
                    self.add(
                        "ENUM_VALUE_DEPRECATED",
                        f"enum {name}.{value}",
                        f"value `{value}` of enum `{name}` deprecated",
                        pointer,
                    )
                self.compare_text(
                    f"enum {name}.{value}",
                    f"value `{value}` of enum `{name}`",
                    previous.get("description"),
                    spec.get("description"),
                    pointer + "/description",
                    "description",
                )
            if _order_changed(list(old_values), list(new_values)):
                self.add(
                    "ENUM_VALUE_ORDER_CHANGED",
                    subject,
                    f"values of enum `{name}` reordered",
                    base + "/values",
                    old=list(old_values),
                    new=list(new_values),
                )
            if (before.get("subsets") or {}) != (entry.get("subsets") or {}):
                self.add(
                    "ENUM_SUBSET_CHANGED",
                    subject,
                    f"subsets of enum `{name}` changed",
                    base + "/subsets" if "subsets" in entry else base,
                    old=before.get("subsets"),
                    new=entry.get("subsets"),
                )

    def diff_attributes(self) -> None:
        old = _index(self.old.section("attributes"), "name")
        new = _index(self.new.section("attributes"), "name")
        for name, (i, _) in old.items():
            if name not in new:
                self.add(
                    "ATTRIBUTE_REMOVED",
                    f"attribute {name}",
                    f"code attribute `{name}` removed",
                    "/attributes",
                    _pointer("attributes", i),
                )
        for name, (j, entry) in new.items():
            pointer = _pointer("attributes", j)
            if name not in old:
                self.add(
                    "ATTRIBUTE_ADDED",
                    f"attribute {name}",
                    f"code attribute `{name}` added",
                    pointer,
                )
                continue
            before = old[name][1]
            a, b = _without(before, "description"), _without(entry, "description")
            if a != b:
                self.add(
                    "ATTRIBUTE_CHANGED",
                    f"attribute {name}",
                    f"code attribute `{name}` changed",
                    pointer,
                    old=a,
                    new=b,
                )
            self.compare_text(
                f"attribute {name}",
                f"attribute `{name}`",
                before.get("description"),
                entry.get("description"),
                pointer + "/description",
                "description",
            )

    SCOPE_TEXT = ("title", "description")
    SCOPE_FAIL = ("default_fail_mode", "fail_mode_when")

    def diff_scopes(self) -> None:
        old = _index(self.old.section("scopes"), "id")
        new = _index(self.new.section("scopes"), "id")
        for sid, (i, _) in old.items():
            if sid not in new:
                self.add(
                    "SCOPE_REMOVED",
                    f"scope {sid}",
                    f"scope `{sid}` removed",
                    "/scopes",
                    _pointer("scopes", i),
                    scope=sid,
                )
        counts: dict[Any, int] = {}
        for entry in self.new.section("codes"):
            counts[entry.get("scope")] = counts.get(entry.get("scope"), 0) + 1
        for sid, (j, entry) in new.items():
            pointer = _pointer("scopes", j)
            subject = f"scope {sid}"
            if sid not in old:
                self.add(
                    "SCOPE_ADDED", subject, f"scope `{sid}` added", pointer, scope=sid
                )
                continue
            before = old[sid][1]
            for key in self.SCOPE_FAIL:
                if before.get(key) != entry.get(key):
                    self.add(
                        "CODE_FAIL_MODE_CHANGED",
                        subject,
                        f"{key} of scope `{sid}` ({counts.get(sid, 0)} code(s)) changed from "
                        f"{_bq(before.get(key))} to {_bq(entry.get(key))}",
                        pointer + f"/{key}" if key in entry else pointer,
                        old=before.get(key),
                        new=entry.get(key),
                        scope=sid,
                    )
            semantic_keys = sorted(
                (set(before) | set(entry)) - set(self.SCOPE_TEXT) - set(self.SCOPE_FAIL)
            )
            for key in semantic_keys:
                if before.get(key) != entry.get(key):
                    self.add(
                        "SCOPE_CHANGED",
                        subject,
                        f"{key} of scope `{sid}` changed from {_bq(before.get(key))} to "
                        f"{_bq(entry.get(key))}",
                        pointer + f"/{key}" if key in entry else pointer,
                        old=before.get(key),
                        new=entry.get(key),
                        scope=sid,
                    )
            for key in self.SCOPE_TEXT:
                self.compare_text(
                    subject,
                    f"scope `{sid}`",
                    before.get(key),
                    entry.get(key),
                    pointer + f"/{key}",
                    key,
                )
        old_stages = [s["id"] for s in self.old.outcome_scopes()]
        new_stages = [s["id"] for s in self.new.outcome_scopes()]
        if _order_changed(old_stages, new_stages):
            self.add(
                "SCOPE_ORDER_CHANGED",
                "scopes",
                "canonical stage order changed",
                "/scopes",
                old=old_stages,
                new=new_stages,
            )

    # ---------------------------------------------------------------- codes

    def tombstone_for(self, code: str, scope: Any) -> tuple[int, dict[str, Any]] | None:
        for position, tomb in enumerate(self.new.section("tombstones")):
            if tomb.get("code") == code and tomb.get("scope") in (None, scope):
                return position, tomb
        return None

    def diff_codes(self) -> None:
        key = lambda e: (e.get("scope"), e["code"])
        old = _index(self.old.section("codes"), key)
        new = _index(self.new.section("codes"), key)
        removed = [k for k in old if k not in new]
        added = [k for k in new if k not in old]
        pairs: list[tuple[tuple[Any, str], tuple[Any, str], str]] = []

        # 1. explicit renames: a tombstone with replaced_by naming an added code
        for before in list(removed):
            found = self.tombstone_for(before[1], before[0])
            target = found[1].get("replaced_by") if found else None
            if not target:
                continue
            candidates = [a for a in added if a[1] == target and a[0] == before[0]]
            candidates = candidates or [a for a in added if a[1] == target]
            if candidates:
                pairs.append((before, candidates[0], "rename"))
                removed.remove(before)
                added.remove(candidates[0])
        # 2. scope moves: the same code leaves one scope and enters another
        for before in list(removed):
            candidates = [a for a in added if a[1] == before[1] and a[0] != before[0]]
            if candidates:
                pairs.append((before, candidates[0], "move"))
                removed.remove(before)
                added.remove(candidates[0])

        # 3. implicit renames: the only removed/added pair of a scope with identical content
        def signature(entry: dict[str, Any]) -> str:
            return json.dumps(
                _without(entry, "code", "source"), sort_keys=True, default=str
            )

        groups: dict[tuple[Any, str], tuple[list[Any], list[Any]]] = {}
        for before in removed:
            groups.setdefault((before[0], signature(old[before][1])), ([], []))[
                0
            ].append(before)
        for after in added:
            groups.setdefault((after[0], signature(new[after][1])), ([], []))[1].append(
                after
            )
        for gone, came in groups.values():
            if len(gone) == 1 and len(came) == 1:
                pairs.append((gone[0], came[0], "rename"))
                removed.remove(gone[0])
                added.remove(came[0])

        for before in removed:
            self.code_removed(before, old[before][0], old[before][1])
        for before, after, kind in sorted(pairs, key=lambda p: new[p[1]][0]):
            i, old_entry = old[before]
            j, new_entry = new[after]
            pointer = _pointer("codes", j)
            if kind == "rename":
                found = self.tombstone_for(before[1], before[0])
                how = " (tombstone replaced_by)" if found else " (same attributes)"
                self.add(
                    "CODE_RENAMED",
                    _code_subject(after[0], after[1]),
                    f"code `{before[1]}` renamed to `{after[1]}`{_in_scope(after[0])}{how}",
                    pointer + "/code",
                    _pointer("codes", i),
                    old=before[1],
                    new=after[1],
                    code=after[1],
                    scope=after[0],
                    old_key=before,
                )
            else:
                self.add(
                    "CODE_SCOPE_CHANGED",
                    _code_subject(after[0], after[1]),
                    f"code `{after[1]}` moved from scope `{before[0]}` to `{after[0]}`",
                    pointer + "/scope",
                    _pointer("codes", i),
                    old=before[0],
                    new=after[0],
                    code=after[1],
                    scope=after[0],
                    old_key=before,
                )
            self.diff_code_entry(old_entry, new_entry, pointer)
        for after in added:
            j = new[after][0]
            self.add(
                "CODE_ADDED",
                _code_subject(after[0], after[1]),
                f"code `{after[1]}` added{_in_scope(after[0])}",
                _pointer("codes", j),
                code=after[1],
                scope=after[0],
            )
        for common in (k for k in new if k in old):
            self.diff_code_entry(
                old[common][1], new[common][1], _pointer("codes", new[common][0])
            )
        old_order = [k for k in old if k in new]
        new_order = [k for k in new if k in old]
        if old_order != new_order:
            self.add(
                "CODE_ORDER_CHANGED",
                "codes",
                "common codes appear in a different order",
                "/codes",
            )

    def code_removed(
        self, key: tuple[Any, str], index: int, entry: dict[str, Any]
    ) -> None:
        scope, code = key
        found = self.tombstone_for(code, scope)
        subject = _code_subject(scope, code)
        if found is None:
            self.add(
                "CODE_REMOVED",
                subject,
                f"code `{code}` removed{_from_scope(scope)}",
                "/codes",
                _pointer("codes", index),
                code=code,
                scope=scope,
            )
            return
        position, tomb = found
        extra = (
            f", replaced by `{tomb['replaced_by']}`" if tomb.get("replaced_by") else ""
        )
        self.add(
            "CODE_TOMBSTONED",
            subject,
            f"code `{code}` removed{_from_scope(scope)} "
            f"(tombstoned in {tomb.get('removed_in')}{extra})",
            _pointer("tombstones", position),
            _pointer("codes", index),
            code=code,
            scope=scope,
        )

    def attribute_kinds(self) -> dict[str, str]:
        kinds: dict[str, str] = {}
        for catalog in (self.old, self.new):
            for attribute in catalog.section("attributes"):
                kind = (
                    "enum" if "enum" in attribute else attribute.get("type", "string")
                )
                kinds.setdefault(attribute["name"], kind)
        return kinds

    def diff_code_entry(
        self, old: dict[str, Any], new: dict[str, Any], pointer: str
    ) -> None:
        code, scope = new["code"], new.get("scope")
        subject = _code_subject(scope, code)
        kinds = self.attribute_kinds()
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            rule = "CODE_DEPRECATED" if new.get("deprecated") else "CODE_UNDEPRECATED"
            verb = "deprecated" if new.get("deprecated") else "no longer deprecated"
            self.add(
                rule,
                subject,
                f"code `{code}`{_in_scope(scope)} {verb}",
                pointer + "/deprecated" if "deprecated" in new else pointer,
                code=code,
                scope=scope,
            )
        self.compare_text(
            subject,
            f"code `{code}`{_in_scope(scope)}",
            old.get("description"),
            new.get("description"),
            pointer + "/description",
            "description",
        )
        if old.get("source") != new.get("source"):
            self.add(
                "CODE_SOURCE_CHANGED",
                subject,
                f"code `{code}`{_in_scope(scope)} moved from table {_bq(old.get('source'))} "
                f"to {_bq(new.get('source'))}",
                pointer + "/source" if "source" in new else pointer,
                old=old.get("source"),
                new=new.get("source"),
            )
        core = {"code", "scope", "description", "source", "deprecated"}
        for name in sorted((set(old) | set(new)) - core):
            a, b = old.get(name), new.get(name)
            if a == b:
                continue
            if kinds.get(name) == "text":
                rule = "CODE_TEXT_ATTRIBUTE_CHANGED"
            else:
                rule = SPECIFIC_ATTRIBUTE_RULES.get(name, "CODE_ATTRIBUTE_CHANGED")
            self.add(
                rule,
                subject,
                f"{name} of `{code}`{_in_scope(scope)} changed from {_bq(a)} to {_bq(b)}",
                pointer + f"/{escape_pointer_token(name)}" if name in new else pointer,
                old=a,
                new=b,
                code=code,
                scope=scope,
            )

    # ---------------------------------------------------------------- other sections

    def diff_overrides(self) -> None:
        old = _index(self.old.section("overrides"), "id")
        new = _index(self.new.section("overrides"), "id")
        for oid, (i, _) in old.items():
            if oid not in new:
                self.add(
                    "OVERRIDE_REMOVED",
                    f"override {oid}",
                    f"override `{oid}` removed",
                    "/overrides",
                    _pointer("overrides", i),
                )
        for oid, (j, entry) in new.items():
            pointer = _pointer("overrides", j)
            if oid not in old:
                codes = ", ".join(f"`{c}`" for c in entry.get("codes", []))
                self.add(
                    "OVERRIDE_ADDED",
                    f"override {oid}",
                    f"override `{oid}` added for {codes}{_in_scope(entry.get('scope'))}",
                    pointer,
                )
                continue
            before = old[oid][1]
            for key in sorted((set(before) | set(entry)) - {"id"}):
                a, b = before.get(key), entry.get(key)
                if a == b:
                    continue
                where = pointer + f"/{key}" if key in entry else pointer
                if key in ("text", "marks"):
                    self.add(
                        "DESCRIPTION_CHANGED",
                        f"override {oid}",
                        f"override `{oid}`: {key} changed",
                        where,
                        old=a,
                        new=b,
                    )
                else:
                    self.add(
                        "OVERRIDE_CHANGED",
                        f"override {oid}",
                        f"override `{oid}`: {key} changed from {_bq(a)} to {_bq(b)}",
                        where,
                        old=a,
                        new=b,
                    )

    def diff_aliases(self) -> None:
        key = lambda e: (e.get("scope"), e["alias"])
        old = _index(self.old.section("aliases"), key)
        new = _index(self.new.section("aliases"), key)
        for (scope, alias), (i, _) in old.items():
            if (scope, alias) not in new:
                self.add(
                    "ALIAS_REMOVED",
                    f"alias {alias}",
                    f"alias `{alias}`{_in_scope(scope)} removed",
                    "/aliases",
                    _pointer("aliases", i),
                )
        for (scope, alias), (j, entry) in new.items():
            pointer = _pointer("aliases", j)
            if (scope, alias) not in old:
                self.add(
                    "ALIAS_ADDED",
                    f"alias {alias}",
                    f"alias `{alias}` -> `{entry['canonical']}`{_in_scope(scope)} added",
                    pointer,
                )
                continue
            before = old[(scope, alias)][1]
            if before["canonical"] != entry["canonical"]:
                self.add(
                    "ALIAS_CHANGED",
                    f"alias {alias}",
                    f"alias `{alias}`{_in_scope(scope)} now maps to `{entry['canonical']}` "
                    f"(was `{before['canonical']}`)",
                    pointer + "/canonical",
                    old=before["canonical"],
                    new=entry["canonical"],
                )
            self.compare_text(
                f"alias {alias}",
                f"alias `{alias}`",
                before.get("text"),
                entry.get("text"),
                pointer + "/text",
                "text",
            )

    def diff_precedence(self) -> None:
        old = _index(self.old.section("precedence"), "id")
        new = _index(self.new.section("precedence"), "id")
        for pid, (i, _) in old.items():
            if pid not in new:
                self.add(
                    "PRECEDENCE_REMOVED",
                    f"precedence {pid}",
                    f"precedence list `{pid}` removed",
                    "/precedence",
                    _pointer("precedence", i),
                )
        for pid, (j, entry) in new.items():
            pointer = _pointer("precedence", j)
            subject = f"precedence {pid}"
            if pid not in old:
                self.add(
                    "PRECEDENCE_ADDED",
                    subject,
                    f"precedence list `{pid}` added",
                    pointer,
                )
                continue
            before = old[pid][1]
            a, b = list(before["order"]), list(entry["order"])
            if _order_changed(a, b) or set(a) - set(b):
                self.add(
                    "PRECEDENCE_ORDER_CHANGED",
                    subject,
                    f"precedence `{pid}` changed from {' > '.join(a)} to {' > '.join(b)}",
                    pointer + "/order",
                    old=a,
                    new=b,
                )
            elif set(b) - set(a):
                self.add(
                    "PRECEDENCE_EXTENDED",
                    subject,
                    f"precedence `{pid}` extended with "
                    + ", ".join(f"`{c}`" for c in b if c not in a),
                    pointer + "/order",
                    old=a,
                    new=b,
                )
            for key in ("scope", "after"):
                if before.get(key) != entry.get(key):
                    self.add(
                        "PRECEDENCE_ORDER_CHANGED",
                        subject,
                        f"precedence `{pid}`: {key} changed from {_bq(before.get(key))} to "
                        f"{_bq(entry.get(key))}",
                        pointer + f"/{key}" if key in entry else pointer,
                        old=before.get(key),
                        new=entry.get(key),
                    )
            self.compare_text(
                subject,
                f"precedence `{pid}`",
                before.get("text"),
                entry.get("text"),
                pointer + "/text",
                "text",
            )

    def diff_status_model(self) -> None:
        old = self.old.data.get("status_model") or {}
        new = self.new.data.get("status_model") or {}
        for key in sorted(set(old) | set(new)):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if isinstance(a, dict) and isinstance(b, dict):
                for sub in sorted(set(a) | set(b)):
                    if a.get(sub) != b.get(sub):
                        self.add(
                            "STATUS_MODEL_CHANGED",
                            f"status_model {key}.{sub}",
                            f"status_model {key}.{sub} changed from {_bq(a.get(sub))} to "
                            f"{_bq(b.get(sub))}",
                            (
                                _pointer("status_model", key, sub)
                                if sub in b
                                else _pointer("status_model", key)
                            ),
                            old=a.get(sub),
                            new=b.get(sub),
                        )
                continue
            self.add(
                "STATUS_MODEL_CHANGED",
                f"status_model {key}",
                f"status_model {key} changed",
                _pointer("status_model", key) if key in new else "/status_model",
                old=a,
                new=b,
            )

    def diff_records(self) -> None:
        old = _index(self.old.section("records"), "name")
        new = _index(self.new.section("records"), "name")
        for name, (i, _) in old.items():
            if name not in new:
                self.add(
                    "RECORD_REMOVED",
                    f"record {name}",
                    f"record `{name}` removed",
                    "/records",
                    _pointer("records", i),
                )
        for name, (j, entry) in new.items():
            pointer = _pointer("records", j)
            subject = f"record {name}"
            if name not in old:
                self.add("RECORD_ADDED", subject, f"record `{name}` added", pointer)
                continue
            i, before = old[name]
            a = bool(before.get("additional_properties", True))
            b = bool(entry.get("additional_properties", True))
            if a != b:
                self.add(
                    "RECORD_OPENED" if b else "RECORD_CLOSED",
                    subject,
                    f"record `{name}` {'now allows' if b else 'no longer allows'} "
                    "additional properties",
                    (
                        pointer + "/additional_properties"
                        if "additional_properties" in entry
                        else pointer
                    ),
                )
            self.compare_text(
                subject,
                f"record `{name}`",
                before.get("description"),
                entry.get("description"),
                pointer + "/description",
                "description",
            )
            self.diff_fields(
                name,
                before.get("fields") or [],
                entry.get("fields") or [],
                _pointer("records", i, "fields"),
                pointer + "/fields",
            )

    def diff_fields(
        self,
        path: str,
        old: list[dict[str, Any]],
        new: list[dict[str, Any]],
        old_pointer: str,
        pointer: str,
    ) -> None:
        before_index = _index(old, "name")
        after_index = _index(new, "name")
        for fname, (i, spec) in before_index.items():
            if fname not in after_index:
                required = field_required(spec)
                self.add(
                    (
                        "RECORD_FIELD_REQUIRED_REMOVED"
                        if required
                        else "RECORD_FIELD_REMOVED"
                    ),
                    f"field {path}.{fname}",
                    f"{'required' if required else 'optional'} field `{path}.{fname}` removed",
                    pointer,
                    f"{old_pointer}/{i}",
                )
        for fname, (j, spec) in after_index.items():
            where = f"{pointer}/{j}"
            subject = f"field {path}.{fname}"
            if fname not in before_index:
                required = field_required(spec)
                self.add(
                    "RECORD_FIELD_REQUIRED_ADDED" if required else "RECORD_FIELD_ADDED",
                    subject,
                    f"{'required' if required else 'optional'} field `{path}.{fname}` added",
                    where,
                )
                continue
            i, previous = before_index[fname]
            a, b = field_required(previous), field_required(spec)
            if a != b:
                self.add(
                    (
                        "RECORD_FIELD_REQUIRED_ADDED"
                        if b
                        else "RECORD_FIELD_REQUIRED_REMOVED"
                    ),
                    subject,
                    f"field `{path}.{fname}` is now {'required' if b else 'optional'}",
                    where + "/required" if "required" in spec else where,
                )
            shape_a = _without(previous, "name", "required", "description", "fields")
            shape_b = _without(spec, "name", "required", "description", "fields")
            for key in sorted(set(shape_a) | set(shape_b)):
                if shape_a.get(key) != shape_b.get(key):
                    self.add(
                        "RECORD_FIELD_CHANGED",
                        subject,
                        f"{key} of field `{path}.{fname}` changed from "
                        f"{_bq(shape_a.get(key))} to {_bq(shape_b.get(key))}",
                        where + f"/{key}" if key in spec else where,
                        old=shape_a.get(key),
                        new=shape_b.get(key),
                    )
            self.compare_text(
                subject,
                f"field `{path}.{fname}`",
                previous.get("description"),
                spec.get("description"),
                where + "/description",
                "description",
            )
            if previous.get("fields") or spec.get("fields"):
                self.diff_fields(
                    f"{path}.{fname}",
                    previous.get("fields") or [],
                    spec.get("fields") or [],
                    f"{old_pointer}/{i}/fields",
                    where + "/fields",
                )

    def diff_registries(self) -> None:
        old = _index(self.old.section("registries"), "name")
        new = _index(self.new.section("registries"), "name")
        for name, (i, _) in old.items():
            if name not in new:
                self.add(
                    "REGISTRY_REMOVED",
                    f"registry {name}",
                    f"registry `{name}` removed",
                    "/registries",
                    _pointer("registries", i),
                )
        for name, (j, entry) in new.items():
            pointer = _pointer("registries", j)
            if name not in old:
                self.add(
                    "REGISTRY_ADDED",
                    f"registry {name}",
                    f"registry `{name}` added",
                    pointer,
                )
                continue
            i, before = old[name]
            keys_a = _index(before.get("entries") or [], "key")
            keys_b = _index(entry.get("entries") or [], "key")
            for key, (ki, _) in keys_a.items():
                if key not in keys_b:
                    self.add(
                        "REGISTRY_KEY_REMOVED",
                        f"registry {name}.{key}",
                        f"key `{key}` removed from registry `{name}`",
                        pointer + "/entries",
                        _pointer("registries", i, "entries", ki),
                    )
            for key, (kj, spec) in keys_b.items():
                if key not in keys_a:
                    self.add(
                        "REGISTRY_KEY_ADDED",
                        f"registry {name}.{key}",
                        f"key `{key}` added to registry `{name}`",
                        _pointer("registries", j, "entries", kj),
                    )
                else:
                    self.compare_text(
                        f"registry {name}.{key}",
                        f"registry key `{key}`",
                        keys_a[key][1].get("description"),
                        spec.get("description"),
                        _pointer("registries", j, "entries", kj, "description"),
                        "description",
                    )
            self.compare_text(
                f"registry {name}",
                f"registry `{name}`",
                before.get("description"),
                entry.get("description"),
                pointer + "/description",
                "description",
            )

    def diff_artifacts(self) -> None:
        old = _index(self.old.section("artifacts"), "kind")
        new = _index(self.new.section("artifacts"), "kind")
        for kind, (i, _) in old.items():
            if kind not in new:
                self.add(
                    "ARTIFACT_REMOVED",
                    f"artifact {kind}",
                    f"artifact kind `{kind}` removed",
                    "/artifacts",
                    _pointer("artifacts", i),
                )
        for kind, (j, entry) in new.items():
            pointer = _pointer("artifacts", j)
            if kind not in old:
                self.add(
                    "ARTIFACT_ADDED",
                    f"artifact {kind}",
                    f"artifact kind `{kind}` added",
                    pointer,
                )
                continue
            before = old[kind][1]
            for key in ("schema", "rules"):
                if before.get(key) != entry.get(key):
                    self.add(
                        "ARTIFACT_CHANGED",
                        f"artifact {kind}",
                        f"{key} of artifact kind `{kind}` changed",
                        pointer + f"/{key}" if key in entry else pointer,
                        old=before.get(key),
                        new=entry.get(key),
                    )
            self.compare_text(
                f"artifact {kind}",
                f"artifact kind `{kind}`",
                before.get("description"),
                entry.get("description"),
                pointer + "/description",
                "description",
            )

    def diff_simple(self, section: str, key: str, rule: str, noun: str) -> None:
        old = _index(self.old.section(section), key)
        new = _index(self.new.section(section), key)
        for name in old:
            if name not in new:
                self.add(
                    rule,
                    f"{noun} {name}",
                    f"{noun} `{name}` removed",
                    f"/{section}",
                    _pointer(section, old[name][0]),
                )
        for name, (j, entry) in new.items():
            if name not in old:
                self.add(
                    rule,
                    f"{noun} {name}",
                    f"{noun} `{name}` added",
                    _pointer(section, j),
                )
            elif old[name][1] != entry:
                self.add(
                    rule,
                    f"{noun} {name}",
                    f"{noun} `{name}` changed",
                    _pointer(section, j),
                )

    def diff_bookkeeping(self) -> None:
        used = {
            (c.code, c.scope)
            for c in self.result.changes
            if c.rule == "CODE_TOMBSTONED"
        } | {
            (c.old_key[1], c.old_key[0])
            for c in self.result.changes
            if c.old_key is not None
        }
        key = lambda e: (e.get("code"), e.get("scope"))
        old = _index(self.old.section("tombstones"), key)
        new = _index(self.new.section("tombstones"), key)
        for (code, scope), (i, _) in old.items():
            if (code, scope) not in new:
                self.add(
                    "TOMBSTONE_REMOVED",
                    f"tombstone {code}",
                    f"tombstone of `{code}`{_in_scope(scope)} deleted",
                    "/tombstones",
                    _pointer("tombstones", i),
                    code=code,
                    scope=scope,
                )
        for (code, scope), (j, _) in new.items():
            covered = any(c == code and (scope is None or s == scope) for c, s in used)
            if (code, scope) not in old and not covered:
                self.add(
                    "TOMBSTONE_ADDED",
                    f"tombstone {code}",
                    f"tombstone of `{code}`{_in_scope(scope)} recorded",
                    _pointer("tombstones", j),
                    code=code,
                    scope=scope,
                )
        old_a = _index(self.old.section("approvals"), "code")
        new_a = _index(self.new.section("approvals"), "code")
        for code, (i, _) in old_a.items():
            if code not in new_a:
                self.add(
                    "APPROVAL_REMOVED",
                    f"approval {code}",
                    f"approval of `{code}` removed",
                    "/approvals",
                    _pointer("approvals", i),
                )
        for code, (j, entry) in new_a.items():
            if code not in old_a:
                self.add(
                    "APPROVAL_ADDED",
                    f"approval {code}",
                    f"approval of `{code}` by {entry.get('approved_by')} recorded",
                    _pointer("approvals", j),
                )
        old_m = _index(self.old.section("migrations"), "version")
        new_m = _index(self.new.section("migrations"), "version")
        for version, (j, entry) in new_m.items():
            if version not in old_m:
                self.add(
                    "MIGRATION_ADDED",
                    f"migration {version}",
                    f"migration note for {version} added",
                    _pointer("migrations", j),
                )
            elif old_m[version][1] != entry:
                self.add(
                    "MIGRATION_CHANGED",
                    f"migration {version}",
                    f"migration note for {version} changed",
                    _pointer("migrations", j),
                )
        for version, (i, _) in old_m.items():
            if version not in new_m:
                self.add(
                    "MIGRATION_CHANGED",
                    f"migration {version}",
                    f"migration note for {version} removed",
                    "/migrations",
                    _pointer("migrations", i),
                )

    KNOWN_SECTIONS = frozenset(
        {
            "catgen",
            "id",
            "title",
            "version",
            "document",
            "description",
            "code_style",
            "code_field",
            "policies",
            "approvals",
            "tombstones",
            "migrations",
            "enums",
            "attributes",
            "scopes",
            "codes",
            "overrides",
            "aliases",
            "precedence",
            "status_model",
            "records",
            "registries",
            "tables",
            "artifacts",
            "notes",
            "lint",
            "extraction",
        }
    )

    def diff_unknown_sections(self, o: dict[str, Any], n: dict[str, Any]) -> None:
        for key in sorted((set(o) | set(n)) - self.KNOWN_SECTIONS, key=str):
            if o.get(key) != n.get(key):
                self.add(
                    "UNCLASSIFIED_CHANGE",
                    f"section {key}",
                    f"section `{key}` changed (catgen diff does not classify it yet)",
                    _pointer(key) if key in n else "",
                )

    def flag_record_impact(self) -> None:
        """Codes and scopes feed derived enums (ReasonCode, StageId); flag removals there."""
        referenced = self.record_enums(self.old) | self.record_enums(self.new)
        old_codes = set(self.old.outcome_codes()) | set(self.old.rule_level_codes())
        new_codes = set(self.new.outcome_codes()) | set(self.new.rule_level_codes())
        if referenced & {"ReasonCode", "RuleReasonCode"}:
            gone = old_codes - new_codes
            for change in self.result.changes:
                if change.rule in ("CODE_REMOVED", "CODE_TOMBSTONED", "CODE_RENAMED"):
                    name = change.old if change.rule == "CODE_RENAMED" else change.code
                    if name in gone:
                        change.record_impact = True
        if "StageId" in referenced:
            for change in self.result.changes:
                if change.rule == "SCOPE_REMOVED":
                    change.record_impact = True


# --------------------------------------------------------------------------- policies


def apply_policies(diff: CatalogDiff, old: Catalog, new: Catalog) -> None:
    """Evaluate the NEW catalog's policies and the version rule; append violations."""
    policies = new.data.get("policies") or {}
    removal = policies.get("removal", "allowed")
    additions = policies.get("additions", "allowed")
    record_policy = policies.get("record_changes", "allowed")
    new_version = str(new.data.get("version"))
    tombstones_before = {
        (t.get("code"), t.get("scope")) for t in old.section("tombstones")
    }

    def violate(
        rule: str, message: str, hint: str, location: Location, *subjects: str
    ) -> None:
        diff.violations.append(
            Violation(rule, new.id, message, hint, location, list(subjects))
        )

    approvals = {a.get("code") for a in new.section("approvals")}
    for change in diff.changes:
        removed_key: tuple[Any, str] | None = None
        if change.rule in ("CODE_REMOVED", "CODE_TOMBSTONED"):
            removed_key = (change.scope, str(change.code))
        elif change.rule in ("CODE_RENAMED", "CODE_SCOPE_CHANGED"):
            removed_key = change.old_key
        if removed_key is not None and removal != "allowed":
            scope, code = removed_key
            tomb = None
            for position, entry in enumerate(new.section("tombstones")):
                if entry.get("code") == code and entry.get("scope") in (None, scope):
                    tomb = (position, entry)
                    break
            if removal == "forbidden":
                violate(
                    "REMOVAL_FORBIDDEN",
                    f"{change.message}, but the catalog's policy is `removal: forbidden`",
                    "keep the code and mark it `deprecated: true` (add an alias if it is "
                    "renamed); removing it needs a deliberate policy change first",
                    change.location,
                    change.subject,
                )
            elif tomb is None:
                scope_text = f", scope: {scope}" if scope is not None else ""
                violate(
                    "REMOVAL_WITHOUT_TOMBSTONE",
                    f"{change.message}, but `removal: tombstone_required` and no tombstone "
                    f"names `{code}`",
                    f"add `tombstones: [{{code: {code}{scope_text}, removed_in: "
                    f"{_suggest_version(diff, old)}, reason: ...}}]`, or keep the code "
                    "(deprecated)",
                    change.location,
                    change.subject,
                )
            elif (
                tomb[1].get("code"),
                tomb[1].get("scope"),
            ) not in tombstones_before and str(
                tomb[1].get("removed_in")
            ) != new_version:
                violate(
                    "TOMBSTONE_VERSION_MISMATCH",
                    f"tombstone of `{code}` says removed_in {tomb[1].get('removed_in')}, "
                    f"but this change ships as version {new_version}",
                    f"set removed_in: {new_version} (and bump `version` if it has not moved)",
                    new.source.locate(_pointer("tombstones", tomb[0], "removed_in")),
                    change.subject,
                )
        added_code: str | None = None
        if change.rule in ("CODE_ADDED", "CODE_RENAMED"):
            added_code = str(change.code)
        if added_code is not None:
            if additions == "approval_required" and added_code not in approvals:
                violate(
                    "ADDITION_WITHOUT_APPROVAL",
                    f"{change.message}, but `additions: approval_required` and no approval "
                    f"names `{added_code}`",
                    f"add `approvals: [{{code: {added_code}, approved_by: <who>, "
                    "reference: <ADR/issue>}]`",
                    change.location,
                    change.subject,
                )
            if removal != "allowed":
                for entry in new.section("tombstones"):
                    if entry.get("code") == added_code and entry.get("scope") in (
                        None,
                        change.scope,
                    ):
                        violate(
                            "TOMBSTONED_CODE_REUSED",
                            f"{change.message}, but `{added_code}` is tombstoned "
                            f"(removed in {entry.get('removed_in')})",
                            "choose a new code name; tombstoned codes are never reused",
                            change.location,
                            change.subject,
                        )
                        break
        if change.rule == "TOMBSTONE_REMOVED" and removal != "allowed":
            violate(
                "TOMBSTONE_DELETED",
                f"{change.message}, but tombstones are permanent under `removal: {removal}`",
                "restore the tombstone entry",
                change.location,
                change.subject,
            )

    # record changes: version bump (checked below) and a migration note for the new version
    record_changes = [
        c for c in diff.changes if c.rule in RECORD_RULES or c.record_impact
    ]
    if record_changes and record_policy == "version_bump_and_migration_note":
        notes = {str(m.get("version")) for m in new.section("migrations")}
        if new_version not in notes or diff.old_version == new_version:
            target = (
                new_version
                if diff.old_version != new_version
                else _suggest_version(diff, old)
            )
            field_name = policies.get("version_field")
            what = (
                f"`version` (and the record field `{field_name}`)"
                if field_name
                else "`version`"
            )
            violate(
                "MIGRATION_NOTE_MISSING",
                f"{len(record_changes)} record change(s) ("
                + ", ".join(sorted({c.rule for c in record_changes}))
                + ") need a version bump and a migration note under "
                "`record_changes: version_bump_and_migration_note`",
                f"bump {what} to {target} and add `migrations: [{{version: {target}, "
                "note: <how consumers handle mixed versions>}]`",
                new.source.locate(
                    "/migrations" if "migrations" in new.data else "/version"
                ),
                *[c.subject for c in record_changes],
            )

    # the version moves in step with the worst change
    worst = max(
        (c.category for c in diff.changes), key=lambda c: CATEGORY_RANK[c], default=None
    )
    diff.required_bump = required_bump(worst, diff.old_version)
    diff.actual_bump = version_bump(diff.old_version, diff.new_version)
    location = new.source.locate("/version")
    if diff.actual_bump == "decrease":
        violate(
            "VERSION_DECREASED",
            f"version went down from {diff.old_version} to {diff.new_version}",
            f"set version to {next_version(diff.old_version, diff.required_bump)} or higher",
            location,
        )
    elif BUMP_RANK[diff.actual_bump] < BUMP_RANK[diff.required_bump]:
        worst_rules = sorted({c.rule for c in diff.changes if c.category == worst})
        violate(
            "VERSION_NOT_BUMPED",
            f"{worst} changes ({', '.join(worst_rules)}) require a {diff.required_bump} "
            f"version bump, but version moved {diff.actual_bump} "
            f"({diff.old_version} -> {diff.new_version})",
            f"set version: {next_version(diff.old_version, diff.required_bump)}",
            location,
            *[c.subject for c in diff.changes if c.category == worst],
        )


def _suggest_version(diff: CatalogDiff, old: Catalog) -> str:
    if diff.actual_bump not in ("none", "decrease") and diff.new_version:
        return diff.new_version
    worst = max(
        (c.category for c in diff.changes), key=lambda c: CATEGORY_RANK[c], default=None
    )
    bump = required_bump(worst, diff.old_version)
    return next_version(diff.old_version, bump if bump != "none" else "patch")


def _whole_catalog_change(
    catalog: Catalog, rule: str, label: str, baseline: Catalog | None
) -> CatalogDiff:
    version = str(catalog.data.get("version"))
    if rule == "CATALOG_ADDED":
        result = CatalogDiff(catalog.id, catalog.relpath, None, version)
        location = catalog.source.locate("/id")
        baseline_location = ""
        message = f"catalog `{catalog.id}` ({catalog.relpath}, version {version}) added"
    else:
        result = CatalogDiff(catalog.id, catalog.relpath, version, None)
        location = Location(catalog.relpath)
        baseline_location = (
            f"{label}:{catalog.relpath}:{catalog.source.locate('/id').line}"
        )
        message = (
            f"catalog `{catalog.id}` ({catalog.relpath}, version {version}) removed"
        )
    result.changes.append(
        Change(
            rule,
            catalog.id,
            f"catalog {catalog.id}",
            message,
            location,
            baseline_location,
        )
    )
    if rule == "CATALOG_REMOVED":
        removal = (catalog.data.get("policies") or {}).get("removal", "allowed")
        if removal != "allowed":
            result.violations.append(
                Violation(
                    "REMOVAL_FORBIDDEN",
                    catalog.id,
                    f"{message}, but its policy is `removal: {removal}`",
                    "keep the catalog; to retire it, first land `policies.removal: allowed` "
                    "in its own reviewed change",
                    location,
                    [f"catalog {catalog.id}"],
                )
            )
    return result


def compare(old: list[Catalog], new: list[Catalog], label: str) -> list[CatalogDiff]:
    """Diff two catalog sets matched by id; policies applied."""
    old_by_id = {c.id: c for c in old}
    new_by_id = {c.id: c for c in new}
    results: list[CatalogDiff] = []
    for cid in sorted(set(old_by_id) | set(new_by_id)):
        before, after = old_by_id.get(cid), new_by_id.get(cid)
        if before is None:
            assert after is not None
            results.append(_whole_catalog_change(after, "CATALOG_ADDED", label, None))
        elif after is None:
            results.append(
                _whole_catalog_change(before, "CATALOG_REMOVED", label, before)
            )
        else:
            diff = _CatalogDiffer(before, after, label).run()
            apply_policies(diff, before, after)
            results.append(diff)
    return results


def run_diff(root: Path, against: str) -> DiffReport:
    """Load both sides and compare; BaselineError when the baseline cannot be read."""
    current = load_current(root)
    with baseline_root(root, against) as (base, label):
        baseline = load_baseline(base, label)
    return DiffReport(against, label, compare(baseline, current, against))


# --------------------------------------------------------------------------- output


def format_report(
    report: DiffReport, output_format: str, date: str | None = None
) -> str:
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
    return (
        f"catgen diff: {counts[BREAKING]} breaking, {counts[ADDITIVE]} additive, "
        f"{counts[COSMETIC]} cosmetic change(s) against {report.baseline}; {verdict}"
    )


def format_text(report: DiffReport) -> str:
    lines: list[str] = []
    for diff in report.catalogs:
        if not diff.changes and not diff.violations:
            continue
        versions = f"{diff.old_version or '-'} -> {diff.new_version or '-'}"
        lines.append(f"{diff.id} ({diff.path}) version {versions}")
        for change in diff.changes:
            suffix = (
                f" [was {change.baseline_location}]" if change.baseline_location else ""
            )
            lines.append(
                f"  {change.location}: {change.category} {change.rule}: "
                f"{change.message}{suffix}"
            )
        for violation in diff.violations:
            lines.append(
                f"  {violation.location}: error {violation.rule}: {violation.message}"
                f" — {violation.hint}"
            )
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def format_json(report: DiffReport) -> str:
    data = {
        "against": report.against,
        "baseline": report.baseline,
        "exit_code": report.exit_code,
        "summary": {**report.counts(), "violations": len(report.violations)},
        "catalogs": [d.to_json() for d in report.catalogs if d.changes or d.violations],
        "changes": [c.to_json() for c in report.changes],
        "violations": [v.to_json() for v in report.violations],
    }
    return (
        json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False, default=str)
        + "\n"
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: DiffReport, date: str) -> str:
    """Changelog rows per catalog, ready to paste into the document's Changelog table."""
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
    if not lines:
        lines.append(
            f"<!-- catgen diff: no catalog changes against {report.baseline} -->"
        )
    return "\n".join(lines) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: DiffReport) -> str:
    """Workflow commands: ::error per violation, ::warning per allowed breaking change,
    ::notice per additive change; cosmetic changes only count in the summary."""
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

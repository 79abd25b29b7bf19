"""catgen diff: every change kind and every policy, on real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catgen_taxonomy.diff import (
    RULES,
    VIOLATIONS,
    required_bump,
    run_diff,
    version_bump,
)
from catgen_taxonomy.errors import BaselineError, ExitCode

from .diff_support import ADR, Repo, changes, git, make_repo, violations

PLAN_TYPE_RESERVED = """  - code: plan_type_reserved
    scope: runner
    severity: FATAL
    description: Plan type is reserved and not supported in this version.
    source: runner-fatal
"""


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return make_repo(tmp_path / "project")


def test_unchanged_working_tree_has_no_changes(repo: Repo) -> None:
    report = repo.diff()
    assert report.changes == []
    assert report.violations == []
    assert report.exit_code == ExitCode.OK


def test_real_spec_against_previous_commit_is_empty(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "real", fixtures=False, real_spec=True)
    (repo.root / "README.md").write_text("unrelated\n")
    repo.commit("unrelated change")
    for against in ("HEAD~1", "HEAD"):
        report = repo.diff(against)
        assert (changes(report), violations(report)) == ([], [])
        assert report.exit_code == ExitCode.OK


def test_real_run_record_field_made_required_needs_bump_and_migration(
    tmp_path: Path,
) -> None:
    # `required` is omitted for required fields: the default must be read as true.
    repo = make_repo(tmp_path / "real", fixtures=False, real_spec=True)
    repo.edit(
        "run_record.catalog.yaml",
        "      - name: hostname\n        type: string\n        required: false\n",
        "      - name: hostname\n        type: string\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("RECORD_FIELD_REQUIRED_ADDED", "field Environment.hostname")
    ]
    assert violations(report) == [
        ("MIGRATION_NOTE_MISSING", "run_record"),
        ("VERSION_NOT_BUMPED", "run_record"),
    ]
    assert report.exit_code == ExitCode.POLICY


# ----------------------------------------------------------------- ADR-0005 (0.x, tombstones)


def test_removed_adr_0005_code_is_breaking_and_needs_tombstone(repo: Repo) -> None:
    repo.edit(ADR, PLAN_TYPE_RESERVED, "")
    report = repo.diff()
    assert changes(report) == [("CODE_REMOVED", "code runner/plan_type_reserved")]
    assert report.changes[0].category == "breaking"
    assert report.changes[0].baseline_location.endswith(f"spec/{ADR}:347")
    assert violations(report) == [
        ("REMOVAL_WITHOUT_TOMBSTONE", "adr_0005"),
        ("VERSION_NOT_BUMPED", "adr_0005"),
    ]
    not_bumped = report.violations[1]
    assert "require a minor version bump" in not_bumped.message  # 0.x: minor = breaking
    assert not_bumped.hint == "set version: 0.2.0"
    assert not_bumped.location.line == 7
    assert report.exit_code == ExitCode.POLICY


def test_tombstoned_adr_0005_code_with_minor_bump_passes(repo: Repo) -> None:
    repo.edit(ADR, PLAN_TYPE_RESERVED, "")
    repo.edit(ADR, "version: 0.1.0", "version: 0.2.0")
    repo.edit(
        ADR,
        "  record_changes: allowed\n",
        "  record_changes: allowed\ntombstones:\n  - code: plan_type_reserved\n"
        "    scope: runner\n    removed_in: 0.2.0\n    reason: never used\n",
    )
    report = repo.diff()
    assert changes(report) == [("CODE_TOMBSTONED", "code runner/plan_type_reserved")]
    assert report.changes[0].location.line == repo.line_of(
        ADR, "- code: plan_type_reserved"
    )
    assert violations(report) == []
    assert report.exit_code == ExitCode.OK


def test_patch_bump_is_not_enough_for_breaking_0x(repo: Repo) -> None:
    repo.edit(ADR, PLAN_TYPE_RESERVED, "")
    repo.edit(ADR, "version: 0.1.0", "version: 0.1.1")
    report = repo.diff()
    assert violations(report) == [
        ("REMOVAL_WITHOUT_TOMBSTONE", "adr_0005"),
        ("VERSION_NOT_BUMPED", "adr_0005"),
    ]
    assert "moved patch (0.1.0 -> 0.1.1)" in report.violations[1].message


def test_adr_0005_additive_change_needs_patch_bump_below_1(repo: Repo) -> None:
    repo.edit(
        ADR,
        PLAN_TYPE_RESERVED,
        PLAN_TYPE_RESERVED
        + "  - code: plan_signature_missing\n    scope: runner\n    severity: FATAL\n"
        "    description: The plan has no signature.\n    source: runner-fatal\n",
    )
    report = repo.diff()
    assert changes(report) == [("CODE_ADDED", "code runner/plan_signature_missing")]
    assert report.changes[0].location.line == repo.line_of(
        ADR, "plan_signature_missing"
    )
    assert violations(report) == [("VERSION_NOT_BUMPED", "adr_0005")]
    assert report.violations[0].hint == "set version: 0.1.1"
    repo.edit(ADR, "version: 0.1.0", "version: 0.1.1")
    assert repo.diff().exit_code == ExitCode.OK


def test_adr_0005_status_model_scope_override_alias_precedence(repo: Repo) -> None:
    repo.edit(
        ADR,
        "exit_codes: {success: 0, partial: 10, failed: 20}",
        "exit_codes: {success: 0, partial: 11, failed: 20}",
    )
    repo.edit(
        ADR,
        "order: [prepare_failed, execute_failed, revert_failed, teardown_failed]",
        "order: [execute_failed, prepare_failed, revert_failed, teardown_failed]",
    )
    repo.edit(
        ADR,
        "    set: {severity: NON-FATAL, fail_mode: warn_and_skip}\n"
        '    marks: [severity]\n    text: "If telemetry stage',
        "    set: {severity: FATAL, fail_mode: warn_and_skip}\n"
        '    marks: [severity]\n    text: "If telemetry stage',
    )
    repo.edit(
        ADR,
        "  - alias: cleanup_verification_failed\n    canonical: teardown_failed\n"
        "    scope: runner\n",
        "",
    )
    repo.edit(
        ADR,
        "    title: Scoring stage\n    default_fail_mode: fail_closed",
        "    title: Scoring stage\n    default_fail_mode: warn_and_skip",
    )
    repo.edit(
        ADR,
        "    title: Runner lifecycle enforcement\n    constrained: true",
        "    title: Runner lifecycle enforcement\n    constrained: false",
    )
    report = repo.diff()
    assert changes(report) == [
        ("SCOPE_CHANGED", "scope runner.lifecycle_enforcement"),
        ("CODE_FAIL_MODE_CHANGED", "scope scoring"),
        ("OVERRIDE_CHANGED", "override telemetry-raw-xml-warn-and-skip"),
        ("ALIAS_REMOVED", "alias cleanup_verification_failed"),
        ("PRECEDENCE_ORDER_CHANGED", "precedence runner_lifecycle_aggregation"),
        ("STATUS_MODEL_CHANGED", "status_model exit_codes.partial"),
    ]
    assert {c.category for c in report.changes} == {"breaking"}
    # ADR-0005 says record_changes: allowed, so only the version rule applies
    assert violations(report) == [("VERSION_NOT_BUMPED", "adr_0005")]
    assert report.violations[0].hint == "set version: 0.2.0"


# ----------------------------------------------------------------- vocabulary (approvals)

NEW_CODE = (
    "  - code: POLICY_CONFLICT\n    recovery_class: NEEDS_INPUT\n"
    "    description: Two MUST obligations conflict.\n"
)


def test_addition_without_approval_is_a_violation(repo: Repo) -> None:
    repo.edit(
        "vocab.catalog.yaml",
        "  - code: LOG_PERSISTENCE_FAILED\n",
        NEW_CODE + "  - code: LOG_PERSISTENCE_FAILED\n",
    )
    report = repo.diff()
    assert changes(report) == [("CODE_ADDED", "code POLICY_CONFLICT")]
    assert violations(report) == [
        ("ADDITION_WITHOUT_APPROVAL", "vocab"),
        ("VERSION_NOT_BUMPED", "vocab"),
    ]
    assert report.violations[0].location.line == repo.line_of(
        "vocab.catalog.yaml", "POLICY_CONFLICT"
    )
    assert report.violations[1].hint == "set version: 1.1.0"
    assert report.exit_code == ExitCode.POLICY


def test_approved_addition_with_minor_bump_passes(repo: Repo) -> None:
    repo.edit(
        "vocab.catalog.yaml",
        "  - code: LOG_PERSISTENCE_FAILED\n",
        NEW_CODE + "  - code: LOG_PERSISTENCE_FAILED\n",
    )
    repo.edit("vocab.catalog.yaml", "version: 1.0.0", "version: 1.1.0")
    repo.edit(
        "vocab.catalog.yaml",
        "    reference: ADR-0001\n",
        "    reference: ADR-0001\n  - code: POLICY_CONFLICT\n"
        "    approved_by: architecture board\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("CODE_ADDED", "code POLICY_CONFLICT"),
        ("APPROVAL_ADDED", "approval POLICY_CONFLICT"),
    ]
    assert violations(report) == []


def test_rename_by_tombstone_replaced_by(repo: Repo) -> None:
    name = "vocab.catalog.yaml"
    repo.edit(name, "code: LOG_PERSISTENCE_FAILED", "code: LOG_WRITE_FAILED")
    repo.edit(
        name,
        "    reason: merged into EXECUTION_IMPOSSIBLE\n",
        "    reason: merged into EXECUTION_IMPOSSIBLE\n"
        "  - code: LOG_PERSISTENCE_FAILED\n    removed_in: 2.0.0\n"
        "    replaced_by: LOG_WRITE_FAILED\n",
    )
    repo.edit(
        name,
        "    reference: ADR-0001\n",
        "    reference: ADR-0001\n  - code: LOG_WRITE_FAILED\n    approved_by: board\n",
    )
    repo.edit(name, "version: 1.0.0", "version: 2.0.0")
    report = repo.diff()
    assert changes(report) == [
        ("CODE_RENAMED", "code LOG_WRITE_FAILED"),
        ("APPROVAL_ADDED", "approval LOG_WRITE_FAILED"),
    ]
    assert "(tombstone replaced_by)" in report.changes[0].message
    assert violations(report) == []


def test_rename_detected_from_identical_attributes(repo: Repo) -> None:
    name = "vocab.catalog.yaml"
    repo.edit(name, "code: LOG_PERSISTENCE_FAILED", "code: LOG_WRITE_FAILED")
    report = repo.diff()
    assert changes(report) == [("CODE_RENAMED", "code LOG_WRITE_FAILED")]
    assert report.changes[0].old == "LOG_PERSISTENCE_FAILED"
    assert violations(report) == [
        ("REMOVAL_WITHOUT_TOMBSTONE", "vocab"),
        ("ADDITION_WITHOUT_APPROVAL", "vocab"),
        ("VERSION_NOT_BUMPED", "vocab"),
    ]
    assert report.violations[2].hint == "set version: 2.0.0"


def test_code_attribute_kinds(repo: Repo) -> None:
    name = "vocab.catalog.yaml"
    repo.edit(name, "    recovery_class: RETRYABLE\n", "    recovery_class: TERMINAL\n")
    repo.edit(name, "hint: Escalate to a human.", "hint: Page the on-call human.")
    repo.edit(
        name,
        "description: The trigger is not valid.",
        "description: The trigger is invalid.",
    )
    report = repo.diff()
    assert changes(report) == [
        ("DESCRIPTION_CHANGED", "code TRIGGER_INVALID"),
        ("CODE_TEXT_ATTRIBUTE_CHANGED", "code EXECUTION_IMPOSSIBLE"),
        ("CODE_RECOVERY_CLASS_CHANGED", "code LOG_PERSISTENCE_FAILED"),
    ]
    assert [c.category for c in report.changes] == ["cosmetic", "cosmetic", "breaking"]
    assert report.changes[2].family == "CODE_ATTRIBUTE_CHANGED"
    assert (report.changes[2].old, report.changes[2].new) == ("RETRYABLE", "TERMINAL")
    assert violations(report) == [("VERSION_NOT_BUMPED", "vocab")]


def test_cosmetic_changes_need_no_bump(repo: Repo) -> None:
    repo.edit(
        "vocab.catalog.yaml",
        "description: The trigger is not valid.",
        "description: The trigger is invalid.",
    )
    report = repo.diff()
    assert changes(report) == [("DESCRIPTION_CHANGED", "code TRIGGER_INVALID")]
    assert [d.required_bump for d in report.catalogs if d.id == "vocab"] == ["none"]
    assert report.exit_code == ExitCode.OK


def test_tombstoned_code_is_never_reused(repo: Repo) -> None:
    name = "vocab.catalog.yaml"
    repo.edit(
        name,
        "  - code: LOG_PERSISTENCE_FAILED\n",
        "  - code: LEGACY_FAILURE\n    recovery_class: TERMINAL\n"
        "  - code: LOG_PERSISTENCE_FAILED\n",
    )
    repo.edit(
        name,
        "    reference: ADR-0001\n",
        "    reference: ADR-0001\n  - code: LEGACY_FAILURE\n    approved_by: board\n",
    )
    repo.edit(name, "version: 1.0.0", "version: 1.1.0")
    report = repo.diff()
    assert changes(report) == [
        ("CODE_ADDED", "code LEGACY_FAILURE"),
        ("APPROVAL_ADDED", "approval LEGACY_FAILURE"),
    ]
    assert violations(report) == [("TOMBSTONED_CODE_REUSED", "vocab")]


def test_deleted_tombstone_is_a_violation(repo: Repo) -> None:
    repo.edit(
        "vocab.catalog.yaml",
        "tombstones:\n  - code: LEGACY_FAILURE\n    removed_in: 0.9.0\n"
        "    reason: merged into EXECUTION_IMPOSSIBLE\n",
        "",
    )
    report = repo.diff()
    assert changes(report) == [("TOMBSTONE_REMOVED", "tombstone LEGACY_FAILURE")]
    assert violations(report) == [("TOMBSTONE_DELETED", "vocab")]


def test_new_tombstone_must_name_the_new_version(repo: Repo) -> None:
    name = "vocab.catalog.yaml"
    repo.edit(
        name,
        "  - code: LOG_PERSISTENCE_FAILED\n    recovery_class: RETRYABLE\n"
        "    description: Logs could not be persisted.\n",
        "",
    )
    repo.edit(
        name,
        "    reason: merged into EXECUTION_IMPOSSIBLE\n",
        "    reason: merged into EXECUTION_IMPOSSIBLE\n"
        "  - code: LOG_PERSISTENCE_FAILED\n    removed_in: 1.5.0\n",
    )
    repo.edit(name, "version: 1.0.0", "version: 2.0.0")
    report = repo.diff()
    assert changes(report) == [("CODE_TOMBSTONED", "code LOG_PERSISTENCE_FAILED")]
    assert violations(report) == [("TOMBSTONE_VERSION_MISMATCH", "vocab")]
    assert report.violations[0].hint.startswith("set removed_in: 2.0.0")


def test_policy_relaxed_is_breaking(repo: Repo) -> None:
    repo.edit(
        "vocab.catalog.yaml", "additions: approval_required", "additions: allowed"
    )
    repo.edit("vocab.catalog.yaml", "removal: tombstone_required", "removal: forbidden")
    report = repo.diff()
    assert changes(report) == [
        ("POLICY_TIGHTENED", "policy removal"),
        ("POLICY_RELAXED", "policy additions"),
    ]
    assert violations(report) == [("VERSION_NOT_BUMPED", "vocab")]
    assert report.violations[0].hint == "set version: 2.0.0"


# ----------------------------------------------------------------- run records (migrations)

RUNREC = "runrec.catalog.yaml"
REQUIRED_FIELD = (
    "      - name: started_at\n        type: string\n        format: date-time\n"
    "        required: true\n"
)


def add_started_at(repo: Repo, required: bool = True) -> None:
    field = REQUIRED_FIELD if required else REQUIRED_FIELD.replace("true", "false")
    repo.edit(RUNREC, "      - name: status\n", field + "      - name: status\n")


def test_required_field_without_version_bump_is_caught(repo: Repo) -> None:
    add_started_at(repo)
    report = repo.diff()
    assert changes(report) == [
        ("RECORD_FIELD_REQUIRED_ADDED", "field RunRecord.started_at")
    ]
    assert violations(report) == [
        ("MIGRATION_NOTE_MISSING", "runrec"),
        ("VERSION_NOT_BUMPED", "runrec"),
    ]
    missing = report.violations[0]
    assert "run_record_version" in missing.hint
    assert "2.0.0" in missing.hint
    assert report.violations[1].hint == "set version: 2.0.0"
    assert report.exit_code == ExitCode.POLICY


def test_required_field_with_bump_but_no_migration_note(repo: Repo) -> None:
    add_started_at(repo)
    repo.edit(RUNREC, "\nversion: 1.2.0", "\nversion: 2.0.0")
    report = repo.diff()
    assert violations(report) == [("MIGRATION_NOTE_MISSING", "runrec")]


def test_required_field_with_bump_and_migration_note_passes(repo: Repo) -> None:
    add_started_at(repo)
    repo.edit(RUNREC, "\nversion: 1.2.0", "\nversion: 2.0.0")
    repo.edit(
        RUNREC,
        "migrations:\n",
        "migrations:\n  - version: 2.0.0\n    note: started_at is now required.\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("RECORD_FIELD_REQUIRED_ADDED", "field RunRecord.started_at"),
        ("MIGRATION_ADDED", "migration 2.0.0"),
    ]
    assert violations(report) == []
    assert report.exit_code == ExitCode.OK


def test_optional_field_is_additive_and_needs_no_migration(repo: Repo) -> None:
    add_started_at(repo, required=False)
    report = repo.diff()
    assert changes(report) == [("RECORD_FIELD_ADDED", "field RunRecord.started_at")]
    assert violations(report) == [("VERSION_NOT_BUMPED", "runrec")]
    assert report.violations[0].hint == "set version: 1.3.0"


def test_record_field_changes(repo: Repo) -> None:
    repo.edit(
        RUNREC,
        "        enum: RunStatus\n        required: true\n",
        "        enum: RunStatus\n        required: false\n",
    )
    repo.edit(
        RUNREC,
        "          - name: message\n            type: string\n"
        "            required: false\n",
        "",
    )
    repo.edit(
        RUNREC, "        values: {type: integer}", "        values: {type: number}"
    )
    repo.edit(
        RUNREC,
        "      - name: run_id\n        type: string\n        required: true\n"
        "        description: Run id.\n",
        "",
    )
    repo.edit(
        RUNREC,
        "    additional_properties: true\n",
        "    additional_properties: false\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("RECORD_CLOSED", "record RunRecord"),
        ("RECORD_FIELD_REQUIRED_REMOVED", "field RunRecord.run_id"),
        ("RECORD_FIELD_REQUIRED_REMOVED", "field RunRecord.status"),
        ("RECORD_FIELD_REMOVED", "field RunRecord.error.message"),
        ("RECORD_FIELD_CHANGED", "field RunRecord.counters"),
    ]
    assert violations(report) == [
        ("MIGRATION_NOTE_MISSING", "runrec"),
        ("VERSION_NOT_BUMPED", "runrec"),
    ]


def test_deleting_additional_properties_true_closes_the_record(repo: Repo) -> None:
    # A missing `additional_properties` is false (the JSON Schema target reads it so):
    # deleting `true` closes the record. It was read as true and reported as no change.
    repo.edit(RUNREC, "    additional_properties: true\n", "")
    report = repo.diff()
    assert changes(report) == [("RECORD_CLOSED", "record RunRecord")]
    assert report.changes[0].message == (
        "record `RunRecord` no longer allows additional properties"
    )
    assert report.changes[0].location.line == repo.line_of(RUNREC, "- name: RunRecord")
    assert violations(report) == [
        ("MIGRATION_NOTE_MISSING", "runrec"),
        ("VERSION_NOT_BUMPED", "runrec"),
    ]
    assert report.exit_code == ExitCode.POLICY


def test_deleting_additional_properties_false_is_no_change(repo: Repo) -> None:
    # `false` is the default: deleting it changes nothing (it was RECORD_OPENED).
    repo.edit(
        RUNREC,
        "    additional_properties: true\n",
        "    additional_properties: false\n",
    )
    repo.commit("close RunRecord")
    repo.edit(RUNREC, "    additional_properties: false\n", "")
    report = repo.diff()
    assert (changes(report), violations(report)) == ([], [])
    assert report.exit_code == ExitCode.OK


# (catalog, old text, new text): each writes out or drops a default of the format.
DEFAULTS_WRITTEN_OR_DROPPED = [
    (
        RUNREC,
        "        required: true\n        description: Run id.\n",
        "        required: true\n        nullable: false\n        description: Run id.\n",
    ),
    (
        RUNREC,
        "        description: The first blocking error.\n",
        "        description: The first blocking error.\n"
        "        additional_properties: false\n",
    ),
    (
        RUNREC,
        "          - name: code\n            type: string\n            required: true\n",
        "          - name: code\n            type: string\n",
    ),
    (RUNREC, "    type: boolean\n    required: false\n", "    type: boolean\n"),
    (
        RUNREC,
        "      - value: success\n",
        "      - value: success\n        deprecated: false\n",
    ),
    (
        "stages.catalog.yaml",
        "    title: Ingest stage\n",
        "    title: Ingest stage\n    optional: false\n    constrained: false\n",
    ),
    (
        "stages.catalog.yaml",
        "    required: false\n\nscopes:",
        "\nscopes:",
    ),
    (
        "stages.catalog.yaml",
        "when: {key: publish.strict, equals: true}",
        "when: {key: publish.strict}",
    ),
    (
        "stages.catalog.yaml",
        "    description: Input missing.\n",
        "    description: Input missing.\n    deprecated: false\n",
    ),
]


def test_writing_or_dropping_a_default_is_no_change(repo: Repo) -> None:
    # Diff compares the effective model: `nullable: false`, `optional: false`,
    # `required: false` on an attribute, ... are the defaults, written out or not.
    for name, old, new in DEFAULTS_WRITTEN_OR_DROPPED:
        repo.edit(name, old, new)
    report = repo.diff()
    assert (changes(report), violations(report)) == ([], [])
    assert report.exit_code == ExitCode.OK


def test_enum_value_removed_from_record_enum_is_a_record_change(repo: Repo) -> None:
    repo.edit(RUNREC, "      - value: partial\n", "")
    report = repo.diff()
    assert changes(report) == [("ENUM_VALUE_REMOVED", "enum RunStatus.partial")]
    assert report.changes[0].record_impact
    assert violations(report) == [
        ("MIGRATION_NOTE_MISSING", "runrec"),
        ("VERSION_NOT_BUMPED", "runrec"),
    ]


def test_enum_value_removed_elsewhere_needs_only_the_bump(repo: Repo) -> None:
    repo.edit(RUNREC, "      - value: permanent\n", "")
    repo.edit(
        RUNREC,
        "      - value: failed\n",
        "      - value: failed\n      - value: aborted\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("ENUM_VALUE_ADDED", "enum RunStatus.aborted"),
        ("ENUM_VALUE_REMOVED", "enum ErrorKind.permanent"),
    ]
    assert not report.changes[1].record_impact
    assert violations(report) == [("VERSION_NOT_BUMPED", "runrec")]


def test_removal_allowed_registry_artifact_and_boolean_attribute(repo: Repo) -> None:
    repo.edit(
        RUNREC,
        "  - code: timeout\n    description: The run timed out.\n"
        "    retryable: true\n",
        "",
    )
    repo.edit(RUNREC, "    retryable: false\n", "    retryable: true\n")
    repo.edit(
        RUNREC,
        "      - key: rows_out\n        description: Rows written.\n",
        "      - key: rows_dropped\n        description: Rows dropped.\n",
    )
    repo.edit(
        RUNREC,
        "    description: run_record.json\n",
        "    description: run_record.json\n    rules:\n"
        "      - {rule: code_in_vocabulary, field: /error/code}\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("CODE_REMOVED", "code timeout"),
        ("CODE_ATTRIBUTE_CHANGED", "code input_missing"),
        ("REGISTRY_KEY_REMOVED", "registry counters.rows_out"),
        ("REGISTRY_KEY_ADDED", "registry counters.rows_dropped"),
        ("ARTIFACT_CHANGED", "artifact run-record"),
    ]
    # removal: allowed -> no tombstone needed; still a breaking change for the version
    assert violations(report) == [("VERSION_NOT_BUMPED", "runrec")]


# ----------------------------------------------------------------- stages (removal forbidden)

STAGES = "stages.catalog.yaml"


def test_removal_forbidden_even_with_tombstone(repo: Repo) -> None:
    repo.edit(
        STAGES,
        "  - code: parse_failed\n    scope: ingest\n    severity: FATAL\n"
        "    description: Input cannot be parsed.\n",
        "",
    )
    repo.edit(
        STAGES,
        "  record_changes: allowed\n",
        "  record_changes: allowed\ntombstones:\n  - code: parse_failed\n"
        "    removed_in: 3.0.0\n",
    )
    repo.edit(STAGES, "version: 2.0.0", "version: 3.0.0")
    report = repo.diff()
    assert changes(report) == [("CODE_TOMBSTONED", "code ingest/parse_failed")]
    assert violations(report) == [("REMOVAL_FORBIDDEN", "stages")]


def test_scope_move_counts_as_removal(repo: Repo) -> None:
    repo.edit(
        STAGES,
        "    scope: ingest\n    severity: FATAL\n",
        "    scope: publish\n    severity: FATAL\n",
    )
    report = repo.diff()
    assert changes(report) == [("CODE_SCOPE_CHANGED", "code publish/parse_failed")]
    assert (report.changes[0].old, report.changes[0].new) == ("ingest", "publish")
    assert violations(report) == [
        ("REMOVAL_FORBIDDEN", "stages"),
        ("VERSION_NOT_BUMPED", "stages"),
    ]
    assert report.violations[1].hint == "set version: 3.0.0"


def test_stage_code_attributes_scopes_and_deprecation(repo: Repo) -> None:
    repo.edit(
        STAGES,
        "    severity: NON-FATAL\n    description: Upload failed.\n"
        "    fail_mode: warn_and_skip\n",
        "    severity: FATAL\n    description: Upload failed.\n"
        "    fail_mode: fail_closed\n    deprecated: true\n",
    )
    repo.edit(
        STAGES,
        "    title: Publish stage\n    default_fail_mode: warn_and_skip\n",
        "    title: Publish stage\n    default_fail_mode: fail_closed\n"
        "  - id: archive\n    kind: stage\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("CODE_FAIL_MODE_CHANGED", "scope publish"),
        ("SCOPE_ADDED", "scope archive"),
        ("CODE_DEPRECATED", "code publish/upload_failed"),
        ("CODE_FAIL_MODE_CHANGED", "code publish/upload_failed"),
        ("CODE_SEVERITY_CHANGED", "code publish/upload_failed"),
    ]
    assert violations(report) == [("VERSION_NOT_BUMPED", "stages")]


def test_scope_removed_and_order_changed(repo: Repo) -> None:
    repo.edit(
        STAGES,
        "  - id: ingest\n    kind: stage\n    title: Ingest stage\n"
        "    default_fail_mode: fail_closed\n",
        "",
    )
    repo.edit(
        STAGES,
        "    default_fail_mode: warn_and_skip\n",
        "    default_fail_mode: warn_and_skip\n  - id: ingest\n    kind: stage\n"
        "    title: Ingest stage\n    default_fail_mode: fail_closed\n",
    )
    report = repo.diff()
    assert changes(report) == [("SCOPE_ORDER_CHANGED", "scopes")]
    assert report.changes[0].new == ["publish", "ingest"]


def test_overrides_aliases_precedence_enums(repo: Repo) -> None:
    repo.edit(
        STAGES,
        '    text: "Strict publishing fails closed."\n',
        '    text: "Strict publishing always fails closed."\n'
        "  - id: ingest-lenient\n    scope: ingest\n    codes: [parse_failed]\n"
        "    when: {key: ingest.lenient, equals: true}\n"
        "    set: {severity: NON-FATAL}\n",
    )
    repo.edit(
        STAGES,
        "    order: [upload_failed, legacy_upload_failed]\n",
        "    order: [legacy_upload_failed, upload_failed]\n",
    )
    repo.edit(
        STAGES,
        "aliases:\n  - alias: legacy_upload_failed\n"
        "    canonical: upload_failed\n    scope: publish\n",
        "",
    )
    repo.edit(
        STAGES,
        "      - value: NON-FATAL\n",
        "      - value: NON-FATAL\n      - value: SKIPPED\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("ENUM_VALUE_ADDED", "enum Severity.SKIPPED"),
        ("DESCRIPTION_CHANGED", "override publish-strict"),
        ("OVERRIDE_ADDED", "override ingest-lenient"),
        ("ALIAS_REMOVED", "alias legacy_upload_failed"),
        ("PRECEDENCE_ORDER_CHANGED", "precedence publish_selection"),
    ]


def test_override_removed_alias_added_precedence_extended(repo: Repo) -> None:
    repo.edit(
        STAGES,
        "overrides:\n  - id: publish-strict\n    scope: publish\n"
        "    codes: [upload_failed]\n    when: {key: publish.strict, equals: true}\n"
        "    set: {severity: FATAL, fail_mode: fail_closed}\n"
        '    text: "Strict publishing fails closed."\n',
        "",
    )
    repo.edit(
        STAGES,
        "    scope: publish\n\n",
        "    scope: publish\n  - alias: input_missing\n"
        '    canonical: input_missing\n    scope: "*"\n\n',
    )
    repo.edit(
        STAGES,
        "  - id: publish_selection\n",
        '  - id: global\n    scope: "*"\n    order: [input_missing]\n'
        "  - id: publish_selection\n",
    )
    report = repo.diff()
    assert changes(report) == [
        ("OVERRIDE_REMOVED", "override publish-strict"),
        ("ALIAS_ADDED", "alias input_missing"),
        ("PRECEDENCE_ADDED", "precedence global"),
    ]


# ----------------------------------------------------------------- catalogs and versions


def test_catalog_removed_and_added(repo: Repo) -> None:
    repo.path(RUNREC).unlink()
    shutil.copy(repo.path(STAGES), repo.path("extra.catalog.yaml"))
    repo.edit("extra.catalog.yaml", "id: stages", "id: extra")
    report = repo.diff()
    assert changes(report) == [
        ("CATALOG_ADDED", "catalog extra"),
        ("CATALOG_REMOVED", "catalog runrec"),
    ]
    assert violations(report) == []  # runrec says removal: allowed
    repo.path(STAGES).unlink()
    report = repo.diff()
    assert ("CATALOG_REMOVED", "catalog stages") in changes(report)
    assert violations(report) == [("REMOVAL_FORBIDDEN", "stages")]


def test_catalog_matched_by_id_not_file_name(repo: Repo) -> None:
    repo.path(STAGES).rename(repo.path("renamed.catalog.yaml"))
    report = repo.diff()
    assert changes(report) == []


def test_version_decreased(repo: Repo) -> None:
    repo.edit(STAGES, "version: 2.0.0", "version: 1.9.0")
    report = repo.diff()
    assert violations(report) == [("VERSION_DECREASED", "stages")]


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [
        ("1.0.0", "1.0.0", "none"),
        ("1.0.0", "1.0.1", "patch"),
        ("1.0.0", "1.1.0", "minor"),
        ("1.9.9", "2.0.0", "major"),
        ("0.1.0", "1.0.0", "major"),
        ("1.1.0", "1.0.9", "decrease"),
    ],
)
def test_version_bump(old: str, new: str, bump: str) -> None:
    assert version_bump(old, new) == bump


def test_required_bump_semver_and_0x() -> None:
    assert [
        required_bump(c, "1.4.2") for c in ("breaking", "additive", "cosmetic", None)
    ] == ["major", "minor", "none", "none"]
    assert [
        required_bump(c, "0.4.2") for c in ("breaking", "additive", "cosmetic")
    ] == ["minor", "patch", "none"]


def test_every_rule_and_violation_is_documented() -> None:
    text = (
        Path(__file__).resolve().parent.parent / "docs" / "catalog-format.md"
    ).read_text()
    for rule in [*RULES, *VIOLATIONS]:
        assert f"`{rule}`" in text, rule


def test_diff_reads_only_the_effective_model() -> None:
    """No module of generator.diff reads raw catalog dicts (`.data`, `.section(...)`)."""
    import ast

    package = Path(__file__).resolve().parent.parent / "generator" / "diff"
    raw = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("data", "section"):
                raw.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert raw == []


# ----------------------------------------------------------------- baselines


def test_baseline_directory_with_spec_or_spec_itself(
    repo: Repo, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline"
    shutil.copytree(repo.spec, baseline / "spec")
    repo.edit(
        STAGES,
        "    severity: NON-FATAL\n    description: Upload failed.\n",
        "    severity: FATAL\n    description: Upload failed.\n",
    )
    for against in (baseline, baseline / "spec"):
        report = run_diff(repo.root, str(against))
        assert changes(report) == [
            ("CODE_SEVERITY_CHANGED", "code publish/upload_failed")
        ]


def test_project_in_a_subdirectory_of_the_repository(tmp_path: Path) -> None:
    make_repo(tmp_path / "mono" / "tools" / "catgen")
    top = tmp_path / "mono"
    shutil.rmtree(top / "tools" / "catgen" / ".git")
    git(top, "init", "-q")
    project = Repo(top / "tools" / "catgen")
    project.root = top
    project.commit()
    project = Repo(top / "tools" / "catgen")
    project.edit(STAGES, "version: 2.0.0", "version: 2.0.1")
    report = project.diff()
    assert report.baseline.startswith("HEAD (")
    assert changes(report) == [] and violations(report) == []
    assert [d.actual_bump for d in report.catalogs if d.id == "stages"] == ["patch"]


def test_unknown_ref_is_a_baseline_error(repo: Repo) -> None:
    with pytest.raises(BaselineError) as caught:
        repo.diff("origin/no-such-branch")
    message = str(caught.value)
    assert "unknown git ref 'origin/no-such-branch'" in message
    fetch = (
        "git fetch --depth=1 origin no-such-branch:refs/remotes/origin/no-such-branch"
    )
    assert fetch in message
    assert caught.value.exit_code == ExitCode.BASELINE


def test_not_a_git_repository_is_a_baseline_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "project")
    shutil.rmtree(repo.root / ".git")
    with pytest.raises(BaselineError, match="not inside a git repository"):
        repo.diff()


def test_invalid_baseline_catalog_is_a_baseline_error(repo: Repo) -> None:
    repo.edit(STAGES, "code_style: lower_snake_case", "code_style: camelCase")
    repo.commit("broken")
    repo.edit(STAGES, "code_style: camelCase", "code_style: lower_snake_case")
    with pytest.raises(BaselineError, match="baseline catalog is invalid"):
        repo.diff()


def test_baseline_without_spec_means_every_catalog_is_added(repo: Repo) -> None:
    git(repo.root, "checkout", "-q", "--orphan", "empty")
    git(repo.root, "rm", "-rq", "--cached", ".")
    git(repo.root, "commit", "-q", "--allow-empty", "-m", "empty")
    report = repo.diff("empty")
    assert {rule for rule, _ in changes(report)} == {"CATALOG_ADDED"}
    assert report.exit_code == ExitCode.OK


# ----------------------------------------------------------------- property: removals


def test_any_set_of_removed_codes_is_reported_exactly(tmp_path: Path) -> None:
    """Dropping any subset of unreferenced ADR-0005 codes yields one CODE_REMOVED each."""
    import yaml
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from catgen_taxonomy.catalog import load_catalog
    from catgen_taxonomy.diff import compare

    from .diff_support import REPO

    base_root = tmp_path / "base"
    shutil.copytree(REPO / "spec", base_root / "spec")
    old = load_catalog(base_root / "spec" / ADR, base_root)
    text = (REPO / "spec" / ADR).read_text()
    referenced = set(
        text.split("\noverrides:", 1)[1].split("\nstatus_model:", 1)[0].split()
    )
    candidates = [
        i
        for i, e in enumerate(old.data["codes"])
        if not any(e["code"] in token for token in referenced)
    ]

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sets(st.sampled_from(candidates), min_size=1, max_size=4))
    def check(drop: set[int]) -> None:
        data = dict(old.data)
        data["codes"] = [e for i, e in enumerate(old.data["codes"]) if i not in drop]
        new_root = tmp_path / "new"
        shutil.rmtree(new_root, ignore_errors=True)
        shutil.copytree(REPO / "spec", new_root / "spec")
        (new_root / "spec" / ADR).write_text(yaml.safe_dump(data, sort_keys=False))
        new = load_catalog(new_root / "spec" / ADR, new_root)
        [diff] = compare([old], [new], "base")
        expected = sorted(
            f"code {old.data['codes'][i]['scope']}/{old.data['codes'][i]['code']}"
            for i in drop
        )
        assert sorted(c.subject for c in diff.changes) == expected
        assert {c.rule for c in diff.changes} == {"CODE_REMOVED"}
        assert [v.rule for v in diff.violations].count(
            "REMOVAL_WITHOUT_TOMBSTONE"
        ) == len(drop)

    check()

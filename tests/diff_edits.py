"""Realistic catalog edits over the five spec catalogs, with the verdict catgen diff owes each.

Each edit names its catalog, text substitutions (applied to the baseline too when listed
under `base`), the rule ids of the changes it makes, the worst category, the violations
and the exit code. tests/test_diff_effect.py runs them all in-process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

A, R, T, P, F = (
    "adr_0005.catalog.yaml",
    "run_record.catalog.yaml",
    "tplt_reason_codes.catalog.yaml",
    "promptos_io.catalog.yaml",
    "fail_closed.catalog.yaml",
)
Sub = tuple[str, str]


@dataclass(frozen=True)
class Edit:
    name: str
    file: str
    subs: tuple[Sub, ...]
    rules: frozenset[str]
    worst: str | None
    violations: frozenset[str] = frozenset()
    base: tuple[Sub, ...] = ()
    exit: int = field(default=-1)

    @property
    def exit_code(self) -> int:
        return 7 if self.violations else 0


def edit(
    name: str,
    file: str,
    subs: list[Sub],
    rules: str,
    worst: str | None,
    violations: str = "",
    base: list[Sub] | None = None,
) -> Edit:
    return Edit(
        name,
        file,
        tuple(subs),
        frozenset(rules.split()),
        worst,
        frozenset(violations.split()),
        tuple(base or ()),
    )


def bump(version: str) -> Sub:
    return ("version: 0.1.0\n", f"version: {version}\n")


BREAK, ADD, COSM = "breaking", "additive", "cosmetic"

# --- adr_0005 snippets ---------------------------------------------------------------
PTR = (
    "  - code: plan_type_reserved\n    scope: runner\n    severity: FATAL\n"
    "    description: Plan type is reserved and not supported in this version.\n"
    "    source: runner-fatal\n"
)
POLICY_END = "  record_changes: allowed\n\nenums:"


def tomb(code: str, version: str, extra: str = "", scope: str = "runner") -> Sub:
    return (
        POLICY_END,
        f"  record_changes: allowed\ntombstones:\n  - code: {code}\n    scope: {scope}\n"
        f"    removed_in: {version}\n{extra}\nenums:",
    )


def ptr_as(code: str) -> str:
    return PTR.replace("plan_type_reserved", code)


def new_override(when: str, codes: str = "[input_missing]") -> Sub:
    return (
        "overrides:\n",
        f'overrides:\n  - id: added-override\n    scope: "*"\n    codes: {codes}\n'
        f"    when: {when}\n    set: {{severity: NON-FATAL, fail_mode: warn_and_skip}}\n"
        "    text: Added.\n",
    )


POLICY_DOC = "\n# Policy-dependent overrides"
RECON_CODES = "    codes: [drift_detected, reconcile_failed]\n"
STATE_ORDER = "    order: [reconcile_failed, drift_detected]\n"
LEAK_ORDER = "    order: [integration_credentials_leaked, redaction_policy_error]\n"
RUNNER_MIN = "    min_artifacts: [ground_truth.jsonl, runner/**]\n"
STAGE_OUTCOME_OPEN = (
    "    additional_properties: true\n    fields:\n      - name: stage\n"
)
REASON_FIELD = (
    "      - name: reason_code\n        type: string\n        enum: ReasonCode\n"
    "        required: false\n        description: stable token explaining failure or skip\n"
)
DRIFT_RUNNER = (
    "  - code: drift_detected\n    scope: runner\n    severity: NON-FATAL\n"
    "    description: State reconciliation detected drift between recorded effects and "
    "observed state.\n    source: runner-non-fatal\n"
)
IM = (
    '  - code: input_missing\n    scope: "*"\n    severity: FATAL\n'
    "    description: Required upstream input artifact missing or unreadable.\n"
    "    source: cross-cutting\n"
)
SCORING_OVERRIDE = (
    "  - id: scoring-join-incompleteness-warn-and-skip\n    scope: scoring\n"
    "    codes: [join_incompleteness]\n    when:\n      all:\n"
    "        - {key: scoring.join_behavior, equals: warn_and_skip}\n"
    "    set: {severity: NON-FATAL, fail_mode: warn_and_skip}\n    marks: [severity]\n"
    '    text: "Operators MAY configure scoring join behavior to warn-and-skip; if so, record '
    '`join_incompleteness` as NON-FATAL degraded and set run status `partial`."\n'
)

ADR_EDITS = [
    edit(
        "a-remove-code-no-tombstone",
        A,
        [(PTR, "")],
        "CODE_REMOVED",
        BREAK,
        "REMOVAL_WITHOUT_TOMBSTONE VERSION_NOT_BUMPED",
    ),
    edit(
        "a-remove-code-tombstoned",
        A,
        [(PTR, ""), tomb("plan_type_reserved", "0.2.0"), bump("0.2.0")],
        "CODE_TOMBSTONED",
        BREAK,
    ),
    edit(
        "a-remove-code-tombstoned-no-bump",
        A,
        [(PTR, ""), tomb("plan_type_reserved", "0.2.0")],
        "CODE_TOMBSTONED",
        BREAK,
        "TOMBSTONE_VERSION_MISMATCH VERSION_NOT_BUMPED",
    ),
    edit(
        "a-remove-code-patch-bump",
        A,
        [(PTR, ""), tomb("plan_type_reserved", "0.1.1"), bump("0.1.1")],
        "CODE_TOMBSTONED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-add-code",
        A,
        [(PTR, PTR + ptr_as("plan_signature_missing")), bump("0.1.1")],
        "CODE_ADDED",
        ADD,
    ),
    edit(
        "a-add-code-no-bump",
        A,
        [(PTR, PTR + ptr_as("plan_signature_missing"))],
        "CODE_ADDED",
        ADD,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-add-code-major-bump-ok",
        A,
        [(PTR, PTR + ptr_as("plan_signature_missing")), bump("1.0.0")],
        "CODE_ADDED",
        ADD,
    ),
    edit(
        "a-code-description",
        A,
        [
            (
                "Plan type is reserved and not supported",
                "Plan type is reserved, unsupported",
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-code-severity",
        A,
        [(PTR, PTR.replace("FATAL", "NON-FATAL")), bump("0.2.0")],
        "CODE_SEVERITY_CHANGED",
        BREAK,
    ),
    edit(
        "a-code-severity-no-bump",
        A,
        [(PTR, PTR.replace("FATAL", "NON-FATAL"))],
        "CODE_SEVERITY_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-code-deprecated",
        A,
        [(PTR, PTR + "    deprecated: true\n"), bump("0.1.1")],
        "CODE_DEPRECATED",
        ADD,
    ),
    edit(
        "a-code-deprecated-false-written",
        A,
        [(PTR, PTR + "    deprecated: false\n")],
        "",
        None,
    ),
    edit(
        "a-code-source",
        A,
        [(PTR, PTR.replace("runner-fatal", "cross-cutting"))],
        "CODE_SOURCE_CHANGED",
        COSM,
    ),
    edit(
        "a-codes-reordered",
        A,
        [
            (IM, ""),
            (
                "  - code: config_schema_invalid\n",
                IM + "  - code: config_schema_invalid\n",
            ),
        ],
        "CODE_ORDER_CHANGED",
        COSM,
    ),
    # Found: an override whose condition holds by default changes existing fail modes.
    edit(
        "a-override-holds-by-default",
        A,
        [new_override("{key: runner.fail_mode, equals: fail_closed}"), bump("0.2.0")],
        "OVERRIDE_ADDED CODE_FAIL_MODE_CHANGED",
        BREAK,
    ),
    edit(
        "a-override-holds-by-default-patch",
        A,
        [new_override("{key: runner.fail_mode, equals: fail_closed}"), bump("0.1.1")],
        "OVERRIDE_ADDED CODE_FAIL_MODE_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-override-any-holds-by-default",
        A,
        [
            new_override(
                "{any: [{key: runner.fail_mode, equals: fail_closed}, "
                "{key: runner.x, equals: true}]}"
            ),
            bump("0.1.1"),
        ],
        "OVERRIDE_ADDED CODE_FAIL_MODE_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-override-opt-in",
        A,
        [new_override("{key: runner.lenient_inputs, equals: true}"), bump("0.1.1")],
        "OVERRIDE_ADDED",
        ADD,
    ),
    edit(
        "a-override-same-fail-mode-by-default",
        A,
        [
            (
                "overrides:\n",
                'overrides:\n  - id: added-override\n    scope: "*"\n    codes: [input_missing]\n'
                "    when: {key: runner.fail_mode, equals: fail_closed}\n"
                "    set: {severity: FATAL, fail_mode: fail_closed}\n    text: Added.\n",
            ),
            bump("0.1.1"),
        ],
        "OVERRIDE_ADDED",
        ADD,
    ),
    edit(
        "a-override-codes-reordered",
        A,
        [
            (
                "    scope: runner\n" + RECON_CODES,
                "    scope: runner\n    codes: [reconcile_failed, drift_detected]\n",
            )
        ],
        "",
        None,
    ),
    edit(
        "a-override-text",
        A,
        [
            (
                'text: "Tier 1 coverage thresholds MUST NOT',
                'text: "Tier-1 coverage thresholds MUST NOT',
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-override-marks",
        A,
        [
            (
                "    set: {severity: NON-FATAL, fail_mode: warn_and_skip}\n    marks: [severity]\n"
                '    text: "Operators MAY configure scoring',
                "    set: {severity: NON-FATAL, fail_mode: warn_and_skip}\n    marks: []\n"
                '    text: "Operators MAY configure scoring',
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-override-emit-as",
        A,
        [
            ("    emit_as: teardown_failed\n", "    emit_as: revert_failed\n"),
            bump("0.1.1"),
        ],
        "DOC_CONTRACT_CHANGED",
        ADD,
    ),
    edit(
        "a-override-when-key",
        A,
        [
            (
                "{key: scoring.join_behavior, equals: warn_and_skip}",
                "{key: scoring.join_mode, equals: warn_and_skip}",
            ),
            bump("0.2.0"),
        ],
        "OVERRIDE_CHANGED",
        BREAK,
    ),
    edit(
        "a-override-equals-true-written-out",
        A,
        [
            (
                "- {key: normalization.strict_mode, equals: true}\n            - {key: "
                "normalization.fail_mode",
                "- {key: normalization.strict_mode}\n            - {key: normalization.fail_mode",
            )
        ],
        "",
        None,
    ),
    edit(
        "a-override-removed",
        A,
        [(SCORING_OVERRIDE, ""), bump("0.2.0")],
        "OVERRIDE_REMOVED",
        BREAK,
    ),
    # Found: an alias over an existing code changes canonical_code and fail modes.
    edit(
        "a-alias-over-live-code",
        A,
        [
            (
                "aliases:\n",
                "aliases:\n  - alias: input_missing\n    canonical: config_schema_invalid\n"
                '    scope: "*"\n',
            ),
            bump("0.2.0"),
        ],
        "ALIAS_ADDED ALIAS_SHADOWS_CODE",
        BREAK,
    ),
    edit(
        "a-alias-over-live-code-patch",
        A,
        [
            (
                "aliases:\n",
                "aliases:\n  - alias: input_missing\n    canonical: config_schema_invalid\n"
                '    scope: "*"\n',
            ),
            bump("0.1.1"),
        ],
        "ALIAS_ADDED ALIAS_SHADOWS_CODE",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-alias-canonical-changed",
        A,
        [
            ("    canonical: revert_failed\n", "    canonical: teardown_failed\n"),
            bump("0.2.0"),
        ],
        "ALIAS_CHANGED",
        BREAK,
    ),
    edit(
        "a-alias-removed",
        A,
        [
            (
                "  - alias: cleanup_invocation_failed\n    canonical: revert_failed\n    scope: runner\n",
                "",
            ),
            bump("0.2.0"),
        ],
        "ALIAS_REMOVED",
        BREAK,
    ),
    # Found: a code inserted at the front of a precedence list changes winners.
    edit(
        "a-precedence-insert-front-existing",
        A,
        [
            (
                LEAK_ORDER,
                "    order: [input_missing, integration_credentials_leaked, redaction_policy_error]\n",
            ),
            bump("0.2.0"),
        ],
        "PRECEDENCE_ORDER_CHANGED",
        BREAK,
    ),
    edit(
        "a-precedence-insert-front-existing-patch",
        A,
        [
            (
                LEAK_ORDER,
                "    order: [input_missing, integration_credentials_leaked, redaction_policy_error]\n",
            ),
            bump("0.1.1"),
        ],
        "PRECEDENCE_ORDER_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-precedence-insert-middle-existing",
        A,
        [
            (
                LEAK_ORDER,
                "    order: [integration_credentials_leaked, input_missing, redaction_policy_error]\n",
            ),
            bump("0.2.0"),
        ],
        "PRECEDENCE_ORDER_CHANGED",
        BREAK,
    ),
    edit(
        "a-precedence-append-existing",
        A,
        [
            (
                LEAK_ORDER,
                "    order: [integration_credentials_leaked, redaction_policy_error, input_missing]\n",
            ),
            bump("0.1.1"),
        ],
        "PRECEDENCE_EXTENDED",
        ADD,
    ),
    edit(
        "a-precedence-insert-front-new-code",
        A,
        [
            (
                STATE_ORDER,
                "    order: [reconcile_timeout, reconcile_failed, drift_detected]\n",
            ),
            (
                PTR,
                PTR
                + "  - code: reconcile_timeout\n    scope: runner.state_reconciliation\n"
                "    severity: NON-FATAL\n    description: Reconciliation timed out.\n",
            ),
            bump("0.1.1"),
        ],
        "PRECEDENCE_EXTENDED CODE_ADDED",
        ADD,
    ),
    edit(
        "a-precedence-swapped",
        A,
        [
            (STATE_ORDER, "    order: [drift_detected, reconcile_failed]\n"),
            bump("0.2.0"),
        ],
        "PRECEDENCE_ORDER_CHANGED",
        BREAK,
    ),
    edit(
        "a-precedence-dropped-code",
        A,
        [(STATE_ORDER, "    order: [reconcile_failed]\n"), bump("0.2.0")],
        "PRECEDENCE_ORDER_CHANGED",
        BREAK,
    ),
    edit(
        "a-precedence-after-dropped",
        A,
        [("    after: [lifecycle_enforcement]\n", ""), bump("0.2.0")],
        "PRECEDENCE_ORDER_CHANGED",
        BREAK,
    ),
    edit(
        "a-precedence-scope",
        A,
        [
            (
                "  - id: state_reconciliation\n    scope: runner.state_reconciliation\n",
                "  - id: state_reconciliation\n    scope: runner\n",
            ),
            bump("0.1.1"),
        ],
        "DOC_CONTRACT_CHANGED",
        ADD,
    ),
    edit(
        "a-precedence-text",
        A,
        [
            (
                "MUST be `unsafe_rerun_blocked` (and",
                "MUST be `unsafe_rerun_blocked` (and still",
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-precedence-added",
        A,
        [
            (
                "precedence:\n",
                'precedence:\n  - id: credentials\n    scope: "*"\n'
                "    order: [integration_credentials_missing, integration_credentials_invalid]\n",
            ),
            bump("0.1.1"),
        ],
        "PRECEDENCE_ADDED",
        ADD,
    ),
    # Found: sets compared as sets.
    edit(
        "a-min-artifacts-reordered",
        A,
        [(RUNNER_MIN, "    min_artifacts: [runner/**, ground_truth.jsonl]\n")],
        "",
        None,
    ),
    edit(
        "a-min-artifacts-added",
        A,
        [
            (
                RUNNER_MIN,
                "    min_artifacts: [ground_truth.jsonl, runner/**, logs/**]\n",
            ),
            bump("0.1.1"),
        ],
        "DOC_CONTRACT_CHANGED",
        ADD,
    ),
    # Found: writing a default out is no change.
    edit(
        "a-scope-optional-false-written",
        A,
        [(RUNNER_MIN, RUNNER_MIN + "    optional: false\n")],
        "",
        None,
    ),
    edit(
        "a-scope-constrained-false-written",
        A,
        [(RUNNER_MIN, RUNNER_MIN + "    constrained: false\n")],
        "",
        None,
    ),
    edit(
        "a-scope-optional-true",
        A,
        [(RUNNER_MIN, RUNNER_MIN + "    optional: true\n"), bump("0.1.1")],
        "DOC_CONTRACT_CHANGED",
        ADD,
    ),
    edit(
        "a-scope-default-fail-mode",
        A,
        [
            (
                "    title: Lab provider stage\n    default_fail_mode: fail_closed\n",
                "    title: Lab provider stage\n    default_fail_mode: warn_and_skip\n",
            ),
            bump("0.2.0"),
        ],
        "CODE_FAIL_MODE_CHANGED",
        BREAK,
    ),
    edit(
        "a-scope-fail-mode-when-added",
        A,
        [
            (
                "    title: Lab provider stage\n    default_fail_mode: fail_closed\n",
                "    title: Lab provider stage\n    default_fail_mode: fail_closed\n"
                "    fail_mode_when:\n      - when: {key: lab_provider.lenient, equals: true}\n"
                "        fail_mode: warn_and_skip\n",
            ),
            bump("0.2.0"),
        ],
        "CODE_FAIL_MODE_CHANGED",
        BREAK,
    ),
    edit(
        "a-scope-title",
        A,
        [("    title: Lab provider stage\n", "    title: Lab-provider stage\n")],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-scope-unconstrained",
        A,
        [
            (
                "    title: Runner lifecycle enforcement\n    constrained: true\n",
                "    title: Runner lifecycle enforcement\n    constrained: false\n",
            ),
            bump("0.2.0"),
        ],
        "SCOPE_CHANGED",
        BREAK,
    ),
    edit(
        "a-scope-on-failure",
        A,
        [
            (
                "    title: State reconciliation\n    constrained: true\n    on_failure: parent_not_success\n",
                "    title: State reconciliation\n    constrained: true\n    on_failure: parent_fail_closed\n",
            ),
            bump("0.2.0"),
        ],
        "SCOPE_CHANGED",
        BREAK,
    ),
    edit(
        "a-substage-added",
        A,
        [
            (
                "  - id: runner.environment_config\n",
                "  - id: runner.cleanup\n    kind: substage\n    parent: runner\n    title: Cleanup\n"
                "  - id: runner.environment_config\n",
            ),
            bump("0.1.1"),
        ],
        "SCOPE_ADDED",
        ADD,
    ),
    # Found: reordering codes that changes which scope a multi-scope code reports.
    edit(
        "a-codes-reorder-primary-scope",
        A,
        [(DRIFT_RUNNER, ""), (POLICY_DOC, DRIFT_RUNNER + POLICY_DOC), bump("0.2.0")],
        "CODE_ORDER_CHANGED CODE_PRIMARY_SCOPE_CHANGED",
        BREAK,
    ),
    edit(
        "a-codes-reorder-primary-scope-patch",
        A,
        [(DRIFT_RUNNER, ""), (POLICY_DOC, DRIFT_RUNNER + POLICY_DOC), bump("0.1.1")],
        "CODE_ORDER_CHANGED CODE_PRIMARY_SCOPE_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    # Found: an unrelated removal + addition is no rename.
    edit(
        "a-unrelated-remove-and-add",
        A,
        [
            (PTR, ptr_as("interactive_login_required")),
            tomb("plan_type_reserved", "0.2.0"),
            bump("0.2.0"),
        ],
        "CODE_TOMBSTONED CODE_ADDED",
        BREAK,
    ),
    edit(
        "a-unrelated-remove-and-add-no-tombstone",
        A,
        [(PTR, ptr_as("interactive_login_required")), bump("0.2.0")],
        "CODE_REMOVED CODE_ADDED",
        BREAK,
        "REMOVAL_WITHOUT_TOMBSTONE",
    ),
    edit(
        "a-rename-by-replaced-by",
        A,
        [
            (PTR, ptr_as("plan_kind_reserved")),
            tomb("plan_type_reserved", "0.2.0", "    replaced_by: plan_kind_reserved"),
            bump("0.2.0"),
        ],
        "CODE_RENAMED",
        BREAK,
    ),
    edit(
        "a-rename-similar-name",
        A,
        [
            (PTR, ptr_as("plan_type_reserved_value")),
            tomb("plan_type_reserved", "0.2.0"),
            bump("0.2.0"),
        ],
        "CODE_RENAMED",
        BREAK,
    ),
    # Found: tombstones hold a code value across every scope.
    edit(
        "a-tombstoned-code-readded-in-other-scope",
        A,
        [
            (
                "  - code: redaction_policy_error\n",
                ptr_as("plan_type_reserved")
                .replace("scope: runner", 'scope: "*"')
                .replace("runner-fatal", "cross-cutting")
                + "  - code: redaction_policy_error\n",
            ),
            bump("0.1.1"),
        ],
        "CODE_ADDED",
        ADD,
        "TOMBSTONED_CODE_REUSED",
        base=[(PTR, ""), tomb("plan_type_reserved", "0.1.0")],
    ),
    edit(
        "a-tombstoned-code-readded-same-scope",
        A,
        [
            (
                "  - code: interactive_prompt_blocked\n",
                PTR + "  - code: interactive_prompt_blocked\n",
            ),
            bump("0.1.1"),
        ],
        "CODE_ADDED",
        ADD,
        "TOMBSTONED_CODE_REUSED",
        base=[(PTR, ""), tomb("plan_type_reserved", "0.1.0")],
    ),
    edit(
        "a-tombstone-deleted",
        A,
        [tomb("plan_type_reserved", "0.1.0")[::-1]],
        "TOMBSTONE_REMOVED",
        COSM,
        "TOMBSTONE_DELETED",
        base=[(PTR, ""), tomb("plan_type_reserved", "0.1.0")],
    ),
    # Found: a relaxed policy takes effect from the next change only.
    edit(
        "a-policy-relaxed-alone",
        A,
        [("  removal: tombstone_required\n", "  removal: allowed\n"), bump("0.2.0")],
        "POLICY_RELAXED",
        BREAK,
    ),
    edit(
        "a-policy-relaxed-alone-no-bump",
        A,
        [("  removal: tombstone_required\n", "  removal: allowed\n")],
        "POLICY_RELAXED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-policy-relaxed-with-removal",
        A,
        [
            ("  removal: tombstone_required\n", "  removal: allowed\n"),
            (PTR, ""),
            bump("0.2.0"),
        ],
        "POLICY_RELAXED CODE_REMOVED",
        BREAK,
        "POLICY_RELAXED_WITH_CHANGES REMOVAL_WITHOUT_TOMBSTONE",
    ),
    edit(
        "a-policy-removal-after-relaxation-landed",
        A,
        [(PTR, ""), ("version: 0.2.0\n", "version: 0.3.0\n")],
        "CODE_REMOVED",
        BREAK,
        base=[
            ("  removal: tombstone_required\n", "  removal: allowed\n"),
            bump("0.2.0"),
        ],
    ),
    edit(
        "a-policy-tightened",
        A,
        [("  additions: allowed\n", "  additions: approval_required\n"), bump("0.1.1")],
        "POLICY_TIGHTENED",
        ADD,
    ),
    edit(
        "a-policy-tightened-applies-at-once",
        A,
        [
            ("  additions: allowed\n", "  additions: approval_required\n"),
            (PTR, PTR + ptr_as("plan_signature_missing")),
            bump("0.1.1"),
        ],
        "POLICY_TIGHTENED CODE_ADDED",
        ADD,
        "ADDITION_WITHOUT_APPROVAL",
    ),
    edit(
        "a-policy-stability-text",
        A,
        [('within v0.1."', 'within v0.x."')],
        "POLICY_TEXT_CHANGED",
        COSM,
    ),
    edit(
        "a-status-model-exit-code",
        A,
        [
            (
                "  exit_codes: {success: 0, partial: 10, failed: 20}\n",
                "  exit_codes: {success: 0, partial: 10, failed: 30}\n",
            ),
            bump("0.2.0"),
        ],
        "STATUS_MODEL_CHANGED",
        BREAK,
    ),
    edit(
        "a-status-model-fallback",
        A,
        [("  fallback: partial\n", "  fallback: failed\n"), bump("0.2.0")],
        "STATUS_MODEL_CHANGED",
        BREAK,
    ),
    edit(
        "a-status-model-fallback-default-written",
        A,
        [("  fallback: partial\n", "  fallback: failed\n")],
        "STATUS_MODEL_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-record-optional-field",
        A,
        [
            (
                REASON_FIELD,
                REASON_FIELD + "      - name: note\n        type: string\n"
                "        required: false\n",
            ),
            bump("0.1.1"),
        ],
        "RECORD_FIELD_ADDED",
        ADD,
    ),
    edit(
        "a-record-required-field",
        A,
        [
            (REASON_FIELD, REASON_FIELD + "      - name: note\n        type: string\n"),
            bump("0.2.0"),
        ],
        "RECORD_FIELD_REQUIRED_ADDED",
        BREAK,
    ),
    # Found: deleting `additional_properties: true` closes the record.
    edit(
        "a-record-closed-by-deletion",
        A,
        [(STAGE_OUTCOME_OPEN, "    fields:\n      - name: stage\n"), bump("0.2.0")],
        "RECORD_CLOSED",
        BREAK,
    ),
    edit(
        "a-record-closed-by-deletion-no-bump",
        A,
        [(STAGE_OUTCOME_OPEN, "    fields:\n      - name: stage\n")],
        "RECORD_CLOSED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "a-field-nullable-false-written",
        A,
        [(REASON_FIELD, REASON_FIELD + "        nullable: false\n")],
        "",
        None,
    ),
    edit(
        "a-field-required-true-dropped",
        A,
        [
            (
                "        enum: StageId\n        required: true\n",
                "        enum: StageId\n",
            )
        ],
        "",
        None,
    ),
    edit(
        "a-field-made-nullable",
        A,
        [(REASON_FIELD, REASON_FIELD + "        nullable: true\n"), bump("0.2.0")],
        "RECORD_FIELD_CHANGED",
        BREAK,
    ),
    edit(
        "a-record-description",
        A,
        [
            (
                '    description: "`runs/<run_id>/logs/health.json`; MUST contain only stage outcomes."',
                '    description: "`runs/<run_id>/logs/health.json`: only stage outcomes."',
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-enum-value-added",
        A,
        [
            (
                "      - value: SKIPPED\n",
                "      - value: INFO\n      - value: SKIPPED\n",
            ),
            bump("0.1.1"),
        ],
        "ENUM_VALUE_ADDED",
        ADD,
    ),
    edit(
        "a-enum-description",
        A,
        [
            (
                "    description: Failure severity.\n",
                "    description: The failure severity.\n",
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-attribute-required-false-dropped",
        A,
        [("    enum: RunStatus\n    required: false\n", "    enum: RunStatus\n")],
        "",
        None,
    ),
    edit(
        "a-attribute-added",
        A,
        [
            ("attributes:\n", "attributes:\n  - name: owner\n    type: string\n"),
            bump("0.1.1"),
        ],
        "ATTRIBUTE_ADDED",
        ADD,
    ),
    edit(
        "a-artifact-rule-changed",
        A,
        [
            (
                "      - {rule: stage_outcomes, list: /stages}\n",
                "      - {rule: stage_outcomes, list: /stage_list}\n",
            ),
            bump("0.2.0"),
        ],
        "ARTIFACT_CHANGED",
        BREAK,
    ),
    edit(
        "a-artifact-description",
        A,
        [
            (
                "    description: runs/<run_id>/logs/health.json\n",
                "    description: runs/<run_id>/logs/health.json (health file)\n",
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "a-migration-added",
        A,
        [
            (
                POLICY_END,
                "  record_changes: allowed\nmigrations:\n  - version: 0.1.0\n"
                "    note: First release.\n\nenums:",
            )
        ],
        "MIGRATION_ADDED",
        COSM,
    ),
    edit(
        "a-approval-added",
        A,
        [
            (
                POLICY_END,
                "  record_changes: allowed\napprovals:\n  - code: input_missing\n"
                "    approved_by: lead\n\nenums:",
            )
        ],
        "APPROVAL_ADDED",
        COSM,
    ),
    edit(
        "a-exemption-accepts-removal",
        A,
        [
            (PTR, ""),
            bump("0.2.0"),
            (
                POLICY_END,
                "  record_changes: allowed\nexemptions:\n"
                "  - rule: REMOVAL_WITHOUT_TOMBSTONE\n    subject: code runner/plan_type_reserved\n"
                "    reason: Never emitted by any producer.\n\nenums:",
            ),
        ],
        "CODE_REMOVED EXEMPTION_CHANGED",
        BREAK,
    ),
    edit(
        "a-exemption-other-subject",
        A,
        [
            (PTR, ""),
            bump("0.2.0"),
            (
                POLICY_END,
                "  record_changes: allowed\nexemptions:\n"
                "  - rule: REMOVAL_WITHOUT_TOMBSTONE\n    subject: code runner/input_missing\n"
                "    reason: Unrelated.\n\nenums:",
            ),
        ],
        "CODE_REMOVED EXEMPTION_CHANGED",
        BREAK,
        "REMOVAL_WITHOUT_TOMBSTONE",
    ),
    edit(
        "a-exemption-unknown-rule",
        A,
        [
            (
                POLICY_END,
                "  record_changes: allowed\nexemptions:\n"
                "  - rule: NO_SUCH_RULE\n    reason: Typo.\n\nenums:",
            )
        ],
        "EXEMPTION_CHANGED",
        COSM,
        "EXEMPTION_UNKNOWN_RULE",
    ),
    edit(
        "a-metadata-title",
        A,
        [
            (
                'title: "ADR-0005: Stage outcomes and failure classification"',
                'title: "ADR-0005: Stage outcomes and failure classes"',
            )
        ],
        "CATALOG_METADATA_CHANGED",
        COSM,
    ),
    edit("a-version-decreased", A, [bump("0.0.9")], "", None, "VERSION_DECREASED"),
    edit("a-version-bump-only", A, [bump("0.1.1")], "", None),
]

# --- run_record: record_changes: version_bump_and_migration_note -----------------------
RUN_ID = (
    "      - name: run_id\n        type: string\n"
    "        description: globally unique id for this run within the project\n"
)
R_POLICY = "  version_field: run_record_version\n"


def note(version: str) -> Sub:
    return (
        "\nnotes:\n",
        f"\nmigrations:\n  - version: {version}\n    note: Mixed.\n\nnotes:\n",
    )


URL = "      - value: artifact\n      - value: url\n"
RUN_RECORD_EDITS = [
    # Found: an enum value a closed record uses needs the migration note.
    edit(
        "r-enum-value-added-closed-record",
        R,
        [
            (
                "      - value: error\n        description: required input",
                "      - value: cancelled\n      - value: error\n        description: required input",
            ),
            bump("0.1.1"),
        ],
        "ENUM_VALUE_ADDED",
        ADD,
        "MIGRATION_NOTE_MISSING",
    ),
    edit(
        "r-enum-value-added-with-note",
        R,
        [
            (
                "      - value: error\n        description: required input",
                "      - value: cancelled\n      - value: error\n        description: required input",
            ),
            bump("0.1.1"),
            note("0.1.1"),
        ],
        "ENUM_VALUE_ADDED MIGRATION_ADDED",
        ADD,
    ),
    edit(
        "r-enum-value-removed",
        R,
        [(URL, "      - value: artifact\n"), bump("0.2.0"), note("0.2.0")],
        "ENUM_VALUE_REMOVED MIGRATION_ADDED",
        BREAK,
    ),
    edit(
        "r-enum-value-removed-no-note",
        R,
        [(URL, "      - value: artifact\n"), bump("0.2.0")],
        "ENUM_VALUE_REMOVED",
        BREAK,
        "MIGRATION_NOTE_MISSING",
    ),
    edit(
        "r-enum-values-reordered",
        R,
        [(URL, "      - value: url\n      - value: artifact\n")],
        "ENUM_VALUE_ORDER_CHANGED",
        COSM,
    ),
    edit(
        "r-required-field-added",
        R,
        [
            (RUN_ID, RUN_ID + "      - name: host\n        type: string\n"),
            bump("0.2.0"),
            note("0.2.0"),
        ],
        "RECORD_FIELD_REQUIRED_ADDED MIGRATION_ADDED",
        BREAK,
    ),
    edit(
        "r-required-field-added-no-bump",
        R,
        [(RUN_ID, RUN_ID + "      - name: host\n        type: string\n")],
        "RECORD_FIELD_REQUIRED_ADDED",
        BREAK,
        "MIGRATION_NOTE_MISSING VERSION_NOT_BUMPED",
    ),
    edit(
        "r-optional-field-added",
        R,
        [
            (
                RUN_ID,
                RUN_ID
                + "      - name: host\n        type: string\n        required: false\n",
            ),
            bump("0.1.1"),
        ],
        "RECORD_FIELD_ADDED",
        ADD,
    ),
    edit(
        "r-nullable-false-written",
        R,
        [(RUN_ID, RUN_ID + "        nullable: false\n")],
        "",
        None,
    ),
    edit(
        "r-required-true-written",
        R,
        [(RUN_ID, RUN_ID + "        required: true\n")],
        "",
        None,
    ),
    edit(
        "r-made-nullable",
        R,
        [(RUN_ID, RUN_ID + "        nullable: true\n"), bump("0.2.0"), note("0.2.0")],
        "RECORD_FIELD_CHANGED MIGRATION_ADDED",
        BREAK,
    ),
    edit(
        "r-made-optional",
        R,
        [(RUN_ID, RUN_ID + "        required: false\n"), bump("0.2.0"), note("0.2.0")],
        "RECORD_FIELD_REQUIRED_REMOVED MIGRATION_ADDED",
        BREAK,
    ),
    edit(
        "r-format-dropped",
        R,
        [
            (
                "        type: string\n        format: date-time\n        description: UTC ISO 8601 "
                "timestamp for record creation\n",
                "        type: string\n        description: UTC ISO 8601 timestamp for record "
                "creation\n",
            ),
            bump("0.2.0"),
            note("0.2.0"),
        ],
        "RECORD_FIELD_CHANGED MIGRATION_ADDED",
        BREAK,
    ),
    edit(
        "r-record-opened",
        R,
        [
            (
                "    additional_properties: false\n    fields:\n      - name: run_record_version\n",
                "    additional_properties: true\n    fields:\n      - name: run_record_version\n",
            ),
            bump("0.1.1"),
        ],
        "RECORD_OPENED",
        ADD,
    ),
    # Found: deleting `additional_properties: false` (the default) is no change.
    edit(
        "r-additional-properties-false-dropped",
        R,
        [
            (
                "    additional_properties: false\n    fields:\n      - name: run_record_version\n",
                "    fields:\n      - name: run_record_version\n",
            )
        ],
        "",
        None,
    ),
    edit(
        "r-policy-relaxed-alone",
        R,
        [
            (
                "  record_changes: version_bump_and_migration_note\n",
                "  record_changes: allowed\n",
            ),
            bump("0.2.0"),
        ],
        "POLICY_RELAXED",
        BREAK,
    ),
    # Found: the relaxation does not allow the change it lands with.
    edit(
        "r-policy-relaxed-with-record-change",
        R,
        [
            (
                "  record_changes: version_bump_and_migration_note\n",
                "  record_changes: allowed\n",
            ),
            (RUN_ID, RUN_ID + "      - name: host\n        type: string\n"),
            bump("0.2.0"),
        ],
        "POLICY_RELAXED RECORD_FIELD_REQUIRED_ADDED",
        BREAK,
        "POLICY_RELAXED_WITH_CHANGES MIGRATION_NOTE_MISSING",
    ),
    edit(
        "r-policy-text",
        R,
        [
            (
                "requires an ADR, a run_record_version bump",
                "requires an ADR and a run_record_version bump",
            )
        ],
        "POLICY_TEXT_CHANGED",
        COSM,
    ),
    edit(
        "r-note-text",
        R,
        [
            (
                "Every run produces exactly one run record file.",
                "Every run produces one run record file.",
            )
        ],
        "NOTE_CHANGED",
        COSM,
    ),
    edit(
        "r-field-description",
        R,
        [
            (
                "globally unique id for this run within the project",
                "globally unique id of this run within the project",
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "r-enum-description",
        R,
        [
            (
                '    description: "Error object `severity`: error or fatal."\n',
                '    description: "Error object `severity`."\n',
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
]

# --- tplt_reason_codes: additions: approval_required -------------------------------------
TRIGGER = (
    "  - code: TRIGGER_INVALID\n    recovery_class: FATAL\n    section: vocabulary_vnext\n"
    "    source: prose\n"
)
T_POLICY = "  additions: approval_required\n"
T_TABLE = "      [TRIGGER_INVALID, POLICY_VIOLATION,"


def table_code(code: str) -> Sub:
    return (T_TABLE, T_TABLE.replace("TRIGGER_INVALID", code))


def approve(code: str) -> Sub:
    return (
        T_POLICY,
        T_POLICY + f"approvals:\n  - code: {code}\n    approved_by: lead\n",
    )


TPLT_EDITS = [
    # Code shapes: the enum member name is part of the contract (ReasonCode.X).
    edit(
        "t-code-named",
        T,
        [
            (
                TRIGGER,
                TRIGGER.replace("    recovery", "    name: BAD_TRIGGER\n    recovery"),
            ),
            bump("0.2.0"),
        ],
        "CODE_NAME_CHANGED",
        BREAK,
    ),
    edit(
        "t-code-named-patch",
        T,
        [
            (
                TRIGGER,
                TRIGGER.replace("    recovery", "    name: BAD_TRIGGER\n    recovery"),
            ),
            bump("0.1.1"),
        ],
        "CODE_NAME_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    # Writing the derived member name out is no change at all.
    edit(
        "t-code-named-as-derived",
        T,
        [
            (
                TRIGGER,
                TRIGGER.replace(
                    "    recovery", "    name: TRIGGER_INVALID\n    recovery"
                ),
            )
        ],
        "",
        None,
    ),
    edit(
        "t-code-name-removed",
        T,
        [
            (
                TRIGGER.replace("    recovery", "    name: BAD_TRIGGER\n    recovery"),
                TRIGGER,
            ),
            bump("0.2.0"),
        ],
        "CODE_NAME_CHANGED",
        BREAK,
        base=[
            (
                TRIGGER,
                TRIGGER.replace("    recovery", "    name: BAD_TRIGGER\n    recovery"),
            )
        ],
    ),
    edit(
        "t-code-added-without-approval",
        T,
        [
            (TRIGGER, TRIGGER + TRIGGER.replace("TRIGGER_INVALID", "BUDGET_EXCEEDED")),
            bump("0.1.1"),
        ],
        "CODE_ADDED",
        ADD,
        "ADDITION_WITHOUT_APPROVAL",
    ),
    edit(
        "t-code-added-with-approval",
        T,
        [
            (TRIGGER, TRIGGER + TRIGGER.replace("TRIGGER_INVALID", "BUDGET_EXCEEDED")),
            approve("BUDGET_EXCEEDED"),
            bump("0.1.1"),
        ],
        "CODE_ADDED APPROVAL_ADDED",
        ADD,
    ),
    edit(
        "t-policy-relaxed-with-addition",
        T,
        [
            (T_POLICY, "  additions: allowed\n"),
            (TRIGGER, TRIGGER + TRIGGER.replace("TRIGGER_INVALID", "BUDGET_EXCEEDED")),
            bump("0.2.0"),
        ],
        "POLICY_RELAXED CODE_ADDED",
        BREAK,
        "POLICY_RELAXED_WITH_CHANGES ADDITION_WITHOUT_APPROVAL",
    ),
    edit(
        "t-policy-relaxed-alone",
        T,
        [(T_POLICY, "  additions: allowed\n"), bump("0.2.0")],
        "POLICY_RELAXED",
        BREAK,
    ),
    edit(
        "t-code-removed",
        T,
        [(TRIGGER, ""), (T_TABLE, "      [POLICY_VIOLATION,"), bump("0.2.0")],
        "CODE_REMOVED TABLE_CHANGED",
        BREAK,
    ),
    edit(
        "t-code-removed-patch",
        T,
        [(TRIGGER, ""), (T_TABLE, "      [POLICY_VIOLATION,"), bump("0.1.1")],
        "CODE_REMOVED TABLE_CHANGED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "t-recovery-class",
        T,
        [(TRIGGER, TRIGGER.replace("FATAL", "RECOVERABLE")), bump("0.2.0")],
        "CODE_RECOVERY_CLASS_CHANGED",
        BREAK,
    ),
    edit(
        "t-section",
        T,
        [
            (TRIGGER, TRIGGER.replace("vocabulary_vnext", "additional_phase1")),
            bump("0.2.0"),
        ],
        "CODE_ATTRIBUTE_CHANGED",
        BREAK,
    ),
    # Found: an unrelated removal + addition with the same attributes is no rename.
    edit(
        "t-unrelated-swap-same-attributes",
        T,
        [
            (TRIGGER, TRIGGER.replace("TRIGGER_INVALID", "BUDGET_EXCEEDED")),
            table_code("BUDGET_EXCEEDED"),
            approve("BUDGET_EXCEEDED"),
            bump("0.2.0"),
        ],
        "CODE_REMOVED CODE_ADDED APPROVAL_ADDED TABLE_CHANGED",
        BREAK,
    ),
    edit(
        "t-rename-similar-name",
        T,
        [
            (TRIGGER, TRIGGER.replace("TRIGGER_INVALID", "TRIGGER_INVALIDATED")),
            table_code("TRIGGER_INVALIDATED"),
            approve("TRIGGER_INVALIDATED"),
            bump("0.2.0"),
        ],
        "CODE_RENAMED APPROVAL_ADDED TABLE_CHANGED",
        BREAK,
    ),
    edit(
        "t-rename-similar-name-no-approval",
        T,
        [
            (TRIGGER, TRIGGER.replace("TRIGGER_INVALID", "TRIGGER_INVALIDATED")),
            table_code("TRIGGER_INVALIDATED"),
            bump("0.2.0"),
        ],
        "CODE_RENAMED TABLE_CHANGED",
        BREAK,
        "ADDITION_WITHOUT_APPROVAL",
    ),
    edit(
        "t-code-deprecated",
        T,
        [(TRIGGER, TRIGGER + "    deprecated: true\n"), bump("0.1.1")],
        "CODE_DEPRECATED",
        ADD,
    ),
    edit(
        "t-code-description-added",
        T,
        [(TRIGGER, TRIGGER + "    description: The trigger is invalid.\n")],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
    edit(
        "t-enum-value-added-open-record",
        T,
        [
            (
                "      - value: ABEND\n",
                "      - value: ABEND\n      - value: TIMEOUT\n",
            ),
            bump("0.1.1"),
        ],
        "ENUM_VALUE_ADDED",
        ADD,
    ),
    edit(
        "t-lint-expected",
        T,
        [("  expected: [recovery_class]\n", "  expected: [recovery_class, section]\n")],
        "CURATION_CHANGED",
        COSM,
    ),
    edit(
        "t-record-closed",
        T,
        [
            ("    additional_properties: true\n", "    additional_properties: false\n"),
            bump("0.2.0"),
        ],
        "RECORD_CLOSED",
        BREAK,
    ),
    edit(
        "t-codes-reordered",
        T,
        [
            (TRIGGER, ""),
            (
                "  - code: SCHEMA_MISSING_REQUIRED\n",
                "  - code: SCHEMA_MISSING_REQUIRED\n",
            ),
            ("  - code: POLICY_VIOLATION\n", TRIGGER + "  - code: POLICY_VIOLATION\n"),
        ],
        "CODE_ORDER_CHANGED",
        COSM,
    ),
]

# --- promptos_io: no policies, text attributes -----------------------------------------------
PINS = (
    '  - code: PINS_INSUFFICIENT\n    meaning: "Context pins insufficient"\n'
    '    trigger: "Required inputs are not pinned / cannot be read under allowlist"\n'
    '    action: "Request additional pins or move required info into pinned scope"\n'
    "    source: failure-codes\n"
)
PROMPTOS_EDITS = [
    edit(
        "p-text-attribute",
        P,
        [
            (
                PINS,
                PINS.replace(
                    "Context pins insufficient", "Pinned context insufficient"
                ),
            )
        ],
        "CODE_TEXT_ATTRIBUTE_CHANGED",
        COSM,
    ),
    edit(
        "p-retryability-set",
        P,
        [(PINS, PINS + "    retryability: retryable_after_fix\n"), bump("0.2.0")],
        "CODE_ATTRIBUTE_CHANGED",
        BREAK,
    ),
    edit(
        "p-retryability-changed",
        P,
        [
            (
                "    retryability: retryable_after_fix\n    source: failure-codes\n  - code: SCHEMA",
                "    retryability: non_retryable_until_corrected\n    source: failure-codes\n  - code: SCHEMA",
            ),
            bump("0.2.0"),
        ],
        "CODE_ATTRIBUTE_CHANGED",
        BREAK,
    ),
    edit(
        "p-code-added",
        P,
        [(PINS, PINS + PINS.replace("PINS_INSUFFICIENT", "PINS_STALE")), bump("0.1.1")],
        "CODE_ADDED",
        ADD,
    ),
    edit("p-code-removed", P, [(PINS, ""), bump("0.2.0")], "CODE_REMOVED", BREAK),
    edit(
        "p-code-removed-no-bump",
        P,
        [(PINS, "")],
        "CODE_REMOVED",
        BREAK,
        "VERSION_NOT_BUMPED",
    ),
    edit(
        "p-codes-reordered",
        P,
        [
            (PINS, ""),
            ("  - code: SCOPE_CONFLICT\n", PINS + "  - code: SCOPE_CONFLICT\n"),
        ],
        "CODE_ORDER_CHANGED",
        COSM,
    ),
    edit(
        "p-record-closed-by-deletion",
        P,
        [
            (
                '    description: "The `reason_code` part of `submit.json`."\n'
                "    additional_properties: true\n",
                '    description: "The `reason_code` part of `submit.json`."\n',
            ),
            bump("0.2.0"),
        ],
        "RECORD_CLOSED",
        BREAK,
    ),
    edit(
        "p-enum-value-added",
        P,
        [
            (
                "        description: retryable after fixing the failing causes\n",
                "        description: retryable after fixing the failing causes\n"
                "      - value: retryable_now\n",
            ),
            bump("0.1.1"),
        ],
        "ENUM_VALUE_ADDED",
        ADD,
    ),
    edit(
        "p-attribute-description",
        P,
        [
            (
                '    description: "Table column \\"Meaning\\"."\n',
                '    description: "Meaning."\n',
            )
        ],
        "DESCRIPTION_CHANGED",
        COSM,
    ),
]

# --- fail_closed: subsets, registries, records ------------------------------------------------
FAIL_CLOSED_EDITS = [
    edit(
        "f-subset-reordered",
        F,
        [("      safe: [HOLD, STOP]\n", "      safe: [STOP, HOLD]\n")],
        "",
        None,
    ),
    edit(
        "f-subset-member-added",
        F,
        [
            ("      safe: [HOLD, STOP]\n", "      safe: [HOLD, STOP, CANCEL]\n"),
            bump("0.2.0"),
        ],
        "ENUM_SUBSET_CHANGED",
        BREAK,
    ),
    edit(
        "f-enum-value-removed",
        F,
        [("      - value: CANCEL\n", ""), bump("0.2.0")],
        "ENUM_VALUE_REMOVED",
        BREAK,
    ),
    edit(
        "f-enum-value-added",
        F,
        [
            (
                "      - value: CANCEL\n",
                "      - value: CANCEL\n      - value: PAUSE\n",
            ),
            bump("0.1.1"),
        ],
        "ENUM_VALUE_ADDED",
        ADD,
    ),
    edit(
        "f-registry-key-added",
        F,
        [
            (
                "      - key: exec.fail_closed\n",
                "      - key: ops.fail_closed\n      - key: exec.fail_closed\n",
            ),
            bump("0.1.1"),
        ],
        "REGISTRY_KEY_ADDED",
        ADD,
    ),
    edit(
        "f-registry-key-removed",
        F,
        [
            (
                "      - key: exec.fail_closed\n        description: Execution-orchestration fail-closed "
                "marker.\n",
                "",
            ),
            bump("0.2.0"),
        ],
        "REGISTRY_KEY_REMOVED",
        BREAK,
    ),
    edit(
        "f-optional-field-made-required",
        F,
        [
            (
                "      - name: mismatch\n        type: any\n        required: false\n  - name: PacketV2",
                "      - name: mismatch\n        type: any\n  - name: PacketV2",
            ),
            bump("0.2.0"),
        ],
        "RECORD_FIELD_REQUIRED_ADDED",
        BREAK,
    ),
    edit(
        "f-record-opened",
        F,
        [
            ("    additional_properties: false\n", "    additional_properties: true\n"),
            bump("0.1.1"),
        ],
        "RECORD_OPENED",
        ADD,
    ),
    edit(
        "f-record-closed",
        F,
        [
            (
                '    description: "`FinalDecision` (action, allowed, reasons, mismatch)."\n'
                "    additional_properties: true\n",
                '    description: "`FinalDecision` (action, allowed, reasons, mismatch)."\n',
            ),
            bump("0.2.0"),
        ],
        "RECORD_CLOSED",
        BREAK,
    ),
    edit(
        "f-field-type",
        F,
        [("        type: number\n", "        type: integer\n"), bump("0.2.0")],
        "RECORD_FIELD_CHANGED",
        BREAK,
    ),
    edit(
        "f-note",
        F,
        [
            (
                "exception ∨ guard_deny ⇒ safe_output",
                "exception ∨ guard_deny → safe_output",
            )
        ],
        "NOTE_CHANGED",
        COSM,
    ),
    edit(
        "f-title",
        F,
        [('(INV-FORMAL-1)"\nversion', '(INV-FORMAL-1), v1"\nversion')],
        "CATALOG_METADATA_CHANGED",
        COSM,
    ),
    edit("f-version-decreased", F, [bump("0.0.1")], "", None, "VERSION_DECREASED"),
]

EDITS = ADR_EDITS + RUN_RECORD_EDITS + TPLT_EDITS + PROMPTOS_EDITS + FAIL_CLOSED_EDITS

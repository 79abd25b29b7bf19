"""Rule ids of `catgen diff`: every change kind with its category, every policy violation.

Ids and categories are stable: tools key on them (docs/catalog-format.md lists them all).
"""

from __future__ import annotations

BREAKING, ADDITIVE, COSMETIC = "breaking", "additive", "cosmetic"
CATEGORY_RANK: dict[str, int] = {COSMETIC: 0, ADDITIVE: 1, BREAKING: 2}

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
            "a code was replaced by a new name in the same scope (a tombstone's "
            "replaced_by names it, or the only removed/added pair of the scope has "
            "identical attributes and description and a similar name)"
        ),
    ),
    "CODE_SCOPE_CHANGED": (BREAKING, "a code moved from one scope to another"),
    "CODE_NAME_CHANGED": (
        BREAKING,
        "a code's enum member name changed (its `name`, or the name derived from it)",
    ),
    "CODE_TYPE_CHANGED": (
        BREAKING,
        "the codes changed JSON type: code_style `integer` to a string style or back",
    ),
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
    "CODE_PRIMARY_SCOPE_CHANGED": (
        BREAKING,
        (
            "a code listed in several scopes has another first entry (CODE_ATTRIBUTES "
            "and `assert` rules read it), for example after reordering codes"
        ),
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
    "ENUM_MEMBER_RENAMED": (
        BREAKING,
        "an enum value kept its value but got another member name",
    ),
    "ENUM_VALUE_ORDER_CHANGED": (COSMETIC, "enum values were reordered"),
    "ENUM_SUBSET_CHANGED": (BREAKING, "a named subset of an enum changed"),
    # scopes
    "SCOPE_ADDED": (ADDITIVE, "a scope (stage, substage, ...) was added"),
    "SCOPE_REMOVED": (BREAKING, "a scope was removed"),
    "SCOPE_CHANGED": (
        BREAKING,
        "kind, parent, constrained or on_failure of a scope changed",
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
    "ALIAS_SHADOWS_CODE": (
        BREAKING,
        "an alias was added over a code that exists: canonical_code and its fail modes move",
    ),
    "PRECEDENCE_ADDED": (ADDITIVE, "a precedence list was added"),
    "PRECEDENCE_REMOVED": (BREAKING, "a precedence list was removed"),
    "PRECEDENCE_ORDER_CHANGED": (
        BREAKING,
        (
            "a precedence list (flattened by `after`) picks another winner for an input "
            "of existing codes: codes reordered, dropped or inserted ahead of them"
        ),
    ),
    "PRECEDENCE_EXTENDED": (
        ADDITIVE,
        "codes were appended to a precedence list, or new codes inserted into it",
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
    "DOC_CONTRACT_CHANGED": (
        ADDITIVE,
        (
            "a documented contract no generated helper reads changed: a scope's optional "
            "or min_artifacts (compared as a set), the parent of a scope that is not a "
            "substage, an override's emit_as, a precedence list's or an alias's scope, "
            "a code attribute's type between text and string"
        ),
    ),
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
    "EXEMPTION_CHANGED": (COSMETIC, "a change-control exemption was added or removed"),
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
    "POLICY_RELAXED_WITH_CHANGES": (
        "a policy was relaxed together with other changes (a relaxation must land alone; "
        "the change is judged by the stricter policy)"
    ),
    "EXEMPTION_UNKNOWN_RULE": "an exemption names a rule id catgen diff does not have",
}

BUMP_RANK: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
REMOVAL_RANK: dict[str, int] = {"allowed": 0, "tombstone_required": 1, "forbidden": 2}
ADDITIONS_RANK: dict[str, int] = {"allowed": 0, "approval_required": 1}
RECORD_RANK: dict[str, int] = {"allowed": 0, "version_bump_and_migration_note": 1}
# Changes that count as a record change for `record_changes` (besides flagged enum changes).
RECORD_RULES: frozenset[str] = frozenset(
    {
        "RECORD_REMOVED",
        "RECORD_FIELD_REQUIRED_ADDED",
        "RECORD_FIELD_REQUIRED_REMOVED",
        "RECORD_FIELD_REMOVED",
        "RECORD_FIELD_CHANGED",
        "RECORD_CLOSED",
        "STATUS_MODEL_CHANGED",
    }
)
SPECIFIC_ATTRIBUTE_RULES: dict[str, str] = {
    "severity": "CODE_SEVERITY_CHANGED",
    "recovery_class": "CODE_RECOVERY_CLASS_CHANGED",
    "fail_mode": "CODE_FAIL_MODE_CHANGED",
}
FORMATS = ("text", "json", "markdown", "github")

"""Catalog-independent runtime for the generated registries and validators (stdlib only).

One module per job: violations and JSON pointers (`violations`), the JSON Schema subset
(`schema`), the stage model (`stages`), the stage-outcome rules (`outcomes`) and their
one-pass fast path (`fast_path`), the catalog's other rule kinds (`rules`). Generated
code imports the names below from the package.
"""

from __future__ import annotations

from .fast_path import (
    MISSING,
    OutcomeIndex,
    build_outcome_index,
    stage_outcomes_valid,
)
from .outcomes import (
    STAGE_OUTCOME_RULE_IDS,
    check_stage_outcomes,
)
from .rules import (
    check_assert,
    check_code_in_vocabulary,
    check_compare,
    check_ordered,
    check_registered_keys,
    compare_values,
    evaluate,
)
from .schema import (
    UTC_TIMESTAMP,
    check_schema,
    json_kind,
)
from .stages import (
    Override,
    StageModel,
    config_matches,
)
from .violations import (
    Violation,
    escape_token,
    merge_violations,
    resolve_pointer,
)

__all__ = [
    "MISSING",
    "STAGE_OUTCOME_RULE_IDS",
    "UTC_TIMESTAMP",
    "OutcomeIndex",
    "Override",
    "StageModel",
    "Violation",
    "build_outcome_index",
    "check_assert",
    "check_code_in_vocabulary",
    "check_compare",
    "check_ordered",
    "check_registered_keys",
    "check_schema",
    "check_stage_outcomes",
    "compare_values",
    "config_matches",
    "escape_token",
    "evaluate",
    "json_kind",
    "merge_violations",
    "resolve_pointer",
    "stage_outcomes_valid",
]

"""`catgen diff`: classify every catalog change against a baseline and enforce the policies.

The baseline is a git ref (read with the `git` command, never a library) or a directory
(baseline). Catalogs are matched by `id` and compared on their effective model; every
change gets a stable rule id with a fixed category (rules, classification). The NEW
catalog's `policies` then decide which changes are allowed, and the catalog `version` must
move in step with the worst category (policies). The report renders as text, json,
markdown or github (report). See docs/catalog-format.md, "Change control and `catgen diff`".
"""

from __future__ import annotations

from .baseline import (
    baseline_root,
    load_baseline,
    load_current,
    materialise_git_baseline,
)
from .classification import classify
from .engine import compare, run_diff
from .policies import apply_policies, next_version, required_bump, version_bump
from .report import (
    CatalogDiff,
    Change,
    DiffReport,
    Violation,
    format_github,
    format_json,
    format_markdown,
    format_report,
    format_text,
)
from .rules import ADDITIVE, BREAKING, COSMETIC, FORMATS, RULES, VIOLATIONS

__all__ = [
    "ADDITIVE",
    "BREAKING",
    "COSMETIC",
    "FORMATS",
    "RULES",
    "VIOLATIONS",
    "CatalogDiff",
    "Change",
    "DiffReport",
    "Violation",
    "apply_policies",
    "baseline_root",
    "classify",
    "compare",
    "format_github",
    "format_json",
    "format_markdown",
    "format_report",
    "format_text",
    "load_baseline",
    "load_current",
    "materialise_git_baseline",
    "next_version",
    "required_bump",
    "run_diff",
    "version_bump",
]

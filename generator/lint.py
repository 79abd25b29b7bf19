"""Catalog lint: warnings (never errors) about gaps a document leaves in its vocabulary.

Rules, both driven by the catalog's optional `lint` section:

- `attribute-missing`: a vocabulary code lacks an attribute listed in `lint.expected`.
- `code-outside-vocabulary`: a row of an owned code table names a code that is not in
  the vocabulary (`lint.vocabulary`: the codes whose `attribute` has one of `values`).

Without `lint.vocabulary` every code counts as vocabulary and the second rule is off.
A finding listed under `lint.accepted` (rule, code, reason) is not reported; an accepted
exception that matches no finding is reported as `unused-exception`.
"""

from __future__ import annotations

from typing import NamedTuple

from .catalog import Catalog
from .errors import Problem
from .model import CatalogModel, CodeEntry, LintConfig


class Finding(NamedTuple):
    rule: str
    code: str
    pointer: str
    message: str


def lint_catalog(catalog: Catalog) -> list[Problem]:
    """Return the catalog's lint warnings, accepted exceptions removed."""
    model = catalog.model
    findings = _missing_attributes(model) + _codes_outside_vocabulary(model)
    accepted = model.lint.accepted
    used: set[int] = set()
    warnings = []
    for finding in findings:
        match = next(
            (
                position
                for position, item in enumerate(accepted)
                if (item.rule, item.code) == (finding.rule, finding.code)
            ),
            None,
        )
        if match is not None:
            used.add(match)
            continue
        warnings.append(
            Problem(
                catalog.source.locate(finding.pointer),
                f"[{finding.rule}] {finding.message}",
                "fix the catalog or accept it under `lint.accepted` with a reason",
            )
        )
    for position, item in enumerate(accepted):
        if position not in used:
            warnings.append(
                Problem(
                    catalog.source.locate(f"/lint/accepted/{position}"),
                    f"[unused-exception] accepted {item.rule!r} for {item.code!r} "
                    "matches no finding",
                    "remove the stale exception",
                )
            )
    return warnings


def in_vocabulary(config: LintConfig, entry: CodeEntry) -> bool:
    """Return whether a code entry belongs to the vocabulary `lint.vocabulary` names."""
    if config.vocabulary_attribute is None:
        return True
    return entry.get(config.vocabulary_attribute) in config.vocabulary_values


def _missing_attributes(model: CatalogModel) -> list[Finding]:
    return [
        Finding(
            "attribute-missing",
            entry.code,
            f"/codes/{entry.index}",
            f"vocabulary code {entry.code!r} has no {name!r}",
        )
        for entry in model.codes
        if in_vocabulary(model.lint, entry)
        for name in model.lint.expected
        if entry.get(name) is None
    ]


def _codes_outside_vocabulary(model: CatalogModel) -> list[Finding]:
    if model.lint.vocabulary_attribute is None:
        return []
    vocabulary = {e.code for e in model.codes if in_vocabulary(model.lint, e)}
    return [
        Finding(
            "code-outside-vocabulary",
            entry.code,
            f"/tables/{index}",
            f"table {table.id!r} lists {entry.code!r}, which is in no vocabulary "
            "section",
        )
        for index, table in enumerate(model.tables)
        if table.rows == "codes"
        for entry in model.table_entries(table)
        if entry.code not in vocabulary
    ]

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

from typing import Any

from .catalog import Catalog
from .errors import Problem
from .tables import table_entries


def lint_catalog(catalog: Catalog) -> list[Problem]:
    """Return the catalog's lint warnings, accepted exceptions removed."""
    config: dict[str, Any] = catalog.data.get("lint") or {}
    vocabulary = config.get("vocabulary")
    findings: list[tuple[str, str, str, str]] = []  # (rule, code, pointer, message)

    def in_vocabulary(entry: dict[str, Any]) -> bool:
        if vocabulary is None:
            return True
        return entry.get(vocabulary["attribute"]) in vocabulary["values"]

    for index, entry in enumerate(catalog.section("codes")):
        if not in_vocabulary(entry):
            continue
        for name in config.get("expected") or []:
            if entry.get(name) is None:
                findings.append(
                    (
                        "attribute-missing",
                        entry["code"],
                        f"/codes/{index}",
                        f"vocabulary code {entry['code']!r} has no {name!r}",
                    )
                )
    if vocabulary is not None:
        vocabulary_codes = {
            e["code"] for e in catalog.section("codes") if in_vocabulary(e)
        }
        for index, table in enumerate(catalog.section("tables")):
            if table["rows"] != "codes":
                continue
            for entry in table_entries(catalog, table):
                if entry["code"] not in vocabulary_codes:
                    findings.append(
                        (
                            "code-outside-vocabulary",
                            entry["code"],
                            f"/tables/{index}",
                            (
                                f"table {table['id']!r} lists {entry['code']!r}, which "
                                "is in no vocabulary section"
                            ),
                        )
                    )
    accepted = config.get("accepted") or []
    used: set[int] = set()
    warnings = []
    for rule, code, pointer, message in findings:
        match = next(
            (
                position
                for position, item in enumerate(accepted)
                if item["rule"] == rule and item["code"] == code
            ),
            None,
        )
        if match is not None:
            used.add(match)
            continue
        warnings.append(
            Problem(
                catalog.source.locate(pointer),
                f"[{rule}] {message}",
                "fix the catalog or accept it under `lint.accepted` with a reason",
            )
        )
    for position, item in enumerate(accepted):
        if position not in used:
            warnings.append(
                Problem(
                    catalog.source.locate(f"/lint/accepted/{position}"),
                    f"[unused-exception] accepted {item['rule']!r} for {item['code']!r} "
                    "matches no finding",
                    "remove the stale exception",
                )
            )
    return warnings

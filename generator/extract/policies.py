"""Policies and the status model: what the document says about outcomes and change."""

from __future__ import annotations

import re
from typing import Any

from ..markdown.blocks import Block
from .state import ExtractionState, Json

# Normative sentences about how a vocabulary may change -> (policy key, value). The
# older statements `_policy_statements` reads stay silent; these are read more loosely,
# so each one is reported with the policy it became.
POLICY_SENTENCES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"\bMUST NOT be (?:\w+ )?(?:renamed|reused|repurposed)\b"),
        "removal",
        "tombstone_required",
    ),
    (re.compile(r"\bMUST NOT be (?:deleted|retired)\b"), "removal", "forbidden"),
    (
        re.compile(r"\bMAY be added (?:in|with) (?:a|any) (?:minor|patch) release\b"),
        "additions",
        "allowed",
    ),
    (
        re.compile(r"\bMUST NOT be added without (?:an? )?(?:approval|review)\b"),
        "additions",
        "approval_required",
    ),
)


def _policy_statements(texts: list[str], found: dict[str, str]) -> None:
    """Collect the change-control statements of one section's paragraphs."""
    for t in texts:
        if "stability" not in found and re.search(r"\bMUST be stable across\b", t):
            found["stability"] = t
        if re.search(r"\bMUST NOT be removed\b", t):
            found.setdefault("removal", "forbidden")
        if re.search(r"\btombstone", t, re.I):
            found.setdefault("removal", "tombstone_required")
        if re.search(r"\badditions require (?:explicit )?approval\b", t, re.I):
            found["additions"] = "approval_required"
    joined = " ".join(texts)
    if re.search(r"version bump\b", joined) and re.search(
        r"\bmigration note\b", joined
    ):
        found["record_changes"] = "version_bump_and_migration_note"


def policies(st: ExtractionState) -> Json | None:
    """Change-control statements the document makes about its own vocabulary."""
    found: dict[str, str] = {}
    for texts in st.facts.section_texts.values():
        _policy_statements(texts, found)
    stated: Json = {}
    if found:
        stated = ({"stability": found["stability"]} if "stability" in found else {}) | {
            "removal": found.get("removal", "tombstone_required"),
            "additions": found.get("additions", "allowed"),
            "record_changes": found.get("record_changes", "allowed"),
        }
    quoted: list[str] = []
    for key, value, sentence, line, column in st.facts.policy_sentences:
        stated.setdefault(key, value)
        quoted.append(sentence)
        st.findings.warn(
            line,
            column,
            f"change-control sentence read as policy `{key}: {stated[key]}`: "
            f'"{sentence}"',
            "check `policies` in the catalog (docs/catalog-format.md#policies)",
        )
    if quoted:
        stated["text"] = " ".join(quoted)
    return stated or None


def read_policy_sentences(st: ExtractionState, node: Block, raw: str) -> None:
    """Note each normative change-control sentence of a paragraph, with its place."""
    for sentence in re.split(r"(?<=[.!?])\s+", raw.strip()):
        text = " ".join(sentence.split())
        for pattern, key, value in POLICY_SENTENCES:
            if pattern.search(text):
                line, column = st.source.locate(node, sentence.split("\n")[0])
                st.facts.policy_sentences.append((key, value, text, line, column))
                break


def _outcome_fields(st: ExtractionState) -> list[Json]:
    """Return the fields of the record that states a stage's outcome: the first whose
    `status` and `fail_mode` fields both name enums, whatever the document calls it."""
    for record in st.records.records.values():
        fields = record.get("fields", [])
        named = {f["name"] for f in fields if "enum" in f}
        if {"status", "fail_mode"} <= named:
            return list(fields)
    return []


def _enum_roles(st: ExtractionState, enums: list[Json]) -> dict[str, str]:
    """Return which enum plays each role of the status model."""
    by_values = {frozenset(v["value"] for v in e["values"]): e["name"] for e in enums}
    names = {}
    outcome = _outcome_fields(st)
    for field_name, role in (
        ("status", "stage_status"),
        ("fail_mode", "fail_mode"),
    ):
        field = next((f for f in outcome if f["name"] == field_name), None)
        if field is not None and "enum" in field:
            names[role] = field["enum"]
    exit_codes = st.facts.exit_codes
    if exit_codes:
        names["run_status"] = by_values.get(frozenset(exit_codes), "RunStatus")
    if "Severity" in {e["name"] for e in enums}:
        names["severity"] = "Severity"
    return names


def _severity_fail_modes(enums: list[Json]) -> dict[str, Any]:
    """Return severity -> fail_mode as the Severity values' descriptions state it."""
    sev = next((e for e in enums if e["name"] == "Severity"), None)
    mapping = {}
    for v in sev["values"] if sev else []:
        m = re.search(r"fail_mode=\"?(\w+)\"?", v.get("description", ""))
        if m:
            mapping[v["value"]] = m.group(1)
    return mapping


# What a status model needs (docs/catalog-format.md), as the document would say it.
STATUS_MODEL_PARTS = {
    "enums": "a record whose `status` and `fail_mode` fields name enums",
    "severity_fail_mode": "severity values described with `fail_mode=...`",
    "run_status_rules": "a '`failed`: any enabled stage has ...' rule list",
    "exit_codes": "a '`0`: run status `success`' exit-code list",
}


def status_model(st: ExtractionState, enums: list[Json]) -> Json | None:
    """Return how stage outcomes make the run status, if the document says all of
    it; a model it states only in part is left out with a warning (never emitted
    half, which the catalog would refuse)."""
    exit_codes, status_rules = st.facts.exit_codes, st.facts.status_rules
    if not (exit_codes or status_rules):
        return None
    sm: Json = {}
    names = _enum_roles(st, enums)
    if {"stage_status", "fail_mode", "run_status"} <= set(names):
        sm["enums"] = names
    mapping = _severity_fail_modes(enums)
    if mapping:
        sm["severity_fail_mode"] = mapping
    blocked = [
        c["code"]
        for c in st.codes.codes
        if c.get("scope") == "*" and c.get("severity") == "SKIPPED"
    ]
    if len(blocked) == 1:
        sm["blocked_code"] = blocked[0]
    if status_rules:
        sm["run_status_rules"] = status_rules
    if exit_codes:
        sm["exit_codes"] = exit_codes
    missing = [part for part in STATUS_MODEL_PARTS if part not in sm]
    if missing:
        st.findings.warn(
            st.facts.status_line or 1,
            1,
            "the document states only part of a run-status model; `status_model` "
            f"left out (missing {', '.join(missing)})",
            "state "
            + "; ".join(STATUS_MODEL_PARTS[part] for part in missing)
            + ", or write `status_model` in the catalog by hand",
        )
        return None
    return sm

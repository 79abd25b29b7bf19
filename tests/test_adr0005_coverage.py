"""Every reason code of ADR-0005 reaches the catalog and every generated output."""

from __future__ import annotations

import json
import re

import yaml

from .conftest import REPO, SEEDS

ADR = (SEEDS / "000_6e90b98bb373a83e.txt").read_text(encoding="utf-8")
CATALOG = yaml.safe_load((REPO / "spec" / "adr_0005.catalog.yaml").read_text())
PACKAGE = REPO / "generated" / "adr_0005"


def _table_codes() -> list[str]:
    return re.findall(r"^\| `([a-z0-9_]+)` +\|", ADR, flags=re.M)


def _prose_codes() -> list[str]:
    """Codes in the bullet lists that follow "... constrained to:", plus the Tier 1 gate."""
    codes: list[str] = []
    state, indent = "idle", 0
    for line in ADR.splitlines():
        bullet = re.match(r"^(\s*)- `([a-z0-9_]+)`", line)
        depth = len(line) - len(line.lstrip())
        if "constrained to:" in line:
            state = "expect"
            continue
        if state == "expect" and bullet:
            state, indent = "list", len(bullet.group(1))
        if state == "list":
            if bullet and len(bullet.group(1)) == indent:
                codes.append(bullet.group(2))
            elif line.strip() and depth <= indent:
                state = "idle"
        elif state == "expect" and line.strip() and not bullet:
            state = (
                "idle"  # a table follows instead of a list: its rows are counted there
            )
    # A code stated only in a sentence (Tier 1 coverage quality gate).
    codes += re.findall(r"^- `([a-z0-9_]+)` is NON-FATAL", ADR, flags=re.M)
    return codes


def test_counts_match_the_adr() -> None:
    assert len(_table_codes()) == 110
    assert len(_prose_codes()) == 25
    assert len(CATALOG["codes"]) == 135


def test_every_adr_code_is_in_the_catalog() -> None:
    catalog_codes = {entry["code"] for entry in CATALOG["codes"]}
    assert set(_table_codes()) | set(_prose_codes()) <= catalog_codes
    prose_entries = [e["code"] for e in CATALOG["codes"] if e.get("source") == "prose"]
    assert sorted(prose_entries) == sorted(_prose_codes())


def test_every_code_is_in_every_generated_output() -> None:
    codes = {entry["code"] for entry in CATALOG["codes"]}
    rule_level = {
        e["code"] for e in CATALOG["codes"] if e["scope"] == "detection.rules"
    }
    enums = (PACKAGE / "enums.py").read_text()
    registry = (PACKAGE / "registry.py").read_text()
    reference = (REPO / "generated" / "docs" / "adr_0005.md").read_text()
    schema = json.loads((PACKAGE / "schemas" / "stage_outcome.schema.json").read_text())
    schema_codes = set(schema["properties"]["reason_code"]["enum"])
    for code in codes:
        assert f' = "{code}"' in enums or f'\n        "{code}"\n' in enums, code
        assert f'code="{code}"' in registry, code
        assert f"`{code}`" in reference, code
    assert schema_codes == codes - rule_level
    assert not schema_codes & rule_level


def test_generated_registry_answers_lookups() -> None:
    import importlib
    import sys

    sys.path.insert(0, str(REPO))
    registry = importlib.import_module("generated.adr_0005.registry")
    entry = registry.lookup("runner", "storage_io_error")  # cross-cutting
    assert entry is not None and entry.scope == "*"
    assert registry.lookup("runner.state_reconciliation", "storage_io_error") is None
    assert (
        registry.default_fail_mode("telemetry", "raw_xml_unavailable") == "fail_closed"
    )
    assert (
        registry.effective_fail_mode(
            "telemetry", "raw_xml_unavailable", {"telemetry.fail_mode": "warn_and_skip"}
        )
        == "warn_and_skip"
    )
    assert registry.stage_fail_mode("normalization", {}) == "warn_and_skip"
    assert registry.stage_fail_mode(
        "normalization", {"normalization.strict_mode": True}
    ) == ("fail_closed")
    assert (
        registry.aggregate_reason_code(
            "runner_lifecycle_aggregation",
            ["teardown_failed", "cleanup_invocation_failed", "execute_failed"],
        )
        == "execute_failed"
    )
    assert (
        registry.aggregate_reason_code(
            "runner_lifecycle_aggregation",
            ["prepare_failed", "invalid_lifecycle_transition"],
        )
        == "invalid_lifecycle_transition"
    )
    assert registry.canonical_code("cleanup_verification_failed") == "teardown_failed"
    assert (
        registry.derive_run_status(
            [{"status": "success"}, {"status": "failed", "fail_mode": "warn_and_skip"}]
        )
        == "partial"
    )
    assert registry.derive_run_status([{"status": "skipped"}]) == "partial"  # fallback
    assert registry.exit_code("failed") == 20
    assert registry.STAGE_ORDER[0] == "lab_provider"
    assert registry.SUBSTAGE_PARENT["telemetry.disk.preflight"] == "telemetry"

"""The five seed documents: findings, counts, selected catalog content, table round trips."""

import json
import pathlib

import pytest
import yaml
from conftest import FIXTURES, SEEDS, read_doc
from extract_render import render_table, table_cells

from catgen_taxonomy.extract import (
    Extraction,
    Finding,
    extract_document,
    mark_document,
    unmark_document,
)

SEED_FILES = sorted(SEEDS.glob("*.txt"))
OWN_FILES = sorted(FIXTURES.glob("adr_*.md"))
ALL_GOOD = SEED_FILES + OWN_FILES


def extract(path: pathlib.Path) -> Extraction:
    return extract_document(read_doc(path), source_name=path.name)


def _w(line, col, msg, hint=""):
    return Finding(line, col, msg, hint)


NO_KEY = "names no explicit config key (`key=value`); catgen invented"
NO_KEY_HINT = "rename the key in the catalog to the one your configuration uses"
DATA_TABLE = "table has no code column; owned as a data table"
DATA_HINT = "add a 'Reason code' column if it lists codes"
INFER_HINT = "state it as '(fail closed)' or '(warn-and-skip)'"

EXPECTED_WARNINGS = {
    "000": [
        _w(
            577,
            3,
            "severity of `winlog_raw_missing` in scope `telemetry.windows_eventlog.raw_mode` "
            "inferred from default fail_mode `fail_closed`",
            INFER_HINT,
        ),
        _w(
            578,
            3,
            "severity of `winlog_rendering_detected` in scope "
            "`telemetry.windows_eventlog.raw_mode` inferred from default fail_mode `fail_closed`",
            INFER_HINT,
        ),
        _w(
            722,
            1,
            f"override for `disk_limit_exceeded` {NO_KEY} "
            "`validation.run_limits.disk_limit_exceeded.policy=failed`",
            NO_KEY_HINT,
        ),
        _w(
            787,
            1,
            f"override for `join_incompleteness` {NO_KEY} "
            "`scoring.join_incompleteness.policy=NON-FATAL`",
            NO_KEY_HINT,
        ),
        _w(879, 1, DATA_TABLE, DATA_HINT),
    ],
    "001": [],
    "002": [],
    "003": [],
    "004": [_w(62, 1, DATA_TABLE, DATA_HINT)],
    "adr_builds": [
        _w(
            46,
            1,
            f"override for `archive_too_large` {NO_KEY} "
            "`package.archive_too_large.policy=failed`",
            NO_KEY_HINT,
        )
    ],
    "adr_payments": [_w(82, 1, DATA_TABLE, DATA_HINT)],
}

# 000: 110 table rows (incl. the constrained regression-compare table) + 24 codes in prose
# constraint lists + 1 prose severity statement (`tier1_coverage_below_gate`).
EXPECTED_CODES = {
    "000": 135,
    "001": 23,
    "002": 18,
    "003": 0,
    "004": 0,
    "adr_builds": 8,
    "adr_payments": 13,
}


def key(path):
    return path.name.split("_")[0] if path.parent == SEEDS else path.stem


@pytest.mark.parametrize("path", ALL_GOOD, ids=key)
def test_no_errors_and_exact_warnings(path):
    ex = extract(path)
    assert ex.errors == []
    assert ex.warnings == EXPECTED_WARNINGS[key(path)]


@pytest.mark.parametrize("path", ALL_GOOD, ids=key)
def test_code_counts(path):
    assert len(extract(path).catalog.get("codes", [])) == EXPECTED_CODES[key(path)]


@pytest.mark.parametrize("path", ALL_GOOD, ids=key)
def test_tables_rerender_byte_for_byte(path):
    text = read_doc(path)
    lines = text.splitlines()
    ex = extract_document(text, source_name=path.name)
    specs = {t["id"]: t for t in ex.catalog.get("tables", [])}
    assert [s.id for s in ex.tables] == list(specs)
    for span in ex.tables:
        spec = specs[span.id]
        rendered = render_table(spec, table_cells(ex.catalog, spec))
        assert rendered == "\n".join(
            lines[span.first_line - 1 : span.last_line]
        ), span.id


@pytest.mark.parametrize("path", ALL_GOOD, ids=key)
def test_catalog_is_plain_data(path):
    cat = extract(path).catalog
    assert json.loads(json.dumps(cat)) == cat
    assert (
        yaml.safe_load(yaml.safe_dump(cat, sort_keys=False, allow_unicode=True)) == cat
    )
    assert list(cat)[:6] == [
        "catgen",
        "id",
        "title",
        "version",
        "document",
        "code_style",
    ]


@pytest.mark.parametrize("path", ALL_GOOD, ids=key)
def test_marking_round_trips_and_is_stable(path):
    text = read_doc(path)
    ex = extract_document(text, source_name=path.name)
    marked = mark_document(text, ex.tables)
    assert unmark_document(marked) == text
    assert marked.count("<!-- catgen:begin table=") == len(ex.tables)
    lines = marked.splitlines()
    again = extract_document(marked, source_name=path.name)
    assert again.catalog == ex.catalog
    assert again.errors == []
    for span in again.tables:
        assert lines[span.first_line - 2] == f"<!-- catgen:begin table={span.id} -->"
        assert lines[span.last_line] == f"<!-- catgen:end table={span.id} -->"
    assert mark_document(marked, again.tables) == marked  # idempotent


def test_000_structure(seed_text):
    cat = extract_document(
        seed_text("000"), source_name="docs/ADR-0005-stage-outcomes.md"
    ).catalog
    assert cat["id"] == "adr_0005"
    assert cat["title"] == "ADR-0005: Stage outcomes and failure classification"
    assert cat["document"] == "docs/ADR-0005-stage-outcomes.md"
    assert cat["code_style"] == "lower_snake_case"
    scopes = {s["id"]: s for s in cat["scopes"]}
    assert list(scopes)[:4] == [
        "*",
        "lab_provider",
        "lab_provider.connectivity",
        "runner",
    ]
    assert scopes["*"] == {"id": "*", "kind": "cross_cutting"}
    assert scopes["normalization"] == {
        "id": "normalization",
        "kind": "stage",
        "title": "Normalization stage",
        "default_fail_mode": "warn_and_skip",
        "fail_mode_when": [
            {
                "when": {"key": "normalization.strict_mode", "equals": True},
                "fail_mode": "fail_closed",
            }
        ],
        "optional": False,
        "min_artifacts": ["normalized/**", "normalized/mapping_coverage.json"],
    }
    assert scopes["telemetry.disk.preflight"] == {
        "id": "telemetry.disk.preflight",
        "kind": "substage",
        "parent": "telemetry",
        "title": "Disk preflight",
        "constrained": True,
        "on_failure": "parent_fail_closed",
    }
    assert scopes["detection.rules"] == {
        "id": "detection.rules",
        "kind": "rule_level",
        "parent": "detection",
    }
    assert scopes["signing"]["optional"] is True
    assert scopes["runner.state_reconciliation"]["constrained"] is True
    codes = {(c["scope"], c["code"]): c for c in cat["codes"]}
    assert codes[("telemetry.disk.preflight", "disk_metrics_missing")] == {
        "code": "disk_metrics_missing",
        "scope": "telemetry.disk.preflight",
        "severity": "FATAL",
        "description": "cannot compute free space or required bytes deterministically",
        "source": "prose",
    }
    assert (
        codes[("telemetry.resource_budgets", "resource_budget_cpu_exceeded")][
            "severity"
        ]
        == "NON-FATAL"
    )
    assert codes[
        ("detection.performance_budgets", "detection_budget_metrics_missing")
    ] == {
        "code": "detection_budget_metrics_missing",
        "scope": "detection.performance_budgets",
        "severity": "FATAL",
        "description": "required deterministic metrics are missing (budget "
        "gate enabled but cannot be evaluated).",
        "source": "prose",
    }
    assert codes[("validation.run_limits", "disk_limit_exceeded")]["exit_code"] == 10
    assert codes[("*", "blocked_by_upstream_failure")]["severity"] == "SKIPPED"
    assert (
        codes[("normalization", "tier1_coverage_below_gate")]["severity"] == "NON-FATAL"
    )
    raw = next(o for o in cat["overrides"] if o["codes"] == ["raw_xml_unavailable"])
    assert raw["scope"] == "telemetry"
    assert raw["when"] == {
        "all": [{"key": "telemetry.fail_mode", "equals": "warn_and_skip"}]
    }
    assert raw["set"] == {"severity": "NON-FATAL", "fail_mode": "warn_and_skip"}
    assert raw["marks"] == ["severity"]
    assert raw["text"].startswith(
        "If telemetry stage `fail_mode=warn_and_skip`, affected"
    )
    assert len(cat["overrides"]) == 5
    assert {
        "alias": "cleanup_invocation_failed",
        "canonical": "revert_failed",
        "scope": "runner",
    } in cat["aliases"]
    tables = {t["id"]: t for t in cat["tables"]}
    assert {
        "telemetry-fatal",
        "lab-provider-connectivity-non-fatal",
        "cross-cutting",
        "validation-run-limits",
        "detection-rules-non-fatal",
    } <= set(tables)
    assert tables["telemetry-fatal"]["columns"] == [
        {"header": "Reason code", "field": "code", "format": "code"},
        {"header": "Severity", "field": "severity", "marker": "severity"},
        {"header": "Description", "field": "description"},
    ]
    assert tables["telemetry-fatal"]["style"] == "aligned"
    sev = next(e for e in cat["enums"] if e["name"] == "Severity")
    assert [v["value"] for v in sev["values"]] == ["FATAL", "NON-FATAL", "SKIPPED"]
    assert cat["status_model"]["exit_codes"] == {
        "success": 0,
        "partial": 10,
        "failed": 20,
    }
    assert cat["records"][0]["name"] == "StageOutcome"
    assert (
        cat["policies"]["stability"]
        == "`reason_code` MUST be stable across runs and versions within v0.1."
    )


def test_001_vocabulary(seed_text):
    cat = extract_document(
        seed_text("001"), source_name="2PLT_REASON_CODE_VOCAB.md"
    ).catalog
    assert cat["code_style"] == "SCREAMING_SNAKE_CASE"
    assert "scopes" not in cat
    first = cat["codes"][0]
    assert first == {
        "code": "TRIGGER_INVALID",
        "section": "Vocabulary (vNext)",
        "recovery_class": "FATAL",
        "source": "recovery-class",
    }
    conflict = next(c for c in cat["codes"] if c["code"] == "POLICY_CONFLICT")
    assert conflict["description"].startswith("two or more MUST obligations")
    t = {t["id"]: t for t in cat["tables"]}
    assert t["recovery-class"]["style"] == "compact"
    assert t["recovery-class"]["separator_widths"] == [3, 3]
    assert t["recovery-class"]["codes"][:3] == [
        "TRIGGER_INVALID",
        "POLICY_VIOLATION",
        "INTERNAL_ERROR",
    ]
    assert [v["value"] for v in cat["enums"][0]["values"]] == ["RECOVERABLE", "FATAL"]
    assert cat["policies"]["additions"] == "approval_required"


def test_002_title_bytes_preserved(seed_text):
    text = seed_text("002")
    cat = extract_document(text, source_name="promptos.md").catalog
    assert cat["title"] == "PromptOS IO Layer \u00e2\u20ac\u201d Failure Codes"
    assert cat["title"].encode("utf-8") in (SEED_FILES[2].read_bytes())
    t = cat["tables"][0]
    assert [c["field"] for c in t["columns"]] == [
        "code",
        "meaning",
        "trigger",
        "action",
    ]
    assert t["separator_widths"] == [6, 9, 9, 8]
    assert (
        cat["codes"][1]["trigger"] == "`tests.passed=false` or gateway test execution "
        "returns non-zero"
    )


def test_003_records(seed_text):
    cat = extract_document(seed_text("003"), source_name="run_record.md").catalog
    names = [r["name"] for r in cat["records"]]
    assert names == [
        "RunRecord",
        "StageRecord",
        "Input",
        "Output",
        "Environment",
        "ErrorObject",
        "EvidencePointer",
        "WarningObject",
        "Counter",
    ]
    run = {f["name"]: f for f in cat["records"][0]["fields"]}
    assert run["status"]["enum"] == "Status"
    assert run["project"]["fields"][2] == {
        "name": "repo_path",
        "type": "string",
        "required": False,
    }
    assert run["schema_versions"]["fields"][0]["type"] == "map"
    assert run["stages"]["items"] == {"type": "object", "ref": "StageRecord"}
    assert run["completed_at"]["nullable"] is True
    assert cat["policies"]["record_changes"] == "version_bump_and_migration_note"
    status = next(e for e in cat["enums"] if e["name"] == "Status")
    assert [v["value"] for v in status["values"]] == [
        "success",
        "empty_success",
        "partial_success",
        "error",
    ]


def test_own_fixture_severity_before_code_and_overrides():
    cat = extract(FIXTURES / "adr_payments.md").catalog
    t = {t["id"]: t for t in cat["tables"]}
    assert t["intake-fatal"]["style"] == "aligned"
    assert t["intake-non-fatal"]["style"] == "compact"
    assert t["intake-fatal"]["columns"][0]["field"] == "severity"
    codes = {c["code"]: c for c in cat["codes"]}
    assert (
        codes["currency_unknown"]["description"]
        == "A row uses a currency outside ISO 4217 | local."
    )
    assert codes["sanctions_hit"]["severity"] == "FATAL"
    assert codes["screening_slow"]["severity"] == "NON-FATAL"
    assert codes["amount_rounded"]["description"].endswith("(¥, €).")
    (ov,) = cat["overrides"]
    assert ov["when"] == {"all": [{"key": "intake.lenient_currency", "equals": True}]}
    builds = extract(FIXTURES / "adr_builds.md").catalog
    (ov,) = builds["overrides"]
    assert ov["set"] == {"run_status": "failed", "exit_code": 20}
    assert (
        next(a for a in builds["attributes"] if a["name"] == "recovery_class")["enum"]
        == "RecoveryClass"
    )


def test_crlf_and_missing_final_newline_round_trip(seed_text):
    text = seed_text("002").replace("\n", "\r\n").rstrip("\r\n")
    ex = extract_document(text, source_name="crlf.md")
    assert ex.errors == []
    assert len(ex.catalog["codes"]) == 18
    marked = mark_document(text, ex.tables)
    assert "\r\n<!-- catgen:begin table=" in marked
    assert unmark_document(marked) == text
    # a table that ends the document without a final newline
    doc = "# T\n\n| Code | Meaning |\n|---|---|\n| `a_b` | x |"
    ex = extract_document(doc, source_name="t.md")
    marked = mark_document(doc, ex.tables)
    assert marked.endswith("| `a_b` | x |\n<!-- catgen:end table=t -->")
    assert unmark_document(marked) == doc


def test_surrogate_escaped_bytes_survive():
    raw = (
        b"# Caf\xe9 codes\n\n| Code | Meaning |\n|---|---|\n| `a_b` | bad \xff byte |\n"
    )
    text = raw.decode("utf-8", errors="surrogateescape")
    ex = extract_document(text, source_name="bytes.md")
    assert ex.errors == []
    marked = mark_document(text, ex.tables)
    assert unmark_document(marked).encode("utf-8", errors="surrogateescape") == raw
    assert (
        ex.catalog["codes"][0]["meaning"].encode("utf-8", "surrogateescape")
        == b"bad \xff byte"
    )

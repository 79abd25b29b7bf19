"""The generated health.json fast path never accepts what the full rule set rejects."""

from __future__ import annotations

import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import REPO

sys.path.insert(0, str(REPO))
from generated._runtime import check_schema, check_stage_outcomes  # noqa: E402
from generated.adr_0005 import validators  # noqa: E402
from generated.adr_0005.registry import ENTRIES, STAGE_MODEL  # noqa: E402

STAGES = sorted(STAGE_MODEL.known) + ["nonsense"]
CODES = sorted({entry.code for entry in ENTRIES}) + ["made_up"]


def full_check(document: Any) -> list[Any]:
    schema_errors: list[Any] = []
    check_schema(
        document, validators._SCHEMA_HEALTH, "", schema_errors, validators._DEFS
    )
    out: list[Any] = []
    check_stage_outcomes(document, "/stages", STAGE_MODEL, out, None)
    return schema_errors + out


entry = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(STAGES),
        "status": st.sampled_from(["success", "failed", "skipped", "done"]),
        "fail_mode": st.sampled_from(["fail_closed", "warn_and_skip"]),
    },
    optional={
        "reason_code": st.one_of(st.sampled_from(CODES), st.none(), st.integers())
    },
)


def canonical(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort and de-duplicate so that many generated lists are close to valid."""
    unique = {e["stage"]: e for e in entries if e["stage"] in STAGE_MODEL.known}
    return sorted(unique.values(), key=lambda e: STAGE_MODEL.order_key(e["stage"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(entry, max_size=12), st.booleans())
def test_fast_path_agrees_with_the_full_rules(
    entries: list[dict[str, Any]], tidy: bool
) -> None:
    document = {"stages": canonical(entries) if tidy else entries}
    proven = validators.stage_outcomes_valid(
        document["stages"], validators._FAST_HEALTH
    )
    full = full_check(document)
    if proven:
        assert full == []
    assert (validators.validate_health(document) == []) == (full == [])


def test_every_fixture_takes_the_path_its_validity_implies() -> None:
    import json

    folder = REPO / "tests" / "fixtures" / "artifacts" / "health"
    for path in sorted((folder / "pass").glob("*.json")):
        doc = json.loads(path.read_text())
        if path.stem != "telemetry-gate-fails-closed":  # substage rules: full check
            assert validators.stage_outcomes_valid(
                doc["stages"], validators._FAST_HEALTH
            )
    for path in sorted((folder / "fail").glob("*.json")):
        doc = json.loads(path.read_text())
        stages = doc.get("stages") if isinstance(doc, dict) else None
        assert not validators.stage_outcomes_valid(
            stages, validators._FAST_HEALTH
        ), path

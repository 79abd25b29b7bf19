"""The generated health.json fast path decides exactly what the full rule set decides.

`stage_outcomes_valid` answers in one tight pass over the entries (see the fast-path
module of generated/_runtime/); `validate_health` returns [] when it says valid and
runs the full checks otherwise. For JSON data its answer must equal "the full rules find nothing",
so `validate_health` returns exactly the full rules' violations for every document.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from .conftest import REPO

sys.path.insert(0, str(REPO))
from generated._runtime import (  # noqa: E402
    OutcomeIndex,
    check_schema,
    check_stage_outcomes,
    merge_violations,
    stage_outcomes_valid,
)
from generated.adr_0005 import validators  # noqa: E402
from generated.adr_0005.registry import ENTRIES, STAGE_MODEL  # noqa: E402

MODEL = STAGE_MODEL
STAGES = sorted(MODEL.known, key=MODEL.order_key)
CODES = sorted({entry.code for entry in ENTRIES})
FAIL_MODES = ["fail_closed", "warn_and_skip"]
ITEM_SCHEMA = validators._DEFS["$defs"]["StageOutcome"]


def full_violations(document: Any) -> list[Any]:
    """What validate_health returns when it does not take the fast path."""
    schema_errors: list[Any] = []
    check_schema(
        document, validators._SCHEMA_HEALTH, "", schema_errors, validators._DEFS
    )
    out: list[Any] = []
    check_stage_outcomes(document, "/stages", MODEL, out, None)
    return merge_violations(schema_errors, out)


def rank(stage: str) -> int:
    return MODEL.rank.get(MODEL.top_stage(stage), 0)


def allowed_codes(stage: str) -> list[str]:
    codes = {code for s, code in MODEL.pairs if s == stage}
    if stage not in MODEL.constrained:
        codes |= MODEL.cross_cutting
    return sorted(codes | {MODEL.blocked_code or ""} - {""})


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=2)
    | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4,
)
# A wrong value where a string belongs: other JSON types, unhashable ones included.
wrong = st.one_of(
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def entries(draw: st.DrawFn, clean: bool) -> Any:
    """Outcomes whose fields are valid, or (unless `clean`) often not."""
    stage = draw(st.sampled_from(STAGES))
    statuses = ["success"] * 4 + ["failed", "skipped"]
    entry: dict[str, Any] = {
        "stage": stage,
        "status": draw(st.sampled_from(statuses + ([] if clean else ["done"]))),
        "fail_mode": draw(st.sampled_from(FAIL_MODES * 4 + ([] if clean else ["x"]))),
    }
    codes = allowed_codes(stage)
    if entry["status"] != "success" or (not clean and draw(st.integers(0, 9)) == 0):
        entry["reason_code"] = draw(
            st.sampled_from(codes if clean else codes * 3 + CODES + ["made_up"])
        )
    if not clean:
        if draw(st.integers(0, 9)) == 0:
            entry["stage"] = draw(st.just("nonsense") | wrong)
        for name in ("status", "fail_mode", "reason_code"):
            if name in entry and draw(st.integers(0, 24)) == 0:
                entry[name] = draw(wrong)
        for name in ("stage", "status", "fail_mode"):
            if draw(st.integers(0, 39)) == 0:
                del entry[name]
    if draw(st.integers(0, 5)) == 0:  # extra fields are allowed
        entry.update(
            draw(
                st.dictionaries(
                    st.sampled_from(["note", "started_at", "stage "]),
                    json_values,
                    min_size=1,
                    max_size=2,
                )
            )
        )
    if not clean and draw(st.integers(0, 29)) == 0:
        return draw(st.one_of(json_scalars, st.lists(json_scalars, max_size=2)))
    return entry


def _stage_of(entry: Any) -> str | None:
    if isinstance(entry, dict) and isinstance(entry.get("stage"), str):
        stage: str = entry["stage"]
        return stage if stage in MODEL.known else None
    return None


@st.composite
def outcome_lists(draw: st.DrawFn) -> list[Any]:
    """Outcome lists, tidied toward validity in several ways so that both answers of
    the fast path (and all its passes) are exercised."""
    shape = draw(st.sampled_from(["raw", "tidy", "fatal", "fatal", "plain", "plain"]))
    clean = shape != "raw" and draw(st.booleans())
    items = draw(st.lists(entries(clean), max_size=14))
    if shape == "raw":
        return items
    unique: dict[str, Any] = {}
    for item in items:
        stage = _stage_of(item)
        if stage is not None:
            unique.setdefault(stage, item)
    ordered = [unique[s] for s in sorted(unique, key=MODEL.order_key)]
    if shape == "plain":  # success outcomes only (the first pass), possibly broken
        ordered = [
            (
                {
                    "stage": _stage_of(e),
                    "status": "success",
                    "fail_mode": e["fail_mode"],
                }
                if e.get("fail_mode") in FAIL_MODES
                else e
            )
            for e in ordered
        ]
    if shape == "fatal" and ordered:  # a fail-closed failure, blocked skips after it
        at = draw(st.integers(0, len(ordered) - 1))
        stage = _stage_of(ordered[at])
        assert stage is not None
        ordered[at] = {
            "stage": stage,
            "status": "failed",
            "fail_mode": "fail_closed",
            "reason_code": draw(st.sampled_from(allowed_codes(stage))),
        }
        for index in range(at + 1, len(ordered)):
            later = _stage_of(ordered[index])
            if (
                later is not None
                and rank(later) > rank(stage)
                and draw(st.integers(0, 9))  # mostly blocked, sometimes not
            ):
                ordered[index] = {
                    "stage": later,
                    "status": "skipped",
                    "fail_mode": draw(st.sampled_from(FAIL_MODES)),
                    "reason_code": MODEL.blocked_code,
                }
    mutation = draw(st.integers(0, 7))
    if mutation == 0 and ordered:  # a stage twice (same or other fail mode)
        at = draw(st.integers(0, len(ordered) - 1))
        copy = dict(ordered[at]) if isinstance(ordered[at], dict) else ordered[at]
        if isinstance(copy, dict) and draw(st.booleans()):
            copy["fail_mode"] = draw(st.sampled_from(FAIL_MODES))
        ordered.insert(at + 1, copy)
    elif mutation == 1 and len(ordered) > 1:  # two neighbours swapped
        at = draw(st.integers(0, len(ordered) - 2))
        ordered[at], ordered[at + 1] = ordered[at + 1], ordered[at]
    return ordered


@settings(max_examples=600, deadline=None)
@given(outcome_lists(), st.booleans())
def test_fast_path_decides_exactly_what_the_full_rules_decide(
    items: list[Any], extra_top_level: bool
) -> None:
    document: dict[str, Any] = {"stages": items}
    if extra_top_level:
        document["run_id"] = "r1"
    full = full_violations(document)
    assert validators.stage_outcomes_valid(items, validators._FAST_HEALTH) == (
        full == []
    )
    assert validators.validate_health(document) == full


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, st.lists(json_values, max_size=3)))
def test_any_json_document_gets_the_full_rules_answer(document: Any) -> None:
    assert validators.validate_health(document) == full_violations(document)
    if isinstance(document, dict):
        valid = validators.stage_outcomes_valid(
            document.get("stages"), validators._FAST_HEALTH
        )
        assert valid == (full_violations(document) == [])


def _success(stage: str, fail_mode: str) -> dict[str, str]:
    return {"stage": stage, "status": "success", "fail_mode": fail_mode}


def test_a_stage_repeated_with_the_other_fail_mode_is_caught() -> None:
    """Both outcomes are valid on their own and share the canonical position."""
    for stage in STAGES:
        for first, second in (FAIL_MODES, FAIL_MODES[::-1]):
            items = [_success(stage, first), _success(stage, second)]
            assert full_violations({"stages": items}) != []
            assert not validators.stage_outcomes_valid(items, validators._FAST_HEALTH)
    every = [_success(stage, "warn_and_skip") for stage in STAGES]
    assert validators.stage_outcomes_valid(every, validators._FAST_HEALTH)
    assert not validators.stage_outcomes_valid(
        [*every, every[-1]], validators._FAST_HEALTH
    )


THREE_MODES = ["fail_closed", "warn_and_skip", "fail_open"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(STAGES[:6]), st.sampled_from(THREE_MODES)),
        max_size=6,
    ),
    st.booleans(),
)
def test_repeat_detection_holds_for_three_fail_modes(
    pairs: list[tuple[str, str]], tidy: bool
) -> None:
    """The tables follow the item schema's enums, e.g. a third fail mode."""
    schema = json.loads(json.dumps(ITEM_SCHEMA))
    schema["properties"]["fail_mode"]["enum"] = THREE_MODES
    if tidy:
        pairs = sorted(pairs, key=lambda pair: MODEL.order_key(pair[0]))
    items = [_success(stage, mode) for stage, mode in pairs]
    assume(items or tidy)
    errors: list[Any] = []
    for index, item in enumerate(items):
        check_schema(item, schema, f"/stages/{index}", errors)
    check_stage_outcomes({"stages": items}, "/stages", MODEL, errors, None)
    index = OutcomeIndex(MODEL, schema)
    assert stage_outcomes_valid(items, index) == (errors == [])


def test_every_fixture_gets_the_answer_its_folder_implies() -> None:
    folder = REPO / "tests" / "fixtures" / "artifacts" / "health"
    for path in sorted((folder / "pass").glob("*.json")):
        doc = json.loads(path.read_text())
        assert validators.stage_outcomes_valid(doc["stages"], validators._FAST_HEALTH)
    for path in sorted((folder / "fail").glob("*.json")):
        doc = json.loads(path.read_text())
        stages = doc.get("stages") if isinstance(doc, dict) else None
        assert not validators.stage_outcomes_valid(
            stages, validators._FAST_HEALTH
        ), path


def test_non_list_and_list_subclass_take_the_full_check() -> None:
    class Outcomes(list):  # type: ignore[type-arg]
        pass

    assert not validators.stage_outcomes_valid(
        Outcomes([_success("runner", "fail_closed")]), validators._FAST_HEALTH
    )
    assert validators.validate_health({"stages": Outcomes()}) == []
    assert not validators.stage_outcomes_valid(None, validators._FAST_HEALTH)
    assert not validators.stage_outcomes_valid((), validators._FAST_HEALTH)


def test_a_mapping_that_is_not_a_dict_is_not_an_object() -> None:
    """The old one-pass check accepted any Mapping entry; the schema wants a JSON
    object (dict), and so do the full checks."""
    from types import MappingProxyType

    items = [MappingProxyType(_success("runner", "fail_closed"))]
    assert full_violations({"stages": items}) != []
    assert not validators.stage_outcomes_valid(items, validators._FAST_HEALTH)

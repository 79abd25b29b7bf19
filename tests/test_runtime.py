"""generator/runtime/ where it stands: each rule function and the schema checker."""

from __future__ import annotations

from typing import Any

import pytest

from catgen_taxonomy.runtime import (
    UTC_TIMESTAMP,
    StageModel,
    Violation,
    check_assert,
    check_code_in_vocabulary,
    check_compare,
    check_ordered,
    check_registered_keys,
    check_schema,
    check_stage_outcomes,
    compare_values,
    config_matches,
    merge_violations,
    resolve_pointer,
)


def test_resolve_pointer_escapes_and_indexes() -> None:
    document = {"a/b": {"~x": [10, 20]}}
    assert resolve_pointer(document, "/a~1b/~0x/1") == (True, 20)
    assert resolve_pointer(document, "/a~1b/~0x/2") == (False, None)
    assert resolve_pointer(document, "") == (True, document)


def test_merge_prefers_the_rule_message_at_the_same_pointer() -> None:
    schema = [Violation("schema", "/a", "bad"), Violation("schema", "/b", "bad")]
    rules = [Violation("r", "/a", "specific")]
    assert merge_violations(schema, rules) == [schema[1], rules[0]]


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["n"],
    "additionalProperties": False,
    "properties": {
        "n": {"type": "integer", "minimum": 1},
        "s": {"type": "string", "minLength": 1, "pattern": "^x"},
        "e": {"enum": ["a"]},
        "l": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/t"}},
        "o": {"anyOf": [{"type": "null"}, {"type": "string"}]},
    },
    "$defs": {"t": {"type": "string", "format": "date-time", "pattern": UTC_TIMESTAMP}},
}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"n": 1}, []),
        ([], [("/", "expected object, got array")]),
        ({}, [("/", "missing required field 'n'")]),
        ({"n": 0}, [("/n", "must be >= 1")]),
        (
            {"n": 1, "s": ""},
            [("/s", "must not be empty"), ("/s", "'' does not match ^x")],
        ),
        ({"n": 1, "e": "b"}, [("/e", "'b' is not one of the allowed values")]),
        ({"n": 1, "l": []}, [("/l", "needs at least 1 items")]),
        ({"n": 1, "l": ["x"]}, [("/l/0", "'x' is not a UTC ISO 8601 timestamp")]),
        ({"n": 1.0, "l": ["2024-02-29T23:59:59.5+00:00"]}, []),  # 1.0 is an integer
        ({"n": 1.5}, [("/n", "expected integer, got number")]),
        ({"n": 1, "o": 3}, [("/o", "matches none of the allowed shapes")]),
        ({"n": 1, "z": 3}, [("/z", "unknown field 'z'")]),
    ],
)
def test_check_schema(document: Any, expected: list[tuple[str, str]]) -> None:
    out: list[Violation] = []
    check_schema(document, SCHEMA, "", out)
    assert [(v.pointer, v.message) for v in out] == expected
    assert {v.rule for v in out} <= {"schema"}


def test_config_matches_all_any_and_equals() -> None:
    condition = {"all": [{"key": "a"}, {"any": [{"key": "b", "equals": 2}]}]}
    assert config_matches(condition, {"a": True, "b": 2})
    assert not config_matches(condition, {"a": True, "b": 3})


def test_code_in_vocabulary() -> None:
    out: list[Violation] = []
    check_code_in_vocabulary({"c": "x"}, "/c", frozenset({"y"}), "unknown-code", out)
    check_code_in_vocabulary({}, "/c", frozenset({"y"}), "unknown-code", out)
    assert out == [Violation("unknown-code", "/c", "'x' is not in the vocabulary")]


def test_assert_per_item_with_when() -> None:
    spec = {
        "id": "r",
        "message": "m",
        "for_each": "/items",
        "when": {"path": "/k", "in": ["a"]},
        "then": {"path": "/v", "nonempty": True},
        "pointer": "/v",
    }
    document = {"items": [{"k": "a", "v": ""}, {"k": "b", "v": ""}, {"k": "a", "v": 1}]}
    out: list[Violation] = []
    check_assert(document, spec, {}, out)
    assert out == [Violation("r", "/items/0/v", "m")]


def test_ordered_skips_missing_values() -> None:
    out: list[Violation] = []
    check_ordered({"l": [{"t": 2}, {}, {"t": 1}]}, "/l", "/t", "order", out)
    assert out == [Violation("order", "/l/2/t", "1 comes before the previous item's 2")]


def test_registered_keys_by_suffix() -> None:
    out: list[Violation] = []
    document = {"o": {"a.flag": 1, "b.flag": 1, "other": 1}}
    check_registered_keys(
        document, "/o", frozenset({"a.flag"}), (), "reg", out, suffixes=(".flag",)
    )
    assert out == [Violation("reg", "/o/b.flag", "key 'b.flag' is not in the registry")]


@pytest.mark.parametrize(
    ("left", "op", "right", "holds"),
    [
        ("HOLD", "eq", "HOLD", True),
        ("HOLD", "eq", "STOP", False),
        (1, "eq", 1.0, True),
        (True, "eq", 1, False),
        (1, "ne", "1", True),
        (None, "eq", None, True),
        (1, "lt", 2, True),
        (2, "le", 2, True),
        (3, "le", 2, False),
        ("b", "gt", "a", True),
        ("a", "ge", "b", False),
        (1, "lt", "2", False),
        ("2", "ge", 1, False),
        (None, "le", None, False),
        ([1], "lt", [2], False),
        (True, "ge", False, False),
    ],
)
def test_compare_values(left: Any, op: str, right: Any, holds: bool) -> None:
    assert compare_values(left, op, right) is holds


def test_check_compare_reports_at_left_and_skips_absent_values() -> None:
    spec = {"id": "c", "message": "m", "left": "/a", "op": "le", "right": "/b"}
    out: list[Violation] = []
    for document in ({"a": 1, "b": 2}, {"a": 1}, {"a": 3, "b": 2}, {"a": 3, "b": "x"}):
        check_compare(document, spec, {}, out)
    assert out == [Violation("c", "/a", "m"), Violation("c", "/a", "m")]


def test_check_compare_per_item_with_when_and_pointer() -> None:
    spec = {
        "id": "c",
        "message": "m",
        "for_each": "/l",
        "when": {"path": "/on", "equals": True},
        "left": "/x",
        "op": "eq",
        "right": "/y",
        "pointer": "/y",
    }
    document = {"l": [{"on": True, "x": 1, "y": 2}, {"on": False, "x": 1, "y": 2}]}
    out: list[Violation] = []
    check_compare(document, spec, {}, out)
    assert out == [Violation("c", "/l/0/y", "m")]


@pytest.fixture
def stage_model() -> StageModel:
    return StageModel(
        stage_order=("a", "b"),
        parents={},
        pairs=frozenset({("a", "broke")}),
        cross_cutting=frozenset(),
        constrained={},
        rule_level=frozenset(),
        on_failure={},
        default_fail_modes={},
        fail_mode_when={},
        code_fail_modes={},
        overrides=(),
        aliases={},
        precedence={},
        run_status_rules=(("failed", "any", {"status": "failed"}),),
        fallback_status="success",
        exit_codes={"success": 0, "failed": 4},
        blocked_code="blocked",
    )


def test_stage_outcomes_blocking(stage_model: StageModel) -> None:
    entries = [
        {
            "stage": "a",
            "status": "failed",
            "fail_mode": "fail_closed",
            "reason_code": "broke",
        },
        {"stage": "b", "status": "success", "fail_mode": "fail_closed"},
    ]
    out: list[Violation] = []
    check_stage_outcomes({"s": entries, "st": "success"}, "/s", stage_model, out, "/st")
    assert [(v.rule, v.pointer) for v in out] == [
        ("downstream-not-blocked", "/s/1"),
        ("run-status-mismatch", "/st"),
    ]
    assert stage_model.derive_run_status(entries) == "failed"


def test_stage_outcomes_rule_ids(stage_model: StageModel) -> None:
    document = {
        "s": [
            {"stage": "b", "status": "success", "fail_mode": "fail_closed"},
            {"stage": "a", "status": "failed", "fail_mode": "fail_closed"},
            {"stage": "a", "status": "success", "fail_mode": "fail_closed"},
            {"stage": "zz", "status": "success", "fail_mode": "fail_closed"},
        ]
    }
    out: list[Violation] = []
    check_stage_outcomes(document, "/s", stage_model, out)
    assert [v.rule for v in out] == [
        "stage-order",
        "reason-code-required",
        "duplicate-stage",
        "unknown-stage",
    ]

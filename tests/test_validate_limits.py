"""`catgen validate` on hostile input: strict JSON, explicit limits, no crash, no hang.

Each case was an exit 70, a hang or a silent acceptance before; each is now a located
error (exit 5) or a violation (exit 6) with the exact message below.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from catgen_taxonomy.validate import MAX_DEPTH, MAX_INTEGER_DIGITS, import_generated

from .conftest import REPO
from .helpers import run_cli

RUN_RECORD = REPO / "tests" / "fixtures" / "artifacts" / "run-record" / "pass"


def validate(*args: str) -> tuple[int, str, str]:
    result = run_cli("validate", "--root", str(REPO), *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"reason_code": "CI_FAILED",\n "reason_code": "TIMEOUT_EXCEEDED"}',
            "2:2: duplicate key 'reason_code' — keep one of the keys (JSON readers "
            "disagree on which wins)",
        ),
        (
            '{"a": {"b": 1, "\\u0062": 2}}',
            "1:16: duplicate key 'b' — keep one of the keys (JSON readers disagree on "
            "which wins)",
        ),
        ('{"x": [1, NaN]}', "1:11: NaN is not JSON — write a number, or null"),
        ('{"x": Infinity}', "1:7: Infinity is not JSON — write a number, or null"),
        ("[-Infinity]", "1:2: -Infinity is not JSON — write a number, or null"),
        ('{"x": 1e400}', "1:7: 1e400 is too large for a number — write it as a string"),
        (
            '{"x": ' + "7" * 5000 + "}",
            "1:7: integer of 5000 digits, over the limit of 1000 — write it as a string",
        ),
        (
            "[" * 995 + "]" * 995,
            f"1:{MAX_DEPTH + 1}: nested deeper than {MAX_DEPTH} arrays and objects — "
            "flatten the document",
        ),
        (
            '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
            f"1:{6 * MAX_DEPTH + 1}: nested deeper than {MAX_DEPTH} arrays and objects "
            "— flatten the document",
        ),
    ],
    ids=[
        "duplicate-key",
        "duplicate-escaped-key",
        "nan",
        "infinity",
        "minus-infinity",
        "float-overflow",
        "5000-digits",
        "995-levels",
        "deep-objects",
    ],
)
def test_refused_json_is_a_located_input_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(text, "utf-8")
    code, out, err = validate("promptos-submit", str(path))
    assert (code, out, err) == (5, f"error: {path}:{message}\n", "")


def test_limits_hold_at_the_boundary(tmp_path: Path) -> None:
    """Exactly MAX_DEPTH levels and MAX_INTEGER_DIGITS digits are still read."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, "utf-8")
    long = tmp_path / "long.json"
    long.write_text('{"n": ' + "9" * MAX_INTEGER_DIGITS + "}", "utf-8")
    code, out, _ = validate("promptos-submit", str(deep), str(long))
    assert code == 6
    assert out == (
        f"{deep}: /: [schema] expected object, got array\n"
        f"{deep}: 1 violation(s)\n"
        f"{long}: valid\n"
    )


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, out, _ = validate("promptos-submit", str(fifo), "/dev/null")
    assert code == 5
    assert out == (
        f"error: {fifo}: is not a regular file (a pipe, socket or device) — save the "
        "JSON to a file and pass that\n"
        "error: /dev/null: is not a regular file (a pipe, socket or device) — save the "
        "JSON to a file and pass that\n"
    )


@pytest.mark.parametrize("kind", ["promptos-submit", "promptos-verdict", "tplt-output"])
@pytest.mark.parametrize("value", [[], {}, ["CI_FAILED"]], ids=["list", "dict", "one"])
def test_an_unhashable_reason_code_is_a_violation(
    tmp_path: Path, kind: str, value: object
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"reason_code": value}), "utf-8")
    code, out, _ = validate(kind, str(path))
    assert code == 6
    assert (
        f"{path}: /reason_code: [unknown-code] {value!r} is not in the vocabulary\n"
        in out
    )


def test_a_number_where_a_timestamp_belongs_is_a_violation(tmp_path: Path) -> None:
    """Mixed kinds in an ordered list have no order: a violation, not a TypeError."""
    document = json.loads((RUN_RECORD / "success.json").read_text("utf-8"))
    assert len(document["stages"]) >= 2
    document["stages"][1]["started_at"] = 5
    path = tmp_path / "record.json"
    path.write_text(json.dumps(document), "utf-8")
    code, out, _ = validate("run-record", str(path))
    first = document["stages"][0]["started_at"]
    assert code == 6
    assert (
        f"{path}: /stages/1/started_at: [stage-order] 5 cannot be ordered after the "
        f"previous item's {first!r}\n"
    ) in out


def test_validators_never_raise_on_any_json_kind_at_any_node() -> None:
    """Every generated validator, a passing fixture, each node replaced by each kind."""
    fixtures = REPO / "tests" / "fixtures" / "artifacts"
    kinds = {}
    for catalog in ("adr_0005", "fail_closed", "promptos_io", "run_record"):
        kinds.update(import_generated(REPO, catalog, "validators").VALIDATORS)
    kinds.update(import_generated(REPO, "tplt_reason_codes", "validators").VALIDATORS)
    checked = 0
    for kind, function in kinds.items():
        for path in sorted((fixtures / kind).glob("pass/*.json"))[:1]:
            document = json.loads(path.read_text("utf-8"))
            for broken in _each_node_replaced(document):
                assert isinstance(function(broken), list)
                checked += 1
    assert checked > 1000


def _each_node_replaced(document: object) -> list[object]:
    values: list[object] = [None, True, 5, 1.5, "x", [], {}, [[]], {"k": {}}]
    if isinstance(document, dict):
        found = [dict(document, **{key: v}) for key in document for v in values[:7]]
        for key, item in document.items():
            found += [dict(document, **{key: b}) for b in _each_node_replaced(item)]
        return found
    if isinstance(document, list):
        found = []
        for index, item in enumerate(document):
            for b in [*values[:7], *_each_node_replaced(item)]:
                copy = list(document)
                copy[index] = b
                found.append(copy)
        return found
    return values

"""catgen diff over codes of every shape: a changed value or member name is breaking."""

from __future__ import annotations

from pathlib import Path

import pytest

from catgen_taxonomy.catalog import Catalog, load_catalog
from catgen_taxonomy.diff import compare

BASE = """\
catgen: 1
id: api
title: API errors
version: 1.0.0
code_style: integer
codes:
  - {code: 400, name: BAD_REQUEST}
  - {code: 404, name: NOT_FOUND}
  - {code: 429}
enums:
  - name: Kind
    values: [{value: a-b}, {value: a_b}]
"""


def _load(root: Path, name: str, text: str) -> Catalog:
    path = root / "spec" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_catalog(path, root)


def _diff(tmp_path: Path, *subs: tuple[str, str]) -> list[tuple[str, str, str]]:
    new = BASE
    for old_text, new_text in subs:
        assert new.count(old_text) == 1, old_text
        new = new.replace(old_text, new_text)
    before = _load(tmp_path, "old.catalog.yaml", BASE)
    after = _load(tmp_path, "new.catalog.yaml", new)
    [diff] = compare([before], [after], "base")
    return [(c.rule, c.category, c.message) for c in diff.changes]


@pytest.mark.parametrize(
    ("subs", "expected"),
    [
        (
            [("{code: 404, name: NOT_FOUND}", "{code: 410, name: NOT_FOUND}")],
            [
                (
                    "CODE_RENAMED",
                    "breaking",
                    "code `404` renamed to `410` (same enum member name `NOT_FOUND`)",
                )
            ],
        ),
        (
            [("{code: 404, name: NOT_FOUND}", "{code: 404, name: MISSING}")],
            [
                (
                    "CODE_NAME_CHANGED",
                    "breaking",
                    "enum member of code `404` renamed from `NOT_FOUND` to `MISSING`",
                )
            ],
        ),
        (
            [("{code: 429}", "{code: 429, name: TOO_MANY_REQUESTS}")],
            [
                (
                    "CODE_NAME_CHANGED",
                    "breaking",
                    "enum member of code `429` renamed from `CODE_429` to "
                    "`TOO_MANY_REQUESTS`",
                )
            ],
        ),
        ([("{code: 429}", "{code: 429, name: CODE_429}")], []),
        (
            [("{code: 429}", "{code: 430}")],
            [
                ("CODE_REMOVED", "breaking", "code `429` removed"),
                ("CODE_ADDED", "additive", "code `430` added"),
            ],
        ),
        (
            [
                ("code_style: integer", "code_style: alphanumeric"),
                ("{code: 400,", "{code: '400',"),
                ("{code: 404,", "{code: '404',"),
                ("{code: 429}", "{code: '429'}"),
            ],
            [
                (
                    "CATALOG_METADATA_CHANGED",
                    "cosmetic",
                    "catalog code_style changed from `integer` to `alphanumeric`",
                ),
                (
                    "CODE_TYPE_CHANGED",
                    "breaking",
                    "codes changed type from integer to string "
                    "(code_style integer -> alphanumeric)",
                ),
            ],
        ),
        (
            [("[{value: a-b}, {value: a_b}]", "[{value: a_b}, {value: a-b}]")],
            [
                (
                    "ENUM_MEMBER_RENAMED",
                    "breaking",
                    "member of value `a_b` of enum `Kind` renamed from `A_B_2` to `A_B`",
                ),
                (
                    "ENUM_MEMBER_RENAMED",
                    "breaking",
                    "member of value `a-b` of enum `Kind` renamed from `A_B` to `A_B_2`",
                ),
                (
                    "ENUM_VALUE_ORDER_CHANGED",
                    "cosmetic",
                    "values of enum `Kind` reordered",
                ),
            ],
        ),
    ],
    ids=[
        "value-changed-name-kept",
        "name-changed",
        "name-given",
        "derived-name-written-out",
        "value-changed-no-name",
        "type-changed",
        "clash-suffix-moved",
    ],
)
def test_code_shape_changes(
    tmp_path: Path, subs: list[tuple[str, str]], expected: list[tuple[str, str, str]]
) -> None:
    assert _diff(tmp_path, *subs) == expected

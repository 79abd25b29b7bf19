"""One YAML reader and writer: what extract writes, generate reads back unchanged."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from catgen_taxonomy import adopt
from catgen_taxonomy.errors import CatalogError
from catgen_taxonomy.yamlload import (
    ALIAS_EXPANSION_LIMIT,
    dump_yaml,
    load_round_trip,
    load_yaml,
)

from .helpers import make_files, run_cli

HEADER = "catgen: 1\nid: demo\ntitle: Demo\nversion: 1.0.0\n"
CATALOG = "spec/demo.catalog.yaml"

# Not a seed: a data table whose column is called `No` and whose cells say yes/no.
PORTS_ADR = """\
# ADR-0042: Widget outcomes

## Reason codes

### Build stage (`build`)

Default `fail_mode`: `fail_closed`

| Reason code | Severity | Description |
|---|---|---|
| `disk_full` | FATAL | Disk is full. |

## Ports

| Nr | No | Name | Enabled |
|----|----|------|---------|
| 1 | 10 | alpha | yes |
| 2 | 20 | Off | no |
"""


def extract_ports(root: Path) -> Path:
    make_files(root, {"spec/docs/ports.md": PORTS_ADR})
    doc = root / "spec" / "docs" / "ports.md"
    result = run_cli("extract", "--root", str(root), str(doc), "--mark")
    assert result.exit_code == 0, result.output
    return doc


def test_no_column_round_trips_through_extract_generate_check(tmp_path: Path) -> None:
    doc = extract_ports(tmp_path)
    text = (tmp_path / "spec" / "adr_0042.catalog.yaml").read_text(encoding="utf-8")
    assert "      - header: 'No'\n        field: 'no'\n" in text
    generate = run_cli("generate", "--root", str(tmp_path))
    assert generate.exit_code == 0, generate.output
    check = run_cli("check", "--root", str(tmp_path))
    assert (check.exit_code, check.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "".join(x for x in lines if not x.startswith("<!-- catgen:")) == PORTS_ADR


def test_yes_no_cells_stay_yes_no(tmp_path: Path) -> None:
    doc = extract_ports(tmp_path)
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    text = doc.read_text(encoding="utf-8")
    assert "| 1 | 10 | alpha | yes |\n| 2 | 20 | Off | no |\n" in text
    catalog = load_yaml(
        (tmp_path / "spec" / "adr_0042.catalog.yaml").read_text(encoding="utf-8"), "x"
    )
    ports = catalog.data["tables"][1]
    assert ports["data"] == [["1", "10", "alpha", "yes"], ["2", "20", "Off", "no"]]


def check(root: Path, body: str) -> tuple[int, str]:
    make_files(root, {CATALOG: HEADER + body})
    result = run_cli("check", "--root", str(root))
    return result.exit_code, result.stderr


def test_recursive_alias_is_a_located_catalog_error(tmp_path: Path) -> None:
    assert check(tmp_path, "notes: &n [*n]\n") == (
        3,
        "error: spec/demo.catalog.yaml:5:8: recursive alias: this node contains an "
        "alias to itself — YAML data must be a tree; replace the inner alias with a copy\n",
    )


def test_recursive_merge_key_is_a_located_catalog_error(tmp_path: Path) -> None:
    code, err = check(tmp_path, "notes: &m {<<: *m}\n")
    assert (code, err) == (
        3,
        "error: spec/demo.catalog.yaml:5:8: recursive alias: a merge key (<<) includes "
        "the mapping itself — merge a different mapping, or write the keys out\n",
    )


def billion_laughs(levels: int) -> str:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    return "notes:\n" + "".join(f"  {line}\n" for line in lines)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    start = time.perf_counter()
    code, err = check(tmp_path, billion_laughs(10))  # 10**10 nodes if expanded
    assert time.perf_counter() - start < 5
    assert (code, err) == (
        3,
        "error: spec/demo.catalog.yaml:9:7: too many alias expansions (limit "
        f"{ALIAS_EXPANSION_LIMIT:,} nodes): aliases of this node repeat it too often — "
        "write the repeated part out, or use fewer nested aliases\n",
    )


def test_aliases_below_the_limit_load() -> None:
    data = load_yaml(billion_laughs(3), "x.yaml").data
    assert len(data["notes"]["l2"]) == 10
    assert data["notes"]["l2"][9][9] == ["x"] * 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "!!int notanumber",
            "5:8: cannot read 'notanumber' as !!int (invalid literal for int() with "
            "base 10: 'notanumber') — fix the value, or quote it to keep it as text",
        ),
        (
            "!!bool maybe",
            "5:8: cannot read 'maybe' as !!bool ('maybe') — fix the value, or quote it "
            "to keep it as text",
        ),
        (
            "2026-13-45",
            "5:8: cannot read '2026-13-45' as !!timestamp (month must be in 1..12) — "
            "fix the value, or quote it to keep it as text",
        ),
        (
            "!!python/object:os.system x",
            "5:8: YAML error: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system' — catalogs hold plain data: "
            "remove the tag, or quote the value",
        ),
    ],
    ids=["bad-int", "bad-bool", "bad-date", "unknown-tag"],
)
def test_bad_tagged_value_is_a_located_catalog_error(
    tmp_path: Path, value: str, expected: str
) -> None:
    assert check(tmp_path, f"notes: {value}\n") == (
        3,
        f"error: spec/demo.catalog.yaml:{expected}\n",
    )


def test_every_duplicate_key_is_listed_and_merged_keys_are_not_duplicates() -> None:
    text = (
        "base: &b {x: 1, y: 2}\nuse: {<<: *b, x: 3}\nz: 1\nuse2: {a: 1, a: 2}\nz: 2\n"
    )
    with pytest.raises(CatalogError) as caught:
        load_yaml(text, "x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:4:14: duplicate key 'a' — remove or rename one of the two entries",
        "x.yaml:5:1: duplicate key 'z' — remove or rename one of the two entries",
    ]
    assert load_yaml(text.replace(", a: 2", "").replace("z: 2\n", ""), "x").data[
        "use"
    ] == {"x": 3, "y": 2}


def test_extract_out_into_a_file_is_a_located_write_error(tmp_path: Path) -> None:
    make_files(tmp_path, {"spec/docs/ports.md": PORTS_ADR, "some_file.txt": "x\n"})
    result = run_cli(
        "extract",
        "--root",
        str(tmp_path),
        str(tmp_path / "spec" / "docs" / "ports.md"),
        "--out",
        str(tmp_path / "some_file.txt" / "x.catalog.yaml"),
    )
    assert result.exit_code == 9
    assert result.stderr.endswith(
        f"error: some_file.txt/x.catalog.yaml: cannot write the catalog: "
        f"{tmp_path / 'some_file.txt'} is a file, not a folder — check that its folder "
        "exists or can be created (no file in the way) and is writable, or choose "
        "another path with --out\n"
    )


def test_extract_refuses_a_catalog_that_does_not_load_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = extract_ports(tmp_path)
    catalog = tmp_path / "spec" / "adr_0042.catalog.yaml"
    before = catalog.read_bytes()
    broken = before.decode().replace("header: 'No'", "header: No")
    monkeypatch.setattr(adopt, "dump_yaml", lambda data, width=None: broken)
    result = run_cli(
        "extract", "--root", str(tmp_path), str(doc), "--update", str(catalog)
    )
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "error: spec/adr_0042.catalog.yaml: the extracted catalog does not load back; "
        "nothing was written — the lines below refer to the catalog extract would "
        "have written: fix the document (or the --update catalog) and rerun\n"
        "error: spec/adr_0042.catalog.yaml:56:9: /tables/1/columns/1/header: False "
        "is not of type 'string'"
    )
    assert catalog.read_bytes() == before


def test_a_new_catalog_is_checked_without_parsing_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh extraction is checked on the data it was written from (plain data
    reads back equal); a problem is still located in the text it would write."""
    from catgen_taxonomy import extract

    make_files(tmp_path, {"spec/docs/ports.md": PORTS_ADR})
    real = extract.extract_document

    def with_a_bad_style(text: str, **kwargs: Any) -> Any:
        extraction = real(text, **kwargs)
        extraction.catalog["tables"][0]["style"] = "fancy"
        return extraction

    parsed: list[str] = []
    monkeypatch.setattr(extract, "extract_document", with_a_bad_style)
    monkeypatch.setattr(adopt, "load_yaml", lambda *a: parsed.append(a[1]))
    doc = tmp_path / "spec" / "docs" / "ports.md"
    result = run_cli("extract", "--root", str(tmp_path), str(doc))
    assert result.exit_code == 3
    assert parsed == []
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        "error: spec/adr_0042.catalog.yaml: the extracted catalog does not load back"
    )
    assert re.match(r"error: spec/adr_0042.catalog.yaml:\d+:\d+: ", lines[1])
    assert "/tables/0/style: 'fancy' is not allowed" in lines[1]
    assert not (tmp_path / "spec" / "adr_0042.catalog.yaml").exists()


def test_update_reads_scalars_as_the_reader_does() -> None:
    text = "a: yes  # kept\nb: 'No'\nc: 010\nd: [n, Off, '1:30', 1:30]\n"
    merged = dump_yaml(load_round_trip(text, "x.yaml"))
    assert merged.startswith("a: true # kept\nb: 'No'\n")
    assert load_yaml(merged, "x").data == load_yaml(text, "x").data


# Plain-scalar look-alikes: YAML 1.1 booleans, nulls, numbers, dates, merge/value keys.
AMBIGUOUS = [
    *(w for word in ("yes", "no", "on", "off", "true", "false", "y", "n")
      for w in (word, word.upper(), word.title())),
    "~", "null", "Null", "NULL", "", " ", "1", "-1", "+1", "1.0", "0x1F", "0o17",
    "0b101", "1e3", "1.5e-3", "1_000", "010", ".5", "5.", ".inf", "-.Inf", ".NaN",
    "2026-01-01", "2026-1-1", "2001-12-14t21:59:43.10-05:00", "1:30", "190:20:30.15",
    "<<", "=", "- x", "? x", "a: b", "#x", "x #y", "&a", "*a", "!x", "%x", "@x", "`x",
    "'x'", '"x"', "{x}", "[x]", "x\ny", "x\n", "\tx", "x ", "é", "\u2028", "\x85",
    "\ufeff",
]  # fmt: skip
strings = st.one_of(st.sampled_from(AMBIGUOUS), st.text(max_size=12))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(strings, strings), max_size=6))
def test_writer_output_reads_back_as_the_same_strings(pairs: list[Any]) -> None:
    data = {
        "values": {f"k{i}": value for i, (_, value) in enumerate(pairs)},
        "keys": {key: "v" for key, _ in pairs},
        "items": [value for _, value in pairs],
        "rows": [[key, value] for key, value in pairs],
    }
    loaded = load_yaml(dump_yaml(data), "x.yaml").data
    assert loaded == data
    for section in ("values", "keys"):
        assert all(type(k) is str for k in loaded[section])
    assert all(type(v) is str for v in loaded["values"].values())
    assert all(type(v) is str for v in loaded["items"])
    assert yaml.safe_load(dump_yaml(data)) == data  # any YAML 1.1 reader agrees


def test_deep_nesting_is_a_located_catalog_error(tmp_path: Path) -> None:
    """Deep nesting (fuzz case catalogs#360) recursed past Python's limit: exit 70."""
    assert check(tmp_path, "notes: " + "[" * 500 + "]" * 500 + "\n") == (
        3,
        "error: spec/demo.catalog.yaml:5:107: nested deeper than 100 levels — "
        "flatten the structure: no catalog needs this depth\n",
    )


def test_nesting_through_aliases_counts_where_they_are_used(tmp_path: Path) -> None:
    lines = ["notes:", "  a0: &a0 " + "[" * 10 + "x" + "]" * 10]
    lines += [
        f"  a{n}: &a{n} " + "[" * 10 + f"*a{n - 1}" + "]" * 10 for n in range(1, 12)
    ]
    code, err = check(tmp_path, "\n".join(lines) + "\n")
    assert code == 3
    assert err.endswith(
        ": nested deeper than 100 levels — flatten the structure: no catalog needs "
        "this depth\n"
    )


@pytest.mark.parametrize(
    "data, plain",
    [
        ({"a": [1, "x", True, None]}, True),
        ({"a": 1.5}, False),  # a float: the text is parsed
        ({1: "a"}, False),  # a key that is not text
        ({"a": (1, 2)}, False),  # a tuple is not what the loader returns
        ({"a": 10**98}, True),
        ({"a": 10**100}, False),  # past INTEGER_DIGITS_LIMIT
    ],
)
def test_plain_data_is_what_the_loader_returns(data: Any, plain: bool) -> None:
    from catgen_taxonomy.yamlload import plain_data

    assert plain_data(data) is plain
    if plain:
        assert load_yaml(dump_yaml(data), "x").data == data


def test_plain_data_refuses_nesting_past_the_limit() -> None:
    from catgen_taxonomy.yamlload import NESTING_LIMIT, plain_data

    deep: Any = "leaf"
    for _ in range(NESTING_LIMIT):
        deep = [deep]
    assert not plain_data(deep)
    with pytest.raises(CatalogError):
        load_yaml(dump_yaml(deep), "x")

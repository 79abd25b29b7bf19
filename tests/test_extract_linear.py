"""`catgen extract` is linear in the number of tables (issue 14: 16k tables took 49 s).

Two steps were quadratic: naming a table rebuilt the set of every earlier id (and probed
`-2`, `-3`, ... from the start), and recording table row orders scanned every code once
per table. Each test drives one of them at a size where the old code ran for minutes and
the new one takes milliseconds, so the budget is far from both."""

from __future__ import annotations

import time

from catgen_taxonomy.extract import extract_document
from catgen_taxonomy.extract.core import new_state
from catgen_taxonomy.extract.finish import _record_table_orders

TABLES = 20_000
BUDGET_SECONDS = 3.0  # the old code: about 200 million probes, minutes


def test_naming_many_tables_under_one_heading_is_linear() -> None:
    tables = new_state("", "x.md").tables
    start = time.perf_counter()
    ids = []
    for _ in range(TABLES):
        tid = tables.unique_id("table")
        tables.tables.append({"id": tid, "rows": "data"})
        ids.append(tid)
    elapsed = time.perf_counter() - start
    assert ids[:3] == ["table", "table-2", "table-3"]
    assert ids[-1] == f"table-{TABLES}"
    assert len(set(ids)) == TABLES
    assert elapsed < BUDGET_SECONDS, elapsed


def test_a_taken_suffix_is_skipped_like_before() -> None:
    tables = new_state("", "x.md").tables
    got = [tables.unique_id(t) for t in ("a", "a-2", "a", "a", "a-3", "b", "a")]
    assert got == ["a", "a-2", "a-3", "a-4", "a-3-2", "b", "a-5"]


def test_recording_row_orders_of_many_tables_is_linear() -> None:
    st = new_state("", "x.md")
    for i in range(TABLES):
        tid = f"t{i}"
        st.tables.tables.append({"id": tid, "rows": "codes"})
        # the second table of each pair lists its rows in reverse catalog order
        order = [f"c{i}_a", f"c{i}_b"] if i % 2 else [f"c{i}_b", f"c{i}_a"]
        st.tables.table_rows[tid] = ("s", order)
        for code in (f"c{i}_a", f"c{i}_b"):
            st.codes.codes.append({"code": code, "scope": "s", "source": tid})
    start = time.perf_counter()
    _record_table_orders(st)
    elapsed = time.perf_counter() - start
    assert "codes" not in st.tables.tables[1]
    assert st.tables.tables[0]["codes"] == ["c0_b", "c0_a"]
    assert sum("codes" in t for t in st.tables.tables) == TABLES // 2
    assert elapsed < BUDGET_SECONDS, elapsed


def test_many_tables_without_headings_get_distinct_ids() -> None:
    text = "# T\n\n" + "".join(
        f"| Code | Meaning |\n| --- | --- |\n| `c{i}` | m |\n\n" for i in range(50)
    )
    ex = extract_document(text, source_name="t.md")
    ids = [t["id"] for t in ex.catalog["tables"]]
    assert ids == ["t"] + [f"t-{n}" for n in range(2, 51)]
    assert not ex.errors

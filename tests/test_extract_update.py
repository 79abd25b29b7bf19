"""`catgen extract --update` merges: hand edits survive, document changes land, each reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from catgen_taxonomy.catalog_merge import merge_catalog
from catgen_taxonomy.yamlload import dump_yaml, load_round_trip, load_yaml

from .helpers import make_files, run_cli

JOBS_ADR = """\
# JOB-0007: Job queue failure reasons

## Severity

- **FATAL:** the job is dead-lettered.
- **NON-FATAL:** the job is retried later.

## Reason codes

### Dispatch stage (`dispatch`)

Default `fail_mode`: `fail_closed`

| Reason code       | Severity  | Description                          |
| ----------------- | --------- | ------------------------------------ |
| `queue_missing`   | FATAL     | The target queue does not exist.     |
| `payload_too_big` | FATAL     | Payload exceeds the broker limit.    |
| `broker_busy`     | NON-FATAL | Broker asked the client to back off. |

### Worker stage (`worker`)

Default `fail_mode`: `warn_and_skip`

| Reason code | Severity | Description |
|---|---|---|
| `worker_timeout` | NON-FATAL | Worker did not finish in time. |
| `handler_crashed` | FATAL | Handler raised an unhandled error. |
"""
CATALOG = "spec/job_0007.catalog.yaml"
DOCUMENT = "spec/docs/jobs.md"
UP_TO_DATE = f"catgen extract: {CATALOG} already up to date\n"

# Hand edits to the extracted catalog: (before, after), each applied once.
HAND_EDITS = [
    ("version: 0.1.0\n", "version: 1.3.0\n"),
    (  # a description the document never had
        "    title: Worker stage\n",
        "    title: Worker stage\n    description: Runs the job handlers.\n",
    ),
    ("    description: Severity.\n", "    description: How bad a failure is.\n"),
    (  # a table drawn aligned, though the document draws it compact
        "  - id: worker\n    style: compact\n    separator_widths:\n      - 3\n"
        "      - 3\n      - 3\n",
        "  - id: worker\n    style: aligned\n",
    ),
    (  # a comment on the entry below it, and a hand-added key
        "  - code: payload_too_big\n",
        "  # dead-lettered after three tries; see the runbook\n"
        "  - code: payload_too_big\n",
    ),
    (  # hand quoting and a hand-made key order
        "  - code: worker_timeout\n    scope: worker\n    severity: NON-FATAL\n"
        "    description: Worker did not finish in time.\n",
        "  - code: worker_timeout\n    scope: worker\n"
        '    description: "Worker did not finish in time."\n    severity: NON-FATAL\n',
    ),
    (  # an attribute added by hand, with a value on one code
        "scopes:\n",
        "  - name: retryable\n    type: boolean\n    description: Retry may help.\n"
        "scopes:\n",
    ),
    (
        "    description: Broker asked the client to back off.\n",
        "    description: Broker asked the client to back off.\n    retryable: true\n",
    ),
    (  # a code the document never had: no `source`
        "tables:\n",
        "  - code: handler_oom  # added by hand\n    scope: worker\n    severity: FATAL\n"
        "    description: Handler ran out of memory.\ntables:\n",
    ),
]
# Document edits: a code added after the first row, a description changed.
DOCUMENT_EDITS = [
    (
        "| `queue_missing`   | FATAL     | The target queue does not exist.     |\n",
        "| `queue_missing`   | FATAL     | The target queue does not exist.     |\n"
        "| `queue_paused`    | NON-FATAL | The target queue is paused.          |\n",
    ),
    ("Worker did not finish in time.", "Worker exceeded its time budget."),
]
NEW_ENTRY = (
    "  - code: queue_paused\n    scope: dispatch\n    severity: NON-FATAL\n"
    "    description: The target queue is paused.\n    source: dispatch\n"
)
EXPECTED_CHANGES = (
    "  codes[scope=dispatch, code=queue_paused]: added\n"
    "  codes[scope=worker, code=worker_timeout].description: "
    "'Worker did not finish in time.' -> 'Worker exceeded its time budget.'\n"
)


def replace_once(text: str, edits: list[tuple[str, str]]) -> str:
    for before, after in edits:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    return text


def edit(path: Path, edits: list[tuple[str, str]]) -> None:
    path.write_text(replace_once(path.read_text(encoding="utf-8"), edits), "utf-8")


def extract(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("extract", "--root", str(root), str(root / DOCUMENT), *args)
    return result.exit_code, result.stdout, result.stderr


def update(root: Path) -> tuple[int, str, str]:
    return extract(root, "--update", str(root / CATALOG))


@pytest.fixture
def adopted(tmp_path: Path) -> Path:
    """Adopt JOBS_ADR (extract --mark, generate), then edit its catalog by hand."""
    make_files(tmp_path, {DOCUMENT: JOBS_ADR})
    assert extract(tmp_path, "--mark") == (
        0,
        f"wrote {CATALOG}\nwrote {DOCUMENT}\n",
        "",
    )
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    edit(tmp_path / CATALOG, HAND_EDITS)
    return tmp_path


def test_update_keeps_hand_edits_and_applies_document_changes(adopted: Path) -> None:
    catalog = adopted / CATALOG
    hand_edited = catalog.read_text(encoding="utf-8")
    edit(adopted / DOCUMENT, DOCUMENT_EDITS)
    assert update(adopted) == (0, EXPECTED_CHANGES + f"wrote {CATALOG}\n", "")
    # Byte compare: the hand-edited catalog plus exactly the two document changes.
    assert catalog.read_text(encoding="utf-8") == replace_once(
        hand_edited,
        [
            (
                "  # dead-lettered after three tries",
                NEW_ENTRY + "  # dead-lettered after three tries",
            ),
            (
                '"Worker did not finish in time."',
                '"Worker exceeded its time budget."',
            ),
        ],
    )


def test_generate_and_check_pass_after_an_update(adopted: Path) -> None:
    edit(adopted / DOCUMENT, DOCUMENT_EDITS)
    assert update(adopted)[0] == 0
    assert run_cli("generate", "--root", str(adopted)).exit_code == 0
    check = run_cli("check", "--root", str(adopted))
    assert (check.exit_code, check.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )
    document = (adopted / DOCUMENT).read_text(encoding="utf-8")
    assert (  # the new row, in the table's own style, after the row it follows
        "| `queue_missing`   | FATAL     | The target queue does not exist.     |\n"
        "| `queue_paused`    | NON-FATAL | The target queue is paused.          |\n"
    ) in document
    assert (  # the hand-set style: the worker table is now drawn aligned
        "| `worker_timeout`  | NON-FATAL | Worker exceeded its time budget.   |\n"
    ) in document


def test_a_second_update_changes_nothing(adopted: Path) -> None:
    edit(adopted / DOCUMENT, DOCUMENT_EDITS)
    assert update(adopted)[0] == 0
    merged = (adopted / CATALOG).read_bytes()
    assert update(adopted) == (0, UP_TO_DATE, "")
    assert (adopted / CATALOG).read_bytes() == merged


def test_an_update_without_document_changes_writes_nothing(adopted: Path) -> None:
    hand_edited = (adopted / CATALOG).read_bytes()
    assert update(adopted) == (0, UP_TO_DATE, "")
    assert (adopted / CATALOG).read_bytes() == hand_edited


def test_the_version_is_never_lowered_and_rises_with_the_document(
    adopted: Path,
) -> None:
    catalog = adopted / CATALOG
    edit(adopted / DOCUMENT, DOCUMENT_EDITS)  # extract states 0.1.0, the catalog 1.3.0
    assert update(adopted)[0] == 0
    text = catalog.read_text(encoding="utf-8")
    assert "\nversion: 1.3.0\n" in text
    stated = load_yaml(text, CATALOG).data
    merged = load_round_trip(text, CATALOG)
    for version in ("1.2.9", "0.1.0", "1.3.0", "draft"):
        assert merge_catalog(merged, {**stated, "version": version}).changes == []
    log = merge_catalog(merged, {**stated, "version": "1.10.0"})
    assert log.changes == ["version: '1.3.0' -> '1.10.0'"]
    assert dump_yaml(merged) == text.replace("version: 1.3.0", "version: 1.10.0")


def test_a_code_removed_from_the_document_is_removed_and_reported(
    adopted: Path,
) -> None:
    catalog = adopted / CATALOG
    hand_edited = catalog.read_text(encoding="utf-8")
    edit(
        adopted / DOCUMENT,
        [("| `handler_crashed` | FATAL | Handler raised an unhandled error. |\n", "")],
    )
    assert update(adopted) == (
        0,
        "  codes[scope=worker, code=handler_crashed]: removed (the document no "
        f"longer lists it)\nwrote {CATALOG}\n",
        "",
    )
    # The hand-added code (no `source`) stays, with its comment.
    assert catalog.read_text(encoding="utf-8") == replace_once(
        hand_edited,
        [
            (
                "  - code: handler_crashed\n    scope: worker\n    severity: FATAL\n"
                "    description: Handler raised an unhandled error.\n"
                "    source: worker\n",
                "",
            )
        ],
    )
    assert run_cli("generate", "--root", str(adopted)).exit_code == 0
    assert run_cli("check", "--root", str(adopted)).exit_code == 0


def test_comments_stay_above_the_entry_they_precede_and_are_never_dropped() -> None:
    text = (
        "codes:\n"
        "  - code: a\n    source: t  # about a\n"
        "  # about b\n  - code: b\n    source: t\n"
        "  # about c\n  - code: c\n    source: t\n"
    )
    catalog = load_round_trip(text, "x.yaml")
    log = merge_catalog(
        catalog, {"codes": [{"code": c, "source": "t"} for c in ("a", "n", "c")]}
    )
    assert log.changes == [
        "codes[scope=None, code=n]: added",
        "codes[scope=None, code=b]: removed (the document no longer lists it)",
    ]
    assert dump_yaml(catalog) == (
        "codes:\n"
        "  - code: a\n    source: t  # about a\n"
        "  - code: n\n    source: t\n"
        "  # about b\n  # about c\n  - code: c\n    source: t\n"
    )


def test_entries_follow_the_document_order() -> None:
    catalog = load_round_trip(
        "tables:\n  - id: t\n    columns:\n      - {header: A, field: a}\n"
        "      - {header: B, field: b}\n",
        "x.yaml",
    )
    new = {
        "id": "t",
        "columns": [{"header": "B", "field": "b"}, {"header": "A", "field": "a"}],
    }
    log = merge_catalog(catalog, {"tables": [new]})
    assert log.changes == ["tables[id=t].columns: reordered as in the document"]
    assert [c["field"] for c in catalog["tables"][0]["columns"]] == ["b", "a"]


def test_a_vanished_entry_the_document_stated_is_kept_with_a_warning(
    adopted: Path,
) -> None:
    edit(
        adopted / CATALOG,
        [
            (
                "codes:\n",
                "overrides:\n  - id: keep-me\n    scope: worker\n    codes: [handler_oom]\n"
                "    when: {all: [{key: worker.lenient, equals: true}]}\n"
                "    set: {severity: NON-FATAL}\n    text: Lenient workers skip.\n"
                "codes:\n",
            )
        ],
    )
    code, stdout, stderr = update(adopted)
    assert (code, stdout) == (0, UP_TO_DATE)
    lines = (adopted / CATALOG).read_text(encoding="utf-8").splitlines()
    line = lines.index("  - id: keep-me") + 1
    assert stderr == (
        f"{CATALOG}:{line}:5: warning: overrides[id=keep-me] is no longer in the "
        "document; kept — delete it if the document dropped it on purpose\n"
    )


def test_rows_reordered_in_the_document_reorder_the_codes(adopted: Path) -> None:
    rows = [
        "| `worker_timeout` | NON-FATAL | Worker did not finish in time. |\n",
        "| `handler_crashed` | FATAL | Handler raised an unhandled error. |\n",
    ]
    edit(adopted / DOCUMENT, [("".join(rows), "".join(reversed(rows)))])
    assert update(adopted) == (
        0,
        f"  codes: reordered as in the document\nwrote {CATALOG}\n",
        "",
    )
    text = (adopted / CATALOG).read_text(encoding="utf-8")
    assert text.index("code: handler_crashed") < text.index("code: worker_timeout")
    assert text.index("code: worker_timeout") < text.index("code: handler_oom")
    assert run_cli("generate", "--root", str(adopted)).exit_code == 0
    document = (adopted / DOCUMENT).read_text(encoding="utf-8")
    assert document.index("`handler_crashed`") < document.index("`worker_timeout`")
    assert run_cli("check", "--root", str(adopted)).exit_code == 0


def test_a_column_removed_from_the_document_is_removed_and_reported(
    adopted: Path,
) -> None:
    edit(
        adopted / DOCUMENT,
        [
            ("| Reason code | Severity | Description |\n|---|---|---|\n", ""),
            (
                "| `worker_timeout` | NON-FATAL | Worker did not finish in time. |\n"
                "| `handler_crashed` | FATAL | Handler raised an unhandled error. |\n",
                "| Reason code | Description |\n|---|---|\n"
                "| `worker_timeout` | Worker did not finish in time. |\n"
                "| `handler_crashed` | Handler raised an unhandled error. |\n",
            ),
        ],
    )
    code, stdout, _ = update(adopted)
    assert (code, stdout) == (  # worker codes keep the severity they had
        0,
        "  attributes[name=severity].required: True -> False\n"
        "  tables[id=worker].columns[field=severity]: removed (the document no longer "
        f"lists it)\nwrote {CATALOG}\n",
    )
    assert run_cli("generate", "--root", str(adopted)).exit_code == 0
    assert run_cli("check", "--root", str(adopted)).exit_code == 0


def test_update_of_a_missing_catalog_is_a_located_error(tmp_path: Path) -> None:
    make_files(tmp_path, {DOCUMENT: JOBS_ADR})
    result = run_cli(
        "extract",
        "--root",
        str(tmp_path),
        str(tmp_path / DOCUMENT),
        "--update",
        str(tmp_path / "spec" / "nope.catalog.yaml"),
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        5,
        "",
        "error: spec/nope.catalog.yaml: no such catalog — check the --update path\n",
    )
    assert not (tmp_path / "spec" / "nope.catalog.yaml").exists()


def merged_codes(text: str, codes: list[str]) -> tuple[list[str], str]:
    catalog = load_round_trip(text, "x.yaml")
    new = [{"code": code, "source": "t"} for code in codes]
    log = merge_catalog(catalog, {"codes": new})
    return log.changes, dump_yaml(catalog)


def test_comment_lines_above_a_moved_entry_move_with_it() -> None:
    changes, text = merged_codes(
        "codes:\n  - code: a\n    source: t\n  - code: b\n    source: t  # b's own\n"
        "  # about c\n  - code: c\n    source: t\n",
        ["a", "c", "b"],
    )
    assert changes == ["codes: reordered as in the document"]
    assert text == (
        "codes:\n  - code: a\n    source: t\n  # about c\n  - code: c\n    source: t\n"
        "  - code: b\n    source: t  # b's own\n"
    )


def test_comments_after_a_block_list_stay_above_their_entry() -> None:
    changes, text = merged_codes(
        "codes:\n  - code: a\n    source: t\n    tags:\n      - x\n"
        "  # about b\n  - code: b\n    source: t\n",
        ["a", "n", "b"],
    )
    assert changes == ["codes[scope=None, code=n]: added"]
    assert text == (
        "codes:\n  - code: a\n    source: t\n    tags:\n      - x\n"
        "  - code: n\n    source: t\n  # about b\n  - code: b\n    source: t\n"
    )


def test_a_code_moved_to_another_scope_keeps_its_hand_made_keys() -> None:
    catalog = load_round_trip(
        "codes:\n  - code: a\n    scope: s\n    source: t\n    retryable: true\n"
        "  - code: a\n    scope: u\n    source: t\n",
        "x.yaml",
    )
    new = [{"code": "a", "scope": scope, "source": "t"} for scope in ("u", "v")]
    assert merge_catalog(catalog, {"codes": new}).changes == [
        "codes[scope=s, code=a].scope: 's' -> 'v'",
        "codes: reordered as in the document",
    ]
    assert dump_yaml(catalog) == (
        "codes:\n  - code: a\n    scope: u\n    source: t\n"
        "  - code: a\n    scope: v\n    source: t\n    retryable: true\n"
    )

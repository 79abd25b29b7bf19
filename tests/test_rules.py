"""The rule registry: one source for catalog checks, validators and the reference page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catgen_taxonomy import runtime
from catgen_taxonomy.catalog import METASCHEMA_PATH
from catgen_taxonomy.rules import RULE_KINDS
from catgen_taxonomy.validate import import_generated

from .conftest import REPO
from .helpers import DEMO_CATALOG_HEADER, make_files, run_cli


def test_registry_names_the_meta_schema_kinds_and_runtime_functions() -> None:
    schema = json.loads(METASCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$defs"]["rule"]["properties"]["rule"]["enum"] == list(RULE_KINDS)
    for kind in RULE_KINDS.values():
        assert callable(getattr(runtime, kind.function)), kind.name


def _reference_rule_ids(page: str) -> dict[str, list[str]]:
    section = page.split("## Validation rules", 1)[1].split("\n## ", 1)[0]
    ids: dict[str, list[str]] = {}
    for line in section.splitlines()[4:]:
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            kind = cells[0].strip("`")
            ids.setdefault(kind, []).extend(re.findall(r"`([^`]+)`", cells[1]))
    return ids


@pytest.mark.parametrize(
    "catalog_id", ["adr_0005", "fail_closed", "promptos_io", "run_record"]
)
def test_reference_lists_the_rule_ids_validate_reports(catalog_id: str) -> None:
    """Regression: the page listed the kind `code_in_vocabulary`, not `unknown-code`."""
    page = (REPO / "generated" / "docs" / f"{catalog_id}.md").read_text("utf-8")
    # The repository's own tree, whatever `generated` another test imported before.
    validators = import_generated(REPO, catalog_id, "validators")
    expected = {
        kind: [rule for rule in ids if rule != "schema"]
        for kind, ids in validators.RULE_IDS.items()
    }
    assert _reference_rule_ids(page) == expected


def test_reference_names_unknown_code_for_code_in_vocabulary() -> None:
    page = (REPO / "generated" / "docs" / "promptos_io.md").read_text("utf-8")
    assert "| `promptos-submit`  | `unknown-code` | `code_in_vocabulary` |" in page


HEADER = DEMO_CATALOG_HEADER + """\
records:
  - name: Doc
    fields:
      - {name: a, type: integer}
      - {name: b, type: integer}
artifacts:
  - kind: doc
    schema: Doc
    rules:
"""


def _check(root: Path, rule: str) -> tuple[int, str]:
    make_files(root, {"spec/demo.catalog.yaml": HEADER + rule})
    result = run_cli("check", "--root", str(root))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        (
            "      - {rule: compare, id: x, left: /a, op: le, message: m}\n",
            "15:9: rule 'compare' needs parameter 'right' — add `right:`",
        ),
        (
            "      - {rule: compare, left: /a, op: le, right: /b, message: m}\n",
            "15:9: rule 'compare' needs an `id` — add `id:`",
        ),
        (
            "      - {rule: compare, id: x, left: /a, op: le, right: /b}\n",
            "15:9: rule 'compare' needs a `message` — add `message:`",
        ),
        (
            "      - {rule: compare, id: x, left: /a, op: le, right: /b, message: m,"
            " then: {path: /a}}\n",
            "unknown parameter 'then' for rule 'compare'",
        ),
        (
            "      - {rule: ordered, list: /a, key: /b}\n",
            "15:9: rule 'ordered' needs an `id` — add `id:`",
        ),
        (
            "      - {rule: registered_keys, id: x, object: /a, registry: nope}\n",
            "unknown registry 'nope' — declare it under `registries`",
        ),
        (
            "      - {rule: stage_outcomes, list: /a}\n",
            "rule 'stage_outcomes' needs a `status_model` and `scopes`",
        ),
    ],
)
def test_rule_errors_are_located(tmp_path: Path, rule: str, error: str) -> None:
    code, err = _check(tmp_path, rule)
    assert code == 3, err
    assert error in err


def test_compare_operator_outside_the_list_is_a_catalog_error(tmp_path: Path) -> None:
    code, err = _check(
        tmp_path,
        "      - {rule: compare, id: x, left: /a, op: '<', right: /b, message: m}\n",
    )
    assert code == 3
    assert err == (
        "error: spec/demo.catalog.yaml:15:42: /artifacts/0/rules/0/op: '<' is not "
        "allowed — use one of: 'eq', 'ne', 'lt', 'le', 'gt', 'ge'\n"
    )

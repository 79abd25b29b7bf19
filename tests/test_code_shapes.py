"""Codes of every shape end to end: HTTP statuses (integers) and SQLSTATE codes
(alphanumeric strings), explicit and derived enum member names.

Two non-seed fixture projects (tests/fixtures/code_shapes/) are generated into a temp
dir; the generated package is imported in a fresh interpreter and type-checked with
mypy --strict. The HTTP project's outputs are golden files (tests/golden/http; rewrite
them with CATGEN_UPDATE_GOLDEN=1 after a deliberate change).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catgen_taxonomy.code_shapes import derived_member, member_findings, name_problem

from .conftest import REPO
from .helpers import make_files, output_tree, run_cli

FIXTURES = REPO / "tests" / "fixtures" / "code_shapes"
GOLDEN = REPO / "tests" / "golden" / "http"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixture catalogs in one project, generated."""
    root = tmp_path_factory.mktemp("shapes")
    for name in ("http", "sqlstate"):
        shutil.copytree(FIXTURES / name / "spec", root / "spec", dirs_exist_ok=True)
    result = run_cli("generate", "--root", str(root))
    assert result.exit_code == 0, result.output + result.stderr
    return root


@pytest.fixture(scope="module")
def http_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("http")
    shutil.copytree(FIXTURES / "http" / "spec", root / "spec")
    result = run_cli("generate", "--root", str(root))
    assert result.exit_code == 0, result.output + result.stderr
    if os.environ.get("CATGEN_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relpath, data in output_tree(root).items():
            (GOLDEN / relpath).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relpath).write_bytes(data)
    return root


def test_http_outputs_match_the_golden_files(http_project: Path) -> None:
    observed, expected = output_tree(http_project), output_tree(GOLDEN)
    assert sorted(observed) == sorted(expected)
    for relpath in expected:
        assert observed[relpath].decode() == expected[relpath].decode(), relpath


def test_documents_are_unchanged_and_check_is_clean(project: Path) -> None:
    for name, doc in (
        ("http", "billing-api-errors.md"),
        ("sqlstate", "ledger-sqlstate.md"),
    ):
        original = (FIXTURES / name / "spec" / "docs" / doc).read_text("utf-8")
        assert (project / "spec" / "docs" / doc).read_text("utf-8") == original
    result = run_cli("check", "--root", str(project))
    assert result.exit_code == 0, result.output + result.stderr


PROBE = """
import json, enum
from generated.billing_http import enums as he, registry as hr, models as hm
from generated.ledger_sqlstate import enums as se, registry as sr
R, S = he.ReasonCode, se.ReasonCode
out = {
    "http_base": [issubclass(R, enum.IntEnum), issubclass(R, enum.StrEnum)],
    "http_members": {m.name: m.value for m in R},
    "http_codes": sorted(hr.CODES),
    "http_lookup": [hr.lookup(404).retryable, hr.lookup(404).code, hr.lookup(418)],
    "http_attributes": {str(k): v for k, v in hr.CODE_ATTRIBUTES.items()},
    "model_ok": hm.ErrorBody.model_validate({"status": 404, "message": "x"}).status.name,
    "sql_base": [issubclass(S, enum.StrEnum)],
    "sql_members": {m.name: m.value for m in S},
    "sql_codes": sorted(sr.CODES),
}
print(json.dumps(out))
"""


def _probe(project: Path, code: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_generated_package_has_typed_codes_and_member_names(project: Path) -> None:
    out = _probe(project, PROBE)
    assert out["http_base"] == [True, False]
    assert out["http_members"] == {
        "BAD_REQUEST": 400,
        "NOT_FOUND": 404,
        "CONFLICT": 409,
        "CODE_429": 429,
        "UNAVAILABLE": 503,
    }
    assert out["http_codes"] == [400, 404, 409, 429, 503]
    assert out["http_lookup"] == [False, 404, None]
    assert out["http_attributes"]["409"] == {"retryable": True}
    assert out["model_ok"] == "NOT_FOUND"
    assert out["sql_base"] == [True]
    assert out["sql_members"] == {
        "unique_violation": "23505",
        "foreign_key_violation": "23503",
        "serialization_failure": "40001",
        "deadlock_detected": "40P01",
        "CODE_08P01": "08P01",
        "HV000": "HV000",
    }
    assert out["sql_codes"] == ["08P01", "23503", "23505", "40001", "40P01", "HV000"]


def test_pydantic_model_takes_the_integer_codes_only(project: Path) -> None:
    code = (
        "import json, pydantic\n"
        "from generated.billing_http.models import ErrorBody\n"
        "out = []\n"
        "for status in (404, 418, '404', True):\n"
        "    try:\n"
        "        ErrorBody.model_validate_json(json.dumps("
        "{'status': status, 'message': 'm'}))\n"
        "        out.append('ok')\n"
        "    except pydantic.ValidationError:\n"
        "        out.append('error')\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["ok", "error", "error", "error"]


def test_schemas_hold_codes_of_their_json_type(project: Path) -> None:
    http = json.loads(
        (project / "generated/billing_http/schemas/error_body.schema.json").read_text()
    )
    assert http["properties"]["status"]["type"] == "integer"
    assert http["properties"]["status"]["enum"] == [400, 404, 409, 429, 503]
    sql = json.loads(
        (
            project / "generated/ledger_sqlstate/schemas/ledger_error.schema.json"
        ).read_text()
    )
    assert sql["properties"]["sqlstate"] == {
        "type": "string",
        "enum": ["23505", "23503", "40001", "40P01", "08P01", "HV000"],
    }


def test_reference_page_shows_member_names(project: Path) -> None:
    page = (project / "generated/docs/billing_http.md").read_text()
    assert "| `429` | `CODE_429`    | True      |" in page
    assert "| Code  | Enum member   | retryable | Description" in page


@pytest.mark.parametrize(
    ("kind", "document", "expected"),
    [
        ("error", {"status": 404, "message": "m"}, 0),
        ("error", {"status": 418, "message": "m"}, 6),
        ("error", {"status": "404", "message": "m"}, 6),
        ("ledger-error", {"sqlstate": "40P01"}, 0),
        ("ledger-error", {"sqlstate": "40p01"}, 6),
    ],
)
def test_validators_check_codes_of_every_shape(
    project: Path, kind: str, document: dict[str, object], expected: int
) -> None:
    path = project / f"{kind}.json"
    path.write_text(json.dumps(document))
    result = run_cli("validate", "--root", str(project), kind, str(path))
    assert result.exit_code == expected, result.output


def test_boolean_is_no_integer_code(project: Path) -> None:
    path = project / "bool.json"
    path.write_text('{"status": true, "message": "m"}')
    result = run_cli("validate", "--root", str(project), "error", str(path))
    assert result.exit_code == 6
    assert "[unknown-code] True is not in the vocabulary" in result.output


def test_generated_code_is_mypy_strict_and_ruff_clean(project: Path) -> None:
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "generated"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout
    ruff = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--config",
            str(REPO / "pyproject.toml"),  # the project's own, stricter rule set
            "generated",
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", "generated"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert black.returncode == 0, black.stderr


# --- member names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "member"),
    [
        ("404", "CODE_404"),
        ("23505", "CODE_23505"),
        ("40P01", "CODE_40P01"),
        ("40p01", "CODE_40P01"),
        ("HV000", "HV000"),
        ("disk_full", "DISK_FULL"),
        ("auth.401", "AUTH_401"),
        ("E-1001", "E_1001"),
        ("BucketNotFound", "BUCKET_NOT_FOUND"),
        ("HTTPError", "HTTP_ERROR"),
        ("eTag", "E_TAG"),
    ],
)
def test_derived_member_names(code: str, member: str) -> None:
    assert derived_member(code) == member


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("NOT_FOUND", None),
        ("unique_violation", None),
        ("class", "name 'class' is a Python keyword"),
        ("match", None),  # a soft keyword is a valid attribute name
        ("name", "name 'name' would shadow the enum attribute 'name'"),
        ("mro", "name 'mro' would shadow the enum attribute 'mro'"),
        ("value", "name 'value' would shadow the enum attribute 'value'"),
        ("upper", "name 'upper' would shadow the enum attribute 'upper'"),
        ("_hidden", "name '_hidden' is not a Python identifier starting with a letter"),
        (
            "Not Found",
            "name 'Not Found' is not a Python identifier starting with a letter",
        ),
    ],
)
def test_explicit_name_rules(name: str, problem: str | None) -> None:
    assert name_problem(name) == problem


def test_one_entry_may_name_a_code_for_all_its_entries() -> None:
    entries = [{"code": "404"}, {"code": "404", "name": "NOT_FOUND"}, {"code": "410"}]
    assert member_findings(enumerate(entries)) == []


# --- located catalog errors -----------------------------------------------------------

HEADER = """\
catgen: 1
id: demo
title: Demo
version: 1.0.0
"""


def _catalog_error(root: Path, body: str) -> tuple[int, str]:
    make_files(root, {"spec/demo.catalog.yaml": HEADER + body})
    result = run_cli("check", "--root", str(root))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "code_style: integer\ncodes:\n  - code: '404'\n",
            "spec/demo.catalog.yaml:7:5: code '404' is not a non-negative integer "
            "(code_style integer) — write it unquoted, as a whole number such as 404",
        ),
        (
            "code_style: integer\ncodes:\n  - code: -1\n",
            "spec/demo.catalog.yaml:7:5: code -1 is not a non-negative integer",
        ),
        (
            "code_style: alphanumeric\ncodes:\n  - code: 23505\n",
            "spec/demo.catalog.yaml:7:5: code 23505 is a YAML int, not a string "
            "(code_style alphanumeric) — quote it as the document writes it ('23505'), "
            "or use code_style integer",
        ),
        (
            "code_style: alphanumeric\ncodes:\n  - code: 40P01\n  - code: 40p01\n",
            "spec/demo.catalog.yaml:8:5: codes '40P01' and '40p01' both get the enum "
            "member name 'CODE_40P01' — give one of them an explicit `name:`",
        ),
        (
            "code_style: integer\ncodes:\n  - code: 404\n    name: CODE_429\n"
            "  - code: 429\n",
            "spec/demo.catalog.yaml:9:5: codes '404' and '429' both get the enum "
            "member name 'CODE_429'",
        ),
        (
            "code_style: integer\ncodes:\n  - code: 404\n    name: class\n",
            "spec/demo.catalog.yaml:8:5: name 'class' is a Python keyword",
        ),
        (
            "code_style: integer\nscopes:\n  - {id: a, kind: stage}\n  - {id: b, kind: "
            "stage}\ncodes:\n  - {code: 404, scope: a, name: NOT_FOUND}\n"
            "  - {code: 404, scope: b, name: MISSING}\n",
            "spec/demo.catalog.yaml:11:27: code '404' is named 'MISSING' here and "
            "'NOT_FOUND' by an earlier entry",
        ),
        (
            "code_style: integer\ncodes:\n  - code: 404\nrecords:\n  - name: Body\n"
            "    fields:\n      - {name: status, type: string, enum: ReasonCode}\n",
            "spec/demo.catalog.yaml:11:24: a field of type string cannot hold the "
            "integer values of enum ReasonCode — write `type: integer`",
        ),
        (
            "code_style: lower_snake_case\ncodes:\n  - code: disk_full\n    name: 7up\n",
            "spec/demo.catalog.yaml:8:5: name '7up' is not a Python identifier",
        ),
    ],
)
def test_code_shape_errors_are_located(tmp_path: Path, body: str, message: str) -> None:
    code, err = _catalog_error(tmp_path, body)
    assert code == 3, err
    assert f"error: {message}" in err


def test_integer_codes_cannot_serve_a_status_model(tmp_path: Path) -> None:
    body = (
        "code_style: integer\n"
        "enums:\n  - {name: S, values: [{value: failed}, {value: success}]}\n"
        "  - {name: F, values: [{value: fail_closed}]}\n"
        "status_model:\n"
        "  enums: {stage_status: S, fail_mode: F, run_status: S, severity: F}\n"
        "  severity_fail_mode: {fail_closed: fail_closed}\n"
        "  run_status_rules: [{status: failed, any: {status: failed}}]\n"
        "  exit_codes: {success: 0, failed: 20}\n"
    )
    code, err = _catalog_error(tmp_path, body)
    assert code == 3
    assert (
        "spec/demo.catalog.yaml:5:1: code_style integer cannot serve a status_model"
        in err
    )


def test_integer_references_name_integer_codes(tmp_path: Path) -> None:
    body = (
        "code_style: integer\n"
        "codes:\n  - {code: 404, source: t}\n  - {code: 410, source: t}\n"
        "tables:\n  - id: t\n    style: compact\n    rows: codes\n    codes: [410, 404]\n"
        "    columns: [{header: Status, field: code}, {header: Name, field: name}]\n"
        "lint:\n  accepted: [{rule: attribute-missing, code: 404, reason: none}]\n"
    )
    make_files(tmp_path, {"spec/demo.catalog.yaml": HEADER + body})
    from catgen_taxonomy.catalog import load_catalog

    model = load_catalog(tmp_path / "spec/demo.catalog.yaml", tmp_path).model
    assert model.tables[0].codes == ("410", "404")
    assert model.lint.accepted[0].code == "404"
    members = [v.member for v in model.enums_by_name["ReasonCode"].values]
    assert members == ["CODE_404", "CODE_410"]
    bad = body.replace("codes: [410, 404]", "codes: ['410', 404]")
    code, err = _catalog_error(tmp_path, bad)
    assert code == 3
    assert "table names unknown code '410'" in err


def test_an_attribute_may_name_integer_codes(tmp_path: Path) -> None:
    """An attribute whose enum is the integer ReasonCode takes integers (`404`)."""
    body = (
        "code_style: integer\n"
        "attributes:\n  - {name: instead, enum: ReasonCode}\n"
        "codes:\n  - {code: 404}\n  - {code: 410, instead: 404}\n"
    )
    make_files(tmp_path, {"spec/demo.catalog.yaml": HEADER + body})
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    registry = (tmp_path / "generated" / "demo" / "registry.py").read_text()
    assert "        instead=ReasonCode.CODE_404,\n" in registry
    code, err = _catalog_error(tmp_path, body.replace("instead: 404", "instead: 405"))
    assert code == 3
    assert "instead 405 is not a value of enum ReasonCode" in err

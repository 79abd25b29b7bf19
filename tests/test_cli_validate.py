"""`catgen validate`: exit codes, human and JSON output, and bad input files."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import REPO
from .helpers import run_cli

FIXTURES = REPO / "tests" / "fixtures" / "artifacts"


def validate(*args: str) -> tuple[int, str, str]:
    result = run_cli("validate", "--root", str(REPO), *args)
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_every_kind() -> None:
    code, out, _ = validate("--list")
    assert code == 0
    assert "health\truns/<run_id>/logs/health.json\n" in out
    assert "manifest\truns/<run_id>/manifest.json\n" in out


def test_valid_file_exits_zero_and_reports_the_derived_status() -> None:
    path = FIXTURES / "health" / "pass" / "partial-with-substages.json"
    code, out, _ = validate("health", str(path))
    assert (code, out) == (0, f"{path}: valid (run status partial, exit code 10)\n")


def test_json_format_includes_run_status_and_exit_code() -> None:
    path = FIXTURES / "health" / "pass" / "fail-closed-blocks-downstream.json"
    code, out, _ = validate("--format", "json", "health", str(path))
    assert code == 0
    assert json.loads(out) == [
        {
            "file": str(path),
            "kind": "health",
            "valid": True,
            "violations": [],
            "run_status": "failed",
            "exit_code": 20,
        }
    ]


def test_invalid_file_exits_six_with_rule_pointer_and_message() -> None:
    path = FIXTURES / "health" / "fail" / "stage-order.json"
    code, out, _ = validate("health", str(path))
    assert code == 6
    assert out == (
        f"{path}: /stages/1/stage: [stage-order] 'lab_provider' is out of canonical "
        "order (after 'runner')\n"
        f"{path}: 1 violation(s)\n"
    )


def test_bad_inputs_get_messages_not_tracebacks(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"stages": [\n')
    missing = tmp_path / "missing.json"
    code, out, _ = validate("health", str(broken), str(missing), str(tmp_path))
    assert code == 5
    assert out == (
        f"error: {broken}:2:1: malformed JSON: Expecting value — fix the JSON syntax "
        "at this position\n"
        f"error: {missing}: no such file — check the path\n"
        f"error: {tmp_path}: is a directory, not a file — pass a JSON file\n"
    )


def test_unknown_kind() -> None:
    code, _, err = validate("nonsense", "x.json")
    assert code == 5
    assert err.startswith(
        "error: nonsense: unknown artifact kind 'nonsense' — use one of: "
    )


def test_missing_arguments_is_a_usage_error() -> None:
    code, _, err = validate("health")
    assert code == 2
    assert "give a KIND and at least one FILE, or --list" in err


def test_version_names_the_yaml_parser() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("catgen 0.1.0 (YAML parser: ")
    assert "libyaml (C)" in result.stdout  # PyYAML wheels ship libyaml

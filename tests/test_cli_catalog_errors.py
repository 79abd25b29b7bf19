"""Bad catalogs get located, actionable errors and exit code 3, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import DEMO_CATALOG_HEADER, make_files, run_cli

HEADER = DEMO_CATALOG_HEADER


def check(root: Path, body: str, command: str = "check") -> tuple[int, str]:
    make_files(root, {"spec/demo.catalog.yaml": HEADER + body})
    result = run_cli(command, "--root", str(root))
    return result.exit_code, result.stderr


def test_unknown_key(tmp_path: Path) -> None:
    code, err = check(tmp_path, "colour: blue\n")
    assert code == 3
    assert err.startswith(
        "error: spec/demo.catalog.yaml:6:1: unknown key 'colour' in the top level — "
        "remove it or use one of: aliases, approvals,"
    )


def test_unknown_key_in_a_code_entry(tmp_path: Path) -> None:
    code, err = check(tmp_path, "codes:\n  - {code: disk_full, colour: red}\n")
    assert code == 3
    assert err.startswith(
        "error: spec/demo.catalog.yaml:7:23: unknown key 'colour' in a code entry — "
        "declare it under `attributes` or use one of: code, scope, description"
    )


def test_duplicate_code_in_scope(tmp_path: Path) -> None:
    code, err = check(
        tmp_path,
        """\
scopes:
  - {id: build, kind: stage}
codes:
  - {code: disk_full, scope: build}
  - {code: disk_full, scope: build}
""",
    )
    assert code == 3
    assert err == (
        "error: spec/demo.catalog.yaml:10:6: duplicate code 'disk_full' in scope "
        "'build' (first defined on line 9) — remove one of the two entries\n"
    )


def test_same_code_in_two_scopes_is_fine(tmp_path: Path) -> None:
    code, err = check(
        tmp_path,
        """\
scopes:
  - {id: build, kind: stage}
  - {id: test, kind: stage}
codes:
  - {code: disk_full, scope: build}
  - {code: disk_full, scope: test}
""",
        command="generate",
    )
    assert (code, err) == (0, "")


def test_code_breaking_the_naming_convention(tmp_path: Path) -> None:
    code, err = check(tmp_path, "codes:\n  - {code: DiskFull}\n")
    assert code == 3
    assert err == (
        "error: spec/demo.catalog.yaml:7:6: code 'DiskFull' breaks the catalog's naming "
        "convention lower_snake_case — rename it to match ^[a-z][a-z0-9]*(_[a-z0-9]+)*$\n"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "codes:\n  - {code: disk_full}\naliases:\n  - {alias: old_disk, canonical: disk_full}\n",
            "error: spec/demo.catalog.yaml:9:6: alias names unknown code 'old_disk' — "
            "add the code to `codes` or fix the spelling\n",
        ),
        (
            "codes:\n  - {code: a}\nprecedence:\n  - {id: p, order: [a, b]}\n",
            "error: spec/demo.catalog.yaml:9:24: precedence 'p' names unknown code 'b' — "
            "add the code to `codes` or fix the spelling\n",
        ),
        (
            "scopes:\n  - {id: build, kind: stage}\ncodes:\n  - {code: a, scope: build}\n"
            "overrides:\n  - id: o\n    scope: test\n    codes: [a]\n"
            "    when: {key: build.strict, equals: true}\n    set: {fail_mode: fail_closed}\n",
            "error: spec/demo.catalog.yaml:12:5: override 'o' names unknown scope 'test' — "
            "declare the scope under `scopes` or fix the spelling\n"
            "error: spec/demo.catalog.yaml:13:13: override 'o' names code 'a', which is not "
            "in scope 'test' — fix the scope or add the code to that scope\n",
        ),
    ],
    ids=["alias", "precedence", "override"],
)
def test_dangling_reference(tmp_path: Path, body: str, expected: str) -> None:
    code, err = check(tmp_path, body)
    assert (code, err) == (3, expected)


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    code, err = check(
        tmp_path, "colour: blue\ncodes:\n  - {code: BadName}\n  - {code: BadName}\n"
    )
    assert code == 3
    assert len(err.splitlines()) == 4  # unknown key, 2 naming, 1 duplicate


def test_yaml_syntax_error(tmp_path: Path) -> None:
    code, err = check(tmp_path, "codes: [\n")
    assert code == 3
    assert err.startswith("error: spec/demo.catalog.yaml:7:1: YAML syntax error: ")
    assert "Traceback" not in err


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    code, err = check(tmp_path, "title: Again\n")
    assert (code, err) == (
        3,
        "error: spec/demo.catalog.yaml:6:1: duplicate key 'title' — "
        "remove or rename one of the two entries\n",
    )


def test_no_catalogs(tmp_path: Path) -> None:
    result = run_cli("check", "--root", str(tmp_path))
    assert result.exit_code == 3
    assert result.stderr == (
        "error: spec/: no catalogs found — add a spec/<name>.catalog.yaml file\n"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "scopes:\n  - {id: build, kind: stage}\n  - {id: build, kind: stage}\n",
            "error: spec/demo.catalog.yaml:8:6: duplicate scope 'build' — "
            "remove or rename one of the two\n",
        ),
        (
            "records:\n  - {name: R, fields: []}\nartifacts:\n"
            "  - {kind: r, schema: R}\n  - {kind: r, schema: R}\n",
            "error: spec/demo.catalog.yaml:10:6: duplicate artifact kind 'r' — rename it\n",
        ),
    ],
    ids=["scope", "artifact"],
)
def test_duplicate_ids_in_a_section(tmp_path: Path, body: str, expected: str) -> None:
    assert check(tmp_path, body) == (3, expected)

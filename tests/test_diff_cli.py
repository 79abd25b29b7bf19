"""`catgen diff` on the command line: formats, exit codes, baseline errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catgen_taxonomy.cli import main
from catgen_taxonomy.errors import ExitCode

from .diff_support import ADR, Repo, make_repo

REMOVED = (
    "  - code: plan_type_reserved\n    scope: runner\n    severity: FATAL\n"
    "    description: Plan type is reserved and not supported in this version.\n"
    "    source: runner-fatal\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return make_repo(tmp_path / "project")


def run(repo_root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", "--root", str(repo_root), *args])
    return result.exit_code, result.output


def test_clean_tree_exits_0(repo: Repo) -> None:
    code, output = run(repo.root, "--against", "HEAD")
    assert code == ExitCode.OK
    assert output.startswith(
        "catgen diff: 0 breaking, 0 additive, 0 cosmetic change(s)"
    )
    assert output.rstrip().endswith("all changes allowed")


def test_removed_code_exits_7_with_located_text(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(repo.root, "--against", "HEAD")
    assert code == ExitCode.POLICY
    lines = output.splitlines()
    # Every line but the summary starts with file:line:col: (problem matchers).
    assert lines[0] == f"spec/{ADR}:7:1: note: catalog adr_0005 version 0.1.0 -> 0.1.0"
    assert lines[1].startswith(
        f"spec/{ADR}:232:1: breaking CODE_REMOVED: code `plan_type_reserved` removed "
        "from scope `runner` [was HEAD:"
    )
    assert lines[2].startswith(f"spec/{ADR}:232:1: error REMOVAL_WITHOUT_TOMBSTONE:")
    assert lines[3].startswith(f"spec/{ADR}:7:1: error VERSION_NOT_BUMPED:")
    assert lines[3].endswith("— set version: 0.2.0")
    assert lines[-1].endswith("2 policy violation(s)")
    matcher = re.compile(r"^[^\s:]+:\d+:\d+: ")
    assert all(matcher.match(line) for line in lines[:-1])


def test_json_format(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(repo.root, "--against", "HEAD", "--format", "json")
    assert code == ExitCode.POLICY
    data = json.loads(output)
    assert data["exit_code"] == 7
    assert data["summary"] == {
        "breaking": 1,
        "additive": 0,
        "cosmetic": 0,
        "violations": 2,
        "exempted": 0,
    }
    [change] = data["changes"]
    assert change["rule"] == "CODE_REMOVED"
    assert change["category"] == "breaking"
    assert (change["file"], change["line"]) == (f"spec/{ADR}", 232)
    assert change["record_change"] is True  # StageOutcome.reason_code uses ReasonCode
    assert [v["rule"] for v in data["violations"]] == [
        "REMOVAL_WITHOUT_TOMBSTONE",
        "VERSION_NOT_BUMPED",
    ]


def test_markdown_changelog_rows_with_fixed_date(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    repo.edit(
        "vocab.catalog.yaml", "hint: Escalate to a human.", "hint: Escalate | page."
    )
    code, output = run(
        repo.root, "--against", "HEAD", "--format", "markdown", "--date", "2026-02-01"
    )
    assert code == ExitCode.POLICY
    assert output == (
        f"<!-- catgen diff: adr_0005 (spec/{ADR}) 0.1.0 -> 0.1.0 -->\n"
        "| Date       | Change |\n"
        "| ---------- | ------ |\n"
        "| 2026-02-01 | Breaking: code `plan_type_reserved` removed from scope `runner` "
        "(`CODE_REMOVED`) |\n"
        "\n"
        "<!-- catgen diff: vocab (spec/vocab.catalog.yaml) 1.0.0 -> 1.0.0 -->\n"
        "| Date       | Change |\n"
        "| ---------- | ------ |\n"
        "| 2026-02-01 | Editorial: hint of `EXECUTION_IMPOSSIBLE` changed from `Escalate to a "
        "human.` to `Escalate \\| page.` (`CODE_TEXT_ATTRIBUTE_CHANGED`) |\n"
        "\n"
        "**Policy violations (2):**\n"
        "\n"
        f"- `REMOVAL_WITHOUT_TOMBSTONE` at `spec/{ADR}:232:1`: code `plan_type_reserved` "
        "removed from scope `runner`, but `removal: tombstone_required` and no tombstone "
        "names `plan_type_reserved` — add `tombstones: [{code: plan_type_reserved, scope: "
        "runner, removed_in: 0.2.0, reason: ...}]`, or keep the code (deprecated)\n"
        f"- `VERSION_NOT_BUMPED` at `spec/{ADR}:7:1`: breaking changes (CODE_REMOVED) "
        "require a minor version bump, but version moved none (0.1.0 -> 0.1.0) — set "
        "version: 0.2.0\n"
    )


def test_markdown_without_changes(repo: Repo) -> None:
    code, output = run(
        repo.root, "--against", "HEAD", "--format", "markdown", "--date", "2026-02-01"
    )
    assert code == ExitCode.OK
    assert output.startswith("<!-- catgen diff: no catalog changes against HEAD (")


def test_deleting_additional_properties_true_exits_7(repo: Repo) -> None:
    # The record closes (additionalProperties false); this was "0 changes", exit 0.
    repo.edit("runrec.catalog.yaml", "    additional_properties: true\n", "")
    code, output = run(repo.root, "--against", "HEAD")
    assert code == ExitCode.POLICY
    line = repo.line_of("runrec.catalog.yaml", "- name: RunRecord")
    assert (
        f"spec/runrec.catalog.yaml:{line}:5: breaking RECORD_CLOSED: record `RunRecord` "
        "no longer allows additional properties\n"
    ) in output
    assert output.splitlines()[-1].startswith("catgen diff: 1 breaking, 0 additive")


def test_github_annotations(repo: Repo) -> None:
    name = "vocab.catalog.yaml"
    repo.edit(
        name,
        "  - code: LOG_PERSISTENCE_FAILED\n",
        "  - code: POLICY_CONFLICT\n    recovery_class: NEEDS_INPUT\n"
        "  - code: LOG_PERSISTENCE_FAILED\n",
    )
    repo.edit(
        name, "description: The trigger is not valid.", "description: Invalid trigger."
    )
    line = repo.line_of(name, "POLICY_CONFLICT")
    code, output = run(repo.root, "--against", "HEAD", "--format", "github")
    assert code == ExitCode.POLICY
    lines = output.splitlines()
    assert lines[0].startswith(
        f"::error file=spec/{name},line={line},col=5,"
        "title=catgen diff ADDITION_WITHOUT_APPROVAL::code `POLICY_CONFLICT` added"
    )
    assert lines[1].startswith(
        f"::error file=spec/{name},line=5,col=1,title=catgen diff VERSION_NOT_BUMPED::"
    )
    assert lines[2] == (
        f"::notice file=spec/{name},line={line},col=5,title=catgen diff CODE_ADDED::"
        "additive: code `POLICY_CONFLICT` added"
    )
    assert len(lines) == 4  # the cosmetic change only counts in the summary
    assert lines[3].startswith("catgen diff: 0 breaking, 1 additive, 1 cosmetic")


def test_github_allowed_breaking_change_is_a_warning(repo: Repo) -> None:
    repo.edit(
        "runrec.catalog.yaml",
        "  - code: timeout\n    description: The run timed out.\n"
        "    retryable: true\n",
        "",
    )
    repo.edit("runrec.catalog.yaml", "\nversion: 1.2.0", "\nversion: 2.0.0")
    code, output = run(repo.root, "--against", "HEAD", "--format", "github")
    assert code == ExitCode.OK
    assert output.splitlines()[0].startswith(
        "::warning file=spec/runrec.catalog.yaml,line="
    )


def test_against_a_directory(repo: Repo, tmp_path: Path) -> None:
    shutil.copytree(repo.spec, tmp_path / "base" / "spec")
    repo.edit(ADR, REMOVED, "")
    code, output = run(repo.root, "--against", str(tmp_path / "base"))
    assert code == ExitCode.POLICY
    assert f"[was {tmp_path / 'base'}:spec/{ADR}:347]" in output


def test_unknown_ref_exits_8_with_a_fix(repo: Repo) -> None:
    code, output = run(repo.root, "--against", "no-such-ref")
    assert code == ExitCode.BASELINE
    assert "error: " in output
    assert "unknown git ref 'no-such-ref'" in output
    assert "pass a branch, tag or commit that exists" in output


def test_not_a_git_repository_exits_8(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "project")
    shutil.rmtree(repo.root / ".git")
    code, output = run(repo.root, "--against", "HEAD")
    assert code == ExitCode.BASELINE
    assert "is not inside a git repository" in output


def test_invalid_working_catalog_exits_3(repo: Repo) -> None:
    repo.edit("stages.catalog.yaml", "code_style: lower_snake_case", "code_style: nope")
    code, _ = run(repo.root, "--against", "HEAD")
    assert code == ExitCode.CATALOG


def test_bad_date_is_a_usage_error(repo: Repo) -> None:
    code, output = run(repo.root, "--against", "HEAD", "--date", "01/02/2026")
    assert code == ExitCode.USAGE
    assert "use YYYY-MM-DD" in output


def test_against_is_required(repo: Repo) -> None:
    code, _ = run(repo.root)
    assert code == ExitCode.USAGE


ALLOW_REMOVAL = (
    "CODE_REMOVED:code runner/plan_type_reserved=superseded by plan_type_gone"
)
EXEMPTED_REMOVAL = (
    f"spec/{ADR}:232:1: exempted REMOVAL_WITHOUT_TOMBSTONE: code `plan_type_reserved` "
    "removed from scope `runner`, but `removal: tombstone_required` and no tombstone "
    "names `plan_type_reserved` — exempted: superseded by plan_type_gone (--allow)"
)


def test_allow_exempts_in_text(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(repo.root, "--against", "HEAD", "--allow", ALLOW_REMOVAL)
    assert code == ExitCode.OK
    lines = output.splitlines()
    assert lines[2] == EXEMPTED_REMOVAL
    assert lines[3] == (
        f"spec/{ADR}:7:1: exempted VERSION_NOT_BUMPED: breaking changes (CODE_REMOVED) "
        "require a minor version bump, but version moved none (0.1.0 -> 0.1.0) — "
        "exempted: superseded by plan_type_gone (--allow)"
    )
    assert lines[-1].endswith("; all changes allowed, 2 exempted")
    assert " error " not in output


def test_allow_exempts_in_json(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(
        repo.root, "--against", "HEAD", "--format", "json", "--allow", ALLOW_REMOVAL
    )
    assert code == ExitCode.OK
    data = json.loads(output)
    assert data["exit_code"] == 0
    assert data["violations"] == []
    assert (data["summary"]["violations"], data["summary"]["exempted"]) == (0, 2)
    assert [e["rule"] for e in data["exempted"]] == [
        "REMOVAL_WITHOUT_TOMBSTONE",
        "VERSION_NOT_BUMPED",
    ]
    assert data["exempted"][0]["exempted_by"] == [
        {
            "rule": "CODE_REMOVED",
            "subject": "code runner/plan_type_reserved",
            "reason": "superseded by plan_type_gone",
            "source": "--allow",
        }
    ]
    assert data["catalogs"][0]["exempted"] == data["exempted"]


def test_allow_exempts_in_markdown(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(
        repo.root,
        "--against",
        "HEAD",
        "--format",
        "markdown",
        "--date",
        "2026-02-01",
        "--allow",
        ALLOW_REMOVAL,
    )
    assert code == ExitCode.OK
    assert "**Policy violations" not in output
    assert output.endswith(
        "**Exempted (2):**\n"
        "\n"
        f"- `REMOVAL_WITHOUT_TOMBSTONE` at `spec/{ADR}:232:1`: code `plan_type_reserved` "
        "removed from scope `runner`, but `removal: tombstone_required` and no tombstone "
        "names `plan_type_reserved` — exempted: superseded by plan_type_gone (--allow)\n"
        f"- `VERSION_NOT_BUMPED` at `spec/{ADR}:7:1`: breaking changes (CODE_REMOVED) "
        "require a minor version bump, but version moved none (0.1.0 -> 0.1.0) — "
        "exempted: superseded by plan_type_gone (--allow)\n"
    )


def test_allow_exempts_in_github(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(
        repo.root, "--against", "HEAD", "--format", "github", "--allow", ALLOW_REMOVAL
    )
    assert code == ExitCode.OK
    lines = output.splitlines()
    assert not [line for line in lines if line.startswith("::error")]
    assert lines[0] == (
        f"::notice file=spec/{ADR},line=232,col=1,"
        "title=catgen diff REMOVAL_WITHOUT_TOMBSTONE::exempted: code `plan_type_reserved` "
        "removed from scope `runner`, but `removal: tombstone_required` and no tombstone "
        "names `plan_type_reserved` — superseded by plan_type_gone (--allow)"
    )
    assert lines[1].startswith(
        f"::notice file=spec/{ADR},line=7,col=1,title=catgen diff VERSION_NOT_BUMPED::"
        "exempted: "
    )
    assert lines[2].startswith(
        f"::warning file=spec/{ADR},line=232,col=1,title=catgen diff CODE_REMOVED::"
    )
    assert lines[-1].endswith("; all changes allowed, 2 exempted")


def test_allow_by_violation_id_exempts_only_that_violation(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(
        repo.root,
        "--against",
        "HEAD",
        "--allow",
        "REMOVAL_WITHOUT_TOMBSTONE=removed before any release",
    )
    # VERSION_NOT_BUMPED is not covered: still a violation, still exit 7.
    assert code == ExitCode.POLICY
    assert (
        f"spec/{ADR}:232:1: exempted REMOVAL_WITHOUT_TOMBSTONE: " in output
        and "— exempted: removed before any release (--allow)" in output
    )
    assert f"spec/{ADR}:7:1: error VERSION_NOT_BUMPED: " in output
    assert output.splitlines()[-1].endswith("1 policy violation(s), 1 exempted")


def test_allow_for_another_subject_exempts_nothing(repo: Repo) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(
        repo.root, "--against", "HEAD", "--allow", "CODE_REMOVED:code runner/other=x"
    )
    assert code == ExitCode.POLICY
    assert "exempted" not in output
    assert output.splitlines()[-1].endswith("2 policy violation(s)")


@pytest.mark.parametrize(
    ("allow", "message"),
    [
        (
            "CODE_REMOVED",
            "--allow 'CODE_REMOVED' has no reason: write --allow "
            "'RULE[:SUBJECT]=why this is fine'",
        ),
        (
            "CODE_REMOVED:code runner/plan_type_reserved=  ",
            "--allow 'CODE_REMOVED:code runner/plan_type_reserved=  ' has no reason: "
            "write --allow 'RULE[:SUBJECT]=why this is fine'",
        ),
        (
            "NO_SUCH_RULE=because",
            "--allow 'NO_SUCH_RULE=because': unknown rule 'NO_SUCH_RULE'; use a change "
            "rule or violation id from docs/catalog-format.md",
        ),
        ("CODE_REMOVED:=because", "--allow 'CODE_REMOVED:=because': empty subject"),
    ],
)
def test_bad_allow_exits_2_with_a_fix(repo: Repo, allow: str, message: str) -> None:
    repo.edit(ADR, REMOVED, "")
    code, output = run(repo.root, "--against", "HEAD", "--allow", allow)
    assert code == ExitCode.USAGE == 2
    assert f"Error: Invalid value for '--allow': {message}" in output
    assert "Traceback" not in output

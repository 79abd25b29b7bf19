"""CI and editor integration of the command line: `check --format`, machine-readable
errors on every --format json|github command, colour only on a terminal, and the diff
gate's directory and fetch errors."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catgen_taxonomy import entry
from catgen_taxonomy.cli import main
from catgen_taxonomy.errors import ExitCode

from .conftest import REPO
from .diff_support import git, make_repo
from .helpers import make_files

DOC = "spec/docs/2PLT_REASON_CODE_VOCAB.md"
ENUMS = "generated/adr_0005/enums.py"
ESC = "\x1b["


def invoke(*args: str, color: bool = False, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run `catgen ARGS` in-process with stdout and stderr apart."""
    return CliRunner().invoke(main, list(args), color=color, env=env)


@pytest.fixture
def drifted(tmp_path: Path) -> Path:
    """A copy of the seed project with one generated file and one marked table edited."""
    for name in ("spec", "generated"):
        shutil.copytree(REPO / name, tmp_path / name)
    doc = tmp_path / DOC
    lines = doc.read_text("utf-8").splitlines(keepends=True)
    assert lines[43] == "<!-- catgen:begin table=recovery-class -->\n"
    lines[46] = "| edited " + lines[46][1:]
    doc.write_text("".join(lines), "utf-8")
    with (tmp_path / ENUMS).open("a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    return tmp_path


def test_check_github_annotates_the_file_and_the_table_line(drifted: Path) -> None:
    result = invoke("check", "--root", str(drifted), "--format", "github", "-q")
    assert result.exit_code == ExitCode.DRIFT
    hint = "run `catgen generate` and commit the result"
    assert result.stdout.splitlines() == [
        f"::error file={ENUMS},title=catgen check::{ENUMS} is out of date with the "
        f"catalogs — {hint}",
        f"::error file={DOC},line=45,col=1,title=catgen check::marked table "
        f"'recovery-class' is out of date — {hint}",
    ]
    assert result.stderr == "catgen check: 2 file(s) out of date with the catalogs\n"


def test_check_github_groups_the_diff_unless_quiet(drifted: Path) -> None:
    result = invoke("check", "--root", str(drifted), "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[2] == "::group::catgen check: diff"
    assert lines[-1] == "::endgroup::"
    assert f"+++ b/{ENUMS}" in lines
    assert "-# edited" in lines


def test_check_json_lists_every_stale_file_with_its_diff(drifted: Path) -> None:
    result = invoke("check", "--root", str(drifted), "--format", "json")
    assert result.exit_code == ExitCode.DRIFT
    data = json.loads(result.stdout)
    assert data["clean"] is False and data["fix"] == "catgen generate"
    assert [f["file"] for f in data["stale"]] == [ENUMS, DOC]
    assert data["stale"][0]["diff"].startswith(f"--- a/{ENUMS}\n+++ b/{ENUMS}\n@@")
    assert data["stale"][1]["tables"] == [{"id": "recovery-class", "line": 45}]
    quiet = json.loads(
        invoke("check", "--root", str(drifted), "--format", "json", "-q").stdout
    )
    assert [sorted(f) for f in quiet["stale"]] == [
        ["file", "removed"],
        ["file", "removed", "tables"],
    ]


def test_check_text_is_unchanged_and_quiet_drops_the_diff(drifted: Path) -> None:
    loud = invoke("check", "--root", str(drifted))
    assert loud.exit_code == ExitCode.DRIFT
    assert loud.stdout.startswith(f"--- a/{ENUMS}\n")
    assert loud.stderr.endswith(
        "catgen check: 2 file(s) out of date with the catalogs; run `catgen generate` "
        "to fix\n"
    )
    quiet = invoke("check", "--root", str(drifted), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "", loud.stderr)


def test_a_removed_output_is_named_in_every_format(tmp_path: Path) -> None:
    for name in ("spec", "generated"):
        shutil.copytree(REPO / name, tmp_path / name)
    stale = "generated/adr_0005/old.py"
    header = (REPO / ENUMS).read_text("utf-8").split("\n", 1)[0]
    make_files(tmp_path, {stale: header + "\n"})
    github = invoke("check", "--root", str(tmp_path), "--format", "github", "-q")
    assert github.stdout == (
        f"::error file={stale},title=catgen check::{stale} is stale: no catalog "
        "produces it any more — run `catgen generate` and commit the result\n"
    )
    data = json.loads(
        invoke("check", "--root", str(tmp_path), "--format", "json").stdout
    )
    assert data["stale"] == [
        {
            "file": stale,
            "removed": True,
            "diff": f"--- a/{stale}\n+++ /dev/null\n@@ stale: no catalog produces it @@\n",
        }
    ]


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_fast_path_and_full_check_print_the_same_clean_report(
    output_format: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from .test_lint import CATALOG
    from .test_lint import DOC as LINT_DOC

    make_files(
        tmp_path, {"spec/vocab.catalog.yaml": CATALOG, "spec/docs/vocab.md": LINT_DOC}
    )
    assert invoke("generate", "--root", str(tmp_path)).exit_code == 0
    full = invoke("check", "--root", str(tmp_path), "--format", output_format)
    assert full.exit_code == 0
    argv = ["catgen", "check", "--format", output_format, "--root", str(tmp_path)]
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(
        "catgen_taxonomy.cli.main", None
    )  # the fast path must answer alone
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        entry.main()
    out, err = capsys.readouterr()
    assert (exited.value.code, out, err) == (0, full.stdout, full.stderr)
    assert "warning" in full.stdout + full.stderr  # the lint warnings travel too
    if output_format == "github":  # located on the catalog line
        assert full.stdout.startswith(
            "::warning file=spec/vocab.catalog.yaml,line=15,col=5,title=catgen lint::"
            "[attribute-missing] vocabulary code 'TRIGGER_INVALID'"
        )


def test_clean_check_formats(tmp_path: Path) -> None:
    shutil.copytree(REPO / "spec", tmp_path / "spec")
    shutil.copytree(REPO / "generated", tmp_path / "generated")
    text = invoke("check", "--root", str(tmp_path))
    assert (text.exit_code, text.stdout) == (
        0,
        "catgen check: outputs match the catalogs\n",
    )
    github = invoke("check", "--root", str(tmp_path), "--format", "github")
    assert github.stdout == text.stdout
    data = json.loads(
        invoke("check", "--root", str(tmp_path), "--format", "json").stdout
    )
    assert data == {
        "clean": True,
        "fix": "catgen generate",
        "stale": [],
        "warnings": [],
    }


# --- machine-readable errors: exit 3, 5 and 8 ---------------------------------------


def broken_catalog(root: Path) -> Path:
    shutil.copytree(REPO / "tests" / "fixtures" / "golden" / "spec", root / "spec")
    path = root / "spec" / "deploy.catalog.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("version:", "version: [", 1), "utf-8")
    return path


@pytest.mark.parametrize("command", ["check", "diff"])
def test_json_error_on_an_invalid_catalog(command: str, tmp_path: Path) -> None:
    broken_catalog(tmp_path)
    args = {"check": [], "diff": ["--against", str(tmp_path)]}
    result = invoke(
        command, "--root", str(tmp_path), *args[command], "--format", "json"
    )
    assert result.exit_code == ExitCode.CATALOG
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 3
    [problem] = error["problems"]
    assert problem["file"] == "spec/deploy.catalog.yaml"
    assert isinstance(problem["line"], int) and problem["line"] > 0
    assert sorted(problem) == ["column", "file", "hint", "line", "message"]


@pytest.mark.parametrize("command", ["check", "diff"])
def test_github_error_on_an_invalid_catalog(command: str, tmp_path: Path) -> None:
    broken_catalog(tmp_path)
    args = {"check": [], "diff": ["--against", str(tmp_path)]}
    result = invoke(
        command, "--root", str(tmp_path), *args[command], "--format", "github"
    )
    assert result.exit_code == ExitCode.CATALOG
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=spec/deploy.catalog.yaml,line=")
    assert ",col=" in line and " — " in line


def test_json_error_on_a_missing_input(tmp_path: Path) -> None:
    shutil.copytree(REPO / "spec", tmp_path / "spec")
    missing = tmp_path / "nope.json"
    result = invoke(
        "validate",
        "--root",
        str(tmp_path),
        "--format",
        "json",
        "nosuchkind",
        str(missing),
    )
    assert result.exit_code == ExitCode.INPUT
    [problem] = json.loads(result.stdout)["error"]["problems"]
    assert problem["message"] == "no generated code found"
    assert problem["file"] == "generated/"


@pytest.mark.parametrize("output_format", ["json", "github"])
def test_machine_error_on_a_missing_root(output_format: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = invoke(
        "diff", "--root", str(missing), "--against", "HEAD", "--format", output_format
    )
    assert result.exit_code == ExitCode.INPUT
    message = f"--root directory '{missing}' does not exist"
    if output_format == "json":
        [problem] = json.loads(result.stdout)["error"]["problems"]
        assert (problem["file"], problem["message"]) == (str(missing), message)
    else:
        assert result.stdout.startswith(f"::error file={missing}::{message} — ")
    assert "git" not in result.stdout


@pytest.mark.parametrize("output_format", ["json", "github"])
def test_machine_error_on_an_unreadable_baseline(
    output_format: str, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "project")
    result = invoke(
        "diff",
        "--root",
        str(repo.root),
        "--against",
        "no-such-ref",
        "--format",
        output_format,
    )
    assert result.exit_code == ExitCode.BASELINE
    if output_format == "json":
        [problem] = json.loads(result.stdout)["error"]["problems"]
        assert problem["message"].startswith("unknown git ref 'no-such-ref'")
    else:
        assert result.stdout.startswith("::error file=")
        assert "unknown git ref 'no-such-ref'" in result.stdout


# --- the diff gate -------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_diff_without_catalogs_is_never_green(
    output_format: str, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "project")
    # A folder with no catalogs at or above it (a subfolder of the project would find
    # the project by walking up, as every command does).
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = invoke(
        "diff", "--root", str(elsewhere), "--against", "HEAD", "--format", output_format
    )
    assert result.exit_code == ExitCode.CATALOG
    assert "no catalogs (spec/*.catalog.yaml) found in" in result.output
    assert repo.root.is_dir()


def test_fetch_hint_works_in_a_single_branch_clone(tmp_path: Path) -> None:
    upstream = make_repo(tmp_path / "upstream")
    git(upstream.root, "checkout", "-q", "-b", "feature/x")
    upstream.commit("on feature/x")
    git(upstream.root, "checkout", "-q", "main")
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth=1",
        "--single-branch",
        "--branch",
        "main",
        upstream.root.as_uri(),
        str(clone),
    )
    first = invoke("diff", "--root", str(clone), "--against", "origin/feature/x")
    assert first.exit_code == ExitCode.BASELINE
    command = "git fetch --depth=1 origin feature/x:refs/remotes/origin/feature/x"
    assert f"`{command}`" in first.stderr
    git(clone, *shlex.split(command)[1:])
    second = invoke("diff", "--root", str(clone), "--against", "origin/feature/x")
    assert second.exit_code == ExitCode.OK, second.output


# --- colour ---------------------------------------------------------------------------


def test_colour_only_on_a_terminal_and_never_with_no_color(drifted: Path) -> None:
    args = ("check", "--root", str(drifted))
    assert ESC not in invoke(*args).output  # not a terminal
    assert ESC in invoke(*args, color=True).stdout  # a terminal: a coloured diff
    assert ESC not in invoke(*args, color=True, env={"NO_COLOR": "1"}).output
    error = invoke("check", "--root", str(drifted / "nowhere"), color=True)
    assert error.stderr.startswith(f"{ESC}31m{ESC}1merror:")
    plain = invoke(
        "check", "--root", str(drifted / "nowhere"), color=True, env={"NO_COLOR": "1"}
    )
    assert plain.stderr.startswith("error: ")


def test_json_and_github_never_carry_colour(drifted: Path) -> None:
    for output_format in ("json", "github"):
        result = invoke(
            "check", "--root", str(drifted), "--format", output_format, color=True
        )
        assert ESC not in result.output


# --- docs ----------------------------------------------------------------------------


def test_docs_prints_and_writes_the_catalog_format(tmp_path: Path) -> None:
    expected = (REPO / "docs" / "catalog-format.md").read_text("utf-8")
    assert invoke("docs").stdout == expected
    target = tmp_path / "format.md"
    result = invoke("docs", "--out", str(target))
    assert (result.exit_code, result.stdout) == (0, f"wrote {target}\n")
    assert target.read_text("utf-8") == expected
    assert "catgen docs" in invoke("--help").stdout


def test_shell_completion_as_the_readme_documents_it() -> None:
    catgen = str(Path(sys.executable).parent / "catgen")
    env = {**os.environ, "_CATGEN_COMPLETE": "bash_complete"}
    words = {"COMP_WORDS": "catgen check --format ", "COMP_CWORD": "3"}
    result = subprocess.run(
        [catgen], env={**env, **words}, capture_output=True, text=True
    )
    assert result.stdout.split() == ["plain,text", "plain,json", "plain,github"]
    readme = (REPO / "README.md").read_text("utf-8")
    assert 'eval "$(_CATGEN_COMPLETE=bash_source catgen)"' in readme

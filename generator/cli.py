"""The `catgen` command line: one click group, one subcommand per job."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .entry import CLEAN_MESSAGE, QUIET_OPTIONS, ROOT_OPTION, print_warnings
from .errors import CatgenError, ExitCode

F = TypeVar("F", bound=Callable[..., Any])
FIX_COMMAND = "catgen generate"


def _project_root(
    context: click.Context, parameter: click.Parameter, value: Path
) -> Path:
    """Walk up from --root (default: the working directory) to the project root."""
    from .config import find_root

    return find_root(value.resolve())


def root_option(function: F) -> F:
    """The shared --root option; every command finds the project root from it."""
    return click.option(
        ROOT_OPTION,
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        callback=_project_root,
        help="Where to start looking for the project: the nearest folder at or above "
        "it with a catgen.toml or a [tool.catgen] table in pyproject.toml (else this "
        "folder itself, with the default layout spec/ and generated/).",
    )(function)


def _version_message() -> str:
    from .yamlload import PARSER

    return f"catgen {__version__} (YAML parser: {PARSER})"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message=_version_message())
def main() -> None:
    """Generate code, schemas, tables and validators from failure-taxonomy catalogs."""


def run_guarded(job: Callable[[], int]) -> None:
    """Run a job, turning catgen errors into located messages and exit codes."""
    try:
        code = job()
    except CatgenError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except click.ClickException:
        raise
    except Exception as exc:  # a bug in catgen: say so briefly, never a bare traceback
        if os.environ.get("CATGEN_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} — rerun with CATGEN_DEBUG=1 "
            "for a traceback and report it",
            err=True,
        )
        sys.exit(70)
    sys.exit(code)


@main.command()
@root_option
def generate(root: Path) -> None:
    """(Re)write every output from spec/; only files whose bytes change are written."""

    def job() -> int:
        from .pipeline import generate_all

        changed, removed, warnings = generate_all(root.resolve())
        print_warnings(warnings)
        if not changed and not removed:
            click.echo("catgen: all outputs up to date; nothing written")
        else:
            for path in changed:
                click.echo(f"wrote {path}")
            for path in removed:
                click.echo(f"removed stale {path}")
            click.echo(f"catgen: {len(changed)} written, {len(removed)} removed")
        return ExitCode.OK

    run_guarded(job)


@main.command()
@root_option
@click.option(*QUIET_OPTIONS, is_flag=True, help="Print no diff, only the summary.")
def check(root: Path, quiet: bool) -> None:
    """Fail if any output differs from what spec/ produces (renders in memory only).

    An unchanged tree is answered from the speed cache in .catgen_cache/ by the console
    script (generator/entry.py) before this runs; this is the full check."""

    def job() -> int:
        from .pipeline import check_all

        report = check_all(root.resolve())
        print_warnings(report.warnings)
        if report.clean:
            click.echo(CLEAN_MESSAGE)
            return ExitCode.OK
        if not quiet and report.diff:
            click.echo(report.diff, nl=False)
        for path in report.paths:
            click.echo(f"stale: {path}", err=True)
        click.echo(
            f"catgen check: {len(report.paths)} file(s) out of date with the catalogs; "
            f"run `{FIX_COMMAND}` to fix",
            err=True,
        )
        return ExitCode.DRIFT

    run_guarded(job)


@main.command()
@root_option
@click.argument("kind", required=False)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--list", "list_kinds", is_flag=True, help="List the artifact kinds.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
)
def validate(
    root: Path,
    kind: str | None,
    files: tuple[Path, ...],
    list_kinds: bool,
    output_format: str,
) -> None:
    """Validate runtime artifacts (FILE...) of an artifact KIND."""

    def job() -> int:
        from .validate import list_artifact_kinds, validate_files

        if list_kinds:
            for name, description in list_artifact_kinds(root.resolve()):
                click.echo(f"{name}\t{description}")
            return ExitCode.OK
        if kind is None or not files:
            raise click.UsageError("give a KIND and at least one FILE, or --list")
        text, code = validate_files(root.resolve(), kind, files, output_format)
        click.echo(text, nl=False)
        return code

    run_guarded(job)


@main.command()
@root_option
@click.argument("document", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Catalog file to write (default spec/<id>.catalog.yaml).",
)
@click.option(
    "--update",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Merge into this existing catalog, keeping hand-made fields and comments.",
)
@click.option("--mark", is_flag=True, help="Insert catgen markers around owned tables.")
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
def extract(
    root: Path,
    document: Path,
    out: Path | None,
    update: Path | None,
    mark: bool,
    strict: bool,
) -> None:
    """Extract a catalog from a Markdown DOCUMENT under spec/."""

    def job() -> int:
        from .adopt import extract_to_catalog

        report = extract_to_catalog(
            root.resolve(), document, out=out, update=update, mark=mark, strict=strict
        )
        for line in report.warnings:
            click.echo(line, err=True)
        for line in report.changes:
            click.echo(f"  {line}")
        for path in report.written:
            click.echo(f"wrote {path}")
        if not report.written:
            click.echo(f"catgen extract: {report.catalog_path} already up to date")
        return ExitCode.OK

    run_guarded(job)


def _diff_date(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@main.command()
@root_option
@click.option(
    "--against",
    required=True,
    metavar="REF|DIR",
    help="Baseline: a git ref (branch, tag, commit, origin/main) or a directory holding "
    "spec/ (or the spec directory itself).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
    help="text; json; markdown (ADR Changelog rows); github (workflow annotations).",
)
@click.option(
    "--date",
    callback=_diff_date,
    metavar="YYYY-MM-DD",
    help="Date for markdown changelog rows (default: today, UTC).",
)
def diff(root: Path, against: str, output_format: str, date: str | None) -> None:
    """Classify catalog changes against a baseline and enforce the catalogs' policies.

    Exit 0 when every change is allowed, 7 when a policy is violated, 8 when the baseline
    cannot be read.
    """

    def job() -> int:
        from .diff import format_report, run_diff

        report = run_diff(root.resolve(), against)
        click.echo(format_report(report, output_format, date), nl=False)
        return report.exit_code

    run_guarded(job)

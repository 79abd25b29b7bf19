"""The `catgen` command line: one click group, one subcommand per job."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from . import PACKAGE_DIR, __version__
from .entry import (
    CHECK_FORMATS,
    FORMAT_OPTION,
    QUIET_OPTIONS,
    ROOT_OPTION,
    clean_output,
    print_warnings,
    stop_on_closed_pipe,
    warning_output,
)
from .errors import (
    CatgenError,
    ExitCode,
    InputError,
    Location,
    Problem,
    error_github,
    error_json,
)

F = TypeVar("F", bound=Callable[..., Any])
DOCS_NAME = "catalog-format.md"


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
        "it with a catgen.toml, a [tool.catgen] table in pyproject.toml, or catalogs "
        "in spec/ (else this folder itself, with the default layout spec/ and "
        "generated/).",
    )(function)


def project_root(root: Path) -> Path:
    """Return the resolved project root; a missing directory is an InputError (exit 5)."""
    if not root.is_dir():
        raise InputError(
            Problem(
                Location(str(root)),
                f"--root directory {str(root)!r} does not exist",
                "pass the project directory (the one holding spec/), or run catgen "
                "from it without --root",
            )
        )
    return root.resolve()


def colour() -> bool | None:
    """Return click's `color`: None colours only a terminal; NO_COLOR turns it off."""
    return False if os.environ.get("NO_COLOR") else None


def printable(text: str) -> str:
    """Return text with each byte a document held that is not UTF-8 (read losslessly as
    a lone surrogate) spelt `\\xNN`, which a strict UTF-8 stdout can take."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte maps to: show its code point
        data = text.encode("utf-8", "backslashreplace")
    return data.decode("utf-8", "backslashreplace")


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print `text`, dropping its ANSI styles off a terminal or under NO_COLOR."""
    click.echo(printable(text), err=err, nl=nl, color=colour())


def _version_message() -> str:
    from .yamlload import PARSER

    return f"catgen {__version__} (YAML parser: {PARSER})"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message=_version_message())
def main() -> None:
    """Generate code, schemas, tables and validators from failure-taxonomy catalogs.

    The catalog format (docs/catalog-format.md) ships with catgen: `catgen docs`.
    Exit codes: 0 ok, 1 drift, 2 usage, 3 invalid catalog, 4 broken document, 5 missing
    input, 6 invalid artifact, 7 policy violated, 8 unreadable baseline, 9 cannot
    write, 70 a catgen bug."""


def report_error(exit_code: int, problems: list[Problem], output_format: str) -> None:
    """Print a failure: JSON on stdout, GitHub annotations on stdout, else text."""
    if output_format == "json":
        echo(error_json(exit_code, problems), nl=False)
    elif output_format == "github":
        echo(error_github(problems), nl=False)
    else:
        label = click.style("error:", fg="red", bold=True)
        for problem in problems:
            echo(f"{label} {problem}", err=True)


def run_guarded(job: Callable[[], int], output_format: str = "text") -> None:
    """Run a job, turning catgen errors into located messages (machine-readable with
    --format json or github) and exit codes."""
    try:
        code = job()
    except CatgenError as exc:
        report_error(exc.exit_code, exc.problems, output_format)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader went away: the same exit as the fast path's
        stop_on_closed_pipe()
    except click.ClickException:
        raise
    except Exception as exc:  # a bug in catgen: say so briefly, never a bare traceback
        if os.environ.get("CATGEN_DEBUG"):
            raise
        problem = Problem(
            Location("catgen"),
            f"internal error: {type(exc).__name__}: {exc}",
            "rerun with CATGEN_DEBUG=1 for a traceback and report it",
        )
        report_error(70, [problem], output_format)
        sys.exit(70)
    sys.exit(code)


@main.command()
@root_option
def generate(root: Path) -> None:
    """(Re)write every output from spec/; only files whose bytes change are written."""

    def job() -> int:
        from .pipeline import generate_all

        changed, removed, warnings = generate_all(project_root(root))
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


def format_option(
    choices: tuple[str, ...], default: str, help_text: str
) -> Callable[[F], F]:
    """Return the --format option of a command."""
    return click.option(
        FORMAT_OPTION,
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help_text,
    )


@main.command()
@root_option
@format_option(
    CHECK_FORMATS,
    "text",
    "text (a unified diff); json (every stale file with its diff); github (workflow "
    "annotations on each stale file and drifted marked table).",
)
@click.option(*QUIET_OPTIONS, is_flag=True, help="Print no diff, only the verdict.")
def check(root: Path, output_format: str, quiet: bool) -> None:
    """Fail if any output differs from what spec/ produces (renders in memory only).

    An unchanged tree is answered from the speed cache in .catgen_cache/ by the console
    script (generator/entry.py) before this runs; this is the full check."""

    def job() -> int:
        from .pipeline import check_all

        report = check_all(project_root(root))
        if report.clean:
            out, err = clean_output(output_format, report.warnings)
            _write(out, err)
            return ExitCode.OK
        _write(*_drift_output(report, output_format, quiet))
        return ExitCode.DRIFT

    run_guarded(job, output_format)


def _drift_output(report: Any, output_format: str, quiet: bool) -> tuple[str, str]:
    """Return (stdout, stderr) of a failed check in `output_format`."""
    from . import check_output

    files = check_output.stale_files(report.plan)
    if output_format == "json":
        return check_output.format_json(files, report.warnings, quiet)
    warned_out, warned_err = warning_output(output_format, report.warnings)
    if output_format == "github":
        out, err = check_output.format_github(files, quiet)
        return warned_out + out, warned_err + err
    out, err = check_output.format_text(files, quiet)
    return _coloured_diff(out), warned_err + err


def _coloured_diff(diff: str) -> str:
    """Style a unified diff's lines (shown only on a terminal without NO_COLOR)."""
    colours = {"+": "green", "-": "red", "@": "cyan"}
    lines = []
    for line in diff.splitlines(keepends=True):
        colour_name = colours.get(line[:1])
        if colour_name is not None:
            line = click.style(line.rstrip("\n"), fg=colour_name) + "\n"
        lines.append(line)
    return "".join(lines)


def _write(out: str, err: str) -> None:
    """Print a report's stderr part, then its stdout part."""
    if err:
        echo(err, err=True, nl=False)
    if out:
        echo(out, nl=False)


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
            for name, description in list_artifact_kinds(project_root(root)):
                click.echo(f"{name}\t{description}")
            return ExitCode.OK
        if kind is None or not files:
            raise click.UsageError("give a KIND and at least one FILE, or --list")
        text, code = validate_files(project_root(root), kind, files, output_format)
        click.echo(text, nl=False)
        return code

    run_guarded(job, output_format)


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
    """Extract a catalog from a Markdown DOCUMENT inside the project."""

    def job() -> int:
        from .adopt import extract_to_catalog

        with _without_cycle_collector():
            report = extract_to_catalog(
                project_root(root),
                document,
                out=out,
                update=update,
                mark=mark,
                strict=strict,
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


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector: extracting a large document allocates millions of
    objects without cycles (blocks, cells, catalog entries), which reference counting
    frees, and the collector's passes over them cost a third of the command on a 5 MB
    document (bench/RESULTS.md), with the same peak memory."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def _diff_allows(
    context: click.Context, parameter: click.Parameter, values: tuple[str, ...]
) -> list[Any]:
    from .diff.exemptions import parse_allow

    try:
        return [parse_allow(value) for value in values]
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


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
@click.option(
    "--allow",
    "allows",
    multiple=True,
    callback=_diff_allows,
    metavar="RULE[:SUBJECT]=REASON",
    help="Exempt the violations of a rule id (violation or change rule), optionally for "
    "one subject, with the reason; reported in every format. Repeatable.",
)
def diff(
    root: Path, against: str, output_format: str, date: str | None, allows: list[Any]
) -> None:
    """Classify catalog changes against a baseline and enforce the catalogs' policies.

    Exit 0 when every change is allowed, 7 when a policy is violated, 8 when the baseline
    cannot be read.
    """

    def job() -> int:
        from .diff import format_report, run_diff

        report = run_diff(project_root(root), against, allows)
        click.echo(format_report(report, output_format, date), nl=False)
        return report.exit_code

    run_guarded(job, output_format)


@main.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the document to this file instead of printing it.",
)
def docs(out: Path | None) -> None:
    """Print the catalog format reference (docs/catalog-format.md), shipped with catgen."""

    def job() -> int:
        text = docs_path().read_text(encoding="utf-8")
        if out is None:
            click.echo(text, nl=False)
            return ExitCode.OK
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(
                Problem(
                    Location(str(out)),
                    f"cannot write the catalog format reference: {exc.strerror or exc}",
                    "pass a writable file path to --out",
                )
            ) from None
        click.echo(f"wrote {out}")
        return ExitCode.OK

    run_guarded(job)


def docs_path() -> Path:
    """Return docs/catalog-format.md: inside the package of a wheel, beside it in a
    checkout."""
    package = Path(PACKAGE_DIR)
    shipped = package / "docs" / DOCS_NAME
    return shipped if shipped.is_file() else package.parent / "docs" / DOCS_NAME

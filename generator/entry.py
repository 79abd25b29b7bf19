"""The `catgen` console script: a plain `catgen check` (any --format, --quiet) is answered
from the speed cache (generator/cache.py) before click or any heavy module is imported (not
even pathlib, re or tomllib: the project root is found by generator/discovery.py and the
config file is compared by its hash); everything else, and every cache miss, goes to the
click CLI. The clean verdict is rendered here, for both paths, so they print the same bytes.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: collections.abc costs ~2 ms to import
    from collections.abc import Iterable

CLEAN_MESSAGE = "catgen check: outputs match the catalogs"
FIX_COMMAND = "catgen generate"
# The `check` command's spellings; cli.py declares its click options with these names,
# so the two parsers cannot drift apart.
CHECK_COMMAND = "check"
ROOT_OPTION = "--root"
QUIET_OPTIONS = ("--quiet", "-q")
FORMAT_OPTION = "--format"
CHECK_FORMATS = ("text", "json", "github")


def fast_check_args(args: list[str]) -> tuple[str, str] | None:
    """Return (start folder, format) if `args` is a plain check
    (`check [--root DIR] [--format F] [-q]`), else None. The project root is found from
    the start folder by walking up (generator/discovery.py)."""
    if not args or args[0] != CHECK_COMMAND:
        return None
    options = {ROOT_OPTION: ".", FORMAT_OPTION: "text"}
    rest = args[1:]
    while rest:
        head = rest.pop(0)
        name, equals, value = head.partition("=")
        if head in QUIET_OPTIONS:
            continue
        if name not in options:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        options[name] = value
    if options[FORMAT_OPTION] not in CHECK_FORMATS:
        return None  # click reports the bad choice
    return os.path.abspath(options[ROOT_OPTION]), options[FORMAT_OPTION]


def print_warnings(warnings: Iterable[str]) -> None:
    """Print lint warnings to stderr, as text."""
    write(*warning_output("text", warnings))


def github_data(text: str) -> str:
    """Escape the message of a GitHub workflow command (here: the fast path needs it)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escape a property value (file, title) of a GitHub workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_warning(warning: str) -> str:
    """Return a lint warning (`file:line:col: message`) as a located GitHub warning."""
    parts = warning.split(":", 3)
    where = ""
    if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
        where = f"file={github_property(parts[0])},line={parts[1]},col={parts[2]},"
        warning = parts[3].lstrip()
    return f"::warning {where}title=catgen lint::{github_data(warning)}"


def warning_output(output_format: str, warnings: Iterable[str]) -> tuple[str, str]:
    """Return (stdout, stderr) lines of the lint warnings in a text or github report."""
    if output_format == "github":
        return "".join(github_warning(w) + "\n" for w in warnings), ""
    if output_format == "json":
        return "", ""  # a JSON report carries them in its "warnings" list
    return "", "".join(f"warning: {warning}\n" for warning in warnings)


def clean_output(output_format: str, warnings: list[str]) -> tuple[str, str]:
    """Return (stdout, stderr) of a clean check; the fast path and the full check both
    print exactly this."""
    if output_format == "json":
        import json

        document = {
            "clean": True,
            "fix": FIX_COMMAND,
            "stale": [],
            "warnings": warnings,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n", ""
    out, err = warning_output(output_format, warnings)
    return out + CLEAN_MESSAGE + "\n", err


def write(out: str, err: str) -> None:
    """Write a report's stderr part, then its stdout part, each flushed."""
    for stream, text in ((sys.stderr, err), (sys.stdout, out)):
        if text:
            stream.write(text)
            stream.flush()


# 128 + SIGPIPE, what a shell reports for a program whose reader went away.
CLOSED_PIPE = 141


def stop_on_closed_pipe() -> None:
    """Leave quietly when the reader of our output went away (`catgen check | true`)."""
    # Python flushes stdout once more at exit: point it at nowhere, so that flush cannot
    # fail again and print a traceback of its own.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(CLOSED_PIPE)


def main() -> None:
    """Run `catgen`."""
    try:
        run_catgen()
    except BrokenPipeError:
        stop_on_closed_pipe()


def run_catgen() -> None:
    """Answer a plain unchanged check from the cache, or run the click CLI."""
    fast = fast_check_args(sys.argv[1:])
    if fast is not None:
        from .cache import cached_warnings
        from .discovery import find_project

        start, output_format = fast
        warnings = cached_warnings(find_project(start)[0])
        if warnings is not None:
            write(*clean_output(output_format, warnings))
            sys.exit(0)
    from .cli import main as cli_main

    cli_main()

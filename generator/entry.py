"""The `catgen` console script: a plain `catgen check` is answered from the speed cache
(generator/cache.py) before click or any heavy module is imported (not even pathlib, re
or tomllib: the project root is found by generator/discovery.py and the config file is
compared by its hash); everything else, and every cache miss, goes to the click CLI."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: collections.abc costs ~2 ms to import
    from collections.abc import Iterable

CLEAN_MESSAGE = "catgen check: outputs match the catalogs"
# The `check` command's spellings; cli.py declares its click options with these names,
# so the two parsers cannot drift apart.
CHECK_COMMAND = "check"
ROOT_OPTION = "--root"
QUIET_OPTIONS = ("--quiet", "-q")


def fast_check_root(args: list[str]) -> str | None:
    """Return the start folder if `args` is a plain check (`check [--root DIR] [-q]`).

    The project root is found from it by walking up (generator/discovery.py)."""
    if not args or args[0] != CHECK_COMMAND:
        return None
    root = "."
    rest = args[1:]
    while rest:
        head = rest.pop(0)
        if head in QUIET_OPTIONS:
            continue
        if head == ROOT_OPTION and rest:
            root = rest.pop(0)
        elif head.startswith(ROOT_OPTION + "="):
            root = head.split("=", 1)[1]
        else:
            return None
    return os.path.abspath(root)


def print_warnings(warnings: Iterable[str]) -> None:
    """Print lint warnings to stderr; the fast path and the full check both use this."""
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    sys.stderr.flush()


def main() -> None:
    """Run `catgen`."""
    start = fast_check_root(sys.argv[1:])
    if start is not None:
        from .cache import cached_warnings
        from .discovery import find_project

        warnings = cached_warnings(find_project(start)[0])
        if warnings is not None:
            print_warnings(warnings)
            print(CLEAN_MESSAGE)
            sys.exit(0)
    from .cli import main as cli_main

    cli_main()

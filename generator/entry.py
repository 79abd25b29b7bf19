"""The `catgen` console script: a plain `catgen check` is answered from the manifest
before click or any heavy module is imported (not even pathlib or re); everything else
goes to the CLI."""

from __future__ import annotations

import os
import sys

CLEAN_MESSAGE = "catgen check: outputs match the catalogs"


def fast_check_root(args: list[str]) -> str | None:
    """Return the project root if `args` is a plain check (`check [--root DIR] [-q]`)."""
    if not args or args[0] != "check":
        return None
    root = "."
    rest = args[1:]
    while rest:
        head = rest.pop(0)
        if head in ("-q", "--quiet"):
            continue
        if head == "--root" and rest:
            root = rest.pop(0)
        elif head.startswith("--root="):
            root = head.split("=", 1)[1]
        else:
            return None
    return os.path.abspath(root)


def main() -> None:
    """Run `catgen`."""
    root = fast_check_root(sys.argv[1:])
    if root is not None:
        from .manifest import unchanged

        if unchanged(root):
            print(CLEAN_MESSAGE)
            sys.exit(0)
    from .cli import main as cli_main

    cli_main()

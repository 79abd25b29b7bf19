"""Compare rendered outputs with the disk, show diffs, and write atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GenerationError, Location, Problem
from .ownership import GENERATED_DIR, owned_files
from .targets import Output

ENCODING = ("utf-8", "surrogateescape")


@dataclass
class Plan:
    """What a run would change: outputs whose bytes differ, and files to delete."""

    changed: list[tuple[Output, str | None]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.changed and not self.stale


def read_text(path: Path) -> str | None:
    """Return a file's text (lossless decoding), or None if it does not exist."""
    try:
        return path.read_bytes().decode(*ENCODING)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return ""


def plan_outputs(
    outputs: Sequence[Output], root: Path, folder: str = GENERATED_DIR
) -> Plan:
    """Compare every output with the disk and list the stale files: those under the
    output folder that carry catgen's header and that no catalog produces any more."""
    plan = Plan()
    for output in outputs:
        current = read_text(root / output.path)
        if current != output.content:
            plan.changed.append((output, current))
    produced = {output.path for output in outputs}
    plan.stale = owned_files(root, skip=produced, folder=folder)
    return plan


def unified_diff(plan: Plan) -> str:
    """Return a unified diff of every change in the plan, stale files as deletions."""
    chunks: list[str] = []
    for output, current in plan.changed:
        before = (current or "").splitlines(keepends=True)
        after = output.content.splitlines(keepends=True)
        label = output.path
        chunks.extend(
            difflib.unified_diff(
                before,
                after,
                fromfile=f"a/{label}" if current is not None else "/dev/null",
                tofile=f"b/{label}",
            )
        )
    for relpath in plan.stale:
        chunks.append(
            f"--- a/{relpath}\n+++ /dev/null\n@@ stale: no catalog produces it @@\n"
        )
    return "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in chunks)


def write_atomic(path: Path, content: str) -> None:
    """Write `content` to `path` through a temp file in the same directory + rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode(*ENCODING))
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def apply_plan(plan: Plan, root: Path) -> None:
    """Write every changed output and delete stale generated files."""
    try:
        for output, _ in plan.changed:
            write_atomic(root / output.path, output.content)
        for relpath in plan.stale:
            (root / relpath).unlink(missing_ok=True)
    except OSError as exc:
        raise GenerationError(
            Problem(
                Location(str(getattr(exc, "filename", "") or root)),
                f"cannot write output: {exc.strerror or exc}",
                "check permissions and free space, then run `catgen generate` again",
            )
        ) from None

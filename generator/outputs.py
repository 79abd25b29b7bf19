"""Compare rendered outputs with the disk, show diffs, and write atomically."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GenerationError, Location, Problem
from .ownership import (
    GENERATED_DIR,
    escaping_link,
    headered,
    remove_leftover_temps,
    resolve_inside,
    temp_name,
    walk_output_folder,
)
from .targets import Output

ENCODING = ("utf-8", "surrogateescape")


@dataclass
class Plan:
    """What a run would change: outputs whose bytes differ, and files to delete."""

    changed: list[tuple[Output, str | None]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    # Output path -> where it really is (symlinks resolved, always inside the project).
    real: dict[str, str] = field(default_factory=dict)
    # The folders a run writes or walks, where a killed run may have left temp files.
    folders: set[str] = field(default_factory=set)

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
    output folder that carry catgen's header and that no catalog produces any more.

    An output that leads outside the project (through a symlink) is an error: nothing
    outside is read, written or deleted."""
    plan = Plan(real=real_output_paths(root, (output.path for output in outputs)))
    for output in outputs:
        current = read_text(Path(plan.real[output.path]))
        if current != output.content:
            plan.changed.append((output, current))
    files, folders = walk_output_folder(root, folder)
    plan.stale = headered(root, files, skip={output.path for output in outputs})
    plan.folders = {os.path.dirname(path) for path in plan.real.values()}
    plan.folders |= {str(root / path) for path in folders}
    return plan


def real_output_paths(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """Return output path -> real path; raise GenerationError if one is outside."""
    found = resolve_inside(root, paths)
    links: dict[str, list[str]] = {}
    for path, real in found.items():
        if real is None:
            links.setdefault(escaping_link(root, path) or "", []).append(path)
    if links:  # one problem per symlink, however many outputs lie behind it
        raise GenerationError([_outside(link, paths) for link, paths in links.items()])
    return {path: real for path, real in found.items() if real is not None}


def _outside(link: str, paths: list[str]) -> Problem:
    more = f" (and {len(paths) - 1} more outputs)" if len(paths) > 1 else ""
    how = f"through the symlink {link}" if link else "(after `..`)"
    return Problem(
        Location(paths[0]),
        f"output leads outside the project {how}{more}",
        "catgen writes only inside the project root: remove the symlink or point it "
        "inside the project, then run `catgen generate` again",
    )


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
    """Write `content` to `path` through a temp file in the same directory + rename.

    The temp file is named after this process (ownership.temp_name), so a run killed
    mid-write leaves a file the next run recognises as a leftover and removes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.parent / temp_name(path.name)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode(*ENCODING))
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def apply_plan(plan: Plan, root: Path) -> None:
    """Write every changed output, delete stale generated files, and remove the temp
    files a killed run left behind."""
    try:
        remove_leftover_temps(plan.folders)
        for output, _ in plan.changed:
            write_atomic(Path(plan.real[output.path]), output.content)
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

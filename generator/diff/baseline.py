"""The baseline of `catgen diff`: a git ref's spec/ tree or a directory, loaded as catalogs.

A git ref is read with the `git` command (never a library): `ls-tree` lists spec/ at the
commit and one `cat-file --batch` writes it into a temporary directory. Every failure is a
BaselineError (exit 8) that says how to fix it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..catalog import Catalog, find_catalogs, load_catalogs
from ..config import Project, project_at
from ..errors import BaselineError, CatalogError, Location, Problem


def _git(
    args: list[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    if not cwd.is_dir():  # else subprocess reports it as a missing `git`
        raise BaselineError(
            Problem(
                Location(str(cwd)),
                f"directory {str(cwd)!r} does not exist",
                "pass an existing project directory to --root",
            )
        )
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise BaselineError(
            Problem(
                Location(str(cwd)),
                "cannot run `git`: it is not installed or not on PATH",
                "install git, or pass a baseline directory to --against",
            )
        ) from None


def _git_error(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


def _toplevel(root: Path, ref: str) -> tuple[Path, str]:
    """Return (the repository's top directory, root's path prefix inside it)."""
    top = _git(["rev-parse", "--show-toplevel"], root)
    if top.returncode != 0:
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"cannot resolve --against {ref!r}: {root} is not inside a git repository "
                f"({_git_error(top)})",
                "run catgen diff inside a git checkout, or pass a baseline directory "
                "(a checkout or a copy of spec/) to --against",
            )
        )
    prefix = _git(["rev-parse", "--show-prefix"], root).stdout.decode().strip()
    return Path(top.stdout.decode().strip()), prefix


def _resolve_commit(root: Path, toplevel: Path, ref: str) -> str:
    """Return the commit id `ref` names; an option-like ref is never passed to git."""
    commit = b""
    if not ref.startswith("-"):
        resolved = _git(
            ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], toplevel
        )
        commit = resolved.stdout.strip() if resolved.returncode == 0 else b""
    if commit:
        return commit.decode()
    remote_hint = _fetch_hint(toplevel, ref)
    raise BaselineError(
        Problem(
            Location(str(root)),
            f"unknown git ref {ref!r}: no commit by that name in {toplevel}",
            "pass a branch, tag or commit that exists (see `git branch -a`)"
            + remote_hint
            + ", or a baseline directory",
        )
    )


def _fetch_hint(toplevel: Path, ref: str) -> str:
    """Return how to fetch a remote-tracking `ref` (`origin/feature/x`) that is missing.

    The refspec names the tracking ref explicitly: in a single-branch or shallow clone
    (CI's default) a plain `git fetch origin feature/x` only updates FETCH_HEAD."""
    listing = _git(["remote"], toplevel)
    remotes = listing.stdout.decode("utf-8", "replace").split()
    remote = max((r for r in remotes if ref.startswith(f"{r}/")), key=len, default="")
    if not remote and "/" in ref and not ref.startswith("refs/"):
        remote = ref.partition("/")[0]  # a remote not configured (yet): a best guess
    if not remote:
        return ""
    branch = ref[len(remote) + 1 :]
    return (
        f"; in CI fetch it first: `git fetch --depth=1 {remote} "
        f"{branch}:refs/remotes/{remote}/{branch}`"
    )


def _list_spec(
    root: Path, toplevel: Path, ref: str, commit: str, spec: str, *more: str
) -> list[str]:
    """Return the paths of every file under `spec` (and `more` folders) at `commit`."""
    listing = _git(
        [
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--name-only",
            commit,
            "--",
            spec,
            *more,
        ],
        toplevel,
    )
    if listing.returncode != 0:
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"cannot list {spec}/ at {ref}: {_git_error(listing)}",
                "check that the ref is readable (`git ls-tree " + ref + "`)",
            )
        )
    return [
        n.decode("utf-8", "surrogateescape") for n in listing.stdout.split(b"\0") if n
    ]


def _write_blobs(data: bytes, names: list[str], prefix: str, target: Path) -> None:
    """Write each blob of a `cat-file --batch` answer under target, prefix stripped."""
    position = 0
    for name in names:
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # a submodule or a missing object: nothing to compare
        size = int(header[2])
        content = data[position : position + size]
        position += size + 1
        relative = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)


def materialise_git_baseline(
    root: Path, ref: str, target: Path, project: Project | None = None
) -> str:
    """Write the catalogs and documents folders of `ref` under target at the same
    project-relative paths; return the resolved commit id."""
    project = project or Project(root=root)
    toplevel, prefix = _toplevel(root, ref)
    commit = _resolve_commit(root, toplevel, ref)
    spec = f"{prefix}{project.catalogs}"
    names = _list_spec(
        root, toplevel, ref, commit, spec, f"{prefix}{project.documents}"
    )
    (target / project.catalogs).mkdir(parents=True, exist_ok=True)
    if not names:
        return commit
    batch = _git(
        ["cat-file", "--batch"],
        toplevel,
        stdin="".join(f"{commit}:{name}\n" for name in names).encode(
            "utf-8", "surrogateescape"
        ),
    )
    if batch.returncode != 0:
        raise BaselineError(
            Problem(
                Location(str(root)),
                f"cannot read {spec}/ at {ref}: {_git_error(batch)}",
                "check the repository (`git fsck`), or pass a baseline directory",
            )
        )
    _write_blobs(batch.stdout, names, prefix, target)
    return commit


def _baseline_root_from_dir(directory: Path, scratch: Path, project: Project) -> Path:
    """Return a root holding the catalogs folder: the directory, or scratch with a copy
    of it (and of the project's documents, which a bare folder lacks)."""
    if (directory / project.catalogs).is_dir():
        return directory
    if any(directory.glob("*.catalog.yaml")):
        # Copies, not symlinks: a catalog's document must lie inside the root it is
        # loaded from (catalog.py), and the scratch is that root here.
        shutil.copytree(
            directory, scratch / project.catalogs, ignore_dangling_symlinks=True
        )
        documents = scratch / project.documents
        if not documents.exists() and (project.root / project.documents).is_dir():
            shutil.copytree(
                project.root / project.documents,
                documents,
                ignore_dangling_symlinks=True,
            )
        return scratch
    raise BaselineError(
        Problem(
            Location(str(directory)),
            f"baseline directory {directory} holds neither spec/ nor *.catalog.yaml files",
            "pass a checkout of the baseline (with spec/), its spec/ directory, or a git ref",
        )
    )


@contextmanager
def baseline_root(root: Path, against: str) -> Iterator[tuple[Path, str]]:
    """Yield (a project root holding the baseline spec/, a label for the baseline)."""
    with tempfile.TemporaryDirectory(prefix="catgen-diff-") as scratch_name:
        scratch = Path(scratch_name)
        candidate = Path(against)
        project = project_at(root)
        if against and candidate.is_dir():
            yield _baseline_root_from_dir(candidate, scratch, project), str(candidate)
            return
        if against and candidate.exists():
            raise BaselineError(
                Problem(
                    Location(against),
                    f"--against {against!r} is a file, not a directory or a git ref",
                    "pass a git ref (branch, tag, commit) or a baseline directory",
                )
            )
        commit = materialise_git_baseline(root, against, scratch, project)
        yield scratch, f"{against} ({commit[:12]})"


def load_baseline(
    base: Path, label: str, project: Project | None = None
) -> list[Catalog]:
    """Load the baseline catalogs; a broken baseline is a BaselineError, never exit 3."""
    project = project or Project(root=base)
    if not find_catalogs(base, project.catalogs):
        return []
    try:
        return load_catalogs(base, project.catalogs, project.documents)
    except CatalogError as exc:
        raise BaselineError(
            [
                Problem(
                    Location(f"{label}:{p.location}"),
                    f"baseline catalog is invalid: {p.message}",
                    "compare against a ref whose catalogs pass `catgen check`, or fix them "
                    "there first (the baseline is read with today's catalog format)",
                )
                for p in exc.problems
            ]
        ) from None


def load_current(root: Path) -> list[Catalog]:
    """Load the working-tree catalogs; an invalid one, or none at all, is a
    CatalogError (exit 3): a wrong directory must never pass the gate."""
    project = project_at(root)
    if not find_catalogs(root, project.catalogs):
        raise CatalogError(
            Problem(
                Location(project.catalogs),
                f"no catalogs ({project.catalogs}/*.catalog.yaml) found in {root}",
                "run catgen diff from the project, or pass its root with --root",
            )
        )
    return load_catalogs(root, project.catalogs, project.documents)

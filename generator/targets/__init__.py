"""The explicit registry of output targets: adding one = a module here + its templates."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog

GENERATED_DIR = "generated"


@dataclass(frozen=True)
class Output:
    """One file the generator owns, relative to the project root, fully rendered."""

    path: str
    content: str


@dataclass(frozen=True)
class Target:
    """A named output kind and the function that renders it for all catalogs."""

    name: str
    render: Callable[[Sequence[Catalog], Path], list[Output]]


def all_targets() -> tuple[Target, ...]:
    """Return every target, in the order they render."""
    from . import (
        json_schemas,
        markdown_reference,
        markdown_tables,
        pydantic_models,
        python_enums,
        python_package,
        python_registry,
        python_validators,
    )

    return (
        Target("python-package", python_package.render),
        Target("python-enums", python_enums.render),
        Target("python-registry", python_registry.render),
        Target("python-validators", python_validators.render),
        Target("json-schemas", json_schemas.render),
        Target("pydantic-models", pydantic_models.render),
        Target("markdown-reference", markdown_reference.render),
        Target("markdown-tables", markdown_tables.render),
    )


# From this many code entries on, the targets render in two processes (see below).
PARALLEL_FROM_CODES = 2000
# The targets a forked child renders: together about half the work at any size.
CHILD_TARGETS = frozenset(
    {"python-package", "python-registry", "json-schemas", "pydantic-models"}
)


def render_outputs(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render every target for every catalog, in memory, in target order."""
    codes = sum(len(catalog.section("codes")) for catalog in catalogs)
    # Forking a process that runs other threads can deadlock the child on a lock one
    # of them held (the CLI has one thread; a host program embedding catgen may not).
    if (
        codes >= PARALLEL_FROM_CODES
        and hasattr(os, "fork")
        and threading.active_count() == 1
    ):
        return render_outputs_forked(catalogs, root)
    return [o for target in all_targets() for o in target.render(catalogs, root)]


def render_outputs_forked(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render CHILD_TARGETS in a forked child and the rest here, at the same time.

    The targets are pure functions of the loaded catalogs, so the child inherits
    everything it needs with the fork and only sends its rendered text back; the result
    is the same list, in the same order, as rendering one target after the other."""
    targets = all_targets()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running any cleanup
        os.close(read_end)
        _send_child_result(write_end, catalogs, root, targets)
        os._exit(0)
    os.close(write_end)
    rendered: dict[str, list[Output]] = {}
    failure: BaseException | None = None
    try:
        for target in targets:
            if target.name not in CHILD_TARGETS:
                rendered[target.name] = target.render(catalogs, root)
    except BaseException as exc:  # reap the child first, then raise this
        failure = exc
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if failure is not None:
        raise failure
    if not payload:  # killed before it could answer (a signal, out of memory)
        raise RuntimeError(
            f"the rendering child process died ({_describe_exit(wait_status)})"
        )
    status, value = pickle.loads(payload)
    if status != "ok":
        raise value
    rendered.update(value)
    return [output for target in targets for output in rendered[target.name]]


def _describe_exit(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        return f"signal {os.WTERMSIG(wait_status)}"
    return f"exit status {os.waitstatus_to_exitcode(wait_status)}"


def _send_child_result(
    write_end: int, catalogs: Sequence[Catalog], root: Path, targets: Sequence[Target]
) -> None:
    try:
        result: tuple[str, object] = (
            "ok",
            {
                t.name: t.render(catalogs, root)
                for t in targets
                if t.name in CHILD_TARGETS
            },
        )
    except BaseException as exc:  # hand any failure to the parent, which raises it
        result = ("error", exc)
    try:
        payload = pickle.dumps(result)
    except Exception as exc:  # an exception that cannot be pickled: keep its text
        payload = pickle.dumps(("error", RuntimeError(f"{result[1]!r} ({exc})")))
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(payload)


def package_dir(catalog: Catalog) -> str:
    """Return the generated package directory of a catalog."""
    return f"{GENERATED_DIR}/{catalog.id}"

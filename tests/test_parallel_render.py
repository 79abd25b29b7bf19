"""Rendering in two processes gives exactly the sequential result, errors included."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from generator import targets
from generator.catalog import Catalog, load_catalogs
from generator.errors import GenerationError, Location, Problem

from .conftest import REPO


def sequential(catalogs: Sequence[Catalog]) -> list[targets.Output]:
    return [o for t in targets.all_targets() for o in t.render(catalogs, REPO)]


def test_forked_render_equals_sequential_render() -> None:
    catalogs = load_catalogs(REPO)
    assert targets.render_outputs_forked(catalogs, REPO) == sequential(catalogs)


def test_large_catalogs_render_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    forked = targets.render_outputs_forked

    def spy(catalogs: Sequence[Catalog], root: Path) -> list[targets.Output]:
        calls.append(len(catalogs))
        return forked(catalogs, root)

    monkeypatch.setattr(targets, "render_outputs_forked", spy)
    catalogs = load_catalogs(REPO)
    targets.render_outputs(catalogs, REPO)
    assert calls == []  # the seeds are small: one process
    monkeypatch.setattr(targets, "PARALLEL_FROM_CODES", 1)
    assert targets.render_outputs(catalogs, REPO) == sequential(catalogs)
    assert calls == [len(catalogs)]


@pytest.mark.parametrize("failing", ["python-registry", "markdown-tables"])
def test_an_error_in_either_process_is_raised(
    monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """`python-registry` renders in the child, `markdown-tables` in the parent."""
    assert (failing in targets.CHILD_TARGETS) == (failing == "python-registry")

    def broken(catalogs: Sequence[Catalog], root: Path) -> list[targets.Output]:
        raise GenerationError(Problem(Location("spec/x.yaml", 3, 1), "boom", "fix"))

    real = targets.all_targets()
    monkeypatch.setattr(
        targets,
        "all_targets",
        lambda: tuple(
            targets.Target(t.name, broken) if t.name == failing else t for t in real
        ),
    )
    with pytest.raises(GenerationError) as caught:
        targets.render_outputs_forked(load_catalogs(REPO), REPO)
    assert [str(p) for p in caught.value.problems] == [
        str(Problem(Location("spec/x.yaml", 3, 1), "boom", "fix"))
    ]


def test_a_child_that_dies_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    def killed(catalogs: Sequence[Catalog], root: Path) -> list[targets.Output]:
        os.kill(os.getpid(), signal.SIGKILL)
        return []

    real = targets.all_targets()
    monkeypatch.setattr(
        targets,
        "all_targets",
        lambda: tuple(
            targets.Target(t.name, killed) if t.name == "python-registry" else t
            for t in real
        ),
    )
    with pytest.raises(RuntimeError, match=r"child process died \(signal 9\)"):
        targets.render_outputs_forked(load_catalogs(REPO), REPO)


def test_a_threaded_host_renders_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    monkeypatch.setattr(targets, "PARALLEL_FROM_CODES", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.setattr(
        targets, "render_outputs_forked", lambda *args: pytest.fail("forked")
    )
    catalogs = load_catalogs(REPO)
    assert targets.render_outputs(catalogs, REPO) == sequential(catalogs)

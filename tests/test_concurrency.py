"""Clean faults: temp files are named after the process writing them, a run killed with
SIGKILL leaves nothing that survives the next run, and concurrent runs end in the tree one
run makes, every one of them exiting 0.

`CATGEN_KILL_RUNS` sets how many runs the SIGKILL test kills (5 by default; `make fuzz`
asks for 50)."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from catgen_taxonomy import ownership
from catgen_taxonomy.outputs import write_atomic

from .conftest import REPO
from .helpers import make_files, run_cli
from .test_path_safety import CATALOG, DOC, HEADERED

KILL_RUNS = int(os.environ.get("CATGEN_KILL_RUNS", "5"))
TEMP = re.compile(r"\..+\.catgen-\d+-[0-9a-f]+\.tmp\Z")
CATGEN = [sys.executable, "-c", "from catgen_taxonomy.entry import main; main()"]
BEGIN = re.compile(r"\s*<!-- catgen:begin ")
END = re.compile(r"\s*<!-- catgen:end ")


def tree(root: Path) -> dict[str, bytes]:
    """Return every file under root (the speed cache and byte code left out)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and ".catgen_cache" not in p.parts
        and "__pycache__" not in p.parts
    }


def temp_files(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if TEMP.match(p.name)]


def _empty_regions(text: str) -> str:
    """Drop every marked region's body, so that `generate` rewrites the document."""
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if END.match(line):
            inside = False
        if not inside:
            out.append(line)
        if BEGIN.match(line):
            inside = True
    return "".join(out)


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's catalogs with no outputs and every document's tables emptied:
    a run writes every output (62 files) and every document."""
    root = tmp_path_factory.mktemp("stale") / "project"
    shutil.copytree(REPO / "spec", root / "spec")
    for doc in (root / "spec" / "docs").glob("*.md"):
        doc.write_text(_empty_regions(doc.read_text("utf-8")), "utf-8")
    return root


@pytest.fixture(scope="module")
def one_run_tree(
    stale_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """The tree a single `generate` makes from the stale project."""
    root = tmp_path_factory.mktemp("single") / "project"
    shutil.copytree(stale_project, root)
    result = subprocess.run(
        [*CATGEN, "generate", "--root", str(root)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    written = tree(root)
    assert written != tree(stale_project)
    assert temp_files(root) == []
    return written


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The pid of a running process that is not this one."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def vocab(tmp_path: Path) -> Path:
    make_files(
        tmp_path, {"spec/vocab.catalog.yaml": CATALOG, "spec/docs/vocab.md": DOC}
    )
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    return tmp_path


def test_temp_names_name_their_writer() -> None:
    name = ownership.temp_name("enums.py")
    assert TEMP.match(name)
    assert name.startswith(".enums.py.catgen-")
    assert ownership.temp_writer(name) == os.getpid()
    assert ownership.temp_name("enums.py") != name
    for other in (
        "enums.py",
        ".enums.py.tmp",
        ".enums.py.abc123.tmp",  # tempfile.mkstemp's kind: no writer to ask
        ".catgen-12-ab.tmp",  # no file name before the mark
        ".x.catgen-12.tmp",
        ".x.catgen-pid-ab.tmp",
    ):
        assert ownership.temp_writer(other) is None, other


def test_a_write_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.txt"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]
    assert target.read_text() == "two\n"


def test_a_live_writers_temp_file_is_never_stale(vocab: Path, live_pid: int) -> None:
    """A concurrent run's temp file carries the header of the output it is writing;
    another run must neither report it as stale nor delete it (that run then exits 9).
    """
    temp = vocab / "generated" / "vocab" / f".enums.py.catgen-{live_pid}-0a1b2c.tmp"
    temp.write_text(HEADERED)
    assert run_cli("check", "--root", str(vocab)).exit_code == 0
    result = run_cli("generate", "--root", str(vocab))
    assert result.stdout == "catgen: all outputs up to date; nothing written\n"
    assert temp.read_text() == HEADERED


@pytest.mark.parametrize(
    "folder", ["generated/vocab", "generated", "spec/docs", ".catgen_cache"]
)
def test_a_dead_writers_temp_file_is_removed_by_the_next_run(
    vocab: Path, dead_pid: int, live_pid: int, folder: str
) -> None:
    dead = vocab / folder / f".vocab.md.catgen-{dead_pid}-0a1b2c.tmp"
    live = vocab / folder / f".vocab.md.catgen-{live_pid}-0a1b2c.tmp"
    old = vocab / folder / f".enums.py.catgen-{live_pid}-0d0e0f.tmp"
    for path in (dead, live, old):
        path.write_text(HEADERED)
    day_ago = time.time() - ownership.TEMP_MAX_AGE - 60  # no write takes a day
    os.utime(old, (day_ago, day_ago))
    result = run_cli("generate", "--root", str(vocab))
    assert result.stdout == "catgen: all outputs up to date; nothing written\n"
    assert (dead.exists(), live.exists(), old.exists()) == (False, True, False)


def _kill_mid_run(root: Path, rng: random.Random) -> None:
    """Start `generate` and SIGKILL it at a random moment of its writing phase."""
    process = subprocess.Popen(
        [*CATGEN, "generate", "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    # The output folder appears with the first write; wait for it, then a bit more.
    while not (root / "generated").exists() and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.0005)
    time.sleep(rng.uniform(0, 0.05))
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_a_run_killed_mid_write_leaves_nothing_the_next_run_keeps(
    stale_project: Path, one_run_tree: dict[str, bytes], tmp_path: Path
) -> None:
    rng = random.Random(int(os.environ.get("CATGEN_KILL_SEED", "14")))
    for attempt in range(KILL_RUNS):
        root = tmp_path / f"run{attempt}"
        shutil.copytree(stale_project, root)
        _kill_mid_run(root, rng)
        rerun = run_cli("generate", "--root", str(root))
        assert rerun.exit_code == 0, rerun.output
        assert temp_files(root) == [], attempt
        assert tree(root) == one_run_tree, attempt
        shutil.rmtree(root)


@pytest.mark.parametrize("runs", [2, 4])
def test_concurrent_runs_end_in_the_tree_one_run_makes(
    stale_project: Path, one_run_tree: dict[str, bytes], tmp_path: Path, runs: int
) -> None:
    root = tmp_path / "project"
    shutil.copytree(stale_project, root)
    processes = [
        subprocess.Popen(
            [*CATGEN, "generate", "--root", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(runs)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0] * runs, results
    assert temp_files(root) == []
    assert tree(root) == one_run_tree
    assert run_cli("check", "--root", str(root)).exit_code == 0

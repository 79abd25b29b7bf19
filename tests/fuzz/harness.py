"""The fuzz harness: build a case (a corpus entry, maybe mutated), run its catgen commands
in-process with a time limit, and say what is wrong with the outcome.

A case must never end in exit 70 (an internal error), an uncaught exception or a
traceback, must finish within CASE_SECONDS, and every `error:` line must be located
(`path:line:col: ...`, or `path: ...` for a whole file, path inside the case or the
repository). Run one case by hand (writes its files, prints its commands):

    .venv/bin/python -m tests.fuzz.harness catalogs 123 /tmp/case
"""

from __future__ import annotations

import faulthandler
import json
import os
import random
import re
import resource
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from click.testing import CliRunner, Result

from catgen_taxonomy.cli import main

from . import mutate as mu

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
REPO = HERE.parent.parent
FAMILIES = ("catalogs", "documents", "extract", "runtime")
INTERNAL_ERROR = 70
CASE_SECONDS = float(os.environ.get("CATGEN_FUZZ_CASE_SECONDS", "10"))
CASE_MEMORY = 2 * 1024**3  # bytes a case may add to the process's address space
ERROR_LINE = re.compile(r"^error: (?P<path>[^\n]+?)(?::\d+:\d+)?: ", re.M)


def scale() -> float:
    """Return CATGEN_FUZZ_SCALE (1 in CI; `make fuzz` sets 10)."""
    return float(os.environ.get("CATGEN_FUZZ_SCALE", "1"))


@dataclass
class Case:
    """One fuzz input: files relative to the project root and the commands to run."""

    name: str
    files: dict[str, bytes]
    commands: list[list[str]]
    mutations: list[str] = field(default_factory=list)
    exits: list[int] = field(default_factory=list)  # filled in by run_case


class CaseTimeout(BaseException):
    """A case ran past its time limit (BaseException: catgen's handlers let it pass)."""


def entries(family: str) -> list[Path]:
    """Return the family's corpus entries (seeds and bug reproducers), sorted."""
    folder = CORPUS / family
    if family == "runtime":
        return sorted(folder.glob("*/*.json"))
    if family == "extract":
        return sorted(folder.glob("*.md"))
    return sorted(p for p in folder.iterdir() if p.is_dir())


def _tree(entry: Path) -> dict[str, bytes]:
    return {
        f"spec/{p.relative_to(entry).as_posix()}": p.read_bytes()
        for p in sorted(entry.rglob("*"))
        if p.is_file()
    }


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _encode(value: str | bytes) -> bytes:
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogateescape")


def _project_case(family: str, entry: Path, rng: random.Random | None) -> Case:
    """A spec/ tree; catalogs mutate the catalog, documents the Markdown document."""
    files = _tree(entry)
    suffix = ".catalog.yaml" if family == "catalogs" else ".md"
    extra = mu.YAML_MUTATORS if family == "catalogs" else []
    case = Case(entry.name, files, [])
    if rng is not None:
        target = rng.choice(sorted(k for k in files if k.endswith(suffix)))
        mutated, case.mutations = mu.mutate(_text(files[target]), rng, extra)
        files[target] = _encode(mutated)
    case.commands = [["check", "--root", "{root}"]]
    if rng is None:  # a corpus entry: generate (its output must be usable), then check
        case.commands.insert(0, ["generate", "--root", "{root}"])
    elif rng.random() < 0.25:
        case.commands = [["generate", "--root", "{root}"]]
    elif rng is not None:  # every output format of check, sometimes without the diff
        case.commands[0] += rng.choice(CHECK_FLAGS)
    return case


CHECK_FLAGS = [[], [], ["--format", "json"], ["--format", "github"], ["-q"]]


def _extract_case(entry: Path, rng: random.Random | None) -> Case:
    """A Markdown document under spec/docs/: extract it, then generate from the result."""
    text = _text(entry.read_bytes())
    case = Case(entry.name, {}, [])
    if rng is not None:
        mutated, case.mutations = mu.mutate(text, rng, [])
        text_bytes = _encode(mutated)
    else:
        text_bytes = entry.read_bytes()
    case.files = {"spec/docs/doc.md": text_bytes}
    flags = ["--mark"] if rng is None or rng.random() < 0.5 else []
    if rng is not None and rng.random() < 0.2:
        flags.append("--strict")
    case.commands = [["extract", "--root", "{root}", "{root}/spec/docs/doc.md", *flags]]
    if rng is None or rng.random() < 0.3:  # a third: the catalog must also generate
        case.commands.append(["generate", "--root", "{root}"])
    return case


def _runtime_case(entry: Path, rng: random.Random | None) -> Case:
    """A runtime JSON file validated against this repository's artifact kinds."""
    kind = entry.parent.name
    case = Case(f"{kind}/{entry.name}", {"artifact.json": entry.read_bytes()}, [])
    if rng is not None:
        mutated, case.mutations = mu.mutate(
            _text(entry.read_bytes()), rng, mu.JSON_MUTATORS
        )
        case.files["artifact.json"] = _encode(mutated)
    fmt = "json" if rng is not None and rng.random() < 0.3 else "human"
    case.commands = [
        ["validate", "--root", str(REPO), "--format", fmt, kind, "{root}/artifact.json"]
    ]
    return case


def build_case(family: str, entry: Path, rng: random.Random | None) -> Case:
    """Return the case of a corpus entry, mutated when rng is given."""
    if family == "extract":
        return _extract_case(entry, rng)
    if family == "runtime":
        return _runtime_case(entry, rng)
    return _project_case(family, entry, rng)


def generated_case(family: str, index: int) -> Case:
    """Return case `index` of a family: a mutated corpus entry, seeded by its name."""
    rng = random.Random(f"{family}:{index}")
    entry = rng.choice(entries(family))
    case = build_case(family, entry, rng)
    case.name = f"{family}#{index} (from {case.name})"
    return case


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise CaseTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise CaseTimeout in this thread after `seconds`; a C-level hang is ended by
    faulthandler (the process exits with every thread's stack) at three times that."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True)
    try:
        with memory_limit(CASE_MEMORY):
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_limit(extra: int) -> Iterator[None]:
    """Cap this process's address space at its current size plus `extra` bytes, so a
    blow-up is a MemoryError (exit 70, reported) instead of the machine's OOM killer."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # not Linux: no cap
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _unlocated(output: str, root: Path) -> list[str]:
    """Return the `error:` lines whose location is not a path in the case or the repo."""
    bad = []
    for line in output.splitlines():
        if not line.startswith("error: ") or "internal error:" in line:
            continue  # exit 70 is reported as such
        match = ERROR_LINE.match(line)
        path = match.group("path") if match else ""
        where = (root / path).resolve() if path and path != "catgen" else None
        inside = where is not None and any(
            where == base or base in where.parents for base in (root.parent, REPO)
        )
        if not inside:
            bad.append(line[:300])
    return bad


def _json_unlocated(output: str) -> list[str]:
    """Return the problems of a JSON error report that name no file."""
    try:
        body = json.loads(output)
    except ValueError:
        return []
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return []
    return [str(p)[:300] for p in error.get("problems", []) if not p.get("file")]


def judge(result: Result, root: Path) -> list[str]:
    """Return what is wrong with one command's outcome (empty: nothing)."""
    wrong = []
    output = result.stdout + result.stderr
    if result.exit_code == INTERNAL_ERROR:
        said = [line for line in output.splitlines() if "internal error" in line]
        wrong.append(f"exit 70: {(said or [output[-300:]])[0][:500]}")
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        wrong.append(f"uncaught {type(exc).__name__}: {str(exc)[:300]}")
    if "Traceback (most recent call last)" in output:
        wrong.append("a traceback in the output")
    for line in _unlocated(result.stderr, root) + _json_unlocated(result.stdout):
        wrong.append(f"unlocated error: {line}")
    return wrong


def broken_outputs(root: Path) -> list[str]:
    """Return the generated Python files that do not compile and JSON files that do not
    parse (a `generate` that exits 0 must leave usable output)."""
    broken = []
    for path in sorted((root / "generated").rglob("*")):
        if path.suffix not in (".py", ".json") or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        try:
            if path.suffix == ".py":
                compile(text, str(path), "exec", dont_inherit=True)
            else:
                json.loads(text)
        except (SyntaxError, ValueError) as exc:
            where = path.relative_to(root).as_posix()
            broken.append(f"broken output {where}: {type(exc).__name__}: {exc}"[:300])
    return broken


def write_case(case: Case, root: Path) -> None:
    """Write a case's files under root."""
    for relpath, data in case.files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_case(case: Case, workdir: Path) -> list[str]:
    """Run a case in a fresh project under workdir; return its problems, each one line
    naming the case, the command and what went wrong."""
    root = workdir / "project"
    shutil.rmtree(workdir, ignore_errors=True)
    write_case(case, root)
    problems: list[str] = []
    for command in case.commands:
        argv = [arg.replace("{root}", str(root)) for arg in command]
        started = time.perf_counter()
        try:
            with time_limit(CASE_SECONDS):
                result = CliRunner().invoke(main, argv)
        except CaseTimeout:
            problems.append(f"hang: no answer after {CASE_SECONDS:.0f} s")
            break
        case.exits.append(result.exit_code)
        wrong = judge(result, root)
        if argv[0] == "generate" and result.exit_code == 0:
            wrong += broken_outputs(root)
        problems += [
            f"{w} [exit {result.exit_code}, {time.perf_counter() - started:.2f} s]"
            for w in wrong
        ]
        if result.exit_code != 0 or wrong:
            break  # the follow-up command needs this one's success
    label = f"{case.name} mutations={case.mutations} commands={case.commands}"
    shutil.rmtree(workdir, ignore_errors=True) if not problems else None
    return [f"{label}: {p}" for p in problems]


def _main(argv: list[str]) -> int:
    """Write case FAMILY INDEX (or a corpus entry's name) into DIR; print its commands."""
    family, which, target = argv
    if which.isdigit():
        case = generated_case(family, int(which))
    else:
        entry = next(e for e in entries(family) if e.name == which)
        case = build_case(family, entry, None)
    root = Path(target) / "project"
    write_case(case, root)
    for command in case.commands:
        print("catgen", *[arg.replace("{root}", str(root)) for arg in command])
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

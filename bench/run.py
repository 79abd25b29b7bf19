#!/usr/bin/env python3
"""catgen performance benchmark: every figure of the performance issue, measured against
`python -c pass` and the relevant peer tool in the same run.

    python bench/run.py [--quick] [--only NAME ...] [--runs N] [--out FILE]

Run it with the project's Python (`make bench` uses .venv/bin/python). catgen is run from
the checkout this script lives in (`python -c "from catgen_taxonomy.entry import main; main()"`
with PYTHONPATH set to the repository root). Peer tools (cogapp, LinkML, jsonschema,
fastjsonschema, jsonschema-rs, pydantic, jinja2 + black + ruamel.yaml for the naive
pipeline) are installed into bench/.venv, created here when missing; they are never
runtime dependencies of catgen. A peer that cannot be installed is reported as such.

Wall-clock items run as subprocesses; baseline and subject runs are interleaved (one of
each per round) because machines are noisy. Each row reports the median and the min-max
range. Synthetic catalogs and temp projects live under bench/_work/ (git-ignored).

Top level imports only the standard library.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "_work"
VENV = BENCH / ".venv"
VPY = VENV / "bin" / "python"
PY = sys.executable
# Byte-code caching as on a normal machine: a PYTHONDONTWRITEBYTECODE inherited from the
# caller's shell would make every run recompile every module (the warm-up run writes .pyc).
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV = {**BASE_ENV, "PYTHONPATH": str(ROOT)}
CATGEN = [PY, "-c", "from catgen_taxonomy.entry import main; main()"]
CLICK_FIRST = (
    "import catgen_taxonomy.cli; from catgen_taxonomy.entry import main; main()"
)
SIZES = (150, 1000, 10000)
SEED_ADR = "adr_0005"
IMPORT_SLACK = 0.005  # "no more than `import json` plus a few ms": 5 ms

sys.path.insert(0, str(BENCH))
import synth  # bench/synth.py, stdlib only

# pip name -> module whose import proves it is installed
PEERS = {
    "cogapp": "cogapp",
    "linkml": "linkml",
    "jsonschema": "jsonschema",
    "fastjsonschema": "fastjsonschema",
    "jsonschema-rs": "jsonschema_rs",
    "pydantic": "pydantic",
    "jinja2": "jinja2",
    "black": "black",
    "ruamel.yaml": "ruamel.yaml",
}


class BenchError(Exception):
    """A measured command did not behave as expected (wrong exit code, ...)."""


# --- rows ------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    samples: list[float] = field(default_factory=list)
    unit: str = "s"  # "s" (lower is better) or "docs/s" (higher is better)
    base_name: str = ""
    base: list[float] = field(default_factory=list)
    target: str = ""
    met: bool | None = None
    note: str = ""
    runs_note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.base) if self.base else None


ROWS: list[Row] = []


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "docs/s":
        return f"{value:,.0f}/s"
    return f"{value:.3f} s"


def fmt_range(samples: Sequence[float], unit: str) -> str:
    if not samples:
        return "—"
    return f"{fmt(min(samples), unit)}–{fmt(max(samples), unit)}"


def markdown_table(rows: Sequence[Row]) -> str:
    lines = [
        "| what | median | range (n) | baseline/peer median | ratio | target | met? |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ratio = "—"
        if row.median is not None and row.base_median:
            ratio = f"{row.median / row.base_median:.2f}x"
        base = "—"
        if row.base_name:
            base = (
                f"{row.base_name}: {fmt(row.base_median, row.unit)}"
                if row.base
                else (row.base_name)
            )
        rng = fmt_range(row.samples, row.unit)
        if row.samples:
            rng += f" ({len(row.samples)}{row.runs_note})"
        met = {True: "yes", False: "**no**", None: "—"}[row.met]
        what = row.what + (f" — {row.note}" if row.note else "")
        lines.append(
            f"| {what} | {fmt(row.median, row.unit)} | {rng} | {base} | {ratio} | "
            f"{row.target or '—'} | {met} |"
        )
    return "\n".join(lines) + "\n"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- running and timing ------------------------------------------------------------------


@dataclass
class Cmd:
    """One command to time; `setup` runs before each run, outside the timing."""

    argv: list[str]
    cwd: Path | None = None
    expect: int | None = 0
    env: dict[str, str] | None = None
    setup: Callable[[], None] | None = None


def run_once(cmd: Cmd) -> float:
    if cmd.setup is not None:
        cmd.setup()
    start = time.perf_counter()
    proc = subprocess.run(
        cmd.argv,
        cwd=cmd.cwd,
        env=cmd.env or ENV,
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if cmd.expect is not None and proc.returncode != cmd.expect:
        raise BenchError(
            f"{' '.join(cmd.argv[-4:])} exited {proc.returncode}, expected {cmd.expect}: "
            f"{(proc.stderr or proc.stdout).decode(errors='replace')[-800:]}"
        )
    return elapsed


def interleaved(
    cmds: dict[str, Cmd], runs: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Run every command `runs` times, one of each per round, after `warmup` rounds
    (byte-compilation, page cache) that are discarded."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(warmup):
        for cmd in cmds.values():
            run_once(cmd)
    for round_index in range(runs):
        names = list(cmds)
        if round_index % 2:  # alternate the order so neither side always runs second
            names.reverse()
        for name in names:
            times[name].append(run_once(cmds[name]))
    return times


def pass_cmd() -> Cmd:
    return Cmd([PY, "-c", "pass"])


def catgen(*args: str, cwd: Path, expect: int | None = 0, setup=None) -> Cmd:  # type: ignore[no-untyped-def]
    return Cmd([*CATGEN, *args], cwd=cwd, expect=expect, setup=setup)


def output(
    argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> str:
    proc = subprocess.run(
        argv, cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise BenchError(f"{argv[:4]} exited {proc.returncode}: {proc.stderr[-800:]}")
    return proc.stdout


# --- the bench venv with the peers ----------------------------------------------------


def ensure_bench_venv() -> dict[str, bool]:
    """Create bench/.venv and install the peers when missing; return what is importable."""
    if not VPY.exists():
        say("creating bench/.venv for the peer tools ...")
        subprocess.run([PY, "-m", "venv", str(VENV)], check=False, capture_output=True)
    have = installed_peers()
    missing = [name for name, ok in have.items() if not ok]
    if missing and VPY.exists():
        say(f"installing peers into bench/.venv: {' '.join(missing)} ...")
        pip = [
            str(VPY),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        proc = subprocess.run(
            [*pip, *missing], capture_output=True, text=True, check=False
        )
        if (
            proc.returncode != 0
        ):  # one by one, so one broken peer does not hide the rest
            for name in missing:
                subprocess.run(
                    [*pip, name], capture_output=True, text=True, check=False
                )
        have = installed_peers()
    for name, ok in have.items():
        if not ok:
            say(f"peer not available: {name}")
    return have


def installed_peers() -> dict[str, bool]:
    if not VPY.exists():
        return {name: False for name in PEERS}
    probe = (
        "import importlib.util, json, sys\n"
        "names = json.loads(sys.argv[1])\n"
        "print(json.dumps({k: importlib.util.find_spec(m) is not None "
        "for k, m in names.items()}))\n"
    )
    proc = subprocess.run(
        [str(VPY), "-c", probe, json.dumps(PEERS)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return dict(json.loads(proc.stdout))
    except ValueError:
        return {name: False for name in PEERS}


def peer_env() -> dict[str, str]:
    env = {k: v for k, v in BASE_ENV.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


STAMP = ".bench-stamp"  # the content digest a cached bench/_work folder was built from


def stamp_matches(stamp: Path, digest: str) -> bool:
    return stamp.exists() and stamp.read_text() == digest


def user_install() -> Path:
    """bench/_work/user-venv: catgen installed from its wheel, with its dependencies, the
    way `pip install catgen` leaves it (no editable path finder in site). Rebuilt when
    the wheel's contents change. Returns the venv's bin/ folder."""
    venv = WORK / "user-venv"
    wheels = WORK / "wheel"
    if wheels.exists():
        shutil.rmtree(wheels)
    output(
        [PY, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        cwd=WORK,
    )
    (wheel,) = wheels.glob("catgen_taxonomy-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        contents = b"".join(
            info.filename.encode() + archive.read(info)
            for info in archive.infolist()
            if ".dist-info/" not in info.filename
        )
    digest = hashlib.sha256(contents).hexdigest()
    stamp = venv / STAMP
    if not stamp_matches(stamp, digest):
        say("installing catgen from its wheel into bench/_work/user-venv ...")
        if venv.exists():
            shutil.rmtree(venv)
        clean_env = peer_env()  # no PYTHONPATH: the checkout must not look installed
        output([PY, "-m", "venv", str(venv)], cwd=WORK, env=clean_env)
        # a current pip, as the Makefile uses: pip 23's console-script launcher
        # imports re (~10 ms) before catgen runs; newer launchers do not
        output(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-U", "pip"],
            cwd=WORK,
            env=clean_env,
        )
        output(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
            cwd=WORK,
            env=clean_env,
        )
        stamp.write_text(digest)
    return venv / "bin"


# --- projects under bench/_work --------------------------------------------------------


def copy_seeds(dest: Path, keep_generated: bool = True) -> None:
    """A temp project with the repository's spec/ (+ generated/)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "spec", dest / "spec")
    if keep_generated:
        shutil.copytree(
            ROOT / "generated",
            dest / "generated",
            ignore=shutil.ignore_patterns("__pycache__"),
        )


def synth_project(n: int) -> Path:
    """bench/_work/synth_<n>: the synthetic project, generated once (cached by content)."""
    project = WORK / f"synth_{n}"
    stamp = project / STAMP
    want = f"{synth.catalog_yaml(n)}\n{synth.document_md(n)}"
    digest = hashlib.sha256(want.encode()).hexdigest()
    ok = stamp_matches(stamp, digest)
    if ok:  # still generated by this checkout?
        ok = (
            subprocess.run(
                [*CATGEN, "check"],
                cwd=project,
                env=ENV,
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
    if not ok:
        say(f"building synthetic catalog with {n} codes (bench/_work/synth_{n}) ...")
        if project.exists():
            shutil.rmtree(project)
        synth.write_project(project, n)
        output([*CATGEN, "generate"], cwd=project)
        stamp.write_text(digest)
    return project


def fresh_synth(n: int, dest: Path) -> Callable[[], None]:
    """Setup: a synthetic project with spec/ only (nothing generated yet)."""

    def setup() -> None:
        if dest.exists():
            shutil.rmtree(dest)
        synth.write_project(dest, n)

    return setup


# --- the measurements -----------------------------------------------------------------


def bench_startup(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """Unchanged `catgen check` on the seeds vs python -c pass, the import peer, cog."""
    seeds = WORK / "seeds"
    copy_seeds(seeds)
    project_150 = synth_project(150)
    cmds = {
        "pass": pass_cmd(),
        "imports": Cmd([PY, "-c", "import jinja2, ruamel.yaml, click"]),
        "check": catgen("check", cwd=seeds),
        "check150": catgen("check", cwd=project_150),
    }
    cog_dir = WORK / "cog"
    if have.get("cogapp") and have.get("ruamel.yaml"):
        if cog_dir.exists():
            shutil.rmtree(cog_dir)
        cog_dir.mkdir(parents=True)
        shutil.copy2(
            project_150 / "spec" / "synth.catalog.yaml", cog_dir / "catalog.yaml"
        )
        (cog_dir / "table.md").write_text(synth.cog_markdown(), encoding="utf-8")
        output(
            [str(VENV / "bin" / "cog"), "-r", "table.md"], cwd=cog_dir, env=peer_env()
        )
        cmds["cog"] = Cmd(
            [str(VENV / "bin" / "cog"), "--check", "table.md"],
            cwd=cog_dir,
            env=peer_env(),
        )
    user_bin = user_install()
    user_env = {k: v for k, v in peer_env().items() if k != "PATH"}
    cmds["user-pass"] = Cmd([str(user_bin / "python"), "-c", "pass"], env=user_env)
    cmds["user-check"] = Cmd(
        [str(user_bin / "catgen"), "check"], cwd=seeds, env=user_env
    )
    # The same cache lookup behind click: what the fast entry's own argv parser saves.
    cmds["user-click"] = Cmd(
        [str(user_bin / "python"), "-c", CLICK_FIRST, "check"], cwd=seeds, env=user_env
    )
    times = interleaved(cmds, args.runs)
    base = times["pass"]
    user_check = times["user-check"]
    user_med = statistics.median(user_check)
    user_ratio = user_med / statistics.median(times["user-pass"])
    ROWS.append(
        Row(
            "`python -c pass`, a venv with catgen installed from its wheel (baseline)",
            times["user-pass"],
        )
    )
    ROWS.append(
        Row(
            "`catgen check`, 5 seeds, nothing changed, catgen installed from its wheel",
            user_check,
            base_name="`python -c pass` (same venv)",
            base=times["user-pass"],
            target="<= 0.05 s and <= 3.5x `python -c pass`",
            met=user_med <= 0.05 and user_ratio <= 3.5,
        )
    )
    ROWS.append(
        Row(
            "`catgen check`, 5 seeds, nothing changed, wheel install, with click and "
            "catgen_taxonomy.cli imported first (the fast entry's argv parser pays if slower)",
            times["user-click"],
            base_name="the fast entry (`catgen check`)",
            base=user_check,
            target="slower than the fast entry",
            met=statistics.median(times["user-click"]) > user_med,
        )
    )
    ROWS.append(
        Row(
            "`python -c pass`, the development venv (editable install: site loads "
            "setuptools' path finder, ~18 ms, in every process) (baseline)",
            base,
        )
    )
    ROWS.append(
        Row(
            "`python -c 'import jinja2, ruamel.yaml, click'`",
            times["imports"],
            base_name="`python -c pass`",
            base=base,
            target="(peer: 0.082 s)",
        )
    )
    check = times["check"]
    med = statistics.median(check)
    ratio = med / statistics.median(base)
    ROWS.append(
        Row(
            "`catgen check`, 5 seeds, nothing changed, development venv",
            check,
            base_name="`python -c pass`",
            base=base,
            target="<= 0.05 s and <= 3.5x `python -c pass`",
            met=med <= 0.05 and ratio <= 3.5,
        )
    )
    if "cog" in times:
        ROWS.append(
            Row(
                "`cog --check`, 150-code table (ruamel.yaml)",
                times["cog"],
                base_name="`python -c pass`",
                base=base,
                target="(peer: 0.102 s)",
            )
        )
        ROWS.append(
            Row(
                "`catgen check`, 5 seeds, nothing changed, vs cog",
                check,
                base_name="`cog --check`",
                base=times["cog"],
                target="<= 0.5x `cog --check`",
                met=med <= 0.5 * statistics.median(times["cog"]),
            )
        )
        ROWS.append(
            Row(
                "`catgen check`, synthetic 150 codes, nothing changed, vs cog",
                times["check150"],
                base_name="`cog --check`",
                base=times["cog"],
                target="<= 0.5x `cog --check`",
                met=statistics.median(times["check150"])
                <= 0.5 * statistics.median(times["cog"]),
            )
        )
    else:
        ROWS.append(
            Row("`cog --check`", note="cogapp could not be installed in bench/.venv")
        )


def bench_changed(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """`catgen check` with one description changed (exit 1)."""
    project = WORK / "seeds_changed"
    copy_seeds(project)
    catalog = project / "spec" / f"{SEED_ADR}.catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    marker = "description: Failure severity."
    if marker not in text:
        raise BenchError(
            f"cannot find {marker!r} in spec/{SEED_ADR}.catalog.yaml to change"
        )
    catalog.write_text(
        text.replace(marker, "description: Failure severity (bench edit).", 1),
        encoding="utf-8",
    )
    times = interleaved(
        {"pass": pass_cmd(), "check": catgen("check", cwd=project, expect=1)}, args.runs
    )
    med = statistics.median(times["check"])
    ROWS.append(
        Row(
            "`catgen check`, 5 seeds, one description changed (exit 1)",
            times["check"],
            base_name="`python -c pass`",
            base=times["pass"],
            target="<= 1.0 s",
            met=med <= 1.0,
        )
    )


def bench_generate(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """Fully cold `catgen generate` of the five seeds: no generated/ at all."""
    project = WORK / "seeds_cold"

    def fully_cold() -> None:
        copy_seeds(project, keep_generated=False)

    times = interleaved(
        {"pass": pass_cmd(), "gen": catgen("generate", cwd=project, setup=fully_cold)},
        max(3, args.runs - 2),
    )
    med = statistics.median(times["gen"])
    ROWS.append(
        Row(
            "`catgen generate`, 5 seeds, fully cold (no generated/)",
            times["gen"],
            base_name="`python -c pass`",
            base=times["pass"],
            target="<= 1.0 s",
            met=med <= 1.0,
        )
    )


def linkml_cmds(n: int) -> dict[str, Cmd]:
    folder = WORK / "linkml"
    folder.mkdir(parents=True, exist_ok=True)
    schema = folder / f"synth_{n}.yaml"
    schema.write_text(synth.linkml_schema(n), encoding="utf-8")
    bin_ = VENV / "bin"
    docs = folder / f"docs_{n}"
    return {
        "gen-pydantic": Cmd(
            [str(bin_ / "gen-pydantic"), schema.name], cwd=folder, env=peer_env()
        ),
        "gen-json-schema": Cmd(
            [str(bin_ / "gen-json-schema"), schema.name], cwd=folder, env=peer_env()
        ),
        "gen-doc": Cmd(
            [str(bin_ / "gen-doc"), "-d", str(docs), schema.name],
            cwd=folder,
            env=peer_env(),
        ),
    }


def naive_cmd(n: int) -> Cmd:
    project = synth_project(n)
    return Cmd(
        [
            str(VPY),
            str(BENCH / "naive_pipeline.py"),
            str(project / "spec" / "synth.catalog.yaml"),
            str(WORK / "naive" / str(n)),
        ],
        env=peer_env(),
    )


def bench_peers150(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """The 150-code generator peers: LinkML gen-pydantic/gen-json-schema/gen-doc, naive
    jinja2 + black, against python -c pass and catgen generate of the same catalog."""
    n = 150
    dest = WORK / "synth_gen"
    cmds = {
        "pass": pass_cmd(),
        "catgen": catgen("generate", cwd=dest, setup=fresh_synth(n, dest)),
    }
    if have.get("linkml"):
        cmds.update(linkml_cmds(n))
    if have.get("jinja2") and have.get("black") and have.get("ruamel.yaml"):
        cmds["naive"] = naive_cmd(n)
    runs = max(3, args.runs - 2)
    times = interleaved(cmds, runs)
    base = times["pass"]
    catgen_med = statistics.median(times["catgen"])
    for tool, peer in (
        ("gen-pydantic", 1.25),
        ("gen-json-schema", 1.55),
        ("gen-doc", 1.43),
    ):
        if tool in times:
            ROWS.append(
                Row(
                    f"LinkML `{tool}`, 150 codes",
                    times[tool],
                    base_name="`python -c pass`",
                    base=base,
                    target=f"(peer: {peer} s)",
                )
            )
        else:
            ROWS.append(
                Row(
                    f"LinkML `{tool}`, 150 codes",
                    note="linkml could not be installed in bench/.venv",
                )
            )
    if "naive" in times:
        ROWS.append(
            Row(
                "naive jinja2 + black.format_str, 150 codes",
                times["naive"],
                base_name="`python -c pass`",
                base=base,
                target="(peer: 0.56 s)",
            )
        )
    else:
        ROWS.append(
            Row(
                "naive jinja2 + black, 150 codes",
                note="jinja2/black/ruamel.yaml could not be installed",
            )
        )
    if "gen-pydantic" in times:
        ROWS.append(
            Row(
                "`catgen generate` (all targets), synthetic 150, fully cold, "
                "vs LinkML gen-pydantic",
                times["catgen"],
                base_name="LinkML gen-pydantic",
                base=times["gen-pydantic"],
                target="faster than the peer",
                met=catgen_med < statistics.median(times["gen-pydantic"]),
            )
        )
    if "naive" in times:
        ROWS.append(
            Row(
                "`catgen generate` (all targets), synthetic 150, fully cold, "
                "vs naive pipeline",
                times["catgen"],
                base_name="naive jinja2+black",
                base=times["naive"],
                target="faster than the peer",
                met=catgen_med < statistics.median(times["naive"]),
            )
        )


def bench_scale(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """Synthetic 150 / 1,000 / 10,000 codes: fully cold generate, unchanged check;
    peers at 10k: LinkML gen-pydantic, naive jinja2 + black."""
    medians: dict[str, dict[int, float]] = {"cold": {}, "check": {}}
    for n in SIZES:
        project = synth_project(n)
        dest = WORK / "synth_gen"
        big = n >= 10000
        runs = 3 if n >= 1000 else max(3, args.runs - 2)
        cmds = {
            "pass": pass_cmd(),
            "cold": catgen("generate", cwd=dest, setup=fresh_synth(n, dest)),
        }
        times = interleaved(cmds, runs, warmup=0 if big else 1)
        check_times = interleaved(
            {"pass": pass_cmd(), "check": catgen("check", cwd=project)}, args.runs
        )
        base = times["pass"]
        med = statistics.median(times["cold"])
        medians["cold"][n] = med
        row = Row(
            f"`catgen generate`, synthetic {n:,} codes, fully cold (no generated/)",
            times["cold"],
            base_name="`python -c pass`",
            base=base,
        )
        if big:
            row.target, row.met = "<= 2.5 s", med <= 2.5
        ROWS.append(row)
        med = statistics.median(check_times["check"])
        medians["check"][n] = med
        row = Row(
            f"`catgen check`, synthetic {n:,} codes, nothing changed",
            check_times["check"],
            base_name="`python -c pass`",
            base=check_times["pass"],
        )
        if big:
            row.target, row.met = "<= 0.3 s", med <= 0.3
        ROWS.append(row)
    # Linear growth: 10x the codes (1k -> 10k) may cost at most ~10x the time.
    for key, label in (
        ("cold", "generate (fully cold)"),
        ("check", "check (unchanged)"),
    ):
        m = medians[key]
        per_1k = (m[10000] - m[1000]) / 9.0
        ROWS.append(
            Row(
                f"growth of `catgen {label}` from 1,000 to 10,000 codes (10x the codes)",
                [m[10000]],
                base_name="same at 1,000 codes",
                base=[m[1000]],
                target="<= 10x (linear or better)",
                met=m[10000] <= 10.5 * m[1000],
                note=f"{per_1k * 1000:.0f} ms per 1,000 added codes; 150→1k: "
                f"{m[1000] / m[150]:.2f}x for 6.7x the codes",
                runs_note=", medians above",
            )
        )
    if args.quick:
        return
    peer_cmds: dict[str, Cmd] = {"pass": pass_cmd()}
    if have.get("linkml"):
        peer_cmds["gen-pydantic"] = linkml_cmds(10000)["gen-pydantic"]
    if have.get("jinja2") and have.get("black") and have.get("ruamel.yaml"):
        peer_cmds["naive"] = naive_cmd(10000)
    if len(peer_cmds) == 1:
        return
    say("10k peers: LinkML gen-pydantic (3 runs), naive jinja2 + black (1 run) ...")
    times = interleaved(
        {k: v for k, v in peer_cmds.items() if k != "naive"}, 3, warmup=0
    )
    cold_10k = medians["cold"][10000]
    if "gen-pydantic" in times:
        ROWS.append(
            Row(
                "LinkML `gen-pydantic`, 10,000 codes",
                times["gen-pydantic"],
                base_name="`python -c pass`",
                base=times["pass"],
                target="(peer: 5.0 s)",
            )
        )
        ROWS.append(
            Row(
                "`catgen generate` 10,000 (fully cold) vs LinkML gen-pydantic 10,000",
                [cold_10k],
                base_name="LinkML gen-pydantic",
                base=times["gen-pydantic"],
                target="faster than the peer",
                met=cold_10k < statistics.median(times["gen-pydantic"]),
                runs_note=", median above",
            )
        )
    if "naive" in peer_cmds:
        naive = [run_once(peer_cmds["naive"])]
        ROWS.append(
            Row(
                "naive jinja2 + black.format_str, 10,000 codes",
                naive,
                base_name="`python -c pass`",
                base=times["pass"],
                target="(peer: 38.9 s)",
                runs_note=", 1 run only",
            )
        )
        ROWS.append(
            Row(
                "`catgen generate` 10,000 (fully cold) vs naive pipeline",
                [cold_10k],
                base_name="naive jinja2+black",
                base=naive,
                target="faster than the peer",
                met=cold_10k < naive[0],
                runs_note=", median above",
            )
        )


LOAD_SNIPPET = """\
import sys, time
path = sys.argv[1]
if sys.argv[2] == "catgen":
    from catgen_taxonomy.yamlload import load_yaml
    text = open(path, encoding="utf-8").read()
    start = time.perf_counter()
    load_yaml(text, "spec/synth.catalog.yaml")
else:
    from ruamel.yaml import YAML
    text = open(path, encoding="utf-8").read()
    start = time.perf_counter()
    YAML(typ="safe", pure=True).load(text)
print(time.perf_counter() - start)
"""


def bench_yaml(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """The YAML loader: libyaml when installed (`catgen --version`), load time at 10k."""
    version = output([*CATGEN, "--version"], cwd=ROOT).strip()
    ROWS.append(
        Row(
            f"`catgen --version` → `{version}`",
            target="names libyaml when installed",
            met="libyaml" in version,
        )
    )
    path = synth_project(10000) / "spec" / "synth.catalog.yaml"
    catgen_times: list[float] = []
    ruamel_times: list[float] = []
    runs = 3 if args.quick else 5
    for _ in range(runs):
        catgen_times.append(
            float(output([PY, "-c", LOAD_SNIPPET, str(path), "catgen"]))
        )
        if have.get("ruamel.yaml"):
            ruamel_times.append(
                float(
                    output(
                        [str(VPY), "-c", LOAD_SNIPPET, str(path), "ruamel"],
                        env=peer_env(),
                    )
                )
            )
    ROWS.append(
        Row(
            "catgen YAML load (libyaml + positions), 10,000-code catalog, in-process",
            catgen_times,
            base_name=(
                "ruamel.yaml pure-Python load"
                if ruamel_times
                else "ruamel.yaml not installed"
            ),
            base=ruamel_times,
            target="(peer: ruamel pure 4.7 s)",
        )
    )
    if ruamel_times:
        ROWS.append(
            Row(
                "ruamel.yaml pure-Python load, 10,000-code catalog, in-process",
                ruamel_times,
                target="(peer: 4.7 s)",
            )
        )


def bench_validate(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """In-process docs/s on the 30-entry health.json of the 150-code catalog."""
    project = synth_project(150)
    docs = WORK / "health"
    docs.mkdir(parents=True, exist_ok=True)
    valid = docs / "health.json"
    invalid = docs / "health_invalid.json"
    valid.write_text(json.dumps(synth.health_document(150), indent=2), encoding="utf-8")
    invalid.write_text(
        json.dumps(synth.invalid_health_document(150), indent=2), encoding="utf-8"
    )
    seconds = "0.2" if args.quick else "0.4"
    repeats = "3" if args.quick else str(args.runs)
    worker = str(BENCH / "validate_worker.py")

    def measure(
        python: str, lib: str, doc: Path, env: dict[str, str]
    ) -> tuple[list[float], str]:
        proc = subprocess.run(
            [python, worker, lib, str(project), str(doc), seconds, repeats],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        try:
            result = json.loads(proc.stdout)
        except ValueError:
            return [], f"failed: {proc.stderr.strip()[-200:]}"
        if "error" in result:
            return [], f"failed: {result['error']}"
        return result["rates"], (
            "" if result["valid"] == (doc == valid) else "UNEXPECTED VERDICT"
        )

    ours, note = measure(PY, "catgen", valid, ENV)
    bad, bad_note = measure(PY, "catgen", invalid, ENV)
    peers: dict[str, tuple[list[float], str]] = {}
    for lib, pip_name in (
        ("jsonschema", "jsonschema"),
        ("fastjsonschema", "fastjsonschema"),
        ("jsonschema-rs", "jsonschema-rs"),
        ("pydantic", "pydantic"),
    ):
        if have.get(pip_name):
            peers[lib] = measure(str(VPY), lib, valid, peer_env())
        else:
            peers[lib] = ([], f"{pip_name} could not be installed in bench/.venv")
    rs = peers["jsonschema-rs"][0]
    med = statistics.median(ours) if ours else 0.0
    ROWS.append(
        Row(
            "generated `validate_health`, valid 30-entry health.json (every ADR-0005 "
            "rule; exact fast path)",
            ours,
            unit="docs/s",
            base_name="jsonschema-rs" if rs else "",
            base=rs,
            target=">= 100,000 docs/s",
            met=med >= 100_000,
            note=note,
        )
    )
    ROWS.append(
        Row(
            "generated `validate_health`, INVALID doc (one unknown code: the full "
            "checks then name the violations)",
            bad,
            unit="docs/s",
            note=bad_note,
        )
    )
    known = {
        "jsonschema": "324",
        "fastjsonschema": "8,900",
        "jsonschema-rs": "130,000",
        "pydantic": "52,000",
    }
    for lib, (rates, why) in peers.items():
        label = {
            "pydantic": "generated pydantic model `HealthFile.model_validate`",
            "jsonschema": "jsonschema `Draft202012Validator.is_valid`",
            "fastjsonschema": "fastjsonschema compiled",
            "jsonschema-rs": "jsonschema-rs `is_valid`",
        }[lib]
        ROWS.append(
            Row(
                f"{label}, same valid doc",
                rates,
                unit="docs/s",
                base_name="generated validate_health" if ours else "",
                base=ours,
                target=f"(peer: {known[lib]}/s)",
                note=why,
            )
        )


def bench_import(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """Import cost of the generated validators vs `import json` (cwd = synthetic project)."""
    project = synth_project(150)
    cmds = {
        "pass": Cmd([PY, "-c", "pass"], cwd=project),
        "json": Cmd([PY, "-c", "import json"], cwd=project),
        "validators": Cmd([PY, "-c", "import generated.synth.validators"], cwd=project),
    }
    env = {k: v for k, v in ENV.items() if k != "PYTHONPATH"}
    for cmd in cmds.values():
        cmd.env = env
    times = interleaved(cmds, max(args.runs, 11) if not args.quick else args.runs)
    json_med = statistics.median(times["json"])
    med = statistics.median(times["validators"])
    ROWS.append(
        Row(
            "`python -c 'import json'`",
            times["json"],
            base_name="`python -c pass`",
            base=times["pass"],
        )
    )
    ROWS.append(
        Row(
            "`python -c 'import generated.synth.validators'` (150 codes)",
            times["validators"],
            base_name="`import json`",
            base=times["json"],
            target=f"<= `import json` + {IMPORT_SLACK * 1000:.0f} ms",
            met=med <= json_med + IMPORT_SLACK,
            note=f"{(med - json_med) * 1000:+.1f} ms",
        )
    )


EXTRACT_SIZES = ((4000, 1_250_000), (16000, 5_000_000))  # tables, document bytes
EXTRACT_TARGET = 10.0  # seconds for 16,000 tables: issue 14 asks for "seconds"
EXTRACT_SNIPPET = """\
import sys, time
from catgen_taxonomy.extract import extract_document
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
extract_document(text, source_name="docs/big.md")
print(time.perf_counter() - start)
"""


def extract_project(tables: int, size: int) -> tuple[Path, Callable[[], None]]:
    """bench/_work/extract_<tables>: spec/docs/big.md, and a setup that removes the
    catalog the previous run wrote (extract refuses to overwrite one)."""
    project = WORK / f"extract_{tables}"
    doc = project / "spec" / "docs" / "big.md"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(synth.big_document(tables, size), encoding="utf-8")
    # Its own project root: without catalogs in spec/ discovery would walk up to this
    # repository's pyproject.toml and find the document outside the repository's spec/.
    (project / "catgen.toml").write_text("", encoding="utf-8")

    def setup() -> None:
        (project / "big.catalog.yaml").unlink(missing_ok=True)

    return project, setup


def bench_extract(args: argparse.Namespace, have: dict[str, bool]) -> None:
    """`catgen extract` of a generated document with 4,000 and 16,000 tables (1.25 and
    5 MB): the whole command, the extraction step alone, and the growth between them."""
    medians: dict[int, float] = {}
    for tables, size in EXTRACT_SIZES:
        project, setup = extract_project(tables, size)
        argv = ["extract", "spec/docs/big.md", "--out", "big.catalog.yaml"]
        cmds = {"pass": pass_cmd(), "extract": catgen(*argv, cwd=project, setup=setup)}
        times = interleaved(cmds, 3, warmup=0)
        medians[tables] = statistics.median(times["extract"])
        label = f"{tables:,} tables, {size / 1e6:.2f} MB"
        ROWS.append(
            Row(
                f"`catgen extract --out`, {label} (parse, extract, write and "
                "verify the catalog)",
                times["extract"],
                base_name="`python -c pass`",
                base=times["pass"],
                target="<= 10 s (issue: seconds)" if tables == 16000 else "",
                met=medians[tables] <= EXTRACT_TARGET if tables == 16000 else None,
            )
        )
        doc = str(project / "spec" / "docs" / "big.md")
        alone = [
            float(output([PY, "-c", EXTRACT_SNIPPET, doc], cwd=ROOT)) for _ in range(3)
        ]
        ROWS.append(Row(f"extraction step alone (`extract_document`), {label}", alone))
    small, big = (tables for tables, _ in EXTRACT_SIZES)
    ROWS.append(
        Row(
            f"growth of `catgen extract` from {small:,} to {big:,} tables (4x)",
            [medians[big]],
            base_name=f"same at {small:,} tables",
            base=[medians[small]],
            target="<= 4x (linear)",
            met=medians[big] <= 4.4 * medians[small],
            runs_note=", medians above",
        )
    )


GROUPS: dict[str, Callable[[argparse.Namespace, dict[str, bool]], None]] = {
    "startup": bench_startup,
    "changed": bench_changed,
    "generate": bench_generate,
    "peers150": bench_peers150,
    "scale": bench_scale,
    "yaml": bench_yaml,
    "validate": bench_validate,
    "import": bench_import,
    "extract": bench_extract,
}


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = (
                    f"{line.split('=', 1)[1].strip(chr(34))} ({platform.release()})"
                )
    except OSError:
        pass
    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, memory {mem}, "
        f"Python {platform.python_version()} ({PY}), OS {os_name}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer runs; skip the 10k naive pipeline and LinkML 10k",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(GROUPS),
        metavar="NAME",
        help=f"run only this group (repeatable): {', '.join(GROUPS)}",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="runs per fast item (default 7, --quick 3)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="also write the Markdown table to this file",
    )
    args = parser.parse_args()
    explicit_runs = args.runs is not None
    if args.runs is None:
        args.runs = 3 if args.quick else 7
    WORK.mkdir(parents=True, exist_ok=True)
    have = ensure_bench_venv()
    started = time.perf_counter()
    for name in args.only or list(GROUPS):
        say(f"[{name}] ...")
        try:
            GROUPS[name](args, have)
        except BenchError as exc:
            ROWS.append(Row(f"group `{name}`", note=f"FAILED: {exc}"))
            say(f"[{name}] failed: {exc}")
    command = (
        "python bench/run.py"
        + (" --quick" if args.quick else "")
        + (f" --runs {args.runs}" if explicit_runs else "")
        + "".join(f" --only {name}" for name in args.only or [])
    )
    text = (
        f"Machine: {machine()}\n\nCommand: `{command}` (runs per fast item: {args.runs}; "
        f"total {time.perf_counter() - started:.0f} s)\n\n" + markdown_table(ROWS)
    )
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

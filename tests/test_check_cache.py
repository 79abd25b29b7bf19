"""The speed cache of the unchanged `catgen check`: it answers only what the full check
would answer (exit code, warnings), never fails a check, and is never committed."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catgen_taxonomy import cache, cli, entry, pipeline
from catgen_taxonomy.discovery import find_project

from .conftest import REPO
from .helpers import fast_check_modules, make_files, run_cli
from .test_lint import CATALOG as VOCAB_CATALOG
from .test_lint import DOC as VOCAB_DOC

CLEAN = "catgen check: outputs match the catalogs\n"
DOCUMENT = "spec/docs/ADR-0005-stage-outcomes.md"
HEAVY = (
    "black",
    "jsonschema",
    "markdown_it",
    "jinja2",
    "json",
    "hashlib",
    "yaml",
    "ruamel",
    "click",
    "pydantic",
)


def run_entry(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """Run the console script (`entry.main`) as `catgen check --root ROOT`."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["catgen", "check", "--root", str(root)])
    with pytest.raises(SystemExit) as exited:
        entry.main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def full_check(root: Path) -> tuple[int, str, str]:
    result = run_cli("check", "--root", str(root))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vocab(tmp_path: Path) -> Path:
    """A one-catalog project whose check prints two lint warnings."""
    make_files(
        tmp_path,
        {"spec/vocab.catalog.yaml": VOCAB_CATALOG, "spec/docs/vocab.md": VOCAB_DOC},
    )
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    return tmp_path


def test_a_clean_check_records_the_cache_in_a_self_ignoring_folder(
    project: Path,
) -> None:
    assert cache.cached_warnings(project) is None
    assert full_check(project) == (0, CLEAN, "")
    assert cache.cached_warnings(project) == []
    folder = project / ".catgen_cache"
    name = Path(cache.cache_path(project)).name
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", name]
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_fast_path_prints_the_full_checks_warnings(
    vocab: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: the fast path answered "clean" without the lint warnings."""
    full = full_check(vocab)
    assert full[0] == 0 and full[2].count("warning: spec/vocab.catalog.yaml:") == 2
    monkeypatch.setattr(pipeline, "plan_all", lambda root: pytest.fail("full check"))
    assert run_entry(vocab, capsys, monkeypatch) == full


def test_generate_records_the_cache(
    vocab: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (vocab / "generated" / "vocab" / "enums.py").unlink()
    assert run_cli("generate", "--root", str(vocab)).exit_code == 0
    full = full_check(vocab)
    Path(cache.cache_path(vocab)).unlink()
    assert run_cli("generate", "--root", str(vocab)).exit_code == 0
    monkeypatch.setattr(pipeline, "plan_all", lambda root: pytest.fail("full check"))
    assert run_entry(vocab, capsys, monkeypatch) == full


@pytest.mark.parametrize(
    "damage",
    [
        "<!-- catgen:begin table=signing-fatal-x -->\n",  # never closed
        "<!-- catgen:bgin table=signing-fatal -->\n",  # a typo
        "<!-- catgen:end table=stage-table -->\n",  # a stray end marker
    ],
)
def test_marker_damage_outside_regions_fails_the_fast_path_too(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    """Regression: the fast path hashed marked regions only and answered exit 0."""
    assert full_check(project)[0] == 0
    doc = project / DOCUMENT
    doc.write_bytes(
        doc.read_bytes().replace(b"## Context\n", damage.encode() + b"## Context\n", 1)
    )
    fast = run_entry(project, capsys, monkeypatch)
    assert fast[0] == 4
    assert fast == full_check(project)


def test_prose_edit_falls_back_to_the_full_check_and_passes(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert full_check(project)[0] == 0
    doc = project / DOCUMENT
    doc.write_bytes(doc.read_bytes().replace(b"## Context", b"## Context (edited)", 1))
    assert cache.cached_warnings(project) is None
    assert run_entry(project, capsys, monkeypatch) == (0, CLEAN, "")
    assert cache.cached_warnings(project) == []  # the full check recorded it again


@pytest.fixture
def own_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache at a private copy of generator/ and templates/."""
    code = tmp_path / "code"
    shutil.copytree(
        REPO / "generator",
        code / "generator",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / "templates", code / "templates")
    monkeypatch.setattr(cache, "PACKAGE_DIR", str(code / "generator"))
    monkeypatch.setattr(cache, "TEMPLATES_DIR", str(code / "templates"))
    return code


@pytest.mark.parametrize("change", ["comment in a generator module", "catgen upgrade"])
def test_catgen_changes_that_change_no_output_keep_check_green(
    project: Path, own_code: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Regression: the committed manifest hashed catgen's own source, so a comment in
    generator/ or an upgrade failed every user's check."""
    assert full_check(project)[0] == 0
    assert cache.cached_warnings(project) == []
    if change == "catgen upgrade":
        monkeypatch.setattr(cache, "__version__", "99.0.0")
    else:
        render = own_code / "generator" / "render.py"
        render.write_text(render.read_text() + "# a comment\n")
    assert cache.cached_warnings(project) is None  # never a stale verdict
    assert full_check(project) == (0, CLEAN, "")
    assert cache.cached_warnings(project) == []


def test_a_dependency_upgrade_misses_the_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "black-1.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(cache, "dependency_folders", lambda: [str(site)])
    assert full_check(project)[0] == 0
    assert cache.cached_warnings(project) == []
    (site / "black-1.0.dist-info").rename(site / "black-2.0.dist-info")
    assert cache.cached_warnings(project) is None


@pytest.mark.parametrize(
    "edit",
    [
        "catalog comment",
        "new catalog",
        "generated file",
        "missing generated file",
        "headered file added",
        "marked table",
    ],
)
def test_any_input_or_output_edit_misses_the_cache(project: Path, edit: str) -> None:
    assert full_check(project)[0] == 0
    if edit == "catalog comment":
        path = project / "spec" / "adr_0005.catalog.yaml"
        path.write_text(path.read_text() + "# a comment\n")
    elif edit == "new catalog":
        (project / "spec" / "zz.catalog.yaml").write_text("catgen: 1\n")
    elif edit == "generated file":
        path = project / "generated" / "adr_0005" / "enums.py"
        path.write_text(path.read_text().replace("FATAL", "FATALE", 1))
    elif edit == "missing generated file":
        (project / "generated" / "adr_0005" / "registry.py").unlink()
    elif edit == "headered file added":
        (project / "generated" / "x.md").write_text(
            "<!-- Generated by `catgen generate` -->"
        )
    else:
        path = project / DOCUMENT
        path.write_bytes(path.read_bytes().replace(b"| FATAL    |", b"| FATAL^   |", 1))
    assert cache.cached_warnings(project) is None


def test_a_plain_file_added_keeps_the_cache(project: Path) -> None:
    assert full_check(project)[0] == 0
    (project / "generated" / "NOTES.md").write_text("# ours\n")
    assert cache.cached_warnings(project) == []


@pytest.mark.parametrize(
    "state",
    [
        "garbage",
        "truncated",
        "empty",
        "cache file is a folder",
        "cache folder is a file",
    ],
)
def test_a_broken_or_unwritable_cache_never_changes_the_verdict(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    state: str,
) -> None:
    assert full_check(project)[0] == 0
    path = Path(cache.cache_path(project))
    folder = path.parent
    if state == "garbage":
        path.write_bytes(b"\xff\x00 catgen-check-cache 1\n")
    elif state == "truncated":
        path.write_text(path.read_text()[:-10])
    elif state == "empty":
        path.write_text("")
    elif state == "cache file is a folder":
        path.unlink()
        path.mkdir()
    else:
        shutil.rmtree(folder)
        folder.write_text("")
    assert run_entry(project, capsys, monkeypatch) == (0, CLEAN, "")
    enums = project / "generated" / "adr_0005" / "enums.py"
    enums.write_text(enums.read_text() + "# tweak\n")
    code, _, err = run_entry(project, capsys, monkeypatch)
    assert code == 1 and "stale: generated/adr_0005/enums.py\n" in err


@pytest.mark.parametrize("warning", ["two\nlines", "lone \udce9 surrogate"])
def test_a_value_the_cache_cannot_store_means_no_cache(
    tmp_path: Path, warning: str
) -> None:
    cache.remember_clean(tmp_path, {}, [("generated/a.py", "x")], [warning])
    assert not Path(cache.cache_path(tmp_path)).exists()
    cache.remember_clean(tmp_path, {}, [("generated/a.py", "x")], ["fine"])
    assert Path(cache.cache_path(tmp_path)).exists()


def test_a_cache_from_before_an_output_edit_does_not_hide_drift(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert full_check(project)[0] == 0
    enums = project / "generated" / "adr_0005" / "enums.py"
    enums.write_text(enums.read_text() + "# tweak\n")
    code, out, _ = run_entry(project, capsys, monkeypatch)
    assert code == 1 and "-# tweak" in out


def test_unchanged_check_imports_nothing_heavy(project: Path, tmp_path: Path) -> None:
    # -S: no site, so nothing but catgen's own imports shows (an editable install's
    # path finder would load pathlib and re itself); the package is the only path added.
    line, status, loaded = fast_check_modules(
        tmp_path, tmp_path, ["--root", str(project)]
    )
    assert line == CLEAN.strip()
    assert status == "0"
    assert sorted(loaded & {*HEAVY, "pathlib", "re", "collections", "typing"}) == []


# --- the fast entry's argv parser and click's ----------------------------------------


def test_the_fast_parser_knows_exactly_clicks_check_options() -> None:
    names = {
        name
        for param in cli.check.params
        for name in (*param.opts, *param.secondary_opts)
    }
    assert names == {entry.ROOT_OPTION, entry.FORMAT_OPTION, *entry.QUIET_OPTIONS}


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["-q"],
        ["--quiet"],
        ["--root", "x"],
        ["--root=x"],
        ["-q", "--root", "x/y"],
        ["--root", "x", "--quiet", "-q"],
        ["--root", "a", "--root", "b"],
        ["--root", "-q"],
        ["--root="],
        ["--format", "json"],
        ["--format=github", "-q", "--root", "x"],
        ["--format", "text", "--format", "json"],
    ],
)
def test_both_parsers_read_a_plain_check_alike(args: list[str]) -> None:
    parsed = entry.fast_check_args(["check", *args])
    assert parsed is not None
    start, output_format = parsed
    context = cli.check.make_context("check", list(args))
    # Both walk up from the start folder to the same project root.
    assert find_project(start)[0] == os.path.abspath(context.params["root"])
    assert output_format == context.params["output_format"]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--root"],
        ["check", "--diff"],
        ["check", "x"],
        ["check", "--format", "xml"],
        ["check", "--format"],
        ["generate"],
        [],
    ],
)
def test_anything_else_goes_to_click(args: list[str]) -> None:
    assert entry.fast_check_args(args) is None


# --- the property: fast path and full check agree on every damage --------------------

MARKER_LINES = [
    "<!-- catgen:begin table=classes -->",
    "<!-- catgen:end table=classes -->",
    "<!-- catgen:begin table=other -->",
    "<!-- catgen:end table=other -->",
    "<!-- catgen:bgin table=classes -->",
    "  <!-- catgen:begin table=classes -->",
    "<!-- catgen:",
    "| x | y |",
]
HEADERED = "# Generated by `catgen generate` from spec/vocab.catalog.yaml\nx = 1\n"
DAMAGE = st.one_of(
    st.tuples(
        st.just("insert line"), st.integers(0, 99), st.sampled_from(MARKER_LINES)
    ),
    st.tuples(st.just("delete marker"), st.integers(0, 99), st.just("")),
    st.tuples(
        st.just("edit doc byte"), st.integers(0, 10_000), st.sampled_from("|x \n-")
    ),
    st.tuples(st.just("delete output"), st.integers(0, 99), st.just("")),
    st.tuples(
        st.just("edit output byte"), st.integers(0, 10_000), st.sampled_from("x\n")
    ),
    st.tuples(st.just("add headered"), st.integers(0, 0), st.just(HEADERED)),
    st.tuples(st.just("add plain"), st.integers(0, 0), st.just("x = 1\n")),
)


def _damage(root: Path, kind: str, at: int, text: str) -> None:
    doc = root / "spec" / "docs" / "vocab.md"
    outputs = sorted(p for p in (root / "generated").rglob("*") if p.is_file())
    if kind == "insert line":
        lines = doc.read_text().splitlines(keepends=True)
        lines.insert(at % (len(lines) + 1), text + "\n")
        doc.write_text("".join(lines))
    elif kind == "delete marker":
        lines = doc.read_text().splitlines(keepends=True)
        markers = [i for i, line in enumerate(lines) if "catgen:" in line]
        if markers:
            del lines[markers[at % len(markers)]]
        doc.write_text("".join(lines))
    elif kind in ("edit doc byte", "edit output byte"):
        path = doc if kind == "edit doc byte" else outputs[at % len(outputs)]
        data = bytearray(path.read_bytes())
        if data:
            data[at % len(data)] = ord(text)
        path.write_bytes(bytes(data))
    elif kind == "delete output":
        outputs[at % len(outputs)].unlink()
    else:
        (
            root / "generated" / ("extra.py" if kind == "add headered" else "plain.py")
        ).write_text(text)


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning: ")]


@pytest.fixture(scope="module")
def clean_vocab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vocab")
    make_files(
        root,
        {"spec/vocab.catalog.yaml": VOCAB_CATALOG, "spec/docs/vocab.md": VOCAB_DOC},
    )
    assert run_cli("generate", "--root", str(root)).exit_code == 0
    assert run_cli("check", "--root", str(root)).exit_code == 0
    assert cache.cached_warnings(root) is not None
    return root


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(DAMAGE, min_size=1, max_size=3))
def test_fast_path_and_full_check_agree_on_any_damage(
    clean_vocab: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damages: list[tuple[str, int, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "p"
        shutil.copytree(clean_vocab, root)
        for kind, at, text in damages:
            _damage(root, kind, at, text)
        fast = run_entry(root, capsys, monkeypatch)  # first: the full check re-records
        full = full_check(root)
    assert fast[0] == full[0]
    assert _warnings(fast[2]) == _warnings(full[2])
    if full[0] == 0:
        assert fast == full

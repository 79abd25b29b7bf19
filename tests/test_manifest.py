"""The manifest fast path: an unchanged tree is verified by hashing alone, and any edit
to an input, a template, the generator or an output still reaches the full check."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import manifest
from generator.errors import DocumentError
from generator.markdown.markers import TABLE_ID, find_regions, marked_regions

from .conftest import REPO
from .helpers import run_cli

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


@pytest.fixture
def own_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the manifest at a private copy of generator/ and templates/."""
    code = tmp_path / "code"
    shutil.copytree(
        REPO / "generator",
        code / "generator",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / "templates", code / "templates")
    monkeypatch.setattr(manifest, "PACKAGE_DIR", code / "generator")
    monkeypatch.setattr(manifest, "TEMPLATES_DIR", code / "templates")
    return code


def test_clean_tree_is_verified_by_hashes(project: Path) -> None:
    assert manifest.unchanged(project)


@pytest.mark.parametrize(
    "edit",
    [
        "catalog comment",
        "template",
        "generator source",
        "generated file",
        "extra generated file",
        "missing generated file",
        "marked table",
        "manifest",
    ],
)
def test_any_edit_defeats_the_fast_path(
    project: Path, own_code: Path, edit: str
) -> None:
    assert manifest.unchanged(project)
    if edit == "catalog comment":
        path = project / "spec" / "adr_0005.catalog.yaml"
        path.write_text(path.read_text() + "# a comment\n")
    elif edit == "template":
        path = own_code / "templates" / "python" / "enums.py.j2"
        path.write_text(path.read_text() + "\n")
    elif edit == "generator source":
        path = own_code / "generator" / "render.py"
        path.write_text(path.read_text() + "\n# changed\n")
    elif edit == "generated file":
        path = project / "generated" / "adr_0005" / "enums.py"
        path.write_text(path.read_text().replace("FATAL", "FATALE", 1))
    elif edit == "extra generated file":
        (project / "generated" / "adr_0005" / "extra.py").write_text("")
    elif edit == "missing generated file":
        (project / "generated" / "adr_0005" / "registry.py").unlink()
    elif edit == "marked table":
        path = project / "spec" / "docs" / "ADR-0005-stage-outcomes.md"
        path.write_bytes(path.read_bytes().replace(b"| FATAL    |", b"| FATAL^   |", 1))
    else:
        path = project / "generated" / "manifest.json"
        path.write_text(path.read_text().replace('"inputs": "', '"inputs": "0', 1))
    assert not manifest.unchanged(project)


def test_prose_outside_markers_keeps_the_fast_path(project: Path) -> None:
    path = project / "spec" / "docs" / "ADR-0005-stage-outcomes.md"
    path.write_bytes(path.read_bytes().replace(b"## Context", b"## Context (edited)"))
    assert manifest.unchanged(project)
    assert run_cli("check", "--root", str(project)).exit_code == 0


def test_comment_only_catalog_edit_makes_the_manifest_stale(project: Path) -> None:
    path = project / "spec" / "adr_0005.catalog.yaml"
    path.write_text(path.read_text() + "# a comment\n")
    result = run_cli("check", "--root", str(project))
    assert result.exit_code == 1
    assert result.stderr.startswith("stale: generated/manifest.json\n")
    run_cli("generate", "--root", str(project))
    assert manifest.unchanged(project)


def test_unchanged_check_imports_nothing_heavy(project: Path) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['catgen', 'check', '--root', {str(project)!r}]\n"
        "from generator.entry import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    status = exc.code\n"
        "print(status, ' '.join(sorted(sys.modules)))\n"
    )
    # -S: no site, so nothing but catgen's own imports shows (an editable install's
    # path finder would load pathlib and re itself); the repo is the only path added.
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO)},
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "catgen check: outputs match the catalogs", result.stderr
    status, modules = lines[1].split(" ", 1)
    assert status == "0"
    loaded = {name.split(".")[0] for name in modules.split()}
    assert sorted(loaded & {*HEAVY, "pathlib", "re", "collections", "typing"}) == []


def test_manifest_is_read_back_without_json(project: Path) -> None:
    import json

    text = (project / manifest.MANIFEST_PATH).read_text(encoding="utf-8")
    data = json.loads(text)
    assert manifest.read_manifest(text) == (data["inputs"], data["outputs"])


@pytest.mark.parametrize(
    "variant",
    ["indent 4", "extra key", "escaped path", "missing comma", "unsorted", "format 1"],
)
def test_any_other_manifest_layout_falls_back_to_the_full_check(
    project: Path, variant: str
) -> None:
    """The same data laid out differently is not trusted: the full check then reports
    the manifest as drift, since it differs from what `generate` writes."""
    import json

    path = project / manifest.MANIFEST_PATH
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    first = next(iter(data["outputs"]))
    if variant == "indent 4":
        text = json.dumps(data, indent=4) + "\n"
    elif variant == "extra key":
        text = text.replace('  "outputs": {', '  "extra": 1,\n  "outputs": {')
    elif variant == "escaped path":
        text = text.replace(f'"{first}"', f'"{first[:-1]}\\u00{ord(first[-1]):x}"')
    elif variant == "missing comma":
        text = text.replace('",\n    "generated/', '"\n    "generated/', 1)
    elif variant == "unsorted":
        outputs = list(data["outputs"].items())
        data["outputs"] = dict([outputs[1], outputs[0], *outputs[2:]])
        text = json.dumps(data, indent=2) + "\n"
    else:
        text = text.replace('"format": 2', '"format": 1')
    if variant != "missing comma":  # still valid JSON with the same hashes
        assert json.loads(text)["inputs"] == data["inputs"]
    path.write_text(text, encoding="utf-8")
    assert manifest.read_manifest(text) is None
    assert not manifest.unchanged(project)
    result = run_cli("check", "--root", str(project))
    assert result.exit_code == 1
    assert "generated/manifest.json" in result.stderr


_REGION_ORACLE = re.compile(
    rf"^<!-- catgen:begin table=({TABLE_ID}) -->\r?\n(.*?)"
    r"^<!-- catgen:end table=\1 -->\r?$",
    re.M | re.S,
)
_PIECES = st.sampled_from(
    [
        "<!-- catgen:begin table=a -->",
        "<!-- catgen:begin table=b.c -->",
        "<!-- catgen:begin table=Bad -->",
        "<!-- catgen:begin table= -->",
        "<!-- catgen:end table=a -->",
        "<!-- catgen:end table=b.c -->",
        "<!-- catgen:end table=ab -->",
        "\n",
        "\r\n",
        "\r",
        " ",
        "| x |",
        "-->",
        "text",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_marked_regions_match_the_marker_regex(text: str) -> None:
    """On a document whose markers are sound, the hot path finds exactly what the regex
    finds; on any other it raises ValueError (the fast path then falls back), where
    generate and the full check report a DocumentError."""
    try:
        find_regions(text, "doc.md")
    except DocumentError:
        with pytest.raises(ValueError):
            marked_regions(text)
        return
    if " " in text or "\r" in text.replace("\r\n", ""):
        return  # indented markers and lone CR line ends: beyond this regex
    expected = [(m.group(1), m.group(2)) for m in _REGION_ORACLE.finditer(text)]
    assert marked_regions(text) == expected


def test_the_scanner_accepts_exactly_the_table_ids_of_the_regex() -> None:
    from generator.markdown.markers import is_table_id

    for code in range(32, 127):
        for candidate in (chr(code), f"a{chr(code)}", f"{chr(code)}a"):
            expected = re.fullmatch(TABLE_ID, candidate) is not None
            assert is_table_id(candidate) == expected, candidate

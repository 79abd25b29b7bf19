"""Escaping is total: random Unicode through every target parses and round-trips.

Each example puts random strings (every category but surrogates, line separators,
controls, quotes, fences, markers) into the title and descriptions of a small catalog
(not a seed), writes it with the YAML writer extract uses, generates, and proves: the
YAML reads back equal; every Python file parses, imports and exposes the strings
(docstrings, pydantic field descriptions, validator descriptions); every JSON Schema
parses and carries the description; every Markdown table reads back with its rows and
cells intact through the project's table engine; `check` then finds nothing to do.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.tree import SyntaxTreeNode

from catgen_taxonomy.config import project_at
from catgen_taxonomy.escape import md_unescape
from catgen_taxonomy.markdown.tables import read_table
from catgen_taxonomy.pipeline import check_all, generate_all
from catgen_taxonomy.yamlload import dump_yaml, load_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "golden" / "spec"

NASTY = [
    '"""',
    '"',
    "'",
    "\\",
    "\x00",
    "\u2028",
    "\u2029",
    "\r",
    "\r\n",
    "\n",
    "\v",
    "\f",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\x7f",
    "\t",
    "|",
    "\\|",
    "`",
    "```",
    "~~~",
    "# ",
    "- ",
    "1. ",
    "> ",
    "<",
    "[x]: /u",
    "---",
    "<!-- catgen:end table=build -->",
    "<!-- catgen:begin table=deploy -->",
    "\ufeff",
    " ",
]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=8),
    ),
    max_size=6,
).map("".join)

# Markdown trims these off a cell's ends (md_cell writes the other separators as
# references, so they are kept); a line ending inside a cell reads as a space.
TRIMMED = "".join(set(MD_TRIM_CHARS) - set("\v\f\u2028\u2029"))
LINE_ENDING = re.compile(r"\r\n|[\r\n]")
MARKDOWN = MarkdownIt("commonmark").enable("table")


def collapse(text: str) -> str:
    """Return what a one-line docstring holds: whitespace runs as one space."""
    return " ".join(text.split())


def cell_text(text: str) -> str:
    """Return what a table cell holding `text` reads back as."""
    return LINE_ENDING.sub(" ", text).strip(TRIMMED)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("escaping")
    shutil.copytree(FIXTURE, root / "spec")
    yield root
    for name in [m for m in sys.modules if m.startswith("escaped")]:
        del sys.modules[name]


def _set_strings(data: dict[str, Any], texts: dict[str, str]) -> None:
    data["title"] = texts["title"] or "t"
    data["enums"][0]["description"] = texts["enum"]
    data["enums"][0]["values"][0]["description"] = texts["value"]
    code = next(c for c in data["codes"] if c["code"] == "cache_miss")
    code["description"] = texts["code"]
    report = next(r for r in data["records"] if r["name"] == "DeployReport")
    report["description"] = texts["record"]
    report["fields"][1]["description"] = texts["field"]
    data["artifacts"][0]["description"] = texts["artifact"]


_COUNTER = iter(range(10**9))


def _import(root: Path, module: str) -> Any:
    """Import generated/deploy/<module>.py as a fresh package (relative imports work)."""
    name = f"escaped{next(_COUNTER)}"
    spec = importlib.util.spec_from_file_location(
        name,
        root / "generated" / "__init__.py",
        submodule_search_locations=[str(root / "generated")],
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return importlib.import_module(f"{name}.deploy.{module}")


def _tables(text: str) -> list[Any]:
    lines = text.split("\n")
    return [
        read_table(node, lines)
        for node in SyntaxTreeNode(MARKDOWN.parse(text)).walk()
        if node.type == "table"
    ]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.fixed_dictionaries(
        {
            key: TEXT
            for key in ("title", "enum", "value", "code", "record", "field", "artifact")
        }
    )
)
def test_every_string_survives_every_target(
    project: Path, texts: dict[str, str]
) -> None:
    assume(not any("&#" in text for text in texts.values()))  # md_unescape's syntax
    catalog = project / "spec" / "deploy.catalog.yaml"
    data = load_yaml((FIXTURE / "deploy.catalog.yaml").read_text(), "f").data
    _set_strings(data, texts)
    text = dump_yaml(data)
    assert load_yaml(text, "f").data == data  # the YAML extract writes reads back
    catalog.write_text(text, encoding="utf-8")
    generate_all(project_at(project))
    assert check_all(project_at(project)).plan.clean

    _python_round_trip(project, data, texts)
    _json_round_trip(project, texts)
    _markdown_round_trip(project, texts)


def _python_round_trip(root: Path, data: dict[str, Any], texts: dict[str, str]) -> None:
    for path in (root / "generated").rglob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"))
    enums = _import(root, "enums")
    assert enums.__doc__ == f"Enumerations of {collapse(data['title'])}."
    if collapse(texts["enum"]):
        assert enums.Severity.__doc__ == collapse(texts["enum"])
    models = _import(root, "models")
    if collapse(texts["record"]):
        assert models.DeployReport.__doc__ == collapse(texts["record"])
    field = models.DeployReport.model_fields["operator"]
    assert (field.description or "") == collapse(texts["field"])
    validators = _import(root, "validators")
    assert validators.DESCRIPTIONS["deploy-report"] == (
        texts["artifact"] or "deploy-report"
    )


def _json_round_trip(root: Path, texts: dict[str, str]) -> None:
    schemas = root / "generated" / "deploy" / "schemas"
    for path in schemas.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    report = json.loads((schemas / "deploy_report.schema.json").read_text("utf-8"))
    assert report.get("description", "") == texts["record"]
    assert report["properties"]["operator"].get("description", "") == texts["field"]


def _markdown_round_trip(root: Path, texts: dict[str, str]) -> None:
    document = (root / "spec" / "docs" / "deploy.md").read_text(encoding="utf-8")
    build, deploy = _tables(document)
    assert [row[0] for row in build.rows] == ["`compile_error`", "`cache_miss`"]
    assert md_unescape(build.rows[1][2]) == cell_text(texts["code"])
    assert len(deploy.rows) == 3
    for table in (build, deploy):
        assert not table.cell_count_problems
    reference = (root / "generated" / "docs" / "deploy.md").read_text(encoding="utf-8")
    tables = _tables(reference)
    codes = next(t for t in tables if t.header[:2] == ["Scope", "Code"])
    assert len(codes.rows) == 7
    row = next(r for r in codes.rows if r[1] == "`cache_miss`")
    assert md_unescape(row[-1]) == cell_text(texts["code"])
    fields = [t for t in tables if t.header[0] == "Field"]
    assert [len(t.rows) for t in fields] == [5, 6]
    assert md_unescape(fields[1].rows[1][3]) == cell_text(texts["field"])
    headings = [
        line for line in reference.splitlines() if line.startswith("## Record `")
    ]
    assert headings == ["## Record `Outcome`", "## Record `DeployReport`"]
    items = [
        token.content
        for token in MARKDOWN.parse(reference)
        if token.type == "inline" and token.content.startswith("`FATAL`")
    ]
    value = LINE_ENDING.sub(" ", texts["value"])
    listed = f"`FATAL`: {value}" if value else "`FATAL`"
    assert [md_unescape(item.replace("\\|", "|")).strip() for item in items] == [
        listed.strip()
    ]
    blocks = [token.type for token in MARKDOWN.parse(reference)]
    assert blocks.count("html_block") == 1  # the generated-file header, nothing else
    assert not {"fence", "code_block", "blockquote_open"} & set(blocks)

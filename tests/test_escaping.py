"""Regression tests of issue 14: broken output, exit 70 and limits, one case each.

Escapes are asserted exactly (docs/catalog-format.md, "Escaping"); CLI cases build a
small catalog of their own and assert the exit code and the whole message.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import black
import pytest

from catgen_taxonomy import yamlload
from catgen_taxonomy.escape import docstring, md_cell, md_code, md_line, md_unescape
from catgen_taxonomy.markdown.tables import TableStyle, cell_starts, render_table

from .helpers import DEMO_CATALOG_HEADER, make_files, run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "golden" / "spec"

HEADER = DEMO_CATALOG_HEADER

RECORD = """\
records:
  - name: Report
    fields:
      - {name: operator, type: string, required: false}
artifacts:
  - kind: report
    schema: Report
    rules:
"""


def _catgen(root: Path, body: str, *, header: str = HEADER) -> tuple[int, str]:
    make_files(root, {"spec/demo.catalog.yaml": header + body})
    result = run_cli("generate", "--root", str(root))
    return result.exit_code, result.stderr


def _black_stable(source: str) -> bool:
    return black.format_str(source, mode=black.Mode()) == source


@pytest.mark.parametrize(
    ("value", "body"),
    [
        ('ends in """', "ends in \\x22\\x22\\x22"),
        ('a """ b', 'a \\"\\"\\" b'),
        ('"quoted"', "\\x22quoted\\x22"),
        ("back\\slash\\", "back\\\\slash\\\\"),
        ("nul \x00 bell \x07 del \x7f", "nul \\x00 bell \\x07 del \\x7f"),
        ("lines\r\nand\u2028separators\x85here", "lines and separators here"),
        ('"""', "\\x22\\x22\\x22"),
    ],
)
def test_docstring_escapes(value: str, body: str) -> None:
    assert docstring(value) == body
    source = f'class A:\n    """{body}"""\n'
    parsed = ast.parse(source).body[0]
    assert isinstance(parsed, ast.ClassDef)
    assert ast.get_docstring(parsed, clean=False) == " ".join(value.split())
    assert _black_stable(source)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("a|b", "a\\|b"),
        ("a\\|b", "a\\\\|b"),
        ("a\r\nb\nc\rd", "a b c d"),
        ("a\u2028b\u2029c", "a&#x2028;b&#x2029;c"),
        ("v\vf\fs\x1cg\x1dr\x1en\x85", "v&#xB;f&#xC;s&#x1C;g&#x1D;r&#x1E;n&#x85;"),
        ("nul\x00", "nul&#x0;"),
        ("tab\tkept", "tab\tkept"),
        ("<!-- catgen:end table=x -->", "<!-- catgen:end table=x -->"),
    ],
)
def test_md_cell_escapes(value: str, cell: str) -> None:
    assert md_cell(value) == cell
    assert len(cell.splitlines()) == 1


def test_md_unescape_decodes_the_references_md_cell_writes() -> None:
    value = "v\vf\fs\x1cg\x1dr\x1en\x85 \u2028\u2029\x00 &amp; kept"
    assert md_unescape(md_cell(value)) == value


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("plain", "`plain`"),
        ("a`b", "`` a`b ``"),
        ("``x`", "``` ``x` ```"),
        ("a|b", "`a\\|b`"),
    ],
)
def test_md_code_fences_past_every_backtick(value: str, span: str) -> None:
    assert md_code(value) == span


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("```python", "\\```python"),
        ("~~~", "\\~~~"),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("12. item", "12\\. item"),
        ("---", "\\---"),
        ("<!-- catgen:begin table=x -->", "\\<!-- catgen:begin table=x -->"),
        ("[ref]: /url", "\\[ref]: /url"),
        ("    indented", "indented"),
        ("*emphasis* stays", "*emphasis* stays"),
        ("[a link](/x) stays", "[a link](/x) stays"),
    ],
)
def test_md_line_never_opens_a_block(value: str, line: str) -> None:
    assert md_line(value) == line


@pytest.mark.parametrize(
    "first", ["<!-- catgen:end table=x -->", "```", "# title", "- item", "> q"]
)
def test_a_table_without_outer_pipes_keeps_them_for_a_block_start(first: str) -> None:
    lines = render_table(["A", "B"], [[first, "x"]], TableStyle(outer_pipes=False))
    assert lines[2].startswith("| ")
    plain = render_table(["A", "B"], [["a", "x"]], TableStyle(outer_pipes=False))
    # `- | -` would open a bullet list: the first separator cell gets two dashes
    assert plain[1:] == ["-- | -", "a  | x"]


def test_cell_starts_reads_a_backslash_before_a_pipe_as_markdown_it_does() -> None:
    assert len(cell_starts("| a\\\\|b | c |")) == 2


def _deploy(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "spec")
    catalog = tmp_path / "spec" / "deploy.catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert old in text
    catalog.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "description",
    ['ends in \\"\\"\\"', "nul \\0 byte", "back\\\\slash \\\\", "cr \\r lone"],
)
def test_generated_python_parses_and_check_passes(
    tmp_path: Path, description: str
) -> None:
    root = _deploy(
        tmp_path,
        'description: "The report a deploy run writes."',
        f'description: "{description}"',
    )
    assert run_cli("generate", "--root", str(root)).exit_code == 0
    for name in ("enums.py", "models.py", "registry.py", "validators.py"):
        source = (root / "generated" / "deploy" / name).read_text(encoding="utf-8")
        ast.parse(source)
        assert _black_stable(source)
    assert run_cli("check", "--root", str(root)).exit_code == 0


@pytest.mark.parametrize(
    "char",
    ["\\u2028", "\\u2029", "\\r", "\\v", "\\f", "\\x1c", "\\x1d", "\\x1e", "\\x85"],
)
def test_a_line_separator_in_a_cell_keeps_every_row(tmp_path: Path, char: str) -> None:
    root = _deploy(tmp_path, "(ünïcode ✓).", f"(ünïcode {char} ✓).")
    assert run_cli("generate", "--root", str(root)).exit_code == 0
    for path in (root / "spec/docs/deploy.md", root / "generated/docs/deploy.md"):
        text = path.read_text(encoding="utf-8")
        rows = [line for line in text.split("\n") if "| `cache_miss`" in line]
        assert len(rows) == 1 and rows[0].endswith("|"), path
    assert run_cli("check", "--root", str(root)).exit_code == 0


def test_a_long_description_makes_the_reference_table_compact(tmp_path: Path) -> None:
    root = _deploy(tmp_path, "A test failed then passed.", "x" * 100_000)
    assert run_cli("generate", "--root", str(root)).exit_code == 0
    reference = root / "generated" / "docs" / "deploy.md"
    assert reference.stat().st_size < 250_000  # was 1 MB: every row padded to 100 KB
    assert "|---|---|---|---|" in reference.read_text(encoding="utf-8")


RULE_CASES = [
    (
        "      - {rule: assert, id: x, then: {path: null}, message: m}\n",
        "error: spec/demo.catalog.yaml:14:38: /artifacts/0/rules/0/then/path: None is "
        "not of type 'string' — see `catgen docs` (docs/catalog-format.md) for the "
        "expected shape\n",
    ),
    (
        "      - {rule: code_in_vocabulary, field: null}\n",
        "error: spec/demo.catalog.yaml:14:36: /artifacts/0/rules/0/field: None is not "
        "of type 'string' — see `catgen docs` (docs/catalog-format.md) for the "
        "expected shape\n",
    ),
    (
        "      - {rule: assert, id: x, then: {path: /a, bogus: 1}, message: m}\n",
        "error: spec/demo.catalog.yaml:14:48: unknown key 'bogus' in "
        "/artifacts/0/rules/0/then — remove it or use one of: all, all_entries, "
        "all_items, any, any_entry, any_item, code_attribute, equals, equals_count, "
        "in, is_null, keys, nonempty, not, path, present, registry, utc_timestamp, "
        "where\n",
    ),
    (
        "      - {rule: ordered, id: x, list: stages, key: /t}\n",
        "error: spec/demo.catalog.yaml:14:32: /artifacts/0/rules/0/list: 'stages' "
        "does not match ^(/|$) — rename it to match the pattern\n",
    ),
]


@pytest.mark.parametrize(("rule", "expected"), RULE_CASES)
def test_a_rule_parameter_of_the_wrong_shape_is_a_catalog_error(
    tmp_path: Path, rule: str, expected: str
) -> None:
    assert _catgen(tmp_path, RECORD + rule) == (3, expected)


def test_a_keyword_id_is_a_catalog_error(tmp_path: Path) -> None:
    header = HEADER.replace("id: demo", "id: class")
    assert _catgen(tmp_path, "", header=header) == (
        3,
        "error: spec/demo.catalog.yaml:2:1: catalog id 'class' is a Python keyword: "
        "its generated package could not be imported — rename it, for example to "
        "class_\n",
    )


def test_a_soft_keyword_id_generates_an_importable_package(tmp_path: Path) -> None:
    header = HEADER.replace("id: demo", "id: match")
    assert _catgen(tmp_path, "", header=header) == (0, "")
    assert (tmp_path / "generated" / "match" / "registry.py").is_file()


def test_a_long_id_is_a_short_catalog_error(tmp_path: Path) -> None:
    header = HEADER.replace("id: demo", "id: " + "a" * 300)
    assert _catgen(tmp_path, "", header=header) == (
        3,
        "error: spec/demo.catalog.yaml:2:1: /id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaa... (300 characters) is longer than the limit of 64 "
        "characters — shorten it\n",
    )


def test_a_huge_integer_is_a_located_error(tmp_path: Path) -> None:
    body = "approvals: [{code: x, approved_by: " + "9" * 5000 + ", reference: r}]\n"
    assert _catgen(tmp_path, body) == (
        3,
        "error: spec/demo.catalog.yaml:6:36: integer of 5,000 digits: the limit is "
        "100 — quote it to keep it as text, or use a smaller number\n",
    )


def test_an_oversized_catalog_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlload, "FILE_SIZE_LIMIT", 100)
    assert _catgen(tmp_path, "description: " + "x" * 100 + "\n") == (
        3,
        "error: spec/demo.catalog.yaml: file is 189 bytes: the limit is 100 — "
        "split it into several catalogs\n",
    )


def test_a_byte_that_is_not_utf8_is_reported_at_line_and_column(
    tmp_path: Path,
) -> None:
    make_files(tmp_path, {"spec/demo.catalog.yaml": HEADER})
    catalog = tmp_path / "spec" / "demo.catalog.yaml"
    catalog.write_bytes(catalog.read_bytes() + b"description: caf\xe9\n")
    result = run_cli("generate", "--root", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        3,
        "error: spec/demo.catalog.yaml:6:17: byte 0xe9 is not UTF-8 (invalid "
        "continuation byte) — save the file as UTF-8\n",
    )


def test_a_control_character_is_reported_at_line_and_column(tmp_path: Path) -> None:
    code, err = _catgen(tmp_path, "description: ü\x07\n")
    assert (code, err) == (
        3,
        "error: spec/demo.catalog.yaml:6:15: character U+0007 is not allowed in YAML "
        "(control characters are not allowed) — remove it, or write it as the escape "
        "\\x07 in a double-quoted string\n",
    )

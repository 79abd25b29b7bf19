"""Long field lines of a generated models.py are wrapped by catgen itself, the way black
wraps them: black (a test dependency only) leaves the result unchanged."""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import black
import pytest

from catgen_taxonomy.targets.pydantic_models import field_statement

from .conftest import REPO
from .helpers import run_cli

PATTERN = '"^[a-z]+(_[a-z0-9]+)*(\\\\.[a-z]+)?$' + "x" * 30 + '"'
HUGE = '"^' + "y" * 120 + '$"'
CONSTRAINED = f"Annotated[StrictStr, Field(min_length=1, pattern={PATTERN})]"
CASES = [
    ("code", f"Annotated[StrictStr, Field(pattern={PATTERN})]", ""),
    ("code", f"Annotated[StrictStr, Field(pattern={HUGE})]", ""),
    ("code", f"Annotated[StrictStr, Field(pattern={PATTERN})] | None", " = None"),
    ("code", f"Annotated[StrictStr, Field(pattern={HUGE})] | None", " = None"),
    ("code", f"Annotated[StrictStr, Field(pattern={PATTERN})] | None", ""),
    ("code", f"{CONSTRAINED} | None", ' = Field(None, alias="x")'),
    ("code", CONSTRAINED, ' = Field(alias="class")'),
    ("code", f"list[{CONSTRAINED}]", ""),
    ("code", f"dict[str, {CONSTRAINED}]", ""),
    ("code", f"{CONSTRAINED} | StrictInt | None", " = None"),
    (
        "code",
        'Annotated[StrictStr, Field(pattern="^[a-z]+(_[a-z0-9]+)*$")] | None',
        " = None",
    ),
    ("a_long_field_name_" * 3, "Annotated[StrictInt, Field(ge=1)] | None", " = None"),
    ("short", "StrictStr", ""),
]


@pytest.mark.parametrize(("attribute", "annotation", "default"), CASES)
def test_a_long_field_is_wrapped_as_black_wraps_it(
    attribute: str, annotation: str, default: str
) -> None:
    body = field_statement(attribute, annotation, default)
    source = f"class Model(BaseModel):\n    {body}\n"
    mode = black.Mode(line_length=88, target_versions={black.TargetVersion.PY311})
    assert black.format_str(source, mode=mode) == source
    flat = f"class Model(BaseModel):\n    {attribute}: {annotation}{default}\n"
    assert ast.dump(ast.parse(source)) == ast.dump(ast.parse(flat))


def test_a_generated_model_with_long_patterns_is_black_stable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "tests" / "fixtures" / "golden" / "spec", tmp_path / "spec")
    path = tmp_path / "spec" / "deploy.catalog.yaml"
    record = (
        "  - name: Patterned\n"
        "    fields:\n"
        f"      - {{name: slug, type: string, pattern: '^{'a' * 100}$'}}\n"
        f"      - {{name: tag, type: string, required: false, pattern: '^{'b' * 60}$'}}\n"
        "      - {name: class, type: string, required: false, min_length: 1,"
        f" pattern: '^{'c' * 50}$'}}\n"
    )
    text = path.read_text("utf-8")
    path.write_text(text.replace("tables:\n", record + "tables:\n", 1), "utf-8")
    monkeypatch.setitem(sys.modules, "black", None)  # generate must not need black
    result = run_cli("generate", "--root", str(tmp_path))
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    source = (tmp_path / "generated" / "deploy" / "models.py").read_text("utf-8")
    assert "    slug: Annotated[\n" in source
    assert "    tag: (\n" in source
    assert black.format_str(source, mode=black.Mode()) == source

"""The generated pydantic models accept exactly what the record JSON Schemas accept.

Valid documents are drawn from the catalog's own field specs; each is then broken in one
way (a required key dropped, an unknown key added, a value of the wrong type) and both
the model and the JSON Schema (checked by the jsonschema package) must reject it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catgen_taxonomy.catalog import Catalog, load_catalogs
from catgen_taxonomy.model import field_required
from catgen_taxonomy.schemas import snake
from catgen_taxonomy.validate import import_generated

from .conftest import REPO
from .helpers import run_cli

CATALOGS = [c for c in load_catalogs(REPO) if c.section("records")]
BY_ID = {catalog.id: catalog for catalog in CATALOGS}
RECORDS = [
    (catalog.id, record["name"])
    for catalog in CATALOGS
    for record in catalog.section("records")
]
EXTRA_KEY = "zz_not_a_field"


def model_of(catalog: Catalog, name: str) -> type[pydantic.BaseModel]:
    module = import_generated(REPO, catalog.id, "models")
    model: type[pydantic.BaseModel] = module.RECORDS[name]
    return model


def schema_validator(catalog: Catalog, name: str) -> jsonschema.Draft202012Validator:
    path = REPO / "generated" / catalog.id / "schemas" / f"{snake(name)}.schema.json"
    return jsonschema.Draft202012Validator(json.loads(path.read_text("utf-8")))


def value_strategy(
    catalog: Catalog, spec: dict[str, Any], depth: int = 0
) -> st.SearchStrategy[Any]:
    strategy = _plain_value(catalog, spec, depth)
    if spec.get("nullable"):
        strategy = st.one_of(strategy, st.none())
    return strategy


def _plain_value(
    catalog: Catalog, spec: dict[str, Any], depth: int
) -> st.SearchStrategy[Any]:
    kind = spec["type"]
    if "any_of" in spec:
        return st.one_of(*(_plain_value(catalog, o, depth) for o in spec["any_of"]))
    if kind == "object":
        if "ref" in spec:
            record = {r["name"]: r for r in catalog.section("records")}[spec["ref"]]
            return object_strategy(catalog, record, depth + 1)
        if "fields" in spec:
            return object_strategy(catalog, spec, depth + 1)
        return st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
    if kind == "array":
        items = spec.get("items", {"type": "any"})
        return st.lists(_plain_value(catalog, items, depth), max_size=2)
    if kind == "map":
        values = spec.get("values", {"type": "any"})
        return st.dictionaries(
            st.text(max_size=3), _plain_value(catalog, values, depth), max_size=2
        )
    if kind == "any":
        return st.one_of(st.none(), st.integers(), st.text(max_size=3))
    if "enum" in spec:
        return st.sampled_from(catalog.model.enum_values[spec["enum"]])
    if kind == "integer":
        return st.integers(min_value=spec.get("minimum"))
    if kind == "number":
        return st.one_of(
            st.integers(), st.floats(allow_nan=False, allow_infinity=False)
        )
    if kind == "boolean":
        return st.booleans()
    if spec.get("format") == "date-time":
        return st.datetimes(min_value=datetime(1000, 1, 1)).map(
            lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
        )
    if "pattern" in spec:
        return st.from_regex(spec["pattern"])
    return st.text(min_size=spec.get("min_length", 0), max_size=5)


def object_strategy(
    catalog: Catalog, record: dict[str, Any], depth: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    fields = record["fields"]
    required = {
        f["name"]: value_strategy(catalog, f, depth)
        for f in fields
        if field_required(f)
    }
    optional = {
        f["name"]: value_strategy(catalog, f, depth)
        for f in fields
        if not field_required(f) and depth < 3
    }
    if record.get("additional_properties", False):
        optional[EXTRA_KEY] = st.integers()
    return st.fixed_dictionaries(required, optional=optional)


def wrong_value(spec: dict[str, Any]) -> Any:
    """Return a value of the wrong JSON type for `spec`, or None if none is certain."""
    if spec["type"] == "any" or "any_of" in spec:
        return None
    if "enum" in spec:
        return "\u00a7 not a member"
    return {
        "string": [],
        "integer": "1",
        "number": "1.5",
        "boolean": 1,
        "object": [],
        "array": {},
        "map": [],
    }[spec["type"]]


@pytest.mark.parametrize(("catalog_id", "name"), RECORDS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_model_agrees_with_schema(catalog_id: str, name: str, data: Any) -> None:
    catalog = BY_ID[catalog_id]
    record = {r["name"]: r for r in catalog.section("records")}[name]
    model = model_of(catalog, name)
    validator = schema_validator(catalog, name)
    document = data.draw(object_strategy(catalog, record))
    assert validator.is_valid(document), document
    model.model_validate(document)  # raises if the model is stricter than the schema

    mutations: list[dict[str, Any]] = []
    for spec in record["fields"]:
        if spec["name"] in document and field_required(spec):
            mutations.append({k: v for k, v in document.items() if k != spec["name"]})
        wrong = wrong_value(spec)
        if wrong is not None:
            mutations.append({**document, spec["name"]: wrong})
    if not record.get("additional_properties", False):
        mutations.append({**document, EXTRA_KEY: 1})
    for broken in mutations:
        assert not validator.is_valid(broken), broken
        with pytest.raises(pydantic.ValidationError):
            model.model_validate(broken)


def _artifact_records() -> list[tuple[Catalog, str, Path]]:
    found = []
    for catalog in CATALOGS:
        for artifact in catalog.section("artifacts"):
            passing = REPO / "tests" / "fixtures" / "artifacts" / artifact["kind"]
            for path in sorted((passing / "pass").glob("*.json")):
                found.append((catalog, artifact["schema"], path))
    return found


ARTIFACT_RECORDS = _artifact_records()


@pytest.mark.parametrize(
    ("catalog", "name", "path"),
    ARTIFACT_RECORDS,
    ids=[f"{p.parent.parent.name}/{p.name}" for _, _, p in ARTIFACT_RECORDS],
)
def test_model_accepts_every_passing_artifact(
    catalog: Catalog, name: str, path: Path
) -> None:
    model_of(catalog, name).model_validate(json.loads(path.read_text("utf-8")))


def test_models_reuse_the_catalog_enums() -> None:
    module = import_generated(REPO, "adr_0005", "models")
    enums = import_generated(REPO, "adr_0005", "enums")
    assert module.StageOutcome.model_fields["stage"].annotation is enums.StageId
    outcome = module.StageOutcome.model_validate(
        {"stage": "runner", "status": "failed", "fail_mode": "fail_closed"}
    )
    assert outcome.stage is enums.StageId.RUNNER


def test_field_descriptions_reach_the_model_schema() -> None:
    model = model_of(CATALOGS[0], "StageOutcome")
    assert model.model_json_schema()["properties"]["stage"]["description"]


AWKWARD_RECORD = """\
  - name: Awkward
    description: 'A record whose field names are not plain attribute names'
    fields:
      - {name: class, type: string}
      - {name: _private, type: integer}
      - {name: model_name, type: string, required: false}
      - {name: json, type: boolean}
      - {name: Outcome, type: string, required: false}
      - name: limits
        type: object
        fields:
          - {name: code, type: string, pattern: '^[a-z]+(_[a-z0-9]+)*(\\.[a-z]+)?$'}
          - {name: max_items_for_a_very_long_field_name_that_pushes_the_line_out, type: integer, minimum: 1}
"""


def test_awkward_names_nested_objects_and_long_lines(tmp_path: Path) -> None:
    """Keywords, private and reserved names get an alias; an inline object becomes a
    nested model; a line too long for one line is wrapped as black wraps it."""
    shutil.copytree(REPO / "tests" / "fixtures" / "golden" / "spec", tmp_path / "spec")
    path = tmp_path / "spec" / "deploy.catalog.yaml"
    text = path.read_text("utf-8")
    marker = "tables:\n"
    path.write_text(text.replace(marker, AWKWARD_RECORD + marker, 1), "utf-8")
    assert run_cli("generate", "--root", str(tmp_path)).exit_code == 0
    models = tmp_path / "generated" / "deploy" / "models.py"
    source = models.read_text("utf-8")
    assert 'class_: StrictStr = Field(alias="class")' in source
    assert 'field_private: JsonInt = Field(alias="_private")' in source
    assert 'json_: StrictBool = Field(alias="json")' in source
    assert "class AwkwardLimits(BaseModel):" in source
    assert max(len(line) for line in source.splitlines()) <= 88
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", str(models)], check=False
    )
    assert black.returncode == 0

    script = """
import pydantic
from generated.deploy.models import Awkward
document = {
    "class": "c",
    "_private": 1,
    "model_name": "m",
    "json": True,
    "Outcome": "o",
    "limits": {
        "code": "a_b.c",
        "max_items_for_a_very_long_field_name_that_pushes_the_line_out": 2,
    },
}
awkward = Awkward.model_validate(document)
assert (awkward.class_, awkward.field_private, awkward.json_) == ("c", 1, True)
assert awkward.model_dump(by_alias=True, exclude_unset=True) == document
for broken in ({**document, "limits": {"code": "A"}}, {**document, "class": 1}):
    try:
        Awkward.model_validate(broken)
    except pydantic.ValidationError:
        continue
    raise AssertionError(broken)
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")

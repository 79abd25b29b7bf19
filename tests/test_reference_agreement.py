"""One contract, three agreeing forms: differential tests against the references.

The published JSON Schemas (generated/<id>/schemas/*.schema.json) are the contract, and
the jsonschema package (draft 2020-12, `format` as an annotation, its default) gives the
verdict. On one corpus per published schema (documents drawn from the schema itself,
the artifact fixtures, one-step mutations of both, and arbitrary JSON), this proves
0 disagreements between:

- jsonschema and the generated validators' schema checker (`_runtime.check_schema`,
  which each generated validator runs on the same schema), and the whole validator of
  every artifact kind: no `schema` violation on a valid document, at least one
  violation on an invalid one (the only extra verdicts are cross-item rules with their
  own ids), and never an exception;
- jsonschema and our pydantic models (generated/<id>/models.py), including each
  model's own `model_dump()`, which must be the document again;
- our models and the models datamodel-code-generator makes from the published schemas,
  as a consumer of the schemas would, with the options that keep a schema's meaning:
  strict types (a lax int takes "1" and true), a `date-time` kept a string (its UTC
  rule is the schema's pattern), absent optional fields as MISSING. One thing no
  datamodel-code-generator option expresses: an integer of draft 2020-12 includes 1.0,
  which its StrictInt refuses; so that comparison reads each document with integral
  floats written as integers (`test_consumer_models_refuse_integral_floats` pins the
  difference).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catgen_taxonomy.catalog import load_catalogs
from catgen_taxonomy.schemas import snake
from catgen_taxonomy.validate import import_generated

from .conftest import REPO

SCHEMA_FILES = sorted(REPO.glob("generated/*/schemas/*.schema.json"))
IDS = [f"{path.parent.parent.name}/{path.name}" for path in SCHEMA_FILES]
FIXTURES = REPO / "tests" / "fixtures" / "artifacts"


def _artifact_kinds() -> dict[Path, list[str]]:
    """Map each published schema to the artifact kinds validated against it."""
    kinds: dict[Path, list[str]] = {}
    for catalog in load_catalogs(REPO):
        for artifact in catalog.section("artifacts"):
            path = (
                REPO
                / "generated"
                / catalog.id
                / "schemas"
                / f"{snake(artifact['schema'])}.schema.json"
            )
            kinds.setdefault(path, []).append(artifact["kind"])
    return kinds


KINDS = _artifact_kinds()


# --- the corpus ----------------------------------------------------------------------

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
)
ANY_JSON = st.recursive(
    JSON_LEAVES,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=6,
)
# Values a mutation puts in place of another: each JSON kind, the integral float that
# draft 2020-12 counts as an integer, and timestamps just inside and outside the rule.
REPLACEMENTS = (
    None,
    True,
    0,
    -1,
    1.0,
    -3.0,
    2.5,
    "",
    "x",
    "2024-02-29T23:59:59.5Z",
    "2024-01-01T00:00:00+00:00",
    "2024-01-01T00:00:00+02:00",
    "2023-02-29T00:00:00Z",
    "2024-01-01T00:00:00Z\n",
    [],
    ["x"],
    {},
    {"k": 1},
)
EXTRA_KEY = "zz_not_a_field"


def from_schema(schema: Any, root: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Draw documents from a JSON Schema of the subset catgen publishes."""
    if not isinstance(schema, dict):
        return ANY_JSON
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return from_schema(target, root, depth + 1)
    if "anyOf" in schema:
        return st.one_of(*(from_schema(s, root, depth) for s in schema["anyOf"]))
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type")
    if kinds is None:
        return ANY_JSON
    names = [kinds] if isinstance(kinds, str) else kinds
    return st.one_of(*(_of_type(name, schema, root, depth) for name in names))


def _of_type(
    name: str, schema: dict[str, Any], root: Any, depth: int
) -> st.SearchStrategy[Any]:
    if name == "object":
        return _object(schema, root, depth)
    if name == "array":
        items = from_schema(schema.get("items", {}), root, depth + 1)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=3)
    if name == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"])
        return st.text(min_size=schema.get("minLength", 0), max_size=6)
    if name == "integer":
        return st.integers(min_value=schema.get("minimum"))
    if name == "number":
        low = schema.get("minimum")
        return st.integers(min_value=low) | st.floats(
            min_value=low, allow_nan=False, allow_infinity=False
        )
    if name == "boolean":
        return st.booleans()
    return st.none()


def _object(schema: dict[str, Any], root: Any, depth: int) -> st.SearchStrategy[Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    fixed = {k: from_schema(properties[k], root, depth + 1) for k in required}
    optional = {
        k: from_schema(v, root, depth + 1)
        for k, v in properties.items()
        if k not in required and depth < 4
    }
    base = st.fixed_dictionaries(fixed, optional=optional)
    additional = schema.get("additionalProperties", True)
    if additional is False or depth >= 4:
        return base
    extra = st.dictionaries(
        st.text(max_size=4).filter(lambda key: key not in properties),
        (
            from_schema(additional, root, depth + 1)
            if additional is not True
            else ANY_JSON
        ),
        max_size=2,
    )
    return st.tuples(base, extra).map(lambda pair: {**pair[1], **pair[0]})


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replace(document: Any, path: tuple[Any, ...], action: Any) -> Any:
    """Return a copy of `document` with the node at `path` replaced, dropped or grown."""
    if not path:
        if action == "extra" and isinstance(document, dict):
            return {**document, EXTRA_KEY: 1}
        if action == "integral" and isinstance(document, int):
            return float(document) if abs(document) < 2**53 else document
        return document if action in ("drop", "extra", "integral") else action
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        if not rest and action == "drop":
            return {k: v for k, v in document.items() if k != head}
        return {**document, head: _replace(document[head], rest, action)}
    copy = list(document)
    if not rest and action == "drop":
        del copy[head]
    else:
        copy[head] = _replace(copy[head], rest, action)
    return copy


def mutated(document: Any) -> st.SearchStrategy[Any]:
    """Draw `document` broken (or not) in one step at one of its nodes."""
    actions = st.sampled_from(("drop", "extra", "integral", *REPLACEMENTS))
    return st.tuples(st.sampled_from(list(_paths(document))), actions).map(
        lambda choice: _replace(document, *choice)
    )


def _fixtures(path: Path) -> list[Any]:
    return [
        json.loads(fixture.read_text("utf-8"))
        for kind in KINDS.get(path, [])
        for fixture in sorted((FIXTURES / kind).glob("*/*.json"))
    ]


@functools.cache
def schema_of(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


@functools.cache
def checker_of(path: Path) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema_of(path))


@functools.cache
def corpus(path: Path) -> st.SearchStrategy[Any]:
    """Valid draws, the artifact fixtures, one-step mutations of both, and junk."""
    schema = schema_of(path)
    fixtures = _fixtures(path)
    drawn = from_schema(schema, schema)
    seeds = st.one_of(drawn, st.sampled_from(fixtures)) if fixtures else drawn
    return st.one_of(seeds, seeds.flatmap(mutated), ANY_JSON)


# --- the three forms -----------------------------------------------------------------


def _record_model(path: Path, schema: Any) -> type[pydantic.BaseModel]:
    models = import_generated(REPO, path.parent.parent.name, "models")
    model: type[pydantic.BaseModel] = models.RECORDS[schema["title"]]
    return model


@pytest.fixture(scope="module")
def consumer_models(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Any]:
    """Generate models from every published schema with datamodel-code-generator."""
    from datamodel_code_generator import DataModelType, InputFileType, generate

    folder = tmp_path_factory.mktemp("dmcg")
    models: dict[Path, Any] = {}
    for index, path in enumerate(SCHEMA_FILES):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its notices about future defaults
            source = generate(
                path.read_text("utf-8"),
                input_file_type=InputFileType.JsonSchema,
                output_model_type=DataModelType.PydanticV2BaseModel,
                strict_types=["str", "int", "float", "bool"],
                field_constraints=True,
                use_annotated=True,
                use_missing_sentinel=True,
                target_pydantic_version="2.14",
                type_mappings=["string+date-time=string"],
                disable_timestamp=True,
                formatters=[],
            )
        assert isinstance(source, str)
        module_path = folder / f"consumer_{index}.py"
        module_path.write_text(source, "utf-8")
        title = json.loads(path.read_text("utf-8"))["title"]
        models[path] = getattr(_load(module_path), title)
    return models


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # pydantic resolves forward references here
    spec.loader.exec_module(module)
    return module


def _accepts(model: type[pydantic.BaseModel], document: Any) -> bool:
    try:
        model.model_validate(document)
    except pydantic.ValidationError:
        return False
    return True


def _integral_floats_as_ints(value: Any) -> Any:
    """Return `value` with every float that has no fractional part as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats_as_ints(v) for v in value]
    return value


AGREEMENT = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=IDS)
@settings(AGREEMENT, max_examples=15)
@given(data=st.data())
def test_the_corpus_draws_valid_documents(path: Path, data: st.DataObject) -> None:
    """The schema strategy draws valid documents, so the corpus has both verdicts."""
    schema = schema_of(path)
    document = data.draw(from_schema(schema, schema))
    assert checker_of(path).is_valid(document), document


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=IDS)
@AGREEMENT
@given(data=st.data())
def test_validators_and_models_give_the_schema_verdict(
    path: Path, data: st.DataObject, consumer_models: dict[Path, Any]
) -> None:
    schema = schema_of(path)
    document = data.draw(corpus(path))
    verdict = checker_of(path).is_valid(document)

    runtime = import_generated(REPO, "_runtime")
    found: list[Any] = []
    runtime.check_schema(document, schema, "", found)
    assert (not found) == verdict, (document, found)

    for kind in KINDS.get(path, []):
        validators = import_generated(REPO, path.parent.parent.name, "validators")
        violations = validators.VALIDATORS[kind](document)
        if verdict:
            assert all(v.rule != "schema" for v in violations), (kind, violations)
        else:
            assert violations, (kind, document)

    model = _record_model(path, schema)
    assert _accepts(model, document) == verdict, document
    consumer_document = _integral_floats_as_ints(document)
    consumer_verdict = _accepts(consumer_models[path], consumer_document)
    assert consumer_verdict == _accepts(model, consumer_document), document
    if verdict:
        dumped = model.model_validate(document).model_dump()
        assert dumped == document
        assert checker_of(path).is_valid(dumped), dumped


# --- regressions: one per disagreement found ------------------------------------------

RUN_RECORD = REPO / "generated" / "run_record" / "schemas" / "run_record.schema.json"
COUNTERS = REPO / "generated" / "run_record" / "schemas" / "counters.schema.json"
ENTRYPOINT = REPO / "generated" / "run_record" / "schemas" / "entrypoint.schema.json"


def _counters(value: Any) -> dict[str, Any]:
    schema = json.loads(COUNTERS.read_text("utf-8"))
    return {name: value for name in schema["required"]}


def test_an_integral_float_is_an_integer_everywhere() -> None:
    schema = json.loads(COUNTERS.read_text("utf-8"))
    model = _record_model(COUNTERS, schema)
    runtime = import_generated(REPO, "_runtime")
    for value, valid in ((1.0, True), (0, True), (1.5, False), (-1.0, False)):
        document = _counters(value)
        found: list[Any] = []
        runtime.check_schema(document, schema, "", found)
        assert jsonschema.Draft202012Validator(schema).is_valid(document) is valid
        assert (not found, _accepts(model, document)) == (valid, valid), value


def test_a_utc_offset_is_refused_by_the_schema_itself() -> None:
    """The UTC-only rule is the published pattern, not a validator-only check."""
    schema = json.loads(RUN_RECORD.read_text("utf-8"))
    created = schema["properties"]["created_at"]
    runtime = import_generated(REPO, "_runtime")
    assert created["pattern"] == runtime.UTC_TIMESTAMP
    checker = jsonschema.Draft202012Validator(created)
    for stamp, valid in (
        ("2024-01-01T00:00:00Z", True),
        ("2024-01-01T00:00:00.25+00:00", True),
        ("2024-01-01T00:00:00+02:00", False),
        ("2023-02-29T00:00:00Z", False),
        ("2024-01-01T00:00:00Z\n", False),
    ):
        found: list[Any] = []
        runtime.check_schema(stamp, created, "", found)
        assert (checker.is_valid(stamp), not found) == (valid, valid), stamp
        assert bool(re.search(created["pattern"], stamp)) is valid


def test_a_model_dump_of_an_unset_optional_field_passes_the_schema() -> None:
    """An absent optional field stays absent (MISSING), and null is refused there."""
    schema = json.loads(ENTRYPOINT.read_text("utf-8"))
    model = _record_model(ENTRYPOINT, schema)
    dumped = model.model_validate({"id": "run"}).model_dump()
    assert dumped == {"id": "run"}
    assert model(id="run").model_dump(mode="json") == {"id": "run"}
    assert jsonschema.Draft202012Validator(schema).is_valid(dumped)
    assert not _accepts(model, {"id": "run", "command": None})
    assert not jsonschema.Draft202012Validator(schema).is_valid(
        {"id": "run", "command": None}
    )


def test_consumer_models_refuse_integral_floats(
    consumer_models: dict[Path, Any],
) -> None:
    """The one difference the agreement test normalises away, pinned: the schema and
    our models take 1.0 as an integer, datamodel-code-generator's StrictInt does not."""
    schema = json.loads(COUNTERS.read_text("utf-8"))
    document = _counters(1.0)
    assert jsonschema.Draft202012Validator(schema).is_valid(document)
    assert _accepts(_record_model(COUNTERS, schema), document)
    assert not _accepts(consumer_models[COUNTERS], document)
    assert _accepts(consumer_models[COUNTERS], _counters(1))

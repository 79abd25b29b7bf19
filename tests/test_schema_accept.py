"""The fast acceptor (generator/schema_accept.py) says yes only where jsonschema finds
no error: on mutated catalogs, random code entries and small schemas per keyword."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catgen_taxonomy.catalog import metaschema_acceptors, metaschema_validators
from catgen_taxonomy.schema_accept import compile_acceptor
from catgen_taxonomy.yamlload import load_yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted(
    [*(ROOT / "spec").glob("*.catalog.yaml"), *(ROOT / "tests").rglob("*.catalog.yaml")]
)


def _catalog(path: Path) -> Any:
    return load_yaml(path.read_text(encoding="utf-8"), path.name).data


def _valid(validator: Any, instance: Any) -> bool:
    return next(iter(validator.iter_errors(instance)), None) is None


def test_every_seed_catalog_is_accepted_fast() -> None:
    """The acceptor is the path loading takes: every valid seed catalog passes it."""
    (whole, _), (accepts, _) = metaschema_validators(), metaschema_acceptors()
    for path in sorted((ROOT / "spec").glob("*.catalog.yaml")):
        data = _catalog(path)
        assert _valid(whole, data), path
        assert accepts(data), path


scalar = st.one_of(
    st.text(max_size=5),
    st.sampled_from(["", "a", "aligned", "codes", "Pascal", "x" * 101, "1.0.0"]),
    st.integers(min_value=-3, max_value=2000),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
value = st.recursive(
    scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=6), children, max_size=3),
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, item in data.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found += _paths(item, (*prefix, index))
    return found


def _mutated(data: Any, path: tuple[Any, ...], how: int, new: Any) -> Any:
    """Replace, delete or extend the node at `path` in a copy of `data`."""
    data = copy.deepcopy(data)
    if not path:
        return new
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == 0:
        parent[last] = new
    elif how == 1:
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["extra" if not isinstance(new, str) else new] = new
    elif isinstance(parent[last], list):
        parent[last].append(new)
    else:
        parent[last] = [parent[last], new]
    return data


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(ROOT).as_posix())
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_accepts_only_what_jsonschema_accepts(path: Path, data: st.DataObject) -> None:
    try:
        catalog = _catalog(path)
    except Exception:  # a fixture that is meant not to load
        return
    (whole, _), (accepts, _) = metaschema_validators(), metaschema_acceptors()
    for _ in range(3):
        where = data.draw(st.sampled_from(_paths(catalog)))
        catalog = _mutated(
            catalog, where, data.draw(st.integers(0, 2)), data.draw(value)
        )
        if accepts(catalog):
            assert _valid(whole, catalog), where


entries = st.one_of(
    st.dictionaries(
        st.sampled_from(
            ["code", "name", "scope", "description", "source", "deprecated", "severity"]
        ),
        value,
        max_size=6,
    ),
    value,
)


@settings(max_examples=500, deadline=None)
@given(entries)
def test_code_entry_acceptor_implies_meta_schema_validity(entry: Any) -> None:
    (_, one_code), (_, accepts_code) = metaschema_validators(), metaschema_acceptors()
    if accepts_code(entry):
        assert _valid(one_code, entry)


# Each keyword the acceptor knows, and one value it must leave to jsonschema.
KEYWORD_CASES: list[tuple[dict[str, Any], Any, Any, Any]] = [
    ({"type": "integer"}, 3, "3", 3.0),
    ({"type": "number"}, 3, True, 3.5),
    ({"type": ["string", "null"]}, None, 1, None),
    ({"enum": [1, "a"]}, "a", True, 1.0),
    ({"const": False}, False, 0, [False]),
    ({"pattern": "^a"}, "ab", "ba", None),
    ({"minLength": 2}, "ab", "a", None),
    ({"maxLength": 1}, "a", "ab", None),
    ({"minItems": 1}, [1], [], None),
    ({"maxItems": 1}, [1], [1, 2], None),
    ({"minProperties": 1}, {"a": 1}, {}, None),
    ({"maxProperties": 1}, {"a": 1}, {"a": 1, "b": 2}, None),
    ({"minimum": 1}, 1, 0, 1.5),
    ({"maximum": 1}, 1, 2, 0.5),
    ({"items": {"type": "string"}}, ["a"], [1], None),
    ({"properties": {"a": {"type": "string"}}}, {"a": "x"}, {"a": 1}, {1: "x"}),
    (
        {"additionalProperties": False, "properties": {"a": {}}},
        {"a": 1},
        {"b": 1},
        None,
    ),
    ({"additionalProperties": {"type": "string"}}, {"b": "x"}, {"b": 1}, None),
    ({"required": ["a"]}, {"a": 1}, {}, None),
    ({"dependentRequired": {"a": ["b"]}}, {"a": 1, "b": 2}, {"a": 1}, None),
    ({"$ref": "#/$defs/s", "$defs": {"s": {"type": "string"}}}, "a", 1, None),
    ({"allOf": [{"type": "string"}, {"minLength": 1}]}, "a", "", None),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 1, None, None),
    ({"oneOf": [{"type": "array"}, {"type": "object"}]}, [], "a", None),
    ({"oneOf": [{"minLength": 1}, {"maxLength": 3}]}, None, None, "ab"),
    ({"not": {"type": "string"}}, None, None, 1),
    ({"if": {"type": "string"}}, None, None, "a"),
]


@pytest.mark.parametrize("schema, valid, invalid, uncertain", KEYWORD_CASES)
def test_each_keyword(
    schema: dict[str, Any], valid: Any, invalid: Any, uncertain: Any
) -> None:
    """A valid value is accepted, an invalid one never, and a value the acceptor cannot
    decide exactly (a float, a non-text key, an unknown keyword) goes to jsonschema."""
    accepts = compile_acceptor(schema)
    validator = jsonschema.Draft202012Validator(schema)
    if valid is not None:
        assert _valid(validator, valid) and accepts(valid)
    if invalid is not None:
        assert not _valid(validator, invalid) and not accepts(invalid)
    if uncertain is not None:
        assert not accepts(uncertain)


def test_recursive_reference_compiles() -> None:
    schema = {
        "$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
        "$ref": "#/$defs/node",
    }
    accepts = compile_acceptor(schema)
    assert accepts([[[]], []])
    assert not accepts([[1]])

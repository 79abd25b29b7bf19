"""Fast checks that stand in for slower exact ones never say yes when those say no."""

from __future__ import annotations

import ast
from typing import Any

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from catgen_taxonomy.render import py_str


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_py_str_round_trips_and_is_black_stable(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    source = f"x = {literal}\n"
    assert black.format_str(source, mode=black.Mode()) == source


yaml_data = st.recursive(
    st.one_of(
        st.text(max_size=8),
        st.integers(),
        st.booleans(),
        st.none(),
        st.floats(allow_nan=False),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=5), children, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(yaml_data)
def test_fast_yaml_loader_agrees_with_pyyaml(data: Any) -> None:
    import yaml

    from catgen_taxonomy.yamlload import load_yaml

    for style in (False, True, None):
        text = yaml.safe_dump(
            {"root": data}, default_flow_style=style, allow_unicode=True
        )
        assert load_yaml(text, "x.yaml").data == yaml.safe_load(text)

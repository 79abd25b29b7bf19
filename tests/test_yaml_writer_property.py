"""The fast writer for plain data writes the same bytes as ruamel's round-trip writer.

A differential property: random nested dicts and lists of strings (hostile ones: quotes,
colons, `#`, edge spaces, long text past the width, Unicode, numbers and booleans as
text), integers, booleans and None, written by yamlload.dump_yaml (fast path) and by
yamlload.dump_round_trip (ruamel), must be byte-identical, and load_yaml must read them
back equal. (A plain string folded after a run of spaces used to lose them; both writers
now single-quote a string with a run of spaces.)
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catgen_taxonomy.yaml_fast_writer import dump_plain, fold_plain
from catgen_taxonomy.yamlload import (
    dump_round_trip,
    dump_yaml,
    load_yaml,
    plain_scalar_tag,
)

HOSTILE = [
    "",
    " ",
    "~",
    "010",
    "0o10",
    "0x1F",
    "1:30",
    "1_000",
    "yes",
    "No",
    "off",
    "null",
    "Null",
    "true",
    "1.0",
    ".inf",
    "1e3",
    "2026-01-01",
    "<<",
    "=",
    "-",
    "- a",
    "--- a",
    "...",
    "? x",
    "?x",
    ":x",
    "a:b",
    "a: b",
    "a:",
    "a #b",
    "a#b",
    "#x",
    "'quoted'",
    "it's",
    '"x"',
    'say "hi"',
    "[x]",
    "{x}",
    "a, b",
    "a [b] {c}",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    " lead",
    "trail ",
    "two  spaces",
    "tab\there",
    "line\nbreak",
    "end\n",
    "nel\x85x",
    "ls\u2028x",
    "bom\ufeffx",
    "caf\u00e9 \u2014 \u00fcber",
    "emoji \U0001f600",
    "\u00a0nbsp",
    "ctl\x07",
    "del\x7f",
    "x" * 130,
    "word " * 30 + "end",
    "a" * 98 + " b c",
    ("w" * 40 + " ") * 4,
]

WORD = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 -_:#'\",.?!&*[]{}|>%@`~\u00e9\u2014")),
    max_size=12,
)
STRINGS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=20),
    WORD,
    st.lists(WORD, max_size=30).map(" ".join),
    st.builds(lambda word, n: " ".join([word] * n), WORD, st.integers(1, 40)),
)
KEYS = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
    st.sampled_from(["yes", "010", "a: b", "", " k", "x" * 130, "on", "code"]),
)
SCALARS = st.one_of(
    STRINGS,
    st.integers(-(10**30), 10**30),
    st.booleans(),
    st.none(),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(KEYS, children, max_size=5),
    ),
    max_leaves=40,
)
TOP = st.one_of(st.dictionaries(KEYS, DATA, max_size=6), st.lists(DATA, max_size=6))


def test_fast_writer_matches_ruamel_on_a_catalog_shape() -> None:
    catalog = {
        "catgen": 1,
        "id": "x",
        "codes": [
            {"code": "a", "meaning": "word " * 40, "deprecated": False},
            {"code": "b", "meaning": "it's: quoted", "note": None, "tags": []},
        ],
        "enums": [{"name": "E", "values": [{"value": "yes"}, {"value": "010"}]}],
    }
    fast = dump_plain(catalog, 100, plain_scalar_tag, dump_round_trip)
    assert fast == dump_round_trip(catalog)


def test_plain_catalog_is_written_without_ruamel(monkeypatch: Any) -> None:
    def refuse(data: Any, width: int | None = None) -> str:
        raise AssertionError("ruamel called")

    monkeypatch.setattr("catgen_taxonomy.yamlload.dump_round_trip", refuse)
    catalog = {"id": "x", "codes": [{"code": "a", "meaning": "word " * 39 + "end"}]}
    # ruamel's fold: a word that would cross column 100 starts a line (after a space).
    assert dump_yaml(catalog) == (
        "id: x\ncodes:\n  - code: a\n    meaning: "
        + "word " * 17
        + "\n      "
        + "word " * 18
        + "word\n      word word word end\n"
    )


def test_many_strings_for_ruamel_fall_back_to_ruamel_whole() -> None:
    # Regression (fuzz extract#780): 25,000 strings rendered one by one took 33 s.
    data = {"rows": [{"a": "x: y", "b": "", "c": "010"} for _ in range(300)]}
    assert dump_plain(data, 100, plain_scalar_tag, dump_round_trip) is None
    assert dump_yaml(data) == dump_round_trip(data)


def test_shared_container_falls_back_to_ruamel_anchors() -> None:
    shared = ["a"]
    data = {"x": shared, "y": shared}
    assert dump_plain(data, 100, plain_scalar_tag, dump_round_trip) is None
    assert dump_yaml(data) == "x: &id001\n  - a\ny: *id001\n"


def test_fold_plain_breaks_a_long_word_onto_its_own_line() -> None:
    # ruamel writes the space, then starts the word that would cross the width anew.
    assert fold_plain("ab " + "c" * 10, 0, 2, 8) == " ab \n  cccccccccc"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=TOP, width=st.sampled_from([100, 100, 40, 60]))
def test_fast_writer_is_byte_identical_to_ruamel(data: Any, width: int) -> None:
    expected = dump_round_trip(data, width)
    assert dump_yaml(data, width) == expected
    assert load_yaml(expected, "x.yaml").data == data


@settings(max_examples=300, deadline=None)
@given(value=STRINGS, key=st.sampled_from(["k", "description", "a" * 60]))
def test_one_string_in_every_position(value: str, key: str) -> None:
    data = {
        key: value,
        "list": [value, [value], {key: value}],
        "nested": {"deeper": {key: [{"x": 1, key: value}]}},
    }
    written = dump_yaml(data)
    assert written == dump_round_trip(data)
    assert load_yaml(written, "x.yaml").data == data


def test_a_run_of_spaces_at_the_fold_survives() -> None:
    """Plain folding after `end.  ` left the spaces at the line's end; a reader drops them."""
    text = (
        "word " * 18 + "end.  Next sentence, long enough to pass the width of the line"
    )
    written = dump_yaml({"description": text})
    assert written.startswith("description: 'word word")
    assert load_yaml(written, "x.yaml").data == {"description": text}

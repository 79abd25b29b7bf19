"""Fuzz every command family in-process: each corpus entry as it is, then
1,000 x CATGEN_FUZZ_SCALE mutated cases per family, in chunks that xdist spreads.

A failure lists every bad case of its chunk, one per line, with the mutations and the
commands; `python -m tests.fuzz.harness FAMILY INDEX DIR` rebuilds a case. A case that
found a bug goes into tests/fuzz/corpus/<family>/ named after the bug (README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import FAMILIES, build_case, entries, generated_case, run_case, scale

CASES_PER_FAMILY = round(1000 * scale())
CHUNK = 50
CORPUS = [(family, entry) for family in FAMILIES for entry in entries(family)]
CHUNKS = [
    (family, start)
    for family in FAMILIES
    for start in range(0, CASES_PER_FAMILY, CHUNK)
]


@pytest.mark.parametrize(
    ("family", "entry"),
    CORPUS,
    ids=[f"{family}/{entry.parent.name}/{entry.name}" for family, entry in CORPUS],
)
def test_corpus_entry_is_handled(tmp_path: Path, family: str, entry: Path) -> None:
    problems = run_case(build_case(family, entry, None), tmp_path / "case")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("family", "start"), CHUNKS, ids=[f"{f}-{s:05d}" for f, s in CHUNKS]
)
def test_mutated_cases_are_handled(tmp_path: Path, family: str, start: int) -> None:
    problems = []
    stop = min(start + CHUNK, CASES_PER_FAMILY)
    for index in range(start, stop):
        problems += run_case(generated_case(family, index), tmp_path / f"case{index}")
    assert problems == [], f"{len(problems)} bad cases:\n" + "\n".join(problems)


def test_every_family_has_seeds_and_enough_cases() -> None:
    for family in FAMILIES:
        assert any(e.name.startswith("seed") for e in entries(family)), family
    assert CASES_PER_FAMILY >= 1000 or scale() < 1

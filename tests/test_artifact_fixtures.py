"""Every validator rule has a failing fixture that makes it fire, and kinds have passing ones.

Layout: tests/fixtures/artifacts/<KIND>/pass/*.json must be valid;
tests/fixtures/artifacts/<KIND>/fail/<rule-id>[--note].json must report <rule-id>.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catgen_taxonomy.validate import load_artifact_kinds

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "artifacts"
KINDS = load_artifact_kinds(REPO)


def _cases(folder: str) -> list[tuple[str, Path]]:
    return [
        (kind_dir.name, path)
        for kind_dir in sorted(FIXTURES.iterdir())
        for path in sorted((kind_dir / folder).glob("*.json"))
    ]


@pytest.mark.parametrize(
    ("kind", "path"), _cases("pass"), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_passing_fixture_is_valid(kind: str, path: Path) -> None:
    violations = KINDS[kind].validate(json.loads(path.read_text(encoding="utf-8")))
    assert violations == []


@pytest.mark.parametrize(
    ("kind", "path"), _cases("fail"), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_failing_fixture_reports_its_rule(kind: str, path: Path) -> None:
    rule = path.stem.split("--")[0]
    violations = KINDS[kind].validate(json.loads(path.read_text(encoding="utf-8")))
    assert rule in {v.rule for v in violations}, [v.as_dict() for v in violations]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_rule_has_a_failing_and_the_kind_a_passing_fixture(kind: str) -> None:
    import importlib

    catalog_package = KINDS[kind].registry.__name__.rsplit(".", 1)[0]
    rule_ids = importlib.import_module(f"{catalog_package}.validators").RULE_IDS[kind]
    folder = FIXTURES / kind
    covered = {p.stem.split("--")[0] for p in (folder / "fail").glob("*.json")}
    assert sorted(set(rule_ids) - covered) == []
    assert list((folder / "pass").glob("*.json"))

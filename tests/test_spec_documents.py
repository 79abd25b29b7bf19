"""The ADRs in spec/docs are the seeds, byte for byte, plus catgen's marker lines."""

from __future__ import annotations

import pytest
import yaml

from .conftest import REPO, SEEDS

CATALOGS = sorted((REPO / "spec").glob("*.catalog.yaml"))
SEED_BYTES = {path.read_bytes() for path in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.stem)
def test_document_is_its_seed_plus_marker_lines(catalog) -> None:
    document = yaml.safe_load(catalog.read_text())["document"]
    lines = (REPO / "spec" / document).read_bytes().splitlines(keepends=True)
    unmarked = b"".join(line for line in lines if not line.startswith(b"<!-- catgen:"))
    assert unmarked in SEED_BYTES

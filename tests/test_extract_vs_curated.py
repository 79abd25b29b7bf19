"""The extractor, run on each original seed, finds the hand-curated catalog; every
difference is one the catalog explains under `extraction.accepted`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from catgen_taxonomy.extract import extract_document
from catgen_taxonomy.extract.compare import catalog_differences

from .conftest import REPO, SEEDS

CURATED = {
    "000": "adr_0005",
    "001": "tplt_reason_codes",
    "002": "promptos_io",
    "003": "run_record",
    "004": "fail_closed",
}


def matches(difference: str, pattern: str) -> bool:
    """`*` is the only wildcard; brackets and dots are literal."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, difference) is not None


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_extracted_equals_curated_up_to_accepted_differences(seed: Path) -> None:
    curated = yaml.safe_load(
        (REPO / "spec" / f"{CURATED[seed.name[:3]]}.catalog.yaml").read_text()
    )
    text = seed.read_bytes().decode("utf-8", "surrogateescape")
    extracted = extract_document(text, source_name=curated["document"]).catalog
    accepted = [a["match"] for a in curated.get("extraction", {}).get("accepted", [])]
    differences = catalog_differences(extracted, curated)
    unexplained = [d for d in differences if not any(matches(d, m) for m in accepted)]
    unused = [m for m in accepted if not any(matches(d, m) for d in differences)]
    assert unexplained == [], "\n".join(unexplained)
    assert unused == [], "accepted differences that no longer occur: " + ", ".join(
        unused
    )

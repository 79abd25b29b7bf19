import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def read_doc(path: pathlib.Path) -> str:
    # Bytes -> str without ever rewriting them (surrogateescape round-trips any byte).
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


@pytest.fixture
def seed_text():
    def load(prefix: str) -> str:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return read_doc(path)

    return load

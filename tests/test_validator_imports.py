"""Importing a generated validator creates no enum classes (issue 6: import cost).

validators.py takes the catalog data from _data.py; registry.py keeps its public names
(the same objects) and adds the code entries, whose attributes are enum members.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO

CATALOGS = ("adr_0005", "fail_closed", "promptos_io", "run_record", "tplt_reason_codes")


@pytest.mark.parametrize("catalog", CATALOGS)
def test_validators_import_neither_enums_nor_registry(catalog: str) -> None:
    probe = (
        "import json, sys\n"
        f"import generated.{catalog}.validators\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('generated')"
        " or m in ('enum', 'typing', 'dataclasses', 'inspect'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    loaded = set(json.loads(result.stdout))
    assert f"generated.{catalog}._data" in loaded
    assert f"generated.{catalog}.enums" not in loaded
    assert f"generated.{catalog}.registry" not in loaded
    assert not loaded & {"typing", "dataclasses", "inspect"}


@pytest.mark.parametrize("catalog", CATALOGS)
def test_registry_names_are_the_data_objects(catalog: str) -> None:
    """In a clean interpreter: other tests point `generated` at temporary projects."""
    probe = f"""
from generated.{catalog} import _data, registry
names = [n for n in vars(_data) if n.isupper() and n != "TYPE_CHECKING"]
assert {{"CODES", "CODE_ATTRIBUTES"}} <= set(names), names
for name in names:
    assert getattr(registry, name) is getattr(_data, name), name
assert registry.CODES == frozenset(registry.BY_CODE)
assert set(registry.CODE_ATTRIBUTES) == set(registry.CODES)
"""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr

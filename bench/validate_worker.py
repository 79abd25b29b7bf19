"""Measure in-process validation throughput of one validator; print JSON to stdout.

    python validate_worker.py LIB PROJECT DOC.json SECONDS REPEATS

LIB is one of: catgen (generated validate_health), jsonschema, fastjsonschema,
jsonschema-rs, pydantic (generated models.py HealthFile.model_validate). PROJECT is a
catgen project whose generated/synth/ holds the outputs. Each repeat validates the
already-parsed document in a loop for at least SECONDS and reports docs/s. Output:
{"rates": [...], "valid": bool} or {"error": "..."}. Runs in whichever Python invokes it
(the project's for catgen, bench/.venv for the peers).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def make_validator(lib: str, project: Path) -> Callable[[Any], bool]:
    schema_path = (
        project / "generated" / "synth" / "schemas" / "health_file.schema.json"
    )
    if lib == "catgen":
        sys.path.insert(0, str(project))
        from generated.synth.validators import validate_health

        return lambda doc: not validate_health(doc)
    if lib == "jsonschema":
        import jsonschema

        validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text()))
        return validator.is_valid
    if lib == "fastjsonschema":
        import fastjsonschema

        check = fastjsonschema.compile(json.loads(schema_path.read_text()))

        def fast(doc: Any) -> bool:
            try:
                check(doc)
            except fastjsonschema.JsonSchemaException:
                return False
            return True

        return fast
    if lib == "jsonschema-rs":
        import jsonschema_rs

        return jsonschema_rs.validator_for(json.loads(schema_path.read_text())).is_valid
    if lib == "pydantic":
        import pydantic

        # models.py imports the catalog's enums (`from .enums import ...`): load it
        # as part of its package; it needs nothing but pydantic and the stdlib.
        sys.path.insert(0, str(project))
        from generated.synth.models import HealthFile as model

        def pyd(doc: Any) -> bool:
            try:
                model.model_validate(doc)
            except pydantic.ValidationError:
                return False
            return True

        return pyd
    raise SystemExit(f"unknown validator {lib!r}")


def main() -> None:
    lib, project, doc_path, seconds, repeats = sys.argv[1:6]
    try:
        validate = make_validator(lib, Path(project))
    except Exception as exc:  # noqa: BLE001  (report, never crash the benchmark)
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return
    document = json.loads(Path(doc_path).read_text(encoding="utf-8"))
    valid = validate(document)
    rates = []
    for _ in range(int(repeats)):
        count = 0
        start = time.perf_counter()
        elapsed = 0.0
        while elapsed < float(seconds):
            for _ in range(50):
                validate(document)
            count += 50
            elapsed = time.perf_counter() - start
        rates.append(count / elapsed)
    print(json.dumps({"rates": rates, "valid": valid}))


if __name__ == "__main__":
    main()

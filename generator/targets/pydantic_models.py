"""Target: generated/<id>/models.py, pydantic v2 models made by datamodel-code-generator
from the same record schemas the json-schemas target writes.

datamodel-code-generator takes about a second per catalog, so the file records a hash of
its input and of its own body: while both still match, the file on disk is reused as the
rendering. A changed schema, a changed generator version or a hand edit all change a
hash, so drift is still caught.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..errors import GenerationError, Location, Problem
from ..render import LINE_LENGTH, header_lines
from ..schemas import record_schema
from . import Output, package_dir

TOOL = "datamodel-code-generator"
HASH_LINE = re.compile(r"^# catgen-input: ([0-9a-f]{64}) catgen-body: ([0-9a-f]{64})\n")


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the models module of every catalog that declares records."""
    return [
        Output(path, render_models(catalog, root / path))
        for catalog in catalogs
        if catalog.section("records")
        for path in [f"{package_dir(catalog)}/models.py"]
    ]


def bundle_schema(catalog: Catalog) -> dict[str, Any]:
    """Return one schema holding every record under `$defs`, the root a union of them."""
    defs: dict[str, Any] = {}
    for record in catalog.section("records"):
        schema = record_schema(catalog, record["name"], "")
        body = {
            k: v for k, v in schema.items() if not k.startswith("$") and k != "title"
        }
        defs[record["name"]] = body
    names = [record["name"] for record in catalog.section("records")]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "AnyRecord",
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in names],
        "$defs": defs,
    }


def render_models(catalog: Catalog, existing_path: Path) -> str:
    """Return models.py: reused from disk when input and body hashes still match."""
    bundle = json.dumps(bundle_schema(catalog), sort_keys=True, ensure_ascii=False)
    tool_version = version(TOOL)
    # This module's own source is part of the input: a change in how the tool is run
    # or post-processed must not reuse a body made the old way.
    recipe = _sha(Path(__file__).read_text(encoding="utf-8"))
    input_hash = _sha(f"{tool_version}\n{recipe}\n{bundle}")
    header = "".join(
        f"# {line}\n"
        for line in header_lines(
            catalog.relpath, via=f"{TOOL} {tool_version} from the record schemas"
        )
    )
    try:
        current = existing_path.read_text(encoding="utf-8")
    except OSError:
        current = ""
    reused = _reusable_body(current, header, input_hash)
    body = reused if reused is not None else _run_datamodel_codegen(catalog, bundle)
    return f"{header}# catgen-input: {input_hash} catgen-body: {_sha(body)}\n{body}"


def _reusable_body(current: str, header: str, input_hash: str) -> str | None:
    if not current.startswith(header):
        return None
    rest = current[len(header) :]
    match = HASH_LINE.match(rest)
    if match is None or match.group(1) != input_hash:
        return None
    body = rest[match.end() :]
    return body if _sha(body) == match.group(2) else None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _run_datamodel_codegen(catalog: Catalog, bundle: str) -> str:
    from datamodel_code_generator import DataModelType, InputFileType, generate
    from datamodel_code_generator.format import Formatter, PythonVersion

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = generate(
                bundle,
                input_file_type=InputFileType.JsonSchema,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                disable_timestamp=True,
                use_standard_collections=True,
                use_union_operator=True,
                use_double_quotes=True,
                use_schema_description=True,
                use_field_description=True,
                field_constraints=True,  # Field(ge=0), not conint(): mypy-clean
                formatters=[Formatter.BUILTIN],
                custom_file_header='"""Pydantic v2 models of the catalog records."""',
            )
    except Exception as exc:  # the tool's own errors are varied; report them located
        raise GenerationError(
            Problem(
                Location(catalog.relpath),
                f"{TOOL} failed on the record schemas: {exc}",
                "check the `records` section; field types must map to JSON Schema",
            )
        ) from None
    if not isinstance(code, str):
        raise GenerationError(
            Problem(Location(catalog.relpath), f"{TOOL} returned several modules", "")
        )
    # The tool's builtin formatter is ~8x faster than its black+isort pass but leaves long
    # lines; black (only here, only on a cache miss) makes the file black-stable.
    import black

    mode = black.Mode(
        line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY311}
    )
    return black.format_str(code.strip("\n") + "\n", mode=mode)

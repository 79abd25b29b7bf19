"""The naive peer: YAML -> jinja2 templates -> black.format_str, no caching.

    python naive_pipeline.py CATALOG.yaml OUTDIR

Loads the catalog with ruamel.yaml (safe loader), renders an enum module and a registry
module with jinja2, formats both with black.format_str, renders a JSON Schema and a
Markdown table. Runs in bench/.venv (jinja2, black, ruamel.yaml).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import black
import jinja2
from ruamel.yaml import YAML

ENUMS = """\
from enum import StrEnum
class ReasonCode(StrEnum):
{% for c in codes %}    {{ c.code | upper }} = {{ c.code | tojson }}
{% endfor %}
"""
REGISTRY = """\
ENTRIES = {
{% for c in codes %}    ({{ c.scope | tojson }}, {{ c.code | tojson }}): {"severity": {{ c.severity | tojson }}, "description": {{ c.description | tojson }}},
{% endfor %}}
"""
TABLE = """\
| Reason code | Severity | Description |
| --- | --- | --- |
{% for c in codes %}| `{{ c.code }}` | {{ c.severity }} | {{ c.description }} |
{% endfor %}"""


def main() -> None:
    catalog_path, outdir = Path(sys.argv[1]), Path(sys.argv[2])
    data = YAML(typ="safe").load(catalog_path.read_text(encoding="utf-8"))
    codes = data["codes"]
    env = jinja2.Environment(keep_trailing_newline=True)
    mode = black.Mode(line_length=100)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, template in (("enums.py", ENUMS), ("registry.py", REGISTRY)):
        source = env.from_string(template).render(codes=codes)
        (outdir / name).write_text(
            black.format_str(source, mode=mode), encoding="utf-8"
        )
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"reason_code": {"enum": sorted({c["code"] for c in codes})}},
    }
    (outdir / "schema.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
    (outdir / "table.md").write_text(
        env.from_string(TABLE).render(codes=codes), "utf-8"
    )


if __name__ == "__main__":
    main()

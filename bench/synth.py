"""Synthetic catalogs for the benchmark (stdlib only).

A stage-model catalog modelled on tests/fixtures/golden/spec/deploy.catalog.yaml, scaled:
10 stages with 2 substages each (the second one constrained), N reason codes spread over
the stages and substages, one aligned owned table per stage in a Markdown document with
marker regions, the StageOutcome / HealthFile records and a `health` artifact.
Also the equivalent LinkML schema, a cog-marked Markdown file and a health.json.
"""

from __future__ import annotations

import json
from pathlib import Path

STAGES = [
    "provision",
    "fetch",
    "build",
    "unit_test",
    "package",
    "scan",
    "stage_deploy",
    "verify",
    "release",
    "report",
]
# <stage>.gate is constrained, <stage>.preflight is free; canonical order is lexicographic
SUBSTAGES = ["gate", "preflight"]
CATALOG_ID = "synth"
BLOCKED = "blocked_by_upstream_failure"


def q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def scopes() -> list[tuple[str, str | None]]:
    """(scope id, parent) in canonical order."""
    out: list[tuple[str, str | None]] = []
    for stage in STAGES:
        out.append((stage, None))
        out += [(f"{stage}.{sub}", stage) for sub in SUBSTAGES]
    return out


def codes(n: int) -> list[dict[str, str]]:
    """n codes: one cross-cutting blocked code, the rest round-robin over the scopes."""
    result = [
        {
            "code": BLOCKED,
            "scope": "*",
            "severity": "SKIPPED",
            "description": "An earlier stage failed closed.",
            "table": "cross-cutting",
        }
    ]
    all_scopes = scopes()
    for i in range(n - 1):
        scope, parent = all_scopes[i % len(all_scopes)]
        top = parent or scope
        word = scope.replace(".", "_")
        result.append(
            {
                "code": f"{word}_condition_{i:05d}",
                "scope": scope,
                "severity": "FATAL" if i % 3 == 0 else "NON-FATAL",
                "description": f"Condition {i} of `{scope}`: the check could not complete "
                f"(exit != 0, see logs/{word}.log).",
                "table": top,
            }
        )
    return result


def catalog_yaml(n: int) -> str:
    lines = [
        f"# Synthetic benchmark catalog with {n} codes (bench/synth.py). DO NOT EDIT.",
        "catgen: 1",
        f"id: {CATALOG_ID}",
        f'title: "Synthetic pipeline outcomes ({n} codes)"',
        "version: 1.0.0",
        "document: docs/synth.md",
        "code_style: lower_snake_case",
        "policies:",
        "  removal: tombstone_required",
        "  additions: allowed",
        "enums:",
        "  - name: Severity",
        "    values:",
        '      - {value: FATAL, description: "fail closed"}',
        '      - {value: NON-FATAL, description: "warn and skip"}',
        "      - {value: SKIPPED}",
        "  - name: StageStatus",
        "    values: [{value: success}, {value: failed}, {value: skipped}]",
        "  - name: FailMode",
        "    values: [{value: fail_closed}, {value: warn_and_skip}]",
        "  - name: RunStatus",
        "    values: [{value: success}, {value: partial}, {value: failed}]",
        "attributes:",
        "  - {name: severity, enum: Severity, required: true}",
        "scopes:",
        '  - {id: "*", kind: cross_cutting}',
    ]
    for index, (scope, parent) in enumerate(scopes()):
        if parent is None:
            mode = "fail_closed" if index % 2 == 0 else "warn_and_skip"
            lines.append(
                f"  - {{id: {scope}, kind: stage, title: {q(scope.title())}, "
                f"default_fail_mode: {mode}}}"
            )
        elif scope.endswith(".gate"):
            lines.append(
                f"  - {{id: {scope}, kind: substage, parent: {parent}, "
                "constrained: true, on_failure: parent_not_success}"
            )
        else:
            lines.append(f"  - {{id: {scope}, kind: substage, parent: {parent}}}")
    lines.append("codes:")
    for code in codes(n):
        lines.append(f"  - code: {code['code']}")
        lines.append(f"    scope: {q(code['scope'])}")
        lines.append(f"    severity: {code['severity']}")
        lines.append(f"    description: {q(code['description'])}")
        lines.append(f"    source: {code['table']}")
    lines += [
        "status_model:",
        (
            "  enums: {stage_status: StageStatus, fail_mode: FailMode, run_status: RunStatus, "
            "severity: Severity}"
        ),
        "  severity_fail_mode: {FATAL: fail_closed, NON-FATAL: warn_and_skip}",
        f"  blocked_code: {BLOCKED}",
        "  run_status_rules:",
        "    - {status: failed, any: {status: failed, fail_mode: fail_closed}}",
        "    - {status: partial, any: {status: failed, fail_mode: warn_and_skip}}",
        "    - {status: success, all: {status: success}}",
        "  fallback: partial",
        "  exit_codes: {success: 0, partial: 10, failed: 20}",
        "records:",
        "  - name: StageOutcome",
        "    description: One stage outcome.",
        "    additional_properties: true",
        "    fields:",
        "      - {name: stage, type: string, enum: StageId, required: true}",
        "      - {name: status, type: string, enum: StageStatus, required: true}",
        "      - {name: fail_mode, type: string, enum: FailMode, required: true}",
        "      - {name: reason_code, type: string, enum: ReasonCode, required: false}",
        "  - name: HealthFile",
        '    description: "runs/<run_id>/logs/health.json"',
        "    additional_properties: true",
        "    fields:",
        "      - name: stages",
        "        type: array",
        "        items: {type: object, ref: StageOutcome}",
        "        required: true",
        "tables:",
    ]
    for table in ["cross-cutting", *STAGES]:
        lines += [
            f"  - id: {table}",
            "    style: aligned",
            "    rows: codes",
            "    columns:",
            "      - {header: Reason code, field: code, format: code}",
            "      - {header: Severity, field: severity}",
            "      - {header: Description, field: description}",
        ]
    lines += [
        "artifacts:",
        "  - kind: health",
        "    description: runs/<run_id>/logs/health.json",
        "    schema: HealthFile",
        "    rules:",
        "      - {rule: stage_outcomes, list: /stages}",
    ]
    return "\n".join(lines) + "\n"


def document_md(n: int) -> str:
    """The spec document: prose plus empty marker regions that `generate` fills."""
    parts = [
        f"# Synthetic pipeline outcomes ({n} codes)\n",
        "Prose outside the markers is never touched.\n",
    ]
    for table in ["cross-cutting", *STAGES]:
        parts.append(
            f"## {table}\n\n"
            f"<!-- catgen:begin table={table} -->\n"
            "| Reason code | Severity | Description |\n"
            "| --- | --- | --- |\n"
            f"<!-- catgen:end table={table} -->\n"
        )
    return "\n".join(parts)


def write_project(root: Path, n: int) -> None:
    """A catgen project with spec/ only (run `catgen generate` to fill generated/)."""
    (root / "spec" / "docs").mkdir(parents=True, exist_ok=True)
    (root / "spec" / f"{CATALOG_ID}.catalog.yaml").write_text(
        catalog_yaml(n), encoding="utf-8"
    )
    (root / "spec" / "docs" / "synth.md").write_text(document_md(n), encoding="utf-8")


def health_document(n: int, entries: int = 30) -> dict[str, object]:
    """A valid health.json: `entries` stage outcomes in canonical order, a few of them
    warn-and-skip failures with a code of their own scope."""
    by_scope: dict[str, list[str]] = {}
    for code in codes(n):
        by_scope.setdefault(code["scope"], []).append(code["code"])
    stages: list[dict[str, str]] = []
    for index, (scope, _parent) in enumerate(scopes()[:entries]):
        entry = {"stage": scope, "status": "success", "fail_mode": "warn_and_skip"}
        if scope.endswith(".preflight") and index % 3 == 1 and by_scope.get(scope):
            entry = {
                "stage": scope,
                "status": "failed",
                "fail_mode": "warn_and_skip",
                "reason_code": by_scope[scope][0],
            }
        stages.append(entry)
    return {"stages": stages}


def invalid_health_document(n: int) -> dict[str, object]:
    """The valid document with one unknown reason code in the middle."""
    document = health_document(n)
    stages = document["stages"]
    assert isinstance(stages, list)
    stages[15] = {**stages[15], "status": "failed", "reason_code": "no_such_code"}
    return document


def linkml_schema(n: int) -> str:
    """The same contract as a LinkML schema (enums + two classes)."""
    lines = [
        f"id: https://example.org/{CATALOG_ID}",
        f"name: {CATALOG_ID}",
        f'title: "Synthetic pipeline outcomes ({n} codes)"',
        "prefixes:",
        "  linkml: https://w3id.org/linkml/",
        f"  {CATALOG_ID}: https://example.org/{CATALOG_ID}/",
        f"default_prefix: {CATALOG_ID}",
        "default_range: string",
        "imports: [linkml:types]",
        "enums:",
        "  StageStatus: {permissible_values: {success: {}, failed: {}, skipped: {}}}",
        "  FailMode: {permissible_values: {fail_closed: {}, warn_and_skip: {}}}",
        "  StageId:",
        "    permissible_values:",
    ]
    lines += [f"      {q(scope)}: {{}}" for scope, _ in scopes()]
    lines += ["  ReasonCode:", "    permissible_values:"]
    seen = set()
    for code in codes(n):
        if code["code"] in seen:
            continue
        seen.add(code["code"])
        lines.append(f"      {code['code']}: {{description: {q(code['description'])}}}")
    lines += [
        "classes:",
        "  StageOutcome:",
        "    description: One stage outcome.",
        "    attributes:",
        "      stage: {range: StageId, required: true}",
        "      status: {range: StageStatus, required: true}",
        "      fail_mode: {range: FailMode, required: true}",
        "      reason_code: {range: ReasonCode}",
        "  HealthFile:",
        "    tree_root: true",
        "    attributes:",
        (
            "      stages: {range: StageOutcome, multivalued: true, inlined_as_list: true, "
            "required: true}"
        ),
    ]
    return "\n".join(lines) + "\n"


COG_SCRIPT = """\
import cog
from ruamel.yaml import YAML
data = YAML(typ="safe").load(open("catalog.yaml", encoding="utf-8"))
cog.outl("| Reason code | Severity | Description |")
cog.outl("| --- | --- | --- |")
for entry in data["codes"]:
    cog.outl(f"| `{entry['code']}` | {entry['severity']} | {entry['description']} |")
"""


def cog_markdown() -> str:
    """A Markdown file whose table is a cog region (generated with `cog -r`)."""
    return (
        "# Reason codes\n\n<!-- [[[cog\n" + COG_SCRIPT + "]]] -->\n<!-- [[[end]]] -->\n"
    )


def big_document(tables: int, size: int) -> str:
    """A Markdown document of about `size` bytes holding `tables` GFM tables, for
    `catgen extract`: a `##` heading every four tables, its name repeating every 50
    sections (so table ids collide and get suffixes), a data table every tenth, and
    prose padding each section to the size."""
    bare = _big_document(tables, "")
    sections = max(1, (tables + 3) // 4)
    sentence = "The codes below are what this part of the service reports. "
    pad_size = max(0, (size - len(bare)) // sections - 2)
    pad = (sentence * (pad_size // len(sentence) + 1))[:pad_size].strip()
    return _big_document(tables, pad)


def _big_document(tables: int, pad: str) -> str:
    parts = ["# Synthetic extract document\n\n"]
    for i in range(tables):
        if i % 4 == 0:
            parts.append(f"## Section {i // 4 % 50}\n\n{pad}\n\n")
        if i % 10 == 9:
            parts.append(
                f"| Name | Value |\n| ---- | ----- |\n| limit_{i} | {i} |\n"
                f"| other_{i} | {i + 1} |\n\n"
            )
            continue
        parts.append(
            "| Code | Meaning | Severity |\n| ---- | ------- | -------- |\n"
            f"| `code_{i}_a` | the first meaning of table {i} | FATAL |\n"
            f"| `code_{i}_b` | the second meaning of table {i} | NON-FATAL |\n\n"
        )
    return "".join(parts)

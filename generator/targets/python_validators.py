"""Target: generated/<id>/validators.py, one validate_<kind>() per artifact kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..model import enum_values
from ..render import header_lines, py_literal, py_str, render_template
from ..schemas import record_schema
from . import Output, package_dir

TEMPLATE = "python/validators.py.j2"


@dataclass(frozen=True)
class ArtifactContext:
    kind: str
    function: str
    description: str
    schema_constant: str
    schema_literal: str
    rule_constants: list[tuple[str, str]]
    calls: list[str]
    stage_list: str | None
    rule_ids: list[str]
    fast: FastPath | None


@dataclass(frozen=True)
class FastPath:
    """A one-pass proof of validity for a plain stage-outcome list artifact."""

    constant: str
    list_key: str
    item_schema: str  # Python expression for the list item's schema


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the validators module of every catalog that declares artifacts."""
    return [
        Output(f"{package_dir(catalog)}/validators.py", render_validators(catalog))
        for catalog in catalogs
        if catalog.section("artifacts")
    ]


def render_validators(catalog: Catalog) -> str:
    """Shape one catalog's artifact kinds into calls of the runtime rule kinds."""
    artifacts = [
        _artifact(catalog, artifact) for artifact in catalog.section("artifacts")
    ]
    runtime_names = sorted(
        {"Violation", "check_schema", "merge_violations"}
        | (
            {"build_outcome_index", "stage_outcomes_valid"}
            if any(a.fast for a in artifacts)
            else set()
        )
        | (
            {"STAGE_OUTCOME_RULE_IDS"}
            if any(
                r["rule"] == "stage_outcomes"
                for a in catalog.section("artifacts")
                for r in a.get("rules") or []
            )
            else set()
        )
        | {
            RULE_FUNCTIONS[r["rule"]]
            for a in catalog.section("artifacts")
            for r in a.get("rules") or []
        }
    )
    registry_names = sorted(
        {
            name
            for a in catalog.section("artifacts")
            for r in a.get("rules") or []
            for name in REGISTRY_NAMES[r["rule"]](r)
        }
    )
    return render_template(
        TEMPLATE,
        header=header_lines(catalog.relpath, TEMPLATE),
        title=catalog.title_text(),
        runtime_names=runtime_names,
        registry_names=registry_names,
        artifacts=artifacts,
        descriptions=py_literal({a.kind: a.description for a in artifacts}),
        stage_lists=py_literal(
            {a.kind: a.stage_list for a in artifacts if a.stage_list}
        ),
        rule_ids=_rule_ids_literal(artifacts),
    )


def _artifact(catalog: Catalog, artifact: dict[str, Any]) -> ArtifactContext:
    kind = artifact["kind"]
    constant = kind.upper().replace("-", "_")
    schema = record_schema(catalog, artifact["schema"], "")
    for key in ("$schema", "$id", "$comment", "title", "description"):
        schema.pop(key, None)
    rule_constants: list[tuple[str, str]] = []
    calls: list[str] = []
    stage_list = None
    rule_ids = ["schema"]
    for index, rule in enumerate(artifact.get("rules") or []):
        rule_ids.append(
            rule.get("id", DEFAULT_RULE_IDS.get(rule["rule"], rule["rule"]))
        )
        if rule.get("status_field"):
            rule_ids.append("run-status-mismatch")
        if rule["rule"] == "stage_outcomes":
            stage_list = rule["list"]
        call, constant_literal = RULE_CALLS[rule["rule"]](
            expand_references(catalog, rule)
        )
        if constant_literal is not None:
            name = f"_RULE_{constant}_{index}"
            rule_constants.append((name, constant_literal))
            call = call.replace("{constant}", name)
        calls.append(call)
    return ArtifactContext(
        kind=kind,
        function=f"validate_{kind.replace('-', '_')}",
        description=artifact.get("description", kind),
        schema_constant=f"_SCHEMA_{constant}",
        schema_literal=py_literal(schema),
        rule_constants=rule_constants,
        calls=calls,
        stage_list=stage_list,
        rule_ids=rule_ids,
        fast=_fast_path(artifact, schema, constant),
    )


OUTCOME_FIELDS = ("stage", "status", "fail_mode", "reason_code")


def _fast_path(
    artifact: dict[str, Any], schema: dict[str, Any], constant: str
) -> FastPath | None:
    """Return a fast path when the artifact is exactly an open object holding one
    stage-outcome list whose items carry only the outcome tuple (plus open extras)."""
    rules = artifact.get("rules") or []
    if len(rules) != 1 or rules[0]["rule"] != "stage_outcomes":
        return None
    if rules[0].get("status_field"):
        return None
    pointer = rules[0]["list"]
    key = pointer.lstrip("/")
    if not pointer.startswith("/") or "/" in key or "~" in key:
        return None
    if (
        set(schema.get("properties", {})) != {key}
        or schema.get("additionalProperties") is False
    ):
        return None
    if set(schema.get("required", [])) - {key}:
        return None
    items = schema["properties"][key].get("items", {})
    ref = items.get("$ref", "")
    if not ref.startswith("#/$defs/") or set(items) != {"$ref"}:
        return None
    item = schema.get("$defs", {}).get(ref.rsplit("/", 1)[1], {})
    properties = item.get("properties", {})
    if item.get("additionalProperties") is False or set(properties) - set(
        OUTCOME_FIELDS
    ):
        return None
    if set(item.get("required", [])) - set(OUTCOME_FIELDS[:3]):
        return None
    for _name, spec in properties.items():
        if set(spec) - {"type", "enum", "description"} or spec.get("type") != "string":
            return None
    return FastPath(
        constant=f"_FAST_{constant}",
        list_key=key,
        item_schema=f'_SCHEMA_{constant}["$defs"][{py_str(ref.rsplit("/", 1)[1])}]',
    )


def expand_references(catalog: Catalog, value: Any) -> Any:
    """Resolve catalog references inside an `assert` predicate at generation time.

    `{any_entry|all_entries: P, registry: NAME, ...}` gets `keys:` the registry's keys;
    `in: {enum: NAME, subset: S}` becomes the subset's values (`in: {enum: NAME}`: all
    values). The generated rule constant then holds plain data only.
    """
    if isinstance(value, list):
        return [expand_references(catalog, item) for item in value]
    if not isinstance(value, dict):
        return value
    result = {key: expand_references(catalog, item) for key, item in value.items()}
    registry = result.pop("registry", None) if "where" in result else None
    if registry is not None:
        entries = next(
            r for r in catalog.section("registries") if r["name"] == registry
        )
        result["keys"] = [entry["key"] for entry in entries["entries"]]
    members = result.get("in")
    if isinstance(members, dict):
        result["in"] = enum_members(catalog, members)
    return result


def enum_members(catalog: Catalog, reference: dict[str, Any]) -> list[str]:
    """Return the values of `{enum: NAME[, subset: S]}`."""
    values = enum_values(catalog)[reference["enum"]]
    if "subset" not in reference:
        return list(values)
    enum = next(e for e in catalog.section("enums") if e["name"] == reference["enum"])
    return list(enum["subsets"][reference["subset"]])


def _rule_ids_literal(artifacts: list[ArtifactContext]) -> str:
    """Return `{kind: (rule ids...)}`; stage-outcome rules expand to the runtime's list."""
    lines = []
    for artifact in artifacts:
        ids = [
            (
                "*STAGE_OUTCOME_RULE_IDS"
                if rule_id == STAGE_OUTCOMES_ID
                else py_str(rule_id)
            )
            for rule_id in artifact.rule_ids
        ]
        body = "".join(f"        {item},\n" for item in ids)
        lines.append(f"    {py_str(artifact.kind)}: (\n{body}    ),\n")
    return "{\n" + "".join(lines) + "}"


def _call(function: str, *arguments: str) -> str:
    """Return a call exploded one argument per line (black keeps it: trailing comma)."""
    lines = "".join(f"        {argument},\n" for argument in arguments)
    return f"{function}(\n{lines}    )"


def _stage_outcomes(rule: dict[str, Any]) -> tuple[str, None]:
    status = rule.get("status_field")
    return (
        _call(
            "check_stage_outcomes",
            "document",
            py_str(rule["list"]),
            "STAGE_MODEL",
            "out",
            py_str(status) if status else "None",
        ),
        None,
    )


def _code_in_vocabulary(rule: dict[str, Any]) -> tuple[str, None]:
    return (
        _call(
            "check_code_in_vocabulary",
            "document",
            py_str(rule["field"]),
            "frozenset(BY_CODE)",
            py_str(rule.get("id", "unknown-code")),
            "out",
        ),
        None,
    )


def _assert(rule: dict[str, Any]) -> tuple[str, str]:
    spec = {k: v for k, v in rule.items() if k != "rule"}
    return (
        _call("check_assert", "document", "{constant}", "CODE_ATTRIBUTES", "out"),
        py_literal(spec),
    )


def _ordered(rule: dict[str, Any]) -> tuple[str, None]:
    return (
        _call(
            "check_ordered",
            "document",
            py_str(rule["list"]),
            py_str(rule["key"]),
            py_str(rule["id"]),
            "out",
        ),
        None,
    )


def _registered_keys(rule: dict[str, Any]) -> tuple[str, None]:
    arguments = [
        "document",
        py_str(rule["object"]),
        rule["registry"].upper(),
        py_literal(tuple(rule.get("prefixes") or ()), 8),
        py_str(rule["id"]),
        "out",
    ]
    if rule.get("suffixes"):
        arguments.append(
            "suffixes=" + py_literal(tuple(rule["suffixes"]), 8, len("suffixes="))
        )
    return _call("check_registered_keys", *arguments), None


RULE_CALLS: dict[str, Callable[[dict[str, Any]], tuple[str, str | None]]] = {
    "stage_outcomes": _stage_outcomes,
    "code_in_vocabulary": _code_in_vocabulary,
    "assert": _assert,
    "ordered": _ordered,
    "registered_keys": _registered_keys,
}
STAGE_OUTCOMES_ID = "stage-outcomes"
DEFAULT_RULE_IDS = {
    "stage_outcomes": STAGE_OUTCOMES_ID,
    "code_in_vocabulary": "unknown-code",
}
RULE_FUNCTIONS = {
    "stage_outcomes": "check_stage_outcomes",
    "code_in_vocabulary": "check_code_in_vocabulary",
    "assert": "check_assert",
    "ordered": "check_ordered",
    "registered_keys": "check_registered_keys",
}
REGISTRY_NAMES: dict[str, Callable[[dict[str, Any]], set[str]]] = {
    "stage_outcomes": lambda rule: {"STAGE_MODEL"},
    "code_in_vocabulary": lambda rule: {"BY_CODE"},
    "assert": lambda rule: {"CODE_ATTRIBUTES"},
    "ordered": lambda rule: set(),
    "registered_keys": lambda rule: {rule["registry"].upper()},
}

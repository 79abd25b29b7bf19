"""Context kind `validators`: one validate_<kind>() per artifact kind of a catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog
from ..model import Artifact, CatalogModel
from ..render import py_literal, py_str
from ..rules import RULE_KINDS, Argument, RuleKind
from ..schemas import record_schema
from . import Context, ContextKind, Job


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
    runtime_names: frozenset[str]
    registry_names: frozenset[str]


@dataclass(frozen=True)
class RuleCall:
    """One rule of an artifact as a call of its runtime function."""

    function: str
    arguments: tuple[str, ...]  # Python expressions; "{constant}" names `constant`
    constant: str | None = None  # literal of a module constant the call reads
    registry_names: frozenset[str] = frozenset()  # names imported from _data.py


@dataclass(frozen=True)
class FastPath:
    """A one-pass proof of validity for a plain stage-outcome list artifact."""

    constant: str
    list_key: str
    item_schema: str  # Python expression for the list item's schema


def validators_context(catalog: Catalog, job: Job) -> list[Context]:
    """Shape one catalog's artifact kinds into calls of the runtime rule kinds."""
    model = catalog.model
    if not model.artifacts:
        return []
    artifacts = [_artifact(model, artifact) for artifact in model.artifacts]
    runtime_names = {"Violation", "check_schema", "merge_violations"}
    registry_names: set[str] = set()
    for artifact in artifacts:
        runtime_names |= artifact.runtime_names
        registry_names |= artifact.registry_names
    return [
        {
            "header": job.header(catalog.relpath),
            "title": model.title,
            "runtime_names": sorted(runtime_names),
            "registry_names": sorted(registry_names, key=str.lower),  # isort's order
            "artifacts": artifacts,
            "defs": py_literal({"$defs": shared_defs(model)}),
            "descriptions": py_literal({a.kind: a.description for a in artifacts}),
            "stage_lists": py_literal(
                {a.kind: a.stage_list for a in artifacts if a.stage_list}
            ),
            "rule_ids": _rule_ids_literal(artifacts),
        }
    ]


def shared_defs(model: CatalogModel) -> dict[str, Any]:
    """Return the record schemas every artifact schema of the catalog refers to, once."""
    defs: dict[str, Any] = {}
    for artifact in model.artifacts:
        defs.update(record_schema(model, artifact.schema, "").get("$defs", {}))
    return dict(sorted(defs.items()))


def _artifact(model: CatalogModel, artifact: Artifact) -> ArtifactContext:
    kind = artifact.kind
    constant = kind.upper().replace("-", "_")
    schema = record_schema(model, artifact.schema, "")
    for key in ("$schema", "$id", "$comment", "title", "description", "$defs"):
        schema.pop(key, None)  # `$defs` live once per module, in _DEFS
    rule_constants: list[tuple[str, str]] = []
    calls: list[str] = []
    runtime_names: set[str] = set()
    registry_names: set[str] = set()
    stage_list = None
    rule_ids = ["schema"]
    for index, rule in enumerate(r.spec for r in artifact.rules):
        rule_kind = RULE_KINDS[rule["rule"]]
        rule_ids.extend(
            [f"*{rule_kind.id_list}"]
            if rule_kind.id_list
            else [rule_kind.rule_id(rule)]
        )
        rule_ids.extend(
            rule_id for key, rule_id in rule_kind.added_ids if rule.get(key)
        )
        if rule_kind.id_list:
            runtime_names.add(rule_kind.id_list)
        if rule_kind.stage_list is not None:
            stage_list = rule[rule_kind.stage_list]
        rule_call = rule_call_of(rule_kind, expand_references(model, rule))
        arguments = rule_call.arguments
        if rule_call.constant is not None:
            name = f"_RULE_{constant}_{index}"
            rule_constants.append((name, rule_call.constant))
            arguments = tuple(a.replace("{constant}", name) for a in arguments)
        calls.append(_call(rule_call.function, *arguments))
        runtime_names.add(rule_call.function)
        registry_names |= rule_call.registry_names
    fast = _fast_path(model, artifact, schema, constant)
    if fast is not None:
        runtime_names |= {"build_outcome_index", "stage_outcomes_valid"}
    return ArtifactContext(
        kind=kind,
        function=f"validate_{kind.replace('-', '_')}",
        description=artifact.description or kind,
        schema_constant=f"_SCHEMA_{constant}",
        schema_literal=py_literal(schema),
        rule_constants=rule_constants,
        calls=calls,
        stage_list=stage_list,
        rule_ids=rule_ids,
        fast=fast,
        runtime_names=frozenset(runtime_names),
        registry_names=frozenset(registry_names),
    )


OUTCOME_FIELDS = ("stage", "status", "fail_mode", "reason_code")


def _fast_path(
    model: CatalogModel, artifact: Artifact, schema: dict[str, Any], constant: str
) -> FastPath | None:
    """Return a fast path when the artifact is exactly an open object holding one
    stage-outcome list whose items carry only the outcome tuple (plus open extras)."""
    rules = artifact.rules
    if len(rules) != 1 or rules[0].kind != "stage_outcomes":
        return None
    if rules[0].params.get("status_field"):
        return None
    pointer = str(rules[0].params["list"])
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
    item = shared_defs(model).get(ref.rsplit("/", 1)[1], {})
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
        item_schema=f'_DEFS["$defs"][{py_str(ref.rsplit("/", 1)[1])}]',
    )


def expand_references(model: CatalogModel, value: Any) -> Any:
    """Resolve catalog references inside an `assert` predicate at generation time.

    `{any_entry|all_entries: P, registry: NAME, ...}` gets `keys:` the registry's keys;
    `in: {enum: NAME, subset: S}` becomes the subset's values (`in: {enum: NAME}`: all
    values). The generated rule constant then holds plain data only.
    """
    if isinstance(value, list):
        return [expand_references(model, item) for item in value]
    if not isinstance(value, dict):
        return value
    result = {key: expand_references(model, item) for key, item in value.items()}
    registry = result.pop("registry", None) if "where" in result else None
    if registry is not None:
        entries = next(r for r in model.registries if r.name == registry)
        result["keys"] = [entry.key for entry in entries.entries]
    members = result.get("in")
    if isinstance(members, dict):
        result["in"] = enum_members(model, members)
    return result


def enum_members(model: CatalogModel, reference: dict[str, Any]) -> list[str | int]:
    """Return the values of `{enum: NAME[, subset: S]}` (ints for integer codes)."""
    enum = model.enums_by_name[reference["enum"]]
    if "subset" not in reference:
        return list(enum.typed_values)
    return list(enum.subsets[reference["subset"]])


def _rule_ids_literal(artifacts: list[ArtifactContext]) -> str:
    """Return `{kind: (rule ids...)}`; `*NAME` items expand a runtime list of ids."""
    lines = []
    for artifact in artifacts:
        ids = [
            rule_id if rule_id.startswith("*") else py_str(rule_id)
            for rule_id in artifact.rule_ids
        ]
        body = "".join(f"        {item},\n" for item in ids)
        lines.append(f"    {py_str(artifact.kind)}: (\n{body}    ),\n")
    return "{\n" + "".join(lines) + "}"


def _call(function: str, *arguments: str) -> str:
    """Return a call exploded one argument per line (black keeps it: trailing comma)."""
    lines = "".join(f"        {argument},\n" for argument in arguments)
    return f"{function}(\n{lines}    )"


def rule_call_of(kind: RuleKind, rule: dict[str, Any]) -> RuleCall:
    """Return the call of the kind's runtime function for one (expanded) rule."""
    arguments: list[str] = []
    constant = None
    names: set[str] = set()
    for argument in kind.arguments:
        if argument.source == "spec":
            constant = py_literal({k: v for k, v in rule.items() if k != "rule"})
            arguments.append("{constant}")
        elif argument.source in ("data", "registry"):
            name = _data_name(argument, rule)
            names.add(name)
            arguments.append(name)
        elif argument.source != "keyword_texts" or rule.get(argument.name):
            arguments.append(_argument_text(kind, argument, rule))
    return RuleCall(kind.function, tuple(arguments), constant, frozenset(names))


def _data_name(argument: Argument, rule: dict[str, Any]) -> str:
    """Return the _data.py name a `data` or `registry` argument reads."""
    if argument.source == "registry":
        return str(rule[argument.name]).upper()
    return argument.name


def _argument_text(kind: RuleKind, argument: Argument, rule: dict[str, Any]) -> str:
    """Return the Python expression of one plain argument."""
    value = rule.get(argument.name)
    if argument.source in ("document", "out"):
        return argument.source
    if argument.source == "rule_id":
        return py_str(kind.rule_id(rule))
    if argument.source == "text":
        return py_str(str(value))
    if argument.source == "optional_text":
        return py_str(value) if value else "None"
    if argument.source == "texts":
        return py_literal(tuple(value or ()), 8)
    prefix = f"{argument.name}="  # keyword_texts
    return prefix + py_literal(tuple(value or ()), 8, len(prefix))


KINDS = (ContextKind("validators", per_catalog=validators_context),)

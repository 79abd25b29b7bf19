"""Target: generated/<id>/registry.py (code entries, lookups) and generated/<id>/_data.py
(the enum-free data: codes, code attributes, key registries, the stage model)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..model import enum_definitions
from ..render import header_lines, py_literal, py_str, render_template
from . import Output, package_dir

TEMPLATE = "python/registry.py.j2"
DATA_TEMPLATE = "python/data.py.j2"
PY_TYPES = {"string": "str", "text": "str", "integer": "int", "boolean": "bool"}


@dataclass(frozen=True)
class EntryField:
    name: str
    annotation: str


def render(catalogs: Sequence[Catalog], root: Path) -> list[Output]:
    """Render the registry and data modules of every catalog."""
    outputs = []
    for catalog in catalogs:
        outputs.append(Output(f"{package_dir(catalog)}/_data.py", render_data(catalog)))
        outputs.append(
            Output(f"{package_dir(catalog)}/registry.py", render_registry(catalog))
        )
    return outputs


def data_names(catalog: Catalog) -> list[tuple[str, str]]:
    """Return (name, annotation suffix) of what _data.py defines, for registry.py."""
    names = [("CODES", "[frozenset[str]]")]
    names.append(("CODE_ATTRIBUTES", "[Mapping[str, Mapping[str, Any]]]"))
    names += [
        (r["name"].upper(), "[frozenset[str]]") for r in catalog.section("registries")
    ]
    if catalog.data.get("status_model"):
        names.append(("STAGE_MODEL", ""))
    return names


def render_data(catalog: Catalog) -> str:
    """Render the enum-free data module the validators import."""
    model = catalog.data.get("status_model")
    stage_model = _stage_model(catalog) if model else None
    return render_template(
        DATA_TEMPLATE,
        header=header_lines(catalog.relpath, DATA_TEMPLATE),
        title=catalog.title_text(),
        code_attributes=py_literal(_code_attributes(catalog), 0),
        registries=[
            (r["name"].upper(), py_literal(frozenset(e["key"] for e in r["entries"])))
            for r in catalog.section("registries")
        ],
        stage_model=stage_model,
        uses_override=bool(stage_model and catalog.section("overrides")),
    )


def render_registry(catalog: Catalog) -> str:
    """Shape one catalog into the registry template's context and render it."""
    enums = {e.name: e for e in enum_definitions(catalog)}
    scoped = bool(catalog.section("scopes"))
    attributes = catalog.section("attributes")
    fields = [EntryField("code", "str")]
    if scoped:
        fields.insert(0, EntryField("scope", "str"))
    fields.append(EntryField("description", "str"))
    for attribute in attributes:
        annotation = attribute.get("enum") or PY_TYPES[attribute.get("type", "string")]
        if not attribute.get("required"):
            annotation += " | None"
        fields.append(EntryField(attribute["name"], annotation))
    fields.append(EntryField("deprecated", "bool"))
    specs = {a["name"]: a for a in attributes}
    members = {
        name: {v.value: f"{name}.{v.member}" for v in enum.values}
        for name, enum in enums.items()
    }
    entries = [
        [(f.name, _entry_value(entry, f.name, specs, members)) for f in fields]
        for entry in catalog.section("codes")
    ]
    model = catalog.data.get("status_model")
    return render_template(
        TEMPLATE,
        header=header_lines(catalog.relpath, TEMPLATE),
        title=catalog.title_text(),
        enum_imports=sorted(
            {a["enum"] for a in attributes if "enum" in a}
            | (
                {"StageId", model["enums"]["fail_mode"], model["enums"]["run_status"]}
                if model
                else set()
            )
        ),
        fields=fields,
        entries=entries,
        scoped=scoped,
        data_names=data_names(catalog),
        stage_model=bool(model),
        model_enums=model["enums"] if model else {},
    )


def _entry_value(
    entry: dict[str, Any],
    name: str,
    specs: dict[str, dict[str, Any]],
    members: dict[str, dict[str, str]],
) -> str:
    """Return the Python expression of one field of a CodeEntry."""
    if name == "deprecated":
        return repr(bool(entry.get("deprecated", False)))
    value = entry.get(name, "" if name == "description" else None)
    if value is None:
        return "None"
    enum = specs.get(name, {}).get("enum")
    if enum is not None:
        return members[enum][value]
    return py_str(value) if isinstance(value, str) else repr(value)


def _code_attributes(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Map each code to the attributes of its first entry (used by `assert` rules)."""
    result: dict[str, dict[str, Any]] = {}
    for entry in catalog.section("codes"):
        if entry["code"] in result:
            continue
        result[entry["code"]] = {
            key: value
            for key, value in entry.items()
            if key not in ("code", "description", "source")
        }
    return result


def _stage_model(catalog: Catalog) -> dict[str, str]:
    """Return the StageModel constructor arguments as Python literal text."""
    model = catalog.data["status_model"]
    kinds = catalog.scope_kinds()
    scopes = catalog.section("scopes")
    codes = catalog.section("codes")
    severity_fail_mode: dict[str, str] = model["severity_fail_mode"]
    outcome = [
        e for e in codes if kinds.get(e.get("scope", "")) in ("stage", "substage")
    ]
    code_fail_modes = {}
    for entry in codes:
        if kinds.get(entry.get("scope", "")) == "rule_level":
            continue
        fail_mode = severity_fail_mode.get(str(entry.get("severity")))
        if fail_mode is not None:
            code_fail_modes[(entry["scope"], entry["code"])] = fail_mode
    precedence = {p["id"]: p for p in catalog.section("precedence")}
    overrides = []
    for override in catalog.section("overrides"):
        values = dict(override["set"])
        if "fail_mode" not in values and "severity" in values:
            derived = severity_fail_mode.get(str(values["severity"]))
            if derived is not None:
                values["fail_mode"] = derived
        overrides.append(
            "Override(\n"
            f"            id={py_str(override['id'])},\n"
            f"            scope={py_literal(override.get('scope'))},\n"
            f"            codes={py_literal(frozenset(override['codes']), 12)},\n"
            f"            when={py_literal(override['when'], 12)},\n"
            f"            values={py_literal(values, 12)},\n"
            "        )"
        )
    statuses = model.get("outcome_statuses") or {}
    args = {
        "stage_order": py_literal(
            tuple(s["id"] for s in scopes if s["kind"] == "stage"), 4
        ),
        "parents": py_literal(
            {s["id"]: s["parent"] for s in scopes if s["kind"] == "substage"}, 4
        ),
        "pairs": py_literal(frozenset((e["scope"], e["code"]) for e in outcome), 4),
        "cross_cutting": py_literal(
            frozenset(
                e["code"]
                for e in codes
                if kinds.get(e.get("scope", "")) == "cross_cutting"
            ),
            4,
        ),
        "constrained": py_literal(
            {
                s["id"]: frozenset(
                    e["code"] for e in codes if e.get("scope") == s["id"]
                )
                for s in scopes
                if s.get("constrained")
            },
            4,
        ),
        "rule_level": py_literal(frozenset(catalog.rule_level_codes()), 4),
        "on_failure": py_literal(
            {s["id"]: s["on_failure"] for s in scopes if "on_failure" in s}, 4
        ),
        "default_fail_modes": py_literal(
            {
                s["id"]: s["default_fail_mode"]
                for s in scopes
                if "default_fail_mode" in s
            },
            4,
        ),
        "fail_mode_when": py_literal(
            {
                s["id"]: tuple((c["when"], c["fail_mode"]) for c in s["fail_mode_when"])
                for s in scopes
                if s.get("fail_mode_when")
            },
            4,
        ),
        "code_fail_modes": py_literal(code_fail_modes, 4),
        "overrides": (
            "(\n" + "".join(f"        {text},\n" for text in overrides) + "    )"
            if overrides
            else "()"
        ),
        "aliases": py_literal(
            {a["alias"]: a["canonical"] for a in catalog.section("aliases")}, 4
        ),
        "precedence": py_literal(
            {pid: tuple(_flatten_precedence(pid, precedence)) for pid in precedence}, 4
        ),
        "run_status_rules": py_literal(
            tuple(
                (rule["status"], q, rule[q])
                for rule in model["run_status_rules"]
                for q in ("any", "all")
                if q in rule
            ),
            4,
        ),
        "fallback_status": py_literal(model.get("fallback", "failed")),
        "exit_codes": py_literal(model["exit_codes"], 4),
        "blocked_code": py_literal(model.get("blocked_code")),
    }
    if "fail_closed" in model:
        args["fail_closed"] = py_str(model["fail_closed"])
    for key in ("failed", "success", "skipped"):
        if key in statuses:
            args[key] = py_str(statuses[key])
    return args


def _flatten_precedence(pid: str, lists: dict[str, dict[str, Any]]) -> list[str]:
    """Return a list's codes preceded by the codes of every list it comes `after`."""
    order: list[str] = []
    for other in lists[pid].get("after") or []:
        order.extend(c for c in _flatten_precedence(other, lists) if c not in order)
    order.extend(c for c in lists[pid]["order"] if c not in order)
    return order

"""Compare an extracted catalog with a curated one: the differences that matter."""

from __future__ import annotations

from typing import Any

from ..model import field_required

SCOPE_KEYS = (
    "kind",
    "parent",
    "default_fail_mode",
    "fail_mode_when",
    "constrained",
    "on_failure",
    "min_artifacts",
    "optional",
)
IGNORED_CODE_KEYS = ("code", "scope", "source")
FALSE_BY_DEFAULT = ("constrained", "optional", "deprecated")


def _normal(entry: dict[str, Any], key: str) -> Any:
    value = entry.get(key)
    if key in FALSE_BY_DEFAULT and value is None:
        return False
    return value


def catalog_differences(
    extracted: dict[str, Any], curated: dict[str, Any]
) -> list[str]:
    """Return one line per semantic difference: codes, scopes, severities and other
    attributes, overrides, constraint lists (scopes + their codes) and record fields."""
    out: list[str] = []
    out += _codes(extracted, curated)
    out += _scopes(extracted, curated)
    out += _overrides(extracted, curated)
    out += _records(extracted, curated)
    return sorted(out)


def _by(items: list[dict[str, Any]], *keys: str) -> dict[Any, dict[str, Any]]:
    return {
        tuple(item.get(k) for k in keys) if len(keys) > 1 else item.get(keys[0]): item
        for item in items
    }


def _codes(extracted: dict[str, Any], curated: dict[str, Any]) -> list[str]:
    ex = _by(extracted.get("codes") or [], "scope", "code")
    cu = _by(curated.get("codes") or [], "scope", "code")
    out = []
    for key in sorted(set(ex) | set(cu), key=str):
        label = "/".join(str(part) for part in key if part is not None)
        if key not in cu:
            out.append(f"codes[{label}]: only extracted")
        elif key not in ex:
            out.append(f"codes[{label}]: only curated")
        else:
            names = (set(ex[key]) | set(cu[key])) - set(IGNORED_CODE_KEYS)
            for name in sorted(names):
                if _normal(ex[key], name) != _normal(cu[key], name):
                    out.append(f"codes[{label}].{name}")
    return out


def _scopes(extracted: dict[str, Any], curated: dict[str, Any]) -> list[str]:
    ex = _by(extracted.get("scopes") or [], "id")
    cu = _by(curated.get("scopes") or [], "id")
    out = []
    for key in sorted(set(ex) | set(cu)):
        if key not in cu or key not in ex:
            out.append(f"scopes[{key}]: only {'extracted' if key in ex else 'curated'}")
            continue
        for name in SCOPE_KEYS:
            if _normal(ex[key], name) != _normal(cu[key], name):
                out.append(f"scopes[{key}].{name}")
    return out


def _overrides(extracted: dict[str, Any], curated: dict[str, Any]) -> list[str]:
    def index(catalog: dict[str, Any]) -> dict[Any, dict[str, Any]]:
        return {
            (o.get("scope"), tuple(sorted(o["codes"]))): o
            for o in catalog.get("overrides") or []
        }

    ex, cu = index(extracted), index(curated)
    out = []
    for key in sorted(set(ex) | set(cu), key=str):
        label = f"{key[0]}/{','.join(key[1])}"
        if key not in cu or key not in ex:
            out.append(
                f"overrides[{label}]: only {'extracted' if key in ex else 'curated'}"
            )
            continue
        for name in ("when", "set", "marks", "emit_as"):
            if ex[key].get(name) != cu[key].get(name):
                out.append(f"overrides[{label}].{name}")
    return out


def _records(extracted: dict[str, Any], curated: dict[str, Any]) -> list[str]:
    def fields(catalog: dict[str, Any]) -> dict[str, dict[str, bool]]:
        return {
            record["name"]: {f["name"]: field_required(f) for f in record["fields"]}
            for record in catalog.get("records") or []
        }

    ex, cu = fields(extracted), fields(curated)
    out = []
    for name in sorted(set(ex) | set(cu)):
        if name not in cu or name not in ex:
            out.append(
                f"records[{name}]: only {'extracted' if name in ex else 'curated'}"
            )
            continue
        for field in sorted(set(ex[name]) | set(cu[name])):
            if field not in ex[name] or field not in cu[name]:
                where = "extracted" if field in ex[name] else "curated"
                out.append(f"records[{name}].{field}: only {where}")
            elif ex[name][field] != cu[name][field]:
                out.append(f"records[{name}].{field}.required")
    return out

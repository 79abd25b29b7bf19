"""The catalog's own rule kinds: vocabularies, asserts, comparisons, order, keys."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .schema import UTC_TIMESTAMP, json_kind
from .violations import Violation, escape_token, resolve_pointer

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Final

    Condition = Mapping[str, Any]
    CodeAttributes = Mapping[Any, Mapping[str, Any]]  # keyed by str or int codes


def check_code_in_vocabulary(
    document: Any,
    pointer: str,
    vocabulary: frozenset[object],
    rule: str,
    out: list[Violation],
) -> None:
    """Report the value at `pointer` when it is present but not in the vocabulary."""
    found, value = resolve_pointer(document, pointer)
    # A list or an object is unhashable and no code; true == 1 in Python, but a JSON
    # boolean is never an integer code (404.0 is 404, as JSON Schema's enum says).
    is_code = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if found and not (is_code and value in vocabulary):
        out.append(Violation(rule, pointer, f"{value!r} is not in the vocabulary"))


def check_assert(
    document: Any,
    spec: Mapping[str, Any],
    codes: CodeAttributes,
    out: list[Violation],
) -> None:
    """Apply one `assert` rule: for each item (or the document), when => then."""
    for base, item in _rule_targets(document, spec):
        when = spec.get("when")
        if when is not None and not evaluate(when, item, document, codes):
            continue
        if not evaluate(spec["then"], item, document, codes):
            pointer = base + spec.get("pointer", "") or "/"
            out.append(Violation(spec["id"], pointer, spec["message"]))


def _rule_targets(document: Any, spec: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Return (pointer, value) of each item of `for_each`, or of the whole document."""
    for_each = spec.get("for_each")
    if for_each is None:
        return [("", document)]
    found, items = resolve_pointer(document, for_each)
    if not found or not isinstance(items, list):
        return []
    return [(f"{for_each}/{index}", item) for index, item in enumerate(items)]


# `compare` orderings; `eq` and `ne` compare any two values of the same JSON kind.
_ORDERINGS: Final[Mapping[str, Callable[[Any, Any], bool]]] = {
    "lt": lambda left, right: left < right,
    "le": lambda left, right: left <= right,
    "gt": lambda left, right: left > right,
    "ge": lambda left, right: left >= right,
}


def check_compare(
    document: Any,
    spec: Mapping[str, Any],
    codes: CodeAttributes,
    out: list[Violation],
) -> None:
    """Apply one `compare` rule: for each item (or the document), when => left op right.

    Both pointers are relative to the item; a rule with either value absent holds (a
    missing field is the schema's to report)."""
    for base, item in _rule_targets(document, spec):
        when = spec.get("when")
        if when is not None and not evaluate(when, item, document, codes):
            continue
        left_found, left = resolve_pointer(item, spec["left"])
        right_found, right = resolve_pointer(item, spec["right"])
        if left_found and right_found and not compare_values(left, spec["op"], right):
            pointer = base + spec.get("pointer", spec["left"]) or "/"
            out.append(Violation(spec["id"], pointer, spec["message"]))


def compare_values(left: Any, op: str, right: Any) -> bool:
    """Return whether `left op right` holds for two JSON values.

    Values of different JSON kinds (a number and a string, true and 1) are never equal
    and never ordered; only two numbers or two strings have an order."""
    kind = json_kind(left)
    if kind != json_kind(right):
        return op == "ne"
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if kind not in ("number", "string"):
        return False
    return _ORDERINGS[op](left, right)


def evaluate(
    condition: Condition, item: Any, document: Any, codes: CodeAttributes
) -> bool:
    """Evaluate one predicate of the `assert` language against `item`."""
    if "all" in condition:
        return all(evaluate(part, item, document, codes) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, item, document, codes) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], item, document, codes)
    if "any_item" in condition or "all_items" in condition:
        quantifier: Callable[[Any], bool] = any if "any_item" in condition else all
        found, items = resolve_pointer(
            item, condition.get("any_item", condition.get("all_items"))
        )
        if not found or not isinstance(items, list):
            return quantifier is all
        return quantifier(
            evaluate(condition["where"], element, document, codes) for element in items
        )
    if "any_entry" in condition or "all_entries" in condition:
        entry_quantifier: Callable[[Any], bool] = (
            any if "any_entry" in condition else all
        )
        found, mapping = resolve_pointer(
            item, condition.get("any_entry", condition.get("all_entries"))
        )
        if not found or not isinstance(mapping, dict):
            return entry_quantifier is all
        keys = condition.get("keys")
        return entry_quantifier(
            evaluate(condition["where"], value, document, codes)
            for key, value in mapping.items()
            if keys is None or key in keys
        )
    found, value = resolve_pointer(item, condition["path"])
    for test, expected in condition.items():
        if test != "path" and not _test(test, expected, found, value, item, codes):
            return False
    return True


def _test(
    test: str,
    expected: Any,
    found: bool,
    value: Any,
    item: Any,
    codes: CodeAttributes,
) -> bool:
    if test == "present":
        return found is bool(expected)
    if test == "equals":
        return found and value == expected
    if test == "in":
        return found and value in expected
    if test == "nonempty":
        return (found and value not in (None, "", [], {})) is bool(expected)
    if test == "is_null":
        return (found and value is None) is bool(expected)
    if test == "equals_count":
        other_found, other = resolve_pointer(item, expected)
        return found and other_found and isinstance(other, list) and value == len(other)
    if test == "code_attribute":
        entry = codes.get(value) if _is_code(value) else None
        return entry is not None and all(
            entry.get(name) == want for name, want in expected.items()
        )
    if test == "utc_timestamp":
        return (
            isinstance(value, str) and bool(re.search(UTC_TIMESTAMP, value))
        ) is bool(expected)
    raise ValueError(f"unknown predicate test {test!r}")


def _is_code(value: Any) -> bool:
    """Return True for a value that can be a code: a string or a (non-bool) int."""
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def check_ordered(
    document: Any,
    list_pointer: str,
    key: str,
    rule: str,
    out: list[Violation],
) -> None:
    """Report list items whose `key` value is smaller than the previous item's."""
    found, items = resolve_pointer(document, list_pointer)
    if not found or not isinstance(items, list):
        return
    previous: Any = None
    for index, item in enumerate(items):
        item_found, value = resolve_pointer(item, key)
        if not item_found or value is None:
            continue
        # Only two numbers or two strings have an order (as for `compare`): a value of
        # another kind than the previous one is out of order, not a TypeError.
        if previous is not None and not compare_values(value, "ge", previous):
            relation = (
                "comes before"
                if json_kind(value) == json_kind(previous)
                else "cannot be ordered after"
            )
            out.append(
                Violation(
                    rule,
                    f"{list_pointer}/{index}{key}",
                    f"{value!r} {relation} the previous item's {previous!r}",
                )
            )
        previous = value


def check_registered_keys(
    document: Any,
    object_pointer: str,
    registry: frozenset[str],
    prefixes: tuple[str, ...],
    rule: str,
    out: list[Violation],
    suffixes: tuple[str, ...] = (),
) -> None:
    """Report keys of the object at `object_pointer` that are not registered but look
    like registry keys: they start with one of `prefixes` or end with one of `suffixes`
    (every unregistered key when both are empty)."""
    found, value = resolve_pointer(document, object_pointer)
    if not found or not isinstance(value, dict):
        return
    for key in value:
        if key in registry:
            continue
        name = str(key)
        if (
            (not prefixes and not suffixes)
            or any(name.startswith(prefix) for prefix in prefixes)
            or any(name.endswith(suffix) for suffix in suffixes)
        ):
            out.append(
                Violation(
                    rule,
                    f"{object_pointer}/{escape_token(key)}",
                    f"key {key!r} is not in the registry",
                )
            )

"""A fast, one-sided JSON Schema check: says yes only to an instance that is valid.

jsonschema names every problem, at ~0.25 ms per catalog entry; a catalog extracted from
a large document has tens of thousands of entries, and nearly always none is wrong. An
acceptor compiles a schema (Draft 2020-12, local `$ref`s) into closures that answer
"certainly valid" (True) or "not certain" (False). A keyword it does not know, a value
of a type it does not handle exactly (a float where an integer is expected, a mapping
with a non-text key) or a branch it cannot decide all give "not certain", and the
caller then asks jsonschema, which gives the verdict and the messages. So the acceptor
may only ever be faster, never more lenient: tests/test_schema_accept.py checks
`accepts(x) => jsonschema finds no error` on random and mutated catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sized
from typing import Any

Check = Callable[[Any], bool]

# Keywords that never change a verdict.
_ANNOTATIONS = frozenset(
    (
        "$schema",
        "$id",
        "$defs",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
    )
)
# JSON type name -> the Python types that are certainly of that type (bool is not an
# integer or a number in JSON Schema; a float is left to jsonschema).
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def compile_acceptor(schema: Mapping[str, Any]) -> Check:
    """Return the acceptor of `schema` (a whole document: its `$defs` resolve refs)."""
    return _Compiler(schema).compile(schema)


class _Compiler:
    """Compiles subschemas once each; a `$ref` cycle is compiled lazily."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return _always
        if not isinstance(schema, Mapping):
            return _never
        checks = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            make = _KEYWORDS.get(keyword)
            if make is None:
                return _never  # not known here: jsonschema decides
            checks.append(make(self, value, schema))
        return _all_of(checks)

    def ref(self, pointer: str) -> Check:
        """Return the acceptor of a local `#/...` reference (compiled on first use)."""
        if pointer not in self.refs:
            target = self._resolve(pointer)
            if target is None:
                return _never
            compiled: list[Check] = []
            self.refs[pointer] = lambda value: compiled[0](value)
            compiled.append(self.compile(target))
        return self.refs[pointer]

    def _resolve(self, pointer: str) -> Any:
        if not pointer.startswith("#/"):
            return None
        node: Any = self.root
        for token in pointer[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or token not in node:
                return None
            node = node[token]
        return node


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)

    def check(value: Any) -> bool:
        for one in checks:  # noqa: SIM110 - a loop: no generator object per value
            if not one(value):
                return False
        return True

    return check


def _type(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    names = value if isinstance(value, list) else [value]
    if any(name not in _TYPES for name in names):
        return _never
    kinds = tuple(kind for name in names for kind in _TYPES[name])
    allows_bool = "boolean" in names
    return lambda v: isinstance(v, kinds) and (allows_bool or v.__class__ is not bool)


def _enum(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    # Only scalars compare exactly; True == 1 in Python but not in JSON Schema.
    allowed = {(item.__class__, item) for item in value if _scalar(item)}
    return lambda v: _scalar(v) and (v.__class__, v) in allowed


def _const(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    return _enum(compiler, [value], schema)


def _scalar(value: Any) -> bool:
    return value.__class__ in (str, int, bool, type(None))


def _pattern(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    search = re.compile(value).search  # as jsonschema: re.search, anywhere in the text
    return lambda v: not isinstance(v, str) or search(v) is not None


def _bound(compare: Callable[[Any, Any], bool]) -> Any:
    """minimum/maximum: certain for an integer (a float is left to jsonschema)."""

    def make(compiler: _Compiler, limit: Any, schema: Mapping[str, Any]) -> Check:
        def check(v: Any) -> bool:
            if v.__class__ is int:
                return compare(v, limit)
            # not a number (a bool is not one): the keyword does not apply; a float
            # is left to jsonschema
            return v.__class__ is bool or not isinstance(v, (int, float))

        return check

    return make


def _at_least(value: Any, limit: Any) -> bool:
    return bool(value >= limit)


def _at_most(value: Any, limit: Any) -> bool:
    return bool(value <= limit)


def _items(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    if "prefixItems" in schema:
        return _never
    item = compiler.compile(value)

    def check(v: Any) -> bool:
        if isinstance(v, list):
            for entry in v:
                if not item(entry):
                    return False
        return True

    return check


def _properties(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    checks = {name: compiler.compile(sub) for name, sub in value.items()}

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for name, entry in v.items():
            if name.__class__ is not str:
                return False
            sub = checks.get(name)
            if sub is not None and not sub(entry):
                return False
        return True

    return check


def _additional(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    if "patternProperties" in schema:
        return _never
    known = frozenset(schema.get("properties", ()))
    if value is False:
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    extra = compiler.compile(value)
    return lambda v: not isinstance(v, dict) or all(
        extra(entry) for name, entry in v.items() if name not in known
    )


def _required(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    names = tuple(value)
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


def _dependent(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    needs = {name: tuple(required) for name, required in value.items()}
    return lambda v: not isinstance(v, dict) or all(
        all(other in v for other in needs[name]) for name in needs if name in v
    )


def _ref(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    return compiler.ref(value)


def _all(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    return _all_of([compiler.compile(sub) for sub in value])


def _any(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    branches = [compiler.compile(sub) for sub in value]
    return lambda v: any(branch(v) for branch in branches)


def _one(compiler: _Compiler, value: Any, schema: Mapping[str, Any]) -> Check:
    """Certain only when one branch accepts and every other one's `type` excludes the
    value (an acceptor cannot say a branch fails otherwise)."""
    branches = [(compiler.compile(sub), _declared_types(sub)) for sub in value]

    def check(v: Any) -> bool:
        accepted = [i for i, (branch, _) in enumerate(branches) if branch(v)]
        if len(accepted) != 1:
            return False
        kind = _json_type(v)
        return all(
            kind is not None and types is not None and kind not in types
            for i, (_, types) in enumerate(branches)
            if i != accepted[0]
        )

    return check


def _declared_types(schema: Any) -> frozenset[str] | None:
    """Return the JSON types a schema's `type` allows (an integer is also a number)."""
    if not isinstance(schema, Mapping) or "type" not in schema:
        return None
    names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    types = set(names)
    if "number" in types:
        types.add("integer")
    return frozenset(types)


def _json_type(value: Any) -> str | None:
    """Return the one JSON type of a value, None when it is not certain (a float may
    be an integer)."""
    for kind, name in _JSON_TYPES:
        if value.__class__ is kind:
            return name
    return None


_JSON_TYPES = (
    (str, "string"),
    (bool, "boolean"),
    (int, "integer"),
    (dict, "object"),
    (list, "array"),
    (type(None), "null"),
)


def _count(kind: type[Sized], compare: Callable[[Any, Any], bool]) -> Any:
    def make(compiler: _Compiler, limit: Any, schema: Mapping[str, Any]) -> Check:
        return lambda v: not isinstance(v, kind) or compare(len(v), limit)

    return make


_KEYWORDS: dict[str, Callable[[_Compiler, Any, Mapping[str, Any]], Check]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "minLength": _count(str, _at_least),
    "maxLength": _count(str, _at_most),
    "minItems": _count(list, _at_least),
    "maxItems": _count(list, _at_most),
    "minProperties": _count(dict, _at_least),
    "maxProperties": _count(dict, _at_most),
    "minimum": _bound(_at_least),
    "maximum": _bound(_at_most),
    "items": _items,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "dependentRequired": _dependent,
    "$ref": _ref,
    "allOf": _all,
    "anyOf": _any,
    "oneOf": _one,
}

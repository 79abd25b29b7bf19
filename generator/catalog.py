"""Load a catalog file: parse YAML, validate against the meta-schema, check references."""

from __future__ import annotations

import json
import keyword
import os
import posixpath
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .build_model import build_model
from .code_shapes import INTEGER_STYLES, entry_problem, member_findings
from .discovery import CATALOG_SUFFIX, DEFAULT_CATALOGS
from .errors import CatalogError, Location, Problem
from .model import CODE_CORE_KEYS, DERIVED_ENUMS, CatalogModel
from .ownership import document_outside
from .rules import RULE_KINDS
from .schema_accept import Check, compile_acceptor
from .yamlload import LoadedYaml, load_yaml, read_yaml_text, shown

METASCHEMA_PATH = Path(__file__).parent / "metaschema" / "catalog.schema.json"


@dataclass
class Catalog:
    """A validated catalog: where it came from, its YAML data and its effective model."""

    path: Path
    relpath: str
    source: LoadedYaml

    @cached_property
    def model(self) -> CatalogModel:
        """Return the effective model: typed, frozen, every default applied."""
        return build_model(self.data)

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data  # type: ignore[no-any-return]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def section(self, name: str) -> list[dict[str, Any]]:
        """Return a list section of the catalog, empty when absent."""
        return list(self.data.get(name) or [])


@cache
def _metaschemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the meta-schema of a whole catalog and of one `codes` entry."""
    schema = json.loads(METASCHEMA_PATH.read_text(encoding="utf-8"))
    return schema, {"$defs": schema["$defs"], **schema["$defs"]["code"]}


@cache
def metaschema_acceptors() -> tuple[Check, Check]:
    """Return the fast acceptors of a whole catalog and of one `codes` entry
    (schema_accept: yes only to a valid instance)."""
    whole, one_code = _metaschemas()
    return compile_acceptor(whole), compile_acceptor(one_code)


@cache
def metaschema_validators() -> tuple[Any, Any]:
    """Return jsonschema validators of a whole catalog and of one `codes` entry."""
    import jsonschema  # deferred: only a catalog the acceptors doubt needs it

    whole, one_code = _metaschemas()
    return (
        jsonschema.Draft202012Validator(whole),
        jsonschema.Draft202012Validator(one_code),
    )


def load_catalog(path: Path, root: Path, documents: str = DEFAULT_CATALOGS) -> Catalog:
    """Parse and validate one catalog; raise CatalogError listing every problem."""
    relpath = (
        path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    )
    source = load_yaml(read_yaml_text(path, relpath), relpath)
    return checked_catalog(path, relpath, source, root, documents)


def checked_catalog(
    path: Path, relpath: str, source: LoadedYaml, root: Path, documents: str
) -> Catalog:
    """Validate parsed catalog data (meta-schema, then references); raise CatalogError
    listing every problem, located in `source`."""
    if not isinstance(source.data, dict):
        raise CatalogError(
            Problem(
                Location(relpath, 1, 1),
                "a catalog must be a YAML mapping",
                "start the file with `catgen: 1` and `id: ...`",
            )
        )
    catalog = Catalog(path=path, relpath=relpath, source=source)
    problems = _schema_problems(catalog)
    try:
        problems += _semantic_problems(catalog, root, documents)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        # The shape is broken in ways the meta-schema errors above already name;
        # reference checks need the shape, so they stop here.
        if not problems:
            raise
    problems = [_bounded(problem) for problem in dict.fromkeys(problems)]
    if problems:
        problems.sort(key=lambda p: (p.location.line, p.location.column, p.message))
        raise CatalogError(problems)
    return catalog


# Characters of one problem message: reference checks quote names, and a name the
# meta-schema refuses as too long is still checked (and quoted) by them.
MESSAGE_LIMIT = 500


def _bounded(problem: Problem) -> Problem:
    if len(problem.message) <= MESSAGE_LIMIT:
        return problem
    return replace(problem, message=problem.message[:MESSAGE_LIMIT] + "...")


def _schema_problems(catalog: Catalog) -> list[Problem]:
    accepts, accepts_code = metaschema_acceptors()
    data = catalog.data
    if accepts(data):
        return []
    whole, one_code = metaschema_validators()
    codes = data.get("codes")
    errors: list[tuple[Any, str]] = []
    if isinstance(codes, list):
        # One wrong entry among thousands: jsonschema looks at that entry alone.
        rest = {key: value for key, value in data.items() if key != "codes"}
        rest["codes"] = []
        for index, entry in enumerate(codes):
            if not accepts_code(entry):
                errors += [(e, f"/codes/{index}") for e in one_code.iter_errors(entry)]
    else:
        rest = data
    errors += [(e, "") for e in whole.iter_errors(rest)]
    problems = []
    for error, base in errors:
        pointer = base + "".join(f"/{part}" for part in error.absolute_path)
        problems.append(_describe_schema_error(catalog, error, pointer))
    return problems


def _describe_schema_error(catalog: Catalog, error: Any, pointer: str) -> Problem:
    where = pointer or "the top level"
    if error.validator == "additionalProperties" and error.validator_value is False:
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        known = ", ".join(sorted(error.schema.get("properties", {})))
        location = catalog.source.locate(f"{pointer}/{extra[0]}" if extra else pointer)
        names = ", ".join(shown(name) for name in extra)
        return Problem(
            location,
            f"unknown key {names} in {where}",
            f"remove it or use one of: {known}",
        )
    message, hint = _SCHEMA_MESSAGES.get(error.validator, _default_message)(error)
    return Problem(catalog.source.locate(pointer), f"{where}: {message}", hint)


_SHAPE_HINT = "see `catgen docs` (docs/catalog-format.md) for the expected shape"


def _default_message(error: Any) -> tuple[str, str]:
    return error.message if len(error.message) <= 200 else "invalid value", _SHAPE_HINT


def _allowed_message(error: Any) -> tuple[str, str]:
    allowed = error.validator_value
    values = allowed if isinstance(allowed, list) else [allowed]
    return (
        f"{shown(error.instance)} is not allowed",
        "use one of: " + ", ".join(repr(v) for v in values),
    )


# Messages that quote the value do so through `shown`, so a 100 KB value gives a short
# message; jsonschema's own messages repeat the whole value.
_SCHEMA_MESSAGES: dict[str, Any] = {
    "required": lambda error: (error.message, "add the missing key"),
    "pattern": lambda error: (
        f"{shown(error.instance)} does not match {error.validator_value}",
        "rename it to match the pattern",
    ),
    "enum": _allowed_message,
    "const": _allowed_message,
    "maxLength": lambda error: (
        f"{shown(error.instance)} is longer than the limit of "
        f"{error.validator_value} characters",
        "shorten it",
    ),
    "type": lambda error: (
        f"{shown(error.instance)} is not of type {shown(error.validator_value)}",
        _SHAPE_HINT,
    ),
    "anyOf": lambda error: ("matches none of the allowed shapes", _SHAPE_HINT),
    "oneOf": lambda error: ("matches none of the allowed shapes", _SHAPE_HINT),
}


def _semantic_problems(catalog: Catalog, root: Path, documents: str) -> list[Problem]:
    checker = _ReferenceChecker(catalog)
    checker.check_id()
    checker.check_document(root, documents)
    checker.check_enums()
    checker.check_scopes()
    checker.check_attributes()
    checker.check_codes()
    checker.check_overrides()
    checker.check_aliases()
    checker.check_precedence()
    checker.check_records()
    checker.check_tables()
    checker.check_artifacts()
    return checker.problems


class _ReferenceChecker:
    """Semantic checks the meta-schema cannot express: names, duplicates, references."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.data = catalog.data
        self.problems: list[Problem] = []
        self.enums = {e["name"]: e for e in catalog.section("enums")}
        # Records may name the enums the model derives (ReasonCode, StageId, ...).
        self.derived_enums = {e.name for e in catalog.model.enums if e.derived}
        self.attributes = {a["name"]: a for a in catalog.section("attributes")}
        self.scopes = {s["id"]: s for s in catalog.section("scopes")}
        self.records = {r["name"]: r for r in catalog.section("records")}
        self.codes = {entry["code"] for entry in catalog.section("codes")}
        self.pairs = {
            (entry.get("scope"), entry["code"]) for entry in catalog.section("codes")
        }

    def report(self, pointer: str, message: str, hint: str) -> None:
        self.problems.append(
            Problem(self.catalog.source.locate(pointer), message, hint)
        )

    def report_duplicates(
        self, section: str, key: str, noun: str, hint: str
    ) -> set[str]:
        """Report entries of a list section whose `key` repeats; return the keys."""
        seen: set[str] = set()
        for index, item in enumerate(self.catalog.section(section)):
            if item[key] in seen:
                self.report(
                    f"/{section}/{index}/{key}", f"duplicate {noun} {item[key]!r}", hint
                )
            seen.add(item[key])
        return seen

    def known_code(self, code: str, scope: str | None, pointer: str, what: str) -> None:
        if code not in self.codes:
            self.report(
                pointer,
                f"{what} names unknown code {code!r}",
                "add the code to `codes` or fix the spelling",
            )
        elif scope is not None and self.scopes and (scope, code) not in self.pairs:
            self.report(
                pointer,
                f"{what} names code {code!r}, which is not in scope {scope!r}",
                "fix the scope or add the code to that scope",
            )

    def known_scope(self, scope: str, pointer: str, what: str) -> None:
        if scope not in self.scopes:
            self.report(
                pointer,
                f"{what} names unknown scope {scope!r}",
                "declare the scope under `scopes` or fix the spelling",
            )

    def known_enum(self, name: str, pointer: str, what: str) -> None:
        if name not in self.enums and name not in self.derived_enums:
            known = ", ".join(self.catalog.model.enums_by_name)
            self.report(
                pointer,
                f"{what} names unknown enum {name!r}",
                f"declare it under `enums` or use one of: {known}",
            )

    def check_id(self) -> None:
        """Refuse a keyword id: `import generated.class` is a syntax error. Soft
        keywords (match, type) and builtin names (int, json) import fine."""
        identifier = self.data["id"]
        if isinstance(identifier, str) and keyword.iskeyword(identifier):
            self.report(
                "/id",
                f"catalog id {identifier!r} is a Python keyword: its generated package "
                "could not be imported",
                f"rename it, for example to {identifier}_",
            )

    def check_document(self, root: Path, documents: str) -> None:
        document = self.data.get("document")
        if document is None:
            return
        where = document_outside(root, documents, document)
        if where:
            self.report(
                "/document",
                f"document {document!r} {where}",
                f"give a path relative to {documents}/ (the documents folder) that "
                "stays inside the project: catgen reads and writes no file outside it",
            )
        # os.path.isfile, unlike Path.is_file, says False to a name the OS refuses.
        elif not os.path.isfile(root / posixpath.normpath(f"{documents}/{document}")):
            self.report(
                "/document",
                f"document {document!r} does not exist under {documents}/",
                f"fix the path (it is relative to {documents}/, the documents folder)",
            )

    def check_enums(self) -> None:
        seen: set[str] = set()
        for index, enum in enumerate(self.catalog.section("enums")):
            pointer = f"/enums/{index}"
            if enum["name"] in seen or enum["name"] in DERIVED_ENUMS:
                self.report(
                    f"{pointer}/name",
                    f"enum {enum['name']!r} is declared twice or shadows a derived enum",
                    "rename it",
                )
            seen.add(enum["name"])
            values = [v["value"] for v in enum["values"]]
            for position, value in enumerate(values):
                if value in values[:position]:
                    self.report(
                        f"{pointer}/values/{position}",
                        f"duplicate value {value!r} in enum {enum['name']!r}",
                        "remove one of the two",
                    )
            for subset, members in (enum.get("subsets") or {}).items():
                for member in members:
                    if member not in values:
                        self.report(
                            f"{pointer}/subsets/{subset}",
                            f"subset {subset!r} names {member!r}, not a value of the enum",
                            "use values of the enum only",
                        )
        for index, attribute in enumerate(self.catalog.section("attributes")):
            if "enum" in attribute:
                self.known_enum(
                    attribute["enum"], f"/attributes/{index}/enum", "attribute"
                )
            if attribute["name"] in CODE_CORE_KEYS:
                self.report(
                    f"/attributes/{index}/name",
                    f"attribute {attribute['name']!r} is a built-in code key",
                    "remove the declaration; the key is always available",
                )

    def check_scopes(self) -> None:
        self.report_duplicates(
            "scopes", "id", "scope", "remove or rename one of the two"
        )
        for index, scope in enumerate(self.catalog.section("scopes")):
            pointer = f"/scopes/{index}"
            parent = scope.get("parent")
            if scope["kind"] in ("substage", "rule_level"):
                if parent is None:
                    self.report(
                        pointer,
                        f"{scope['kind']} {scope['id']!r} has no parent",
                        "add `parent:` naming its stage",
                    )
                elif self.scopes.get(parent, {}).get("kind") != "stage":
                    self.report(
                        f"{pointer}/parent",
                        f"parent {parent!r} of {scope['id']!r} is not a declared stage",
                        "name a scope of kind `stage`",
                    )

    def check_attributes(self) -> None:
        # Each attribute becomes a registry field and a function parameter.
        self.report_duplicates(
            "attributes", "name", "attribute", "rename it or remove the copy"
        )

    def check_codes(self) -> None:
        style = self.data["code_style"]
        seen: dict[tuple[Any, str], int] = {}
        required = [a["name"] for a in self.attributes.values() if a.get("required")]
        for pointer, message, hint in member_findings(
            enumerate(self.catalog.section("codes"))
        ):
            self.report(pointer, message, hint)
        if style in INTEGER_STYLES and "status_model" in self.data:
            self.report(
                "/code_style",
                f"code_style {style} cannot serve a status_model (a stage outcome's "
                "reason_code is a string)",
                "use code_style alphanumeric and quote the codes",
            )
        for index, entry in enumerate(self.catalog.section("codes")):
            pointer = f"/codes/{index}"
            code = entry["code"]
            problem = entry_problem(code, style)
            if problem is not None:
                self.report(f"{pointer}/code", *problem)
            scope = entry.get("scope")
            key = (scope, code)
            if key in seen:
                where = f"scope {scope!r}" if scope is not None else "the catalog"
                line = self.catalog.source.locate(f"/codes/{seen[key]}").line
                self.report(
                    f"{pointer}/code",
                    f"duplicate code {code!r} in {where} (first defined on line {line})",
                    "remove one of the two entries",
                )
            seen.setdefault(key, index)
            if self.scopes and scope is None:
                self.report(pointer, f"code {code!r} has no scope", "add `scope:`")
            elif scope is not None:
                self.known_scope(scope, f"{pointer}/scope", f"code {code!r}")
            for name, value in entry.items():
                if name in CODE_CORE_KEYS:
                    continue
                self.check_attribute_value(name, value, f"{pointer}/{name}")
            for name in required:
                if name not in entry:
                    self.report(
                        pointer,
                        f"code {code!r} lacks required attribute {name!r}",
                        f"add `{name}:`",
                    )

    def check_attribute_value(self, name: str, value: Any, pointer: str) -> None:
        attribute = self.attributes.get(name)
        if attribute is None:
            known = ", ".join(list(CODE_CORE_KEYS) + sorted(self.attributes))
            self.report(
                pointer,
                f"unknown key {name!r} in a code entry",
                f"declare it under `attributes` or use one of: {known}",
            )
            return
        # Declared and derived enums alike (an attribute may name ReasonCode).
        enum = self.catalog.model.enums_by_name.get(attribute.get("enum", ""))
        if enum is not None and value not in enum.typed_values:
            allowed = ", ".join(enum.value_list)
            self.report(
                pointer,
                f"{name} {value!r} is not a value of enum {enum.name}",
                f"use one of: {allowed}",
            )
        kind = attribute.get("type")
        if kind == "integer" and not (isinstance(value, int) and value is not True):
            self.report(pointer, f"{name} must be an integer", "write a whole number")
        if kind == "boolean" and not isinstance(value, bool):
            self.report(pointer, f"{name} must be true or false", "write true or false")

    def check_overrides(self) -> None:
        for index, override in enumerate(self.catalog.section("overrides")):
            pointer = f"/overrides/{index}"
            scope = override.get("scope")
            if scope is not None:
                self.known_scope(
                    scope, f"{pointer}/scope", f"override {override['id']!r}"
                )
            for position, code in enumerate(override["codes"]):
                self.known_code(
                    code,
                    scope,
                    f"{pointer}/codes/{position}",
                    f"override {override['id']!r}",
                )
            for name, value in override["set"].items():
                if name == "fail_mode":
                    continue
                self.check_attribute_value(name, value, f"{pointer}/set/{name}")
            for position, mark in enumerate(override.get("marks") or []):
                if mark not in self.attributes and mark not in ("fail_mode", "code"):
                    self.report(
                        f"{pointer}/marks/{position}",
                        f"mark {mark!r} is not an attribute",
                        "name an attribute whose table column carries the `^`",
                    )

    def check_aliases(self) -> None:
        for index, alias in enumerate(self.catalog.section("aliases")):
            pointer = f"/aliases/{index}"
            scope = alias.get("scope")
            self.known_code(alias["alias"], scope, f"{pointer}/alias", "alias")
            self.known_code(alias["canonical"], scope, f"{pointer}/canonical", "alias")

    def check_precedence(self) -> None:
        ids = {p["id"] for p in self.catalog.section("precedence")}
        for index, entry in enumerate(self.catalog.section("precedence")):
            pointer = f"/precedence/{index}"
            scope = entry.get("scope")
            if scope is not None:
                self.known_scope(
                    scope, f"{pointer}/scope", f"precedence {entry['id']!r}"
                )
            for position, code in enumerate(entry["order"]):
                self.known_code(
                    code,
                    scope,
                    f"{pointer}/order/{position}",
                    f"precedence {entry['id']!r}",
                )
            for position, other in enumerate(entry.get("after") or []):
                if other not in ids or other == entry["id"]:
                    self.report(
                        f"{pointer}/after/{position}",
                        f"precedence {entry['id']!r} names unknown list {other!r}",
                        "name another precedence list's id",
                    )

    def check_records(self) -> None:
        for index, record in enumerate(self.catalog.section("records")):
            self.check_fields(record["fields"], f"/records/{index}/fields")

    def check_fields(self, fields: list[dict[str, Any]], pointer: str) -> None:
        names: set[str] = set()
        for index, spec in enumerate(fields):
            where = f"{pointer}/{index}"
            if spec["name"] in names:
                self.report(
                    f"{where}/name",
                    f"duplicate field {spec['name']!r}",
                    "remove one of the two",
                )
            names.add(spec["name"])
            self.check_type(spec, where)
            if spec.get("fields"):
                self.check_fields(spec["fields"], f"{where}/fields")

    def check_type(self, spec: dict[str, Any], pointer: str) -> None:
        if "ref" in spec and spec["ref"] not in self.records:
            self.report(
                f"{pointer}/ref",
                f"unknown record {spec['ref']!r}",
                "declare it under `records` or fix the spelling",
            )
        if "enum" in spec:
            self.known_enum(spec["enum"], f"{pointer}/enum", "field")
            self.check_enum_type(spec, f"{pointer}/type")
        for key in ("items", "values"):
            if key in spec:
                self.check_type(spec[key], f"{pointer}/{key}")
        for position, option in enumerate(spec.get("any_of") or []):
            self.check_type(option, f"{pointer}/any_of/{position}")

    def check_enum_type(self, spec: dict[str, Any], pointer: str) -> None:
        """Report a field whose type cannot hold its enum's values (integer codes)."""
        enum = self.catalog.model.enums_by_name.get(spec["enum"])
        if enum is None or (enum.value_type == "integer") == (
            spec["type"] == "integer"
        ):
            return
        self.report(
            pointer,
            f"a field of type {spec.get('type')} cannot hold the {enum.value_type} values "
            f"of enum {enum.name}",
            f"write `type: {enum.value_type}`",
        )

    def check_tables(self) -> None:
        seen = self.report_duplicates("tables", "id", "table id", "rename it")
        for index, table in enumerate(self.catalog.section("tables")):
            self.check_table(table, f"/tables/{index}")
        for index, entry in enumerate(self.catalog.section("codes")):
            source = entry.get("source")
            if source is not None and source != "prose" and source not in seen:
                self.report(
                    f"/codes/{index}/source",
                    f"code {entry['code']!r} names unknown table {source!r}",
                    "use `prose` or the id of a table under `tables`",
                )

    def check_table(self, table: dict[str, Any], pointer: str) -> None:
        """Check one table's layout and row source; a `rows: codes` table's columns."""
        widths = table.get("separator_widths") or table["columns"]
        if len(widths) != len(table["columns"]):
            self.report(
                f"{pointer}/separator_widths",
                "separator_widths needs one width per column",
                "list one dash count per column",
            )
        rows = table["rows"]
        if rows.startswith("enum:"):
            self.known_enum(rows[5:], f"{pointer}/rows", f"table {table['id']!r}")
        elif rows.startswith("record:"):
            if rows[7:] not in self.records:
                self.report(
                    f"{pointer}/rows",
                    f"table {table['id']!r} names unknown record {rows[7:]!r}",
                    "declare it under `records`",
                )
        elif rows == "data":
            widths = {len(row) for row in table.get("data") or []}
            if widths - {len(table["columns"])}:
                self.report(
                    f"{pointer}/data",
                    f"table {table['id']!r} has rows whose cell count differs "
                    f"from its {len(table['columns'])} columns",
                    "give every row one cell per column",
                )
            self.check_data_codes(table, pointer)
        else:
            self.check_code_table(table, pointer)

    def check_data_codes(self, table: dict[str, Any], pointer: str) -> None:
        """Check that each cell of a data table's `code` column (a situation -> code
        table) names a code of the catalog."""
        columns = [c.get("field") for c in table["columns"]]
        if "code" not in columns:
            return
        at = columns.index("code")
        known = {str(code) for code in self.codes}
        for n, row in enumerate(table.get("data") or []):
            cell = str(row[at]).strip() if at < len(row) else ""
            code = cell[1:-1] if len(cell) > 1 and cell[0] == cell[-1] == "`" else cell
            if code and code not in known:
                self.report(
                    f"{pointer}/data/{n}/{at}",
                    f"table {table['id']!r} names unknown code {code!r}",
                    "add the code to `codes` or fix the spelling",
                )

    def check_code_table(self, table: dict[str, Any], pointer: str) -> None:
        for position, code in enumerate(table.get("codes") or []):
            self.known_code(code, None, f"{pointer}/codes/{position}", "table")
            if code in table["codes"][:position]:
                self.report(
                    f"{pointer}/codes/{position}",
                    f"table {table['id']!r} lists code {code!r} twice",
                    "remove one of the two",
                )
        fields = {"code", "name", "scope", "description", *self.attributes}
        for position, column in enumerate(table["columns"]):
            field_name = column.get("field")
            if field_name is not None and field_name not in fields:
                self.report(
                    f"{pointer}/columns/{position}/field",
                    f"column field {field_name!r} is not a code key or attribute",
                    "use code, description or a declared attribute",
                )

    def check_artifacts(self) -> None:
        self.report_duplicates("artifacts", "kind", "artifact kind", "rename it")
        for index, artifact in enumerate(self.catalog.section("artifacts")):
            pointer = f"/artifacts/{index}"
            if artifact["schema"] not in self.records:
                self.report(
                    f"{pointer}/schema",
                    f"artifact {artifact['kind']!r} names unknown record "
                    f"{artifact['schema']!r}",
                    "declare it under `records`",
                )
            for position, rule in enumerate(artifact.get("rules") or []):
                self.check_rule(rule, f"{pointer}/rules/{position}")

    def check_rule(self, rule: dict[str, Any], pointer: str) -> None:
        """Check one artifact rule against its kind in the rule registry."""
        kind = RULE_KINDS[rule["rule"]]
        for name in kind.required:
            if name not in rule:
                self.report(
                    pointer,
                    f"rule {kind.name!r} needs parameter {name!r}",
                    f"add `{name}:`",
                )
        allowed = kind.allowed()
        for name in rule:
            if name not in allowed:
                self.report(
                    f"{pointer}/{name}",
                    f"unknown parameter {name!r} for rule {kind.name!r}",
                    "use one of: " + ", ".join(sorted(allowed)),
                )
        if kind.needs_key is not None and kind.needs_key not in self.data:
            self.report(
                pointer,
                f"rule {kind.name!r} needs {kind.needs_text}",
                "add them or use another rule kind",
            )
        if kind.default_id is None and "id" not in rule:
            self.report(pointer, f"rule {kind.name!r} needs an `id`", "add `id:`")
        if kind.needs_message and "message" not in rule:
            self.report(
                pointer, f"rule {kind.name!r} needs a `message`", "add `message:`"
            )
        if kind.predicates:
            self.check_predicate_references(rule, pointer)
        registries = {r["name"] for r in self.catalog.section("registries")}
        for argument in kind.arguments:
            if (
                argument.source == "registry"
                and rule.get(argument.name) not in registries
            ):
                self.report(
                    f"{pointer}/{argument.name}",
                    f"unknown registry {rule.get(argument.name)!r}",
                    "declare it under `registries`",
                )

    def check_predicate_references(self, value: Any, pointer: str) -> None:
        """Check `registry:` and `in: {enum, subset}` references inside a predicate."""
        if isinstance(value, list):
            for position, item in enumerate(value):
                self.check_predicate_references(item, f"{pointer}/{position}")
            return
        if not isinstance(value, dict):
            return
        registries = {r["name"] for r in self.catalog.section("registries")}
        if (
            "where" in value
            and "registry" in value
            and value["registry"] not in registries
        ):
            self.report(
                f"{pointer}/registry",
                f"unknown registry {value['registry']!r}",
                "declare it under `registries`",
            )
        members = value.get("in")
        if isinstance(members, dict):
            name = members.get("enum")
            subset = members.get("subset")
            if name not in self.enums and name not in self.derived_enums:
                self.known_enum(str(name), f"{pointer}/in/enum", "predicate")
            elif subset is not None and subset not in (
                self.enums.get(name, {}).get("subsets") or {}
            ):
                self.report(
                    f"{pointer}/in/subset",
                    f"enum {name!r} has no subset {subset!r}",
                    "declare it under the enum's `subsets`",
                )
        for key, item in value.items():
            if key not in ("in", "registry"):
                self.check_predicate_references(item, f"{pointer}/{key}")


def find_catalogs(root: Path, folder: str = DEFAULT_CATALOGS) -> list[Path]:
    """Return the catalog files in the catalogs folder, sorted by name."""
    return sorted((root / folder).glob(f"*{CATALOG_SUFFIX}"))


def load_catalogs(
    root: Path, folder: str = DEFAULT_CATALOGS, documents: str = DEFAULT_CATALOGS
) -> list[Catalog]:
    """Load every catalog in the catalogs folder, collecting all problems first."""
    catalogs: list[Catalog] = []
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    for path in find_catalogs(root, folder):
        try:
            catalog = load_catalog(path, root, documents)
        except CatalogError as exc:
            problems.extend(exc.problems)
            continue
        if catalog.id in ids:
            problems.append(
                Problem(
                    catalog.source.locate("/id"),
                    f"catalog id {catalog.id!r} is also used by {ids[catalog.id]}",
                    "give every catalog its own id",
                )
            )
        ids[catalog.id] = catalog.relpath
        catalogs.append(catalog)
    if problems:
        raise CatalogError(problems)
    if not catalogs:
        raise CatalogError(
            Problem(
                Location(f"{folder}/"),
                "no catalogs found",
                f"add a {folder}/<name>{CATALOG_SUFFIX} file",
            )
        )
    return catalogs

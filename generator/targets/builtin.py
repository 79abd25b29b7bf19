"""The built-in targets, declared as data: the same entries a project's config holds.

Order is render order. Each `context` names a kind registered in CONTEXT_KINDS; a
project overrides a template by putting a file of the same name in its template folder.
"""

from __future__ import annotations

from ..config import TargetSpec

PACKAGE = "{output}/{catalog.id}"

BUILTIN_TARGETS: tuple[TargetSpec, ...] = (
    TargetSpec(
        "python-package",
        "python/root_init.py.j2",
        "{output}/__init__.py",
        "once",
        "package",
    ),
    TargetSpec(
        "python-runtime",
        "verbatim.j2",
        "{output}/_runtime/{module}.py",
        "once",
        "runtime",
    ),
    TargetSpec(
        "python-typed", "python/py.typed.j2", "{output}/py.typed", "once", "package"
    ),
    TargetSpec(
        "python-catalog",
        "python/catalog_init.py.j2",
        f"{PACKAGE}/__init__.py",
        "catalog",
        "catalog",
    ),
    TargetSpec(
        "python-enums", "python/enums.py.j2", f"{PACKAGE}/enums.py", "catalog", "enums"
    ),
    TargetSpec(
        "python-data", "python/data.py.j2", f"{PACKAGE}/_data.py", "catalog", "data"
    ),
    TargetSpec(
        "python-registry",
        "python/registry.py.j2",
        f"{PACKAGE}/registry.py",
        "catalog",
        "registry",
    ),
    TargetSpec(
        "python-validators",
        "python/validators.py.j2",
        f"{PACKAGE}/validators.py",
        "catalog",
        "validators",
    ),
    TargetSpec(
        "json-schemas",
        "jsonschema/record.schema.json.j2",
        f"{PACKAGE}/schemas/{{record}}.schema.json",
        "catalog",
        "record-schema",
    ),
    TargetSpec(
        "pydantic-models",
        "python/models.py.j2",
        f"{PACKAGE}/models.py",
        "catalog",
        "models",
    ),
    TargetSpec(
        "markdown-reference",
        "markdown/reference.md.j2",
        "{output}/docs/{catalog.id}.md",
        "catalog",
        "reference",
    ),
    TargetSpec(
        "markdown-tables", "verbatim.j2", "{document}", "catalog", "document-tables"
    ),
)

"""The one Jinja2 environment, its escaping filters, and generated-file headers."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from . import TEMPLATES_DIR

# Targets import the escapes from here too (one Jinja2 filter set, one import site).
from .escape import docstring as docstring
from .escape import json_str as json_str
from .escape import json_text as json_text
from .escape import md_cell as md_cell
from .escape import md_code as md_code
from .escape import md_line as md_line
from .escape import py_str as py_str

LINE_LENGTH = 88


def py_literal(value: Any, indent: int = 0, prefix: int = 0) -> str:
    """Return a black-stable Python literal of plain data.

    Non-empty top-level collections are exploded one item per line with a magic trailing
    comma; nested ones stay on one line when they fit in black's line length, exactly as
    black would leave them. `indent` is the column the literal's line starts at and
    `prefix` the width of what precedes the literal on that line.
    """
    if isinstance(value, tuple) and len(value) == 1:
        inline = _inline(value)
        if indent + prefix + len(inline) <= LINE_LENGTH:
            return inline
    return _exploded(value, indent)


def _inline(value: Any) -> str:
    render = _INLINE.get(type(value))
    if render is None:
        raise TypeError(f"no Python literal for {type(value).__name__}")
    return str(render(value))


def _inline_dict(value: dict[Any, Any]) -> str:
    return (
        "{" + ", ".join(f"{_inline(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    )


def _inline_tuple(value: tuple[Any, ...]) -> str:
    if len(value) == 1:
        return f"({_inline(value[0])},)"
    return "(" + ", ".join(map(_inline, value)) + ")"


def _inline_list(value: list[Any]) -> str:
    return "[" + ", ".join(map(_inline, value)) + "]"


def _inline_set(value: set[Any] | frozenset[Any]) -> str:
    if not value:
        return "frozenset()"
    return "frozenset({" + ", ".join(map(_inline, _sorted(value))) + "})"


_INLINE: dict[type, Callable[[Any], str]] = {
    str: py_str,
    type(None): repr,
    bool: repr,
    int: repr,
    float: repr,
    dict: _inline_dict,
    tuple: _inline_tuple,
    list: _inline_list,
    set: _inline_set,
    frozenset: _inline_set,
}


def _sorted(items: Any) -> list[Any]:
    return sorted(items, key=lambda item: (str(type(item)), item))


def _element(value: Any, indent: int, prefix: int, inline: str = "") -> str:
    """Render a collection element: inline when the whole line fits, else exploded.

    `inline` is the element's one-line form when the caller has it already."""
    inline = inline or _inline(value)
    if (
        not isinstance(value, (dict, list, tuple, set, frozenset))
        or indent + prefix + len(inline) + 1 <= LINE_LENGTH
    ):
        return inline
    return _exploded(value, indent)


def _exploded(value: Any, indent: int) -> str:
    if not isinstance(value, (dict, list, tuple, set, frozenset)) or not value:
        return _inline(value)
    inner = indent + 4
    pad = " " * inner
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            key_text = _inline(key)
            value_text = _inline(item)
            if (
                inner + len(key_text) + len(value_text) + 3 > LINE_LENGTH
                and not isinstance(item, (dict, list, tuple, set, frozenset))
                and isinstance(key, tuple)
            ):
                # black splits the key's brackets when the value cannot be split
                key_text = _exploded(key, inner)
                lines.append(f"{pad}{key_text}: {value_text},")
                continue
            element = _element(item, inner, len(key_text) + 2, value_text)
            lines.append(f"{pad}{key_text}: {element},")
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
    if isinstance(value, (set, frozenset)):
        body = _exploded_items(_sorted(value), inner + 4)
        return (
            "frozenset(\n"
            + pad
            + "{\n"
            + body
            + "\n"
            + pad
            + "}\n"
            + " " * indent
            + ")"
        )
    opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
    return (
        opening + "\n" + _exploded_items(value, inner) + "\n" + " " * indent + closing
    )


def _exploded_items(items: Any, indent: int) -> str:
    pad = " " * indent
    return "\n".join(f"{pad}{_element(item, indent, 0)}," for item in items)


@cache
def environment(folders: tuple[str, ...] = ()) -> jinja2.Environment:
    """Return the Jinja2 environment for a project's template folders.

    The project's folders are searched first, then catgen's own templates, so a project
    can override any built-in template or add its own. Every setting lives here."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, TEMPLATES_DIR]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        py_str=py_str,
        py_literal=py_literal,
        md_cell=md_cell,
        md_line=md_line,
        md_code=md_code,
        docstring=docstring,
        json_str=json_str,
    )
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one of catgen's own templates by its path under templates/."""
    return environment().get_template(name).render(**context)


def template_source(folders: tuple[str, ...], name: str) -> jinja2.Template:
    """Return the template `name`, from the project's folders first, then catgen's."""
    try:
        return environment(folders).get_template(name)
    except jinja2.TemplateNotFound:
        from .errors import GenerationError, Location, Problem

        searched = ", ".join([*folders, "catgen's templates/"])
        raise GenerationError(
            Problem(
                Location(name),
                "template not found",
                f"put it under one of the template folders ({searched})",
            )
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        from .errors import GenerationError, Location, Problem

        raise GenerationError(
            Problem(
                Location(exc.filename or name, exc.lineno),
                f"template syntax error: {exc.message}",
                "fix the template",
            )
        ) from None


def template_label(template: jinja2.Template, root: Path) -> str:
    """Return how generated headers name a template: `templates/NAME` for catgen's
    own, the root-relative path for a project's."""
    path = Path(template.filename or "")
    if path.is_relative_to(root) and not path.is_relative_to(TEMPLATES_DIR):
        return path.relative_to(root).as_posix()
    return f"templates/{template.name}"


def header_lines(source: str, template: str = "", via: str = "") -> list[str]:
    """Return the provenance lines every generated file starts with (no timestamp)."""
    return [
        f"Generated by `catgen generate` from {source}",
        f"with {via or 'templates/' + template}. DO NOT EDIT.",
    ]

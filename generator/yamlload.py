"""Load YAML safely, fast (libyaml when installed), with a source position for every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import CatalogError, Location, Problem

try:  # libyaml's C parser is about 3-5 times faster than pure Python.
    _Loader: type = yaml.CSafeLoader
    PARSER = "libyaml (C)"
except AttributeError:  # pragma: no cover - depends on the PyYAML wheel
    _Loader = yaml.SafeLoader
    PARSER = "pure Python"


@dataclass
class LoadedYaml:
    """Parsed data plus `positions`: JSON pointer -> (line, column), 1-based."""

    data: Any
    path: str
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def locate(self, pointer: str) -> Location:
        """Return the location of `pointer`, or of its nearest located ancestor."""
        while True:
            if pointer in self.positions:
                line, column = self.positions[pointer]
                return Location(self.path, line, column)
            if not pointer:
                return Location(self.path, 1, 1)
            pointer = pointer.rsplit("/", 1)[0]


def escape_pointer_token(token: object) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def load_yaml(text: str, path: str) -> LoadedYaml:
    """Parse one YAML document; duplicate keys and syntax errors raise CatalogError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise CatalogError(
            Problem(
                Location(path, line, column),
                f"YAML syntax error: {exc.problem or exc}",
                "fix the YAML syntax at this position",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(
            Problem(Location(path), f"YAML error: {exc}", "fix the YAML syntax")
        ) from None
    finally:
        loader.dispose()
    result = LoadedYaml(data=None, path=path)
    if node is None:
        return result
    problems: list[Problem] = []
    result.data = _convert(node, "", result, problems, loader)
    if problems:
        raise CatalogError(problems)
    return result


def _convert(
    node: yaml.Node,
    pointer: str,
    result: LoadedYaml,
    problems: list[Problem],
    loader: Any,
) -> Any:
    result.positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, pointer + "/~key", result, problems, loader)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                problems.append(
                    Problem(
                        Location(path := result.path, key_node.start_mark.line + 1),
                        "a mapping key must be a plain scalar",
                        "use a string key",
                    )
                )
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in mapping:
                problems.append(
                    Problem(
                        Location(
                            result.path,
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                        ),
                        f"duplicate key {key!r}",
                        "remove or rename one of the two entries",
                    )
                )
                continue
            mapping[key] = _convert(value_node, child, result, problems, loader)
            result.positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
        result.positions.pop(pointer + "/~key", None)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, f"{pointer}/{index}", result, problems, loader)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)

"""Load YAML safely, fast (libyaml when installed), with source positions on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import CatalogError, Location, Problem

try:  # libyaml's C parser is about 3-5 times faster than pure Python.
    _Base: type = yaml.CSafeLoader
    PARSER = "libyaml (C)"
except AttributeError:  # pragma: no cover - depends on the PyYAML wheel
    _Base = yaml.SafeLoader
    PARSER = "pure Python"


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader with a leaner tag resolver (no path resolvers are registered, so
    only the first-character index of implicit resolvers matters) and duplicate-key
    detection, which PyYAML lacks (it silently keeps the last value)."""

    _implicit: dict[str, list[tuple[str, Any]]] = {
        first: resolvers + yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        if first is not None
    }
    _wildcard: list[tuple[str, Any]] = yaml.SafeLoader.yaml_implicit_resolvers.get(
        None, []
    )

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._implicit.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


@dataclass
class LoadedYaml:
    """Parsed data; `locate` finds where a JSON pointer came from (parsed lazily)."""

    data: Any
    path: str
    text: str = ""
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        """JSON pointer -> (line, column), 1-based; composed only when first needed."""
        if self._positions is None:
            self._positions = {}
            node = yaml.compose(self.text, Loader=_Base)
            if node is not None:
                _record_positions(node, "", self._positions)
        return self._positions

    def locate(self, pointer: str) -> Location:
        """Return the location of `pointer`, or of its nearest located ancestor."""
        positions = self.positions
        while True:
            if pointer in positions:
                line, column = positions[pointer]
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
    converter = _Converter()
    try:
        node = loader.get_single_node()
        data = None if node is None else converter.convert(node)
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
    if converter.duplicates:
        raise CatalogError(
            [
                Problem(
                    Location(
                        path, node.start_mark.line + 1, node.start_mark.column + 1
                    ),
                    f"duplicate key {node.value!r}",
                    "remove or rename one of the two entries",
                )
                for node in converter.duplicates
            ]
        )
    return LoadedYaml(data=data, path=path, text=text)


class _Converter:
    """Turn composed nodes into Python data: strings, ints, bools and nulls directly,
    any other tag through PyYAML's safe constructor."""

    _DIRECT = {
        "tag:yaml.org,2002:str": str,
        "tag:yaml.org,2002:null": lambda value: None,
        "tag:yaml.org,2002:bool": lambda value: value.lower() in ("true", "yes", "on"),
    }

    def __init__(self) -> None:
        self.duplicates: list[yaml.Node] = []
        self._safe = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Any:
        kind = type(node)
        if kind is yaml.ScalarNode:
            direct = self._DIRECT.get(node.tag)
            if direct is not None:
                return direct(node.value)
            return self._safe.construct_object(node, deep=True)
        if kind is yaml.SequenceNode:
            return [self.convert(item) for item in node.value]
        mapping: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`
                sources = self.convert(value_node)
                for source in sources if isinstance(sources, list) else [sources]:
                    if isinstance(source, dict):
                        merged.update(
                            {k: v for k, v in source.items() if k not in merged}
                        )
                continue
            key = self.convert(key_node)
            try:
                duplicate = key in mapping
            except TypeError:  # an unhashable key: let PyYAML say what is wrong
                self._safe.construct_mapping(node)
                raise
            if duplicate:
                self.duplicates.append(key_node)
                continue
            mapping[key] = self.convert(value_node)
        if merged:  # explicit keys win over merged ones, as in PyYAML
            return {**merged, **mapping}
        return mapping


def _record_positions(
    node: yaml.Node, pointer: str, positions: dict[str, tuple[int, int]]
) -> None:
    positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{pointer}/{escape_pointer_token(key_node.value)}"
            _record_positions(value_node, child, positions)
            # A key's own position is where a reader looks for it.
            positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, f"{pointer}/{index}", positions)

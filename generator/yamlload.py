"""Read and write catalog YAML; one resolver decides what a plain scalar means both ways.

Reading is PyYAML's safe loader (libyaml when installed, YAML 1.1 scalar rules) with hooks
for what it lacks: duplicate keys, recursive aliases, alias bombs and bad tagged values
become located CatalogErrors, and positions are composed lazily for error messages.
Writing is ruamel.yaml (round trip, so `extract --update` keeps comments), told to ask the
reader's resolver whether a plain scalar would read back as the same string; if not, ruamel
quotes it. So `No`, `yes`, `1.0`, `2026-01-01`, `~` or `<<` can never change type on the way.
Plain data (a fresh extraction) goes through yaml_fast_writer, which writes the same bytes
about 20 times faster and leaves every string it is not sure of to ruamel.
"""

from __future__ import annotations

import io
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import CatalogError, Location, Problem

try:  # libyaml's C parser is about 3-5 times faster than pure Python.
    _Base: type = yaml.CSafeLoader
    PARSER = "libyaml (C)"
except AttributeError:  # pragma: no cover - depends on the PyYAML wheel
    _Base = yaml.SafeLoader
    PARSER = "pure Python"

# Limits on one YAML file, each checked before the step it protects (documented in
# docs/catalog-format.md, "Limits"). Aliases and merge keys (`<<`) may repeat at most
# ALIAS_EXPANSION_LIMIT nodes: enough for any hand-written catalog, and it stops "billion
# laughs" documents before they expand.
ALIAS_EXPANSION_LIMIT = 100_000
# Bytes of one file, checked before it is read (a 10,000-code catalog is about 2 MB).
FILE_SIZE_LIMIT = 16 * 1024 * 1024
# Digits of one integer, checked before int() runs (Python refuses 4,300 and more, and
# converting is quadratic in the digits).
INTEGER_DIGITS_LIMIT = 100
# Mappings and lists inside each other: the deepest seed catalog uses 9 levels.
NESTING_LIMIT = 100
# Line width the writer folds long strings at.
WRITER_WIDTH = 100
# Characters of a value quoted in an error message.
SHOWN_LIMIT = 60

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_LINE_BREAKS_11 = frozenset("\x85\u2028\u2029")  # line breaks in YAML 1.1, not in 1.2
_FLATTENED = {_MERGE, "tag:yaml.org,2002:value"}  # keys that flatten_mapping rewrites
# What a constructor raises on a value its tag cannot hold (`!!int x`, `2026-13-45`).
_VALUE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError)

# The implicit (plain scalar) rules, indexed by first character. No path resolvers are
# registered, so this index is all of PyYAML's resolution for plain scalars.
_IMPLICIT: dict[str, list[tuple[str, Any]]] = {
    first: resolvers + yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_WILDCARD: list[tuple[str, Any]] = yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])


def shown(value: object) -> str:
    """Return repr(value) for an error message, cut to SHOWN_LIMIT characters."""
    text = repr(value)
    if len(text) <= SHOWN_LIMIT:
        return text
    return f"{text[:SHOWN_LIMIT]}... ({len(str(value)):,} characters)"


def plain_scalar_tag(value: str) -> str:
    """Return the tag the reader gives `value` when it is written as a plain scalar."""
    return _Loader.resolve(yaml.ScalarNode, value, (True, False))


class _LoadError(Exception):
    """A located problem found while constructing data; load_yaml names the file."""

    def __init__(self, node: yaml.Node, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = node.start_mark
        self.message = message
        self.hint = hint


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader plus duplicate-key, alias and bad-value checks."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.duplicates: list[yaml.Node] = []
        self._sizes: dict[yaml.Node, int] = {}  # expanded node count, per shared node
        self._explicit: dict[yaml.Node, int] = {}  # own pairs of a mapping with `<<`
        self._flattening: set[yaml.Node] = set()
        self._expanded = 0

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    @staticmethod
    def resolve(kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """Tag a node as PyYAML's safe resolver would; it runs once per scalar."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR and node.__class__ is yaml.ScalarNode:
            return node.value  # most nodes: nothing to construct, nothing to share
        if node.tag == _INT:
            _check_digits(node)
        if node in self.constructed_objects:  # reached again: through an alias or `<<`
            self._count_expansion(node, self._expanded_size(node))
            return self.constructed_objects[node]
        try:
            return super().construct_object(node, deep)
        except _VALUE_ERRORS as exc:
            raise _LoadError(
                node,
                f"cannot read {shown(node.value)} as {_short_tag(node.tag)} ({exc})",
                "fix the value, or quote it to keep it as text",
            ) from None

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        if node in self._flattening:
            raise _LoadError(
                node,
                "recursive alias: a merge key (<<) includes the mapping itself",
                "merge a different mapping, or write the keys out",
            )
        for key_node, _ in node.value:
            if key_node.tag in _FLATTENED:
                break
        else:
            return  # nothing to merge: skip PyYAML's slower scan of the same pairs
        own = node.value
        before = len(own)
        self._flattening.add(node)
        try:
            super().flatten_mapping(node)
        finally:
            self._flattening.discard(node)
        if node.value is not own or len(own) != before:
            # Merge keys were deleted from `own` in place; merged pairs now precede it.
            self._explicit.setdefault(node, len(own))
            self._count_expansion(node, 2 * (len(node.value) - len(own)))

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # PyYAML's located error
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:  # later pairs win, as in PyYAML
            key = self.construct_object(key_node, deep)
            value = self.construct_object(value_node, deep)
            try:
                mapping[key] = value
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from None
        if len(mapping) < len(node.value):  # equal keys collapsed: duplicates or `<<`
            self._note_duplicates(node)
        return mapping

    def _note_duplicates(self, node: yaml.MappingNode) -> None:
        """Record keys written twice; keys that override merged (`<<`) ones are fine."""
        pairs = node.value
        seen: set[Any] = set()
        for key_node, _ in pairs[len(pairs) - self._explicit.get(node, len(pairs)) :]:
            key = self._constructed(key_node)
            if key in seen:
                self.duplicates.append(key_node)
            seen.add(key)

    def _constructed(self, node: yaml.Node) -> Any:
        if node.tag == _STR and node.__class__ is yaml.ScalarNode:
            return node.value
        return self.constructed_objects[node]

    def _count_expansion(self, node: yaml.Node, size: int) -> None:
        self._expanded += size
        if self._expanded > ALIAS_EXPANSION_LIMIT:
            raise _LoadError(
                node,
                f"too many alias expansions (limit {ALIAS_EXPANSION_LIMIT:,} nodes): "
                "aliases of this node repeat it too often",
                "write the repeated part out, or use fewer nested aliases",
            )

    def _expanded_size(self, root: yaml.Node) -> int:
        """Count the nodes under `root` with every alias expanded; refuse a cycle."""
        sizes = self._sizes
        if root in sizes:
            return sizes[root]
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        open_nodes: set[yaml.Node] = (
            set()
        )  # the current path: a child among them is a cycle
        while stack:
            node, finished = stack.pop()
            children = _children(node)
            if finished:
                open_nodes.discard(node)
                sizes[node] = 1 + sum(sizes[child] for child in children)
                continue
            if node in sizes:
                continue
            open_nodes.add(node)
            stack.append((node, True))
            for child in children:
                if child in open_nodes:
                    raise _LoadError(
                        child,
                        "recursive alias: this node contains an alias to itself",
                        "YAML data must be a tree; replace the inner alias with a copy",
                    )
                if child not in sizes:
                    stack.append((child, False))
        return sizes[root]


def plain_data(data: Any) -> bool:
    """Return True when `data` is what load_yaml could return without a problem:
    text-keyed mappings, lists, text, booleans, None and integers within the limits,
    nested at most NESTING_LIMIT levels (a float or any other type: False)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        kind = node.__class__
        if kind is dict or kind is list:
            if depth >= NESTING_LIMIT:
                return False
            if kind is dict:
                if any(key.__class__ is not str for key in node):
                    return False
                node = node.values()
            stack.extend((item, depth + 1) for item in node)
        elif kind is int:
            if node.bit_length() > _PLAIN_INTEGER_BITS:
                return False
        elif kind not in _PLAIN_SCALARS:
            return False
    return True


# An integer of at most this many bits has at most INTEGER_DIGITS_LIMIT digits.
_PLAIN_INTEGER_BITS = int((INTEGER_DIGITS_LIMIT - 1) * 3.32)
_PLAIN_SCALARS = (str, bool, type(None))


def _check_digits(node: yaml.Node) -> None:
    digits = sum(char.isdigit() for char in node.value)
    if digits > INTEGER_DIGITS_LIMIT:
        raise _LoadError(
            node,
            f"integer of {digits:,} digits: the limit is {INTEGER_DIGITS_LIMIT}",
            "quote it to keep it as text, or use a smaller number",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return f"!!{tag[len(prefix):]}" if tag.startswith(prefix) else tag


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


def read_yaml_text(file: Path, path: str) -> str:
    """Read a YAML file as UTF-8 text; refuse an oversized file before reading it and
    report a byte that is not UTF-8 at its line and column."""
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            raise CatalogError(
                Problem(
                    Location(path),
                    "is not a regular file (a directory, FIFO, device or dangling "
                    "symlink is named like a catalog)",
                    "remove it or rename it so it does not end in .catalog.yaml",
                )
            )
        size = status.st_size
        if size > FILE_SIZE_LIMIT:
            raise CatalogError(
                Problem(
                    Location(path),
                    f"file is {size:,} bytes: the limit is {FILE_SIZE_LIMIT:,}",
                    "split it into several catalogs",
                )
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise CatalogError(
            Problem(
                Location(path),
                "cannot read catalog: the file does not exist (a dangling symlink?)",
                "remove the symlink or point it at a catalog",
            )
        ) from None
    except OSError as exc:
        raise CatalogError(
            Problem(
                Location(path),
                f"cannot read catalog: {exc.strerror or exc}",
                "check the file's permissions",
            )
        ) from None
    return decode_yaml(data, path)


def decode_yaml(data: bytes, path: str) -> str:
    """Decode a YAML file's bytes; a byte that is not UTF-8 is a located error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            not_utf8(data, exc, path, "save the file as UTF-8")
        ) from None


def not_utf8(data: bytes, exc: UnicodeDecodeError, path: str, hint: str) -> Problem:
    """Return the located problem of the first byte of `data` that is not UTF-8."""
    return Problem(
        byte_location(data, exc.start, path),
        f"byte 0x{data[exc.start]:02x} is not UTF-8 ({exc.reason})",
        hint,
    )


def byte_location(data: bytes, offset: int, path: str) -> Location:
    """Return the line and column (in characters) of a byte offset into `data`."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return Location(path, data.count(b"\n", 0, offset) + 1, column)


def load_yaml(text: str, path: str) -> LoadedYaml:
    """Parse one YAML document; any problem in it raises a located CatalogError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_nesting(node)
        data = None if node is None else loader.construct_document(node)
    except _LoadError as exc:
        raise CatalogError(
            Problem(_at(path, exc.mark), exc.message, exc.hint)
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise CatalogError(_yaml_problem(path, exc)) from None
    except yaml.reader.ReaderError as exc:
        raise CatalogError(_reader_problem(text, path, exc)) from None
    except yaml.YAMLError as exc:
        raise CatalogError(
            Problem(Location(path), f"YAML error: {exc}", "fix the YAML syntax")
        ) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise CatalogError(
            [
                Problem(
                    _at(path, key.start_mark),
                    f"duplicate key {key.value!r}",
                    "remove or rename one of the two entries",
                )
                for key in sorted(
                    loader.duplicates,
                    key=lambda key: (key.start_mark.line, key.start_mark.column),
                )
            ]
        )
    return LoadedYaml(data=data, path=path, text=text)


def _check_nesting(root: yaml.Node) -> None:
    """Refuse a document nested deeper than NESTING_LIMIT before anything recurses
    into it (the constructor, the position index and the meta-schema all do)."""
    heights = _heights(root)
    if heights.get(id(root), 1) <= NESTING_LIMIT:
        return
    node, depth = root, 1
    while depth < NESTING_LIMIT:  # follow the deepest path to the level past the limit
        node = max(_children(node), key=lambda child: heights.get(id(child), 1))
        depth += 1
    raise _LoadError(
        max(_children(node), key=lambda child: heights.get(id(child), 1)),
        f"nested deeper than {NESTING_LIMIT} levels",
        "flatten the structure: no catalog needs this depth",
    )


def _heights(root: yaml.Node) -> dict[int, int]:
    """Return id(node) -> levels of its subtree for every collection node, each (an
    alias's too) once; a scalar, absent, is one level."""
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the current path: a recursive alias reaches one
    stack: list[tuple[yaml.Node, list[yaml.Node] | None, int]] = [(root, None, 0)]
    while stack:
        node, nested, height = stack.pop()
        if nested is not None:  # its collections are done; `height` counts its scalars
            open_nodes.discard(id(node))
            for child in nested:
                height = max(height, heights.get(id(child), 0))
            heights[id(node)] = 1 + height
            continue
        if id(node) in heights or id(node) in open_nodes:
            continue  # done, or a cycle the constructor reports as a recursive alias
        open_nodes.add(id(node))
        children = _children(node)
        # Scalars (most nodes) are leaves: only collections are visited.
        nested = [c for c in children if c.__class__ is not yaml.ScalarNode]
        stack.append((node, nested, 1 if len(nested) < len(children) else 0))
        stack.extend((child, None, 0) for child in nested)
    return heights


def _at(path: str, mark: Any) -> Location:
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)


def _reader_problem(text: str, path: str, exc: yaml.reader.ReaderError) -> Problem:
    """Locate a character the YAML reader refuses (a control character) by line:col."""
    data = text.encode("utf-8", "surrogatepass")
    # libyaml counts bytes of the UTF-8 text; PyYAML's own reader counts characters.
    offset = exc.position
    if _Base is yaml.SafeLoader:  # pragma: no cover - depends on the PyYAML wheel
        offset = len(text[:offset].encode("utf-8", "surrogatepass"))
    where = byte_location(data, offset, path)
    character = exc.character
    code = ord(character) if isinstance(character, str) else int(character)
    return Problem(
        where,
        f"character U+{code:04X} is not allowed in YAML ({exc.reason})",
        f"remove it, or write it as the escape \\x{code:02x} in a double-quoted string",
    )


def _yaml_problem(path: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = str(exc.problem or exc)
    if isinstance(exc, yaml.constructor.ConstructorError):
        # Unknown tags (`!!python/object`), unhashable keys, wrong node kinds.
        return Problem(
            _at(path, mark),
            f"YAML error: {problem}",
            "catalogs hold plain data: remove the tag, or quote the value",
        )
    return Problem(
        _at(path, mark),
        f"YAML syntax error: {problem}",
        "fix the YAML syntax at this position",
    )


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


@lru_cache(maxsize=1)
def _round_trip_class() -> type:
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import Emitter
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class ReaderResolver(VersionedResolver):
        """ruamel's resolver, answering for plain scalars exactly as load_yaml does."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0]:
                return Tag(suffix=plain_scalar_tag(value))
            return super().resolve(kind, value, implicit)

        @property
        def processing_version(self) -> Any:
            return (
                1,
                1,
            )  # ruamel's constructors then read `010`, `1:30` as the reader does

    class CatalogEmitter(Emitter):
        """ruamel's emitter; YAML 1.1 line breaks inside a string are escaped."""

        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            value = self.event.value
            if style != '"' and value and not _LINE_BREAKS_11.isdisjoint(value):
                # YAML 1.2 writers keep NEL/LS/PS raw; a YAML 1.1 reader folds them.
                return '"'
            if style == "" and value and "  " in value:
                # A plain scalar folded after a run of spaces ends its line with them,
                # and a reader strips them: single quotes fold only at one space.
                return "'"
            return style

    class CatalogYaml(YAML):
        """Round-trip YAML (comments and key order survive) with the reader's rules."""

        def __init__(self) -> None:
            super().__init__()
            self.Resolver = ReaderResolver
            self.Emitter = CatalogEmitter
            self.indent(mapping=2, sequence=4, offset=2)
            self.width = WRITER_WIDTH
            self.preserve_quotes = True

    return CatalogYaml


def load_round_trip(text: str, path: str) -> Any:
    """Parse a catalog for editing in place: comments kept, scalars read as load_yaml does."""
    load_yaml(text, path)  # located errors for anything the reader refuses
    from ruamel.yaml.error import YAMLError as RoundTripError

    try:
        return _round_trip_class()().load(text)
    except RoundTripError as exc:
        raise CatalogError(
            Problem(Location(path), f"YAML error: {exc}", "fix the YAML syntax")
        ) from None


def dump_yaml(data: Any, width: int | None = None) -> str:
    """Render data as YAML that load_yaml reads back to equal values of the same types."""
    from .yaml_fast_writer import dump_plain

    fast = dump_plain(
        data,
        width or WRITER_WIDTH,
        plain_scalar_tag,
        lambda part: dump_round_trip(part, width),
    )
    if fast is not None:  # plain data (a fresh extraction): same bytes, far faster
        return fast
    return dump_round_trip(data, width)


def dump_round_trip(data: Any, width: int | None = None) -> str:
    """Render data with ruamel's round-trip writer (comments in edited data survive)."""
    buffer = io.StringIO()
    writer = _round_trip_class()()
    if width is not None:  # `extract --update` keeps the line width a catalog has
        writer.width = width
    writer.dump(data, buffer)
    return buffer.getvalue()

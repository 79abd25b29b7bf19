"""Merge a fresh extraction into an existing catalog in place (`catgen extract --update`).

No earlier extraction is stored, so ownership stands in for the common base of a three-way
merge. The document owns what it states: codes and their cells, enum values, table rows and
columns, scopes, overrides. The catalog owns what the extractor only guesses or never sees:
the version (never lowered), table layout, descriptions derived from a heading or a column
header, keys and entries added by hand, comments, key order and quoting. Every change made
is reported as one line naming its catalog path, e.g. `codes[scope=x, code=Y].description`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, MutableSequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

# Keys that identify an entry of a list, so an update can match old and new entries.
ENTRY_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("enums",): ("name",),
    ("attributes",): ("name",),
    ("scopes",): ("id",),
    ("codes",): ("scope", "code"),
    ("overrides",): ("id",),
    ("aliases",): ("alias",),
    ("precedence",): ("id",),
    ("records",): ("name",),
    ("tables",): ("id",),
    ("artifacts",): ("kind",),
    ("registries",): ("name",),
    ("enums", "values"): ("value",),
    ("tables", "columns"): ("field",),
    ("records", "fields"): ("name",),
}
# A second identity for entries whose id a user may rename (the extractor invents it).
RENAMED_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("codes",): ("code",),  # a code moved to another scope keeps its hand-made keys
    ("overrides",): ("scope", "codes"),
    ("precedence",): ("scope", "order"),
}
# How a table is drawn is the catalog's (generate redraws the document from it); a table
# new to the catalog takes the document's layout.
CATALOG_LAYOUT = frozenset(
    {
        ("tables", "style"),
        ("tables", "separator_widths"),
        ("tables", "separator_spaces"),
        ("tables", "outer_pipes"),
        ("tables", "cell_spaces"),
        ("tables", "align_cells"),
        ("tables", "display_width"),
        ("tables", "columns", "align"),
        ("tables", "columns", "padded"),
    }
)
# What the extractor derives or guesses (an id, a heading, a column header, a reading of
# a condition or of status rules): a value the catalog has wins whole.
CATALOG_VALUES = frozenset(
    {
        ("id",),
        ("title",),
        ("status_model",),
        ("enums", "description"),
        ("attributes", "description"),
        ("overrides", "id"),
        ("overrides", "when"),
        ("precedence", "id"),
        ("records", "description"),
    }
)
# Settings refined by hand, one by one: below these, a value the catalog has wins, and
# what it lacks (a new policy, a new record field or key) is added.
CATALOG_WORDING = frozenset({("policies",), ("records", "fields")})
# Lists whose entries exist only as the document shows them: an entry the document no
# longer shows is removed (for codes: only those whose `source` says the document lists
# them; a code without `source` was added by hand). Entries of other lists are kept.
DOCUMENT_LISTS = frozenset({("codes",), ("tables",), ("tables", "columns")})
# Lists whose order is the document's order (generate renders rows and columns in it).
DOCUMENT_ORDER = DOCUMENT_LISTS | {("enums", "values")}
_SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")
_SHOWN_LENGTH = 60
WRITER_WIDTH = 100  # the width catgen writes catalogs at (yamlload's writer)


@dataclass(frozen=True)
class Notice:
    """Something the merge kept that the user should look at, at a JSON pointer."""

    pointer: str
    message: str


@dataclass
class MergeLog:
    """What a merge changed (one line each) and what it kept with a warning."""

    changes: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # Fields the catalog's tables showed before the merge: attributes that came from a
    # document column (the others were added by hand).
    shown_fields: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Place:
    """Where the merge is: schema path (no indexes), shown path, JSON pointer."""

    schema: tuple[str, ...] = ()
    label: str = ""
    pointer: str = ""

    def key(self, name: str) -> _Place:
        """Return the place of key `name` of this mapping."""
        label = f"{self.label}.{name}" if self.label else name
        return _Place((*self.schema, name), label, f"{self.pointer}/{name}")

    def entry(self, index: int, ident: Mapping[str, Any]) -> _Place:
        """Return the place of list entry `index`, shown by its identifying keys."""
        shown = ", ".join(f"{k}={_plain(v)}" for k, v in ident.items())
        return _Place(self.schema, f"{self.label}[{shown}]", f"{self.pointer}/{index}")


def merge_catalog(
    existing: MutableMapping[str, Any], extracted: Mapping[str, Any]
) -> MergeLog:
    """Merge `extracted` into the round-trip catalog `existing` in place; log each change."""
    log = MergeLog(shown_fields=_table_fields(existing))
    for key, value in extracted.items():
        if key == "version" and key in existing:
            _merge_version(existing, str(value), log)
        else:
            _merge_key(existing, key, value, _Place(), log, list(extracted))
    for key, current in existing.items():
        if key not in extracted and (key,) in ENTRY_KEYS:
            _merge_vanished(current, _Place().key(key), log)
    return log


def _merge_vanished(current: Any, at: _Place, log: MergeLog) -> None:
    """Merge a list section the document no longer has as an empty one."""
    if _keyed(current, [], at.schema):
        _merge_entries(current, [], at, log)


def line_width(catalog: Any, text: str) -> int:
    """Return the writer's line width that rewrites `text` with the fewest changed lines.

    The writer folds long strings at its width; a catalog written by hand may not.
    """
    from .yamlload import dump_yaml

    lines = text.splitlines()
    widths = (WRITER_WIDTH, max(WRITER_WIDTH, *(len(line) + 1 for line in lines)))

    def changed(width: int) -> int:
        return len(set(dump_yaml(catalog, width).splitlines()) ^ set(lines))

    return min(widths, key=changed)


def _table_fields(catalog: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(
        str(column.get("field"))
        for table in catalog.get("tables") or []
        for column in table.get("columns") or []
    )


def _merge_version(
    existing: MutableMapping[str, Any], stated: str, log: MergeLog
) -> None:
    """Raise the version to one the document states if it is higher; never lower it."""
    current = str(existing["version"])
    if _semver(stated) > _semver(current) >= (0, 0, 0):
        existing["version"] = _styled_like(existing["version"], stated)
        log.changes.append(f"version: {_shown(current)} -> {_shown(stated)}")


def _semver(text: str) -> tuple[int, ...]:
    found = _SEMVER.match(text)
    return tuple(int(part) for part in found.groups()) if found else (-1,)


def _merge_key(
    old: MutableMapping[str, Any],
    key: str,
    value: Any,
    at: _Place,
    log: MergeLog,
    order: list[str],
) -> None:
    """Merge one key of a mapping the document states into the catalog's mapping."""
    place = at.key(key)
    if place.schema in CATALOG_LAYOUT:
        return
    if key not in old:
        _insert_key(old, key, _commented(value), order)
        log.changes.append(f"{place.label}: added")
        return
    current = old[key]
    if place.schema in CATALOG_VALUES or _same(current, value):
        return
    if isinstance(current, MutableMapping) and isinstance(value, Mapping):
        for name, item in value.items():
            _merge_key(current, name, item, place, log, list(value))
    elif place.schema in ENTRY_KEYS and _keyed(current, value, place.schema):
        _merge_entries(current, value, place, log)
    elif not _worded_by_catalog(place.schema):
        old[key] = _styled_like(current, value)
        log.changes.append(f"{place.label}: {_change(current, value)}")


def _worded_by_catalog(schema: tuple[str, ...]) -> bool:
    return any(schema[:n] in CATALOG_WORDING for n in range(1, len(schema) + 1))


def _insert_key(
    old: MutableMapping[str, Any], key: str, value: Any, order: list[str]
) -> None:
    """Add `key` after the nearest key that precedes it in the document's order."""
    if not isinstance(old, CommentedMap):
        old[key] = value
        return
    before = [name for name in order[: order.index(key)] if name in old]
    keys = list(old)
    old.insert(keys.index(before[-1]) + 1 if before else 0, key, value)


def _keyed(old: Any, new: Any, schema: tuple[str, ...]) -> bool:
    """Tell whether both lists hold mappings with unique identifying keys."""
    if not isinstance(old, MutableSequence) or not isinstance(new, list):
        return False
    for entries in (old, new):
        if not all(isinstance(entry, Mapping) for entry in entries):
            return False
        if len({_ident(schema, entry) for entry in entries}) != len(entries):
            return False
    return True


def _ident(
    schema: tuple[str, ...], entry: Mapping[str, Any], keys: dict[Any, Any] = ENTRY_KEYS
) -> tuple[Any, ...]:
    return tuple(_hashable(entry.get(key)) for key in keys[schema])


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    return _plain(value)


def _merge_entries(
    old: MutableSequence[Any], new: list[Mapping[str, Any]], at: _Place, log: MergeLog
) -> None:
    """Merge a list of identified entries: match, add, then remove or keep the rest."""
    wanted = {_ident(at.schema, entry) for entry in new}
    matched: list[Any] = []  # the catalog's entries, in the document's order
    for entry in new:
        index = _match(old, at.schema, entry, wanted, {id(item) for item in matched})
        if index is None:
            index = _insert_entry(old, matched, entry)
            log.changes.append(f"{_entry_place(at, index, entry).label}: added")
        else:
            place = _entry_place(at, index, old[index])
            for key, value in entry.items():
                _merge_key(old[index], key, value, place, log, list(entry))
        matched.append(old[index])
    _drop_unlisted(old, {id(entry) for entry in matched}, at, log)
    if at.schema in DOCUMENT_ORDER and _follow_order(old, matched):
        log.changes.append(f"{at.label}: reordered as in the document")


def _entry_place(at: _Place, index: int, entry: Mapping[str, Any]) -> _Place:
    return at.entry(index, {key: entry.get(key) for key in ENTRY_KEYS[at.schema]})


def _match(
    old: MutableSequence[Any],
    schema: tuple[str, ...],
    entry: Mapping[str, Any],
    wanted: set[tuple[Any, ...]],
    taken: set[int],
) -> int | None:
    """Find the catalog's entry for `entry`: same identity, else same content keys."""
    ident = _ident(schema, entry)
    for index, candidate in enumerate(old):
        if _ident(schema, candidate) == ident:
            return index
    if schema not in RENAMED_KEYS:
        return None
    content = _ident(schema, entry, RENAMED_KEYS)
    for index, candidate in enumerate(old):
        renamed = _ident(schema, candidate) not in wanted and id(candidate) not in taken
        if renamed and _ident(schema, candidate, RENAMED_KEYS) == content:
            return index
    return None


def _insert_entry(
    old: MutableSequence[Any], matched: list[Any], entry: Mapping[str, Any]
) -> int:
    """Insert `entry` after the entry the document lists before it; return its index."""
    index = 0
    if matched:
        index = next(i for i, item in enumerate(old) if item is matched[-1]) + 1
    old.insert(index, _commented(entry))
    if index > 0:  # comments above the entry that now follows stay above it
        _add_comment_below(old[index], _take_comment_below(old[index - 1]))
    return index


def _drop_unlisted(
    old: MutableSequence[Any], matched: set[int], at: _Place, log: MergeLog
) -> None:
    """Remove entries the document no longer lists if they came from it; keep the rest."""
    removed: list[str] = []
    kept: list[Notice] = []
    for index in reversed(range(len(old))):  # backwards: removing keeps earlier indexes
        entry = old[index]
        if id(entry) in matched:
            continue
        place = _entry_place(at, index, entry)
        if _listed_by_document(at.schema, entry):
            _remove_entry(old, index)
            removed.append(f"{place.label}: removed (the document no longer lists it)")
        elif _stated_by_document(at.schema, entry, log.shown_fields):
            # A list either removes (document lists) or keeps: pointers stay valid.
            kept.append(
                Notice(
                    place.pointer,
                    f"{place.label} is no longer in the document; kept — delete it if "
                    "the document dropped it on purpose",
                )
            )
    log.changes.extend(reversed(removed))
    log.notices.extend(reversed(kept))


def _listed_by_document(schema: tuple[str, ...], entry: Mapping[str, Any]) -> bool:
    """Tell whether the entry exists only as the document lists it (so it can go)."""
    if schema == ("codes",):
        return entry.get("source") is not None
    return schema in DOCUMENT_LISTS


def _stated_by_document(
    schema: tuple[str, ...], entry: Mapping[str, Any], shown_fields: frozenset[str]
) -> bool:
    """Tell whether a kept entry came from the document: it quotes it or is a column."""
    if schema == ("attributes",):
        return str(entry.get("name")) in shown_fields
    return "text" in entry or "source" in entry


def _remove_entry(old: MutableSequence[Any], index: int) -> None:
    """Delete entry `index`; no comment goes with it (comments above it stay)."""
    if index > 0:
        _add_comment_below(old[index - 1], _take_comment_below(old[index]))
    del old[index]


def _follow_order(old: MutableSequence[Any], ordered: list[Any]) -> bool:
    """Put the document's entries in its order, in the slots they hold; tell if moved.

    Comment lines above an entry move with it (to the top: below it).
    """
    listed = {id(entry) for entry in ordered}
    slots = [i for i, entry in enumerate(old) if id(entry) in listed]
    if all(old[slot] is entry for slot, entry in zip(slots, ordered)):
        return False
    above = {id(old[i]): _take_comment_below(old[i - 1]) for i in slots if i > 0}
    for slot, entry in zip(slots, ordered):
        old[slot] = entry
    for slot, entry in zip(slots, ordered):
        text = above.get(id(entry), "")
        _add_comment_below(old[slot - 1] if slot > 0 else entry, text)
    return True


def _take_comment_below(node: Any) -> str:
    """Detach the comment lines written after `node` (ruamel keeps the comments above
    an entry at the end of the entry before it); an end-of-line comment stays."""
    holder = _tail_holder(node)
    if holder is None:
        return ""
    container, key = holder
    slot = _comment_slot(container)
    token = container.ca.items.get(key, [None] * 4)[slot]
    if token is None or "\n" not in token.value:
        return ""
    own, below = str(token.value).split("\n", 1)
    if own.strip():
        token.value = own + "\n"
    elif below:
        container.ca.items[key][slot] = None
    return below


def _add_comment_below(node: Any, text: str) -> None:
    """Write comment lines `text` after `node`, after any it has."""
    holder = _tail_holder(node) if text else None
    if holder is None:
        return
    container, key = holder
    slot = _comment_slot(container)
    items = container.ca.items.setdefault(key, [None] * 4)
    before = items[slot].value if items[slot] is not None else "\n"
    items[slot] = CommentToken(before + text, CommentMark(0), None)


def _comment_slot(container: Any) -> int:
    return 0 if isinstance(container, CommentedSeq) else 2


def _tail_holder(node: Any) -> tuple[Any, Any] | None:
    """Return (collection, key) that holds the comment after `node`, if block style."""
    if not isinstance(node, (CommentedMap, CommentedSeq)) or not node:
        return None
    if node.fa.flow_style():
        return None
    last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    deeper = _tail_holder(node[last])
    return deeper if deeper is not None else (node, last)


def _commented(value: Any) -> Any:
    """Return `value` as round-trip collections, so comments can be attached to it."""
    if isinstance(value, Mapping):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(item) for item in value)
    return value


def _same(a: Any, b: Any) -> bool:
    """Compare as the catalog reader does: `true` is not `1`, order of keys is not data."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return isinstance(a, bool) == isinstance(b, bool) and _plain(a) == _plain(b)


def _plain(value: Any) -> Any:
    """Return a ruamel scalar as the plain Python value it stands for."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _styled_like(old: Any, new: Any) -> Any:
    """Keep the quoting a hand-quoted string had."""
    if isinstance(new, str) and isinstance(
        old, (SingleQuotedScalarString, DoubleQuotedScalarString)
    ):
        return type(old)(new)
    return new


def _change(old: Any, new: Any) -> str:
    if isinstance(old, (Mapping, list)) or isinstance(new, (Mapping, list)):
        return "changed"
    return f"{_shown(old)} -> {_shown(new)}"


def _shown(value: Any) -> str:
    text = repr(_plain(value))
    if len(text) > _SHOWN_LENGTH:
        return text[: _SHOWN_LENGTH - 3] + "..."
    return text

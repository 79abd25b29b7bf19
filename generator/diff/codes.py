"""Change rules for codes: added, removed, tombstoned, renamed, moved, and their attributes.

Codes are matched by (scope, code). Before a removed and an added code are reported as
such, they are paired, but only on evidence: a tombstone's `replaced_by` (rename), the
same code in another scope (move), or the only removed/added pair of a scope with
identical entries and similar names (rename). Anything else is removed + added.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher

from ..model import CatalogModel, CodeEntry, Tombstone
from .recorder import Matched, Recorder, match
from .report import CodeKey
from .rules import SPECIFIC_ATTRIBUTE_RULES
from .values import bq, code_subject, from_scope, in_scope, pointer

# (old key, new key, "rename" | "move")
Pair = tuple[CodeKey, CodeKey, str]

# Names closer than this (difflib ratio) are a typo fix or a respelling.
SIMILAR_RATIO = 0.8


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[^0-9a-z]+", name.lower()) if w}


def similar_names(a: str, b: str) -> bool:
    """Return whether two code names look like one renamed: most words shared, or a
    respelling (`LOG_WRITE_FAILED` / `LOG_WRITE_ERROR`, `timout` / `timeout`)."""
    wa, wb = _words(a), _words(b)
    if wa and wb and len(wa & wb) * 2 >= len(wa | wb):
        return True
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() >= SIMILAR_RATIO


def tombstone_for(
    model: CatalogModel, code: str, scope: str | None
) -> tuple[int, Tombstone] | None:
    """Return (position, tombstone) naming the code in its scope (or in no scope)."""
    for position, tomb in enumerate(model.tombstones):
        if tomb.code == code and tomb.scope in (None, scope):
            return position, tomb
    return None


def diff_codes(rec: Recorder) -> None:
    """Classify codes; pairs of a removed and an added code are renames or moves."""
    matched = match(rec.old.codes, rec.new.codes, lambda e: (e.scope, e.code))
    removed = [key for key, _, _ in matched.removed()]
    added = [key for key, _, _ in matched.added()]
    pairs = _explicit_renames(rec.new, removed, added)
    pairs += _scope_moves(removed, added)
    pairs += _member_renames(matched, removed, added)
    pairs += _implicit_renames(matched, removed, added)
    kinds = attribute_kinds(rec)
    for gone in removed:
        _code_removed(rec, matched.old[gone][1])
    for pair in sorted(pairs, key=lambda p: matched.new[p[1]][0]):
        old_entry, new_entry = matched.old[pair[0]][1], matched.new[pair[1]][1]
        _code_paired(rec, pair, old_entry, new_entry)
        _diff_code_entry(rec, old_entry, new_entry, kinds)
    for scope, code in added:
        rec.add(
            "CODE_ADDED",
            code_subject(scope, code),
            f"code `{code}` added{in_scope(scope)}",
            pointer("codes", matched.new[(scope, code)][1].index),
            code=code,
            scope=scope,
        )
    for _key, _index, entry, previous in matched.current():
        if previous is not None:
            _diff_code_entry(rec, previous, entry, kinds)
    _diff_member_names(rec)
    old_order = [k for k in matched.old if k in matched.new]
    new_order = [k for k in matched.new if k in matched.old]
    if old_order != new_order:
        rec.add(
            "CODE_ORDER_CHANGED",
            "codes",
            "common codes appear in a different order",
            "/codes",
        )


def _take(
    pairs: list[Pair], pair: Pair, removed: list[CodeKey], added: list[CodeKey]
) -> None:
    pairs.append(pair)
    removed.remove(pair[0])
    added.remove(pair[1])


def _explicit_renames(
    model: CatalogModel, removed: list[CodeKey], added: list[CodeKey]
) -> list[Pair]:
    """Pair a removed code with the added code its tombstone's replaced_by names."""
    pairs: list[Pair] = []
    for before in list(removed):
        found = tombstone_for(model, before[1], before[0])
        target = found[1].replaced_by if found else None
        if not target:
            continue
        candidates = [a for a in added if a[1] == target and a[0] == before[0]]
        candidates = candidates or [a for a in added if a[1] == target]
        if candidates:
            _take(pairs, (before, candidates[0], "rename"), removed, added)
    return pairs


def _scope_moves(removed: list[CodeKey], added: list[CodeKey]) -> list[Pair]:
    """Pair a code that left one scope with the same code entering another."""
    pairs: list[Pair] = []
    for before in list(removed):
        candidates = [a for a in added if a[1] == before[1] and a[0] != before[0]]
        if candidates:
            _take(pairs, (before, candidates[0], "move"), removed, added)
    return pairs


def _member_renames(
    matched: Matched[CodeKey, CodeEntry], removed: list[CodeKey], added: list[CodeKey]
) -> list[Pair]:
    """Pair a removed and an added code of one scope that carry the same explicit
    `name`: the member kept its name and changed its value (`404` -> `410`)."""
    pairs: list[Pair] = []
    for before in list(removed):
        name = matched.old[before][1].name
        candidates = [
            a for a in added if a[0] == before[0] and matched.new[a][1].name == name
        ]
        if name is not None and len(candidates) == 1:
            _take(pairs, (before, candidates[0], "rename"), removed, added)
    return pairs


def _diff_member_names(rec: Recorder) -> None:
    """Report codes in both catalogs whose enum member name changed, and a change of
    the codes' JSON type (both break code that imports the enum or reads the JSON)."""
    old_members, new_members = rec.old.code_members, rec.new.code_members
    if rec.old.code_type != rec.new.code_type:
        rec.add(
            "CODE_TYPE_CHANGED",
            "codes",
            f"codes changed type from {rec.old.code_type} to {rec.new.code_type} "
            f"(code_style {rec.old.code_style} -> {rec.new.code_style})",
            "/code_style",
            old=rec.old.code_type,
            new=rec.new.code_type,
        )
    first = rec.new.first_entries
    for code, member in new_members.items():
        before = old_members.get(code)
        if before is None or before == member:
            continue
        entry = first[code]
        rec.add(
            "CODE_NAME_CHANGED",
            code_subject(entry.scope, code),
            f"enum member of code `{code}` renamed from `{before}` to `{member}`",
            pointer("codes", entry.index, "name" if entry.name else "code"),
            old=before,
            new=member,
            code=code,
            scope=entry.scope,
        )


def _signature(entry: CodeEntry) -> str:
    """Return what an entry holds apart from its code and source."""
    content = [entry.description, entry.deprecated, dict(entry.attributes)]
    return json.dumps(content, sort_keys=True, default=str)


def _implicit_renames(
    matched: Matched[CodeKey, CodeEntry], removed: list[CodeKey], added: list[CodeKey]
) -> list[Pair]:
    """Pair the only removed and added code of a scope: identical entries, similar names."""
    groups: dict[tuple[str | None, str], tuple[list[CodeKey], list[CodeKey]]] = {}
    for before in removed:
        group = (before[0], _signature(matched.old[before][1]))
        groups.setdefault(group, ([], []))[0].append(before)
    for after in added:
        group = (after[0], _signature(matched.new[after][1]))
        groups.setdefault(group, ([], []))[1].append(after)
    pairs: list[Pair] = []
    for gone, came in groups.values():
        if len(gone) == 1 and len(came) == 1 and similar_names(gone[0][1], came[0][1]):
            _take(pairs, (gone[0], came[0], "rename"), removed, added)
    return pairs


def _code_removed(rec: Recorder, entry: CodeEntry) -> None:
    scope, code = entry.scope, entry.code
    found = tombstone_for(rec.new, code, scope)
    subject = code_subject(scope, code)
    if found is None:
        rec.add(
            "CODE_REMOVED",
            subject,
            f"code `{code}` removed{from_scope(scope)}",
            "/codes",
            pointer("codes", entry.index),
            code=code,
            scope=scope,
        )
        return
    position, tomb = found
    extra = f", replaced by `{tomb.replaced_by}`" if tomb.replaced_by else ""
    rec.add(
        "CODE_TOMBSTONED",
        subject,
        f"code `{code}` removed{from_scope(scope)} "
        f"(tombstoned in {tomb.removed_in}{extra})",
        pointer("tombstones", position),
        pointer("codes", entry.index),
        code=code,
        scope=scope,
    )


def _code_paired(rec: Recorder, pair: Pair, old: CodeEntry, new: CodeEntry) -> None:
    (old_scope, old_code), (scope, code), kind = pair
    where = pointer("codes", new.index)
    values: tuple[str | None, str | None]
    if kind == "rename":
        found = tombstone_for(rec.new, old_code, old_scope)
        how = (
            " (tombstone replaced_by)"
            if found and found[1].replaced_by == code
            else (
                f" (same enum member name `{new.name}`)"
                if new.name is not None and new.name == old.name
                else " (same attributes, similar name)"
            )
        )
        rule = "CODE_RENAMED"
        message = f"code `{old_code}` renamed to `{code}`{in_scope(scope)}{how}"
        where, values = where + "/code", (old_code, code)
    else:
        rule = "CODE_SCOPE_CHANGED"
        message = f"code `{code}` moved from scope `{old_scope}` to `{scope}`"
        where, values = where + "/scope", (old_scope, scope)
    rec.add(
        rule,
        code_subject(scope, code),
        message,
        where,
        pointer("codes", old.index),
        old=values[0],
        new=values[1],
        code=code,
        scope=scope,
        old_key=pair[0],
    )


def attribute_kinds(rec: Recorder) -> dict[str, str]:
    """Return attribute name -> enum | string | integer | boolean | text (old wins)."""
    kinds: dict[str, str] = {}
    for model in (rec.old, rec.new):
        for attribute in model.attributes:
            kind = "enum" if attribute.enum is not None else attribute.type
            kinds.setdefault(attribute.name, kind)
    return kinds


def _diff_code_entry(
    rec: Recorder, old: CodeEntry, new: CodeEntry, kinds: dict[str, str]
) -> None:
    code, scope, where = new.code, new.scope, pointer("codes", new.index)
    subject, named = code_subject(scope, code), f"code `{code}`{in_scope(scope)}"
    if old.deprecated != new.deprecated:
        rec.add(
            "CODE_DEPRECATED" if new.deprecated else "CODE_UNDEPRECATED",
            subject,
            f"{named} {'deprecated' if new.deprecated else 'no longer deprecated'}",
            where + "/deprecated",
            code=code,
            scope=scope,
        )
    rec.compare_text(
        subject, named, (old.description, new.description), where + "/description"
    )
    if old.source != new.source:
        rec.add(
            "CODE_SOURCE_CHANGED",
            subject,
            f"{named} moved from table {bq(old.source)} to {bq(new.source)}",
            where + "/source",
            old=old.source,
            new=new.source,
        )
    for name in sorted(set(old.attributes) | set(new.attributes)):
        a, b = old.attributes.get(name), new.attributes.get(name)
        if a == b:
            continue
        if kinds.get(name) == "text":
            rule = "CODE_TEXT_ATTRIBUTE_CHANGED"
        else:
            rule = SPECIFIC_ATTRIBUTE_RULES.get(name, "CODE_ATTRIBUTE_CHANGED")
        rec.add(
            rule,
            subject,
            f"{name} of `{code}`{in_scope(scope)} changed from {bq(a)} to {bq(b)}",
            where + pointer(name),
            old=a,
            new=b,
            code=code,
            scope=scope,
        )

"""What every section of the classification shares: matching items and recording changes."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..catalog import Catalog
from ..model import CatalogModel
from .report import CatalogDiff, Change, CodeKey
from .rules import RULES
from .values import JSON, pointer, text

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def index_by(items: Iterable[T], key: Callable[[T], K]) -> dict[K, tuple[int, T]]:
    """Return key -> (position, item); the first item of a key wins."""
    result: dict[K, tuple[int, T]] = {}
    for position, item in enumerate(items):
        result.setdefault(key(item), (position, item))
    return result


@dataclass(frozen=True)
class Matched(Generic[K, T]):
    """Two item lists matched by key: what went, and what is there now."""

    old: dict[K, tuple[int, T]]
    new: dict[K, tuple[int, T]]

    def removed(self) -> list[tuple[K, int, T]]:
        """Return (key, old position, old item) of items gone, in old order."""
        return [(k, i, item) for k, (i, item) in self.old.items() if k not in self.new]

    def added(self) -> list[tuple[K, int, T]]:
        """Return (key, new position, new item) of items added, in new order."""
        return [(k, j, item) for k, (j, item) in self.new.items() if k not in self.old]

    def current(self) -> list[tuple[K, int, T, T | None]]:
        """Return (key, new position, new item, old item or None) in new order."""
        return [
            (k, j, item, self.old[k][1] if k in self.old else None)
            for k, (j, item) in self.new.items()
        ]


def match(old: Iterable[T], new: Iterable[T], key: Callable[[T], K]) -> Matched[K, T]:
    """Match two item lists by key."""
    return Matched(index_by(old, key), index_by(new, key))


def order_changed(old: Sequence[object], new: Sequence[object]) -> bool:
    """Return whether the items both lists hold appear in a different order."""
    common = set(old) & set(new)
    return [x for x in old if x in common] != [x for x in new if x in common]


class Recorder:
    """Collects the classified changes of one catalog against its baseline."""

    def __init__(self, old: Catalog, new: Catalog, label: str) -> None:
        self.old_catalog, self.new_catalog, self.label = old, new, label
        self.old: CatalogModel = old.model
        self.new: CatalogModel = new.model
        self.result = CatalogDiff(
            self.new.id, new.relpath, self.old.version, self.new.version
        )

    def add(
        self,
        rule: str,
        subject: str,
        message: str,
        where: str = "",
        old_where: str | None = None,
        *,
        old: JSON = None,
        new: JSON = None,
        code: str | None = None,
        scope: str | None = None,
        record_impact: bool = False,
        old_key: CodeKey | None = None,
    ) -> Change:
        """Record a change located at `where` (a pointer, or its nearest ancestor)."""
        assert rule in RULES, rule
        location = self.new_catalog.source.locate(where)
        baseline = ""
        if old_where is not None:
            line = self.old_catalog.source.locate(old_where).line
            baseline = f"{self.label}:{self.old_catalog.relpath}:{line}"
        change = Change(
            rule,
            self.new.id,
            subject,
            message,
            location,
            baseline,
            old=old,
            new=new,
            code=code,
            scope=scope,
            record_impact=record_impact,
            old_key=old_key,
        )
        self.result.changes.append(change)
        return change

    def removed(
        self, rule: str, subject: str, message: str, section: str, index: int
    ) -> Change:
        """Record an item gone from `section`, located at the section, old index named."""
        return self.add(rule, subject, message, f"/{section}", pointer(section, index))

    def compare_text(
        self,
        subject: str,
        what: str,
        texts: tuple[str | None, str | None],
        where: str,
    ) -> None:
        """Record DESCRIPTION_CHANGED when a text (description, title, ...) changed."""
        old, new = text(texts[0]), text(texts[1])
        if old != new:
            key = where.rsplit("/", 1)[1]
            self.add(
                "DESCRIPTION_CHANGED",
                subject,
                f"{what}: {key} changed",
                where,
                old=old,
                new=new,
            )

"""The fast path: decides a stage-outcome list in one tight pass."""

from __future__ import annotations

from .stages import StageModel

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any, Final

    JsonSchema = Mapping[str, Any]


# `stage_outcomes_valid` answers "does this list break no schema or stage-outcome rule?"
# so that a valid document costs a few microseconds; the caller runs the full checks
# only to name the violations. Per entry it does four dict subscripts on the entry and
# four on a nested table (stage -> status -> fail_mode -> reason_code or MISSING) whose
# leaves exist only for schema-valid combinations the catalog allows. CPython
# specialises these subscripts; an itemgetter key tuple, map() pipelines and a
# subsequence match over all candidate outcomes all measured slower on CPython 3.11.
#
# A leaf is the entry's canonical position when the outcome is plain (success, or a
# non-fatal failure or skip that no on_failure rule looks at), -1 otherwise, so one
# comparison per entry checks canonical order, repeated stages and plainness. Lists
# with fatal failures, blocked skips or failed substages with an on_failure rule, and
# lists out of order, go to `OutcomeIndex.decide`, which applies every rule exactly.
# Any exception (an entry that is not a dict, a missing field, an unhashable value
# where a string belongs, a combination the table lacks) means the list is invalid.
# `tests/test_validator_fast_path.py` checks that the answer equals the full rules'.

MISSING: Final = object()  # stands for an absent reason_code in the table
_DICT_GET: Final[Callable[..., Any]] = dict.get  # raises TypeError for a non-dict
# Kinds of outcome, for `OutcomeIndex.decide`.
_SUCCESS, _PLAIN, _EFFECT_FAILED, _FATAL, _BLOCKED = range(5)
_NOT_PLAIN: Final = -1


class OutcomeIndex:
    """The tables `stage_outcomes_valid` needs for one outcome-list schema, built from
    the stage model and the item schema on first use (building takes about a
    millisecond; importing a validator should not)."""

    def __init__(self, model: StageModel, item_schema: JsonSchema) -> None:
        self.model = model
        self.item_schema = item_schema
        self.table: dict[Any, Any] | None = None  # -> position, or _NOT_PLAIN
        self.detail: dict[Any, Any] = {}  # -> (position, rank, kind, watched)
        self.effects: dict[int, tuple[int, str]] = {}  # substage -> (parent, rule)

    def build(self) -> dict[Any, Any]:
        """Compute both tables from the catalog; return the fast one."""
        model = self.model
        stages = self._allowed("stage", sorted(model.known, key=model.order_key))
        fail_modes = self._allowed(
            "fail_mode",
            self._property("fail_mode").get("enum")
            or sorted({model.fail_closed, *model.default_fail_modes.values()}),
        )
        codes_by_stage: dict[str, set[str]] = {}
        for stage, code in model.pairs:
            codes_by_stage.setdefault(stage, set()).add(code)
        table: dict[Any, Any] = {}
        detail: dict[Any, Any] = {}
        for position, stage in enumerate(stages):
            codes = set(codes_by_stage.get(stage, ()))
            if stage not in model.constrained:
                codes |= model.cross_cutting
            if model.blocked_code is not None:
                codes.add(model.blocked_code)
            self._fill_stage(
                table.setdefault(stage, {}),
                detail.setdefault(stage, {}),
                (position, model.rank.get(model.top_stage(stage), 0)),
                fail_modes,
                self._allowed("reason_code", sorted(codes)),
                stage in model.on_failure,
            )
        position_of = {stage: position for position, stage in enumerate(stages)}
        self.effects = {
            position_of[stage]: (position_of[model.parents[stage]], effect)
            for stage, effect in model.on_failure.items()
            if stage in position_of and model.parents.get(stage) in position_of
        }
        self.detail = detail
        self.table = table  # last: a concurrent caller either rebuilds or sees it all
        return table

    def _property(self, name: str) -> JsonSchema:
        properties: Mapping[str, JsonSchema] = self.item_schema.get("properties", {})
        return properties.get(name, {})

    def _allowed(self, name: str, values: Sequence[Any]) -> list[Any]:
        """Return the `values` the item schema's enum for field `name` admits."""
        enum = self._property(name).get("enum")
        return [v for v in values if enum is None or v in enum]

    def _fill_stage(
        self,
        fast: dict[Any, Any],
        slow: dict[Any, Any],
        place: tuple[int, int],
        fail_modes: list[Any],
        allowed_codes: list[Any],
        has_effect: bool,
    ) -> None:
        """Enter every allowed outcome of one stage at `place` (position, rank)."""
        model = self.model
        position, rank = place
        for status in self._allowed("status", [model.success]):
            for fail_mode in fail_modes:
                fast.setdefault(status, {})[fail_mode] = {MISSING: position}
                slow.setdefault(status, {})[fail_mode] = {
                    MISSING: (position, rank, _SUCCESS, False)
                }
        for status in self._allowed("status", [model.failed, model.skipped]):
            for fail_mode in fail_modes:
                by_code = fast.setdefault(status, {}).setdefault(fail_mode, {})
                details = slow.setdefault(status, {}).setdefault(fail_mode, {})
                for code in allowed_codes:
                    kind = self._outcome_kind(status, fail_mode, code, has_effect)
                    by_code[code] = position if kind == _PLAIN else _NOT_PLAIN
                    # watched: a failed substage whose parent an on_failure rule
                    # constrains
                    watched = has_effect and status == model.failed
                    details[code] = (position, rank, kind, watched)

    def _outcome_kind(
        self, status: Any, fail_mode: Any, code: Any, has_effect: bool
    ) -> int:
        model = self.model
        if status == model.failed and fail_mode == model.fail_closed:
            return _FATAL
        if status == model.skipped and code == model.blocked_code:
            return _BLOCKED
        if status == model.failed and has_effect:
            return _EFFECT_FAILED
        return _PLAIN

    def decide(self, entries: list[Any], start: int = 0) -> bool:
        """Apply every schema and stage-outcome rule to entries[start:], given that the
        entries before `start` are plain outcomes in canonical order (as the fast loop
        found them)."""
        detail = self.detail
        get = _DICT_GET
        last = self._lookup(entries[start - 1])[0] if start else -1
        fatal_rank = -1
        failed_substages = []
        try:
            for entry in entries[start:] if start else entries:
                position, rank, kind, watched = detail[entry["stage"]][entry["status"]][
                    entry["fail_mode"]
                ][get(entry, "reason_code", MISSING)]
                if position <= last:
                    return False  # out of canonical order, or the same stage twice
                last = position
                if kind == _BLOCKED:
                    if fatal_rank < 0 or rank <= fatal_rank:
                        return False  # blocked although no earlier stage failed closed
                elif 0 <= fatal_rank < rank:
                    return False  # after a fail-closed failure and not blocked
                if kind == _FATAL and fatal_rank < 0:
                    fatal_rank = rank
                if watched:
                    failed_substages.append(position)
        except (KeyError, TypeError):
            return False
        return not failed_substages or self._effects_hold(entries, failed_substages)

    def _effects_hold(self, entries: list[Any], failed_substages: list[int]) -> bool:
        """Return True when every failed substage's parent obeys its on_failure rule."""
        kinds = {position: kind for position, _, kind, _ in map(self._lookup, entries)}
        for substage in failed_substages:
            parent, effect = self.effects[substage]
            parent_kind = kinds.get(parent)
            if parent_kind is None:
                continue
            if effect == "parent_not_success" and parent_kind == _SUCCESS:
                return False
            if effect == "parent_fail_closed" and parent_kind != _FATAL:
                return False
        return True

    def _lookup(self, entry: dict[str, Any]) -> tuple[int, int, int, bool]:
        """(position, rank, kind, watched) of an entry already found valid."""
        found: tuple[int, int, int, bool] = self.detail[entry["stage"]][
            entry["status"]
        ][entry["fail_mode"]][entry.get("reason_code", MISSING)]
        return found


def build_outcome_index(model: StageModel, item_schema: JsonSchema) -> OutcomeIndex:
    """Return the (lazily built) fast-path tables of one outcome-list schema."""
    return OutcomeIndex(model, item_schema)


def stage_outcomes_valid(entries: Any, index: OutcomeIndex) -> bool:
    """Return True exactly when the outcome list breaks no schema or stage-outcome rule.

    Exact for JSON data (dict, list, str, int, float, bool, None). False for a list
    subclass, which the full check then judges. Objects whose class overrides __eq__
    or __hash__ to pass for a catalog string, or dict subclasses that override item
    access, are out of scope (as for any dict lookup)."""
    if type(entries) is not list:
        return False
    table = index.table
    if table is None:
        table = index.build()
    get = _DICT_GET
    missing = MISSING
    last = -1
    try:
        for entry in entries:
            position = table[entry["stage"]][entry["status"]][entry["fail_mode"]][
                get(entry, "reason_code", missing)
            ]
            if position <= last:  # not plain, out of order, or the same stage again
                # Resume at this entry. index() may name an earlier equal entry, which
                # is as good: every entry before this one passed as plain and in order.
                return index.decide(entries, entries.index(entry))
            last = position
    except (KeyError, TypeError):  # not a dict, a field missing, an unhashable value
        return False  # or a combination the catalog does not allow
    return True

"""Catalog-independent runtime for the generated registries and validators (stdlib only)."""

from __future__ import annotations

import re
from collections.abc import Mapping

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, Final

    JsonSchema = Mapping[str, Any]
    Condition = Mapping[str, Any]
    CodeAttributes = Mapping[Any, Mapping[str, Any]]  # keyed by str or int codes


class Violation:
    """One broken rule: a stable rule id, a JSON pointer into the document, a message."""

    __slots__ = ("message", "pointer", "rule")

    def __init__(self, rule: str, pointer: str, message: str) -> None:
        self.rule = rule
        self.pointer = pointer
        self.message = message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Violation) and self.as_tuple() == other.as_tuple()

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return f"Violation({self.rule!r}, {self.pointer!r}, {self.message!r})"

    def as_tuple(self) -> tuple[str, str, str]:
        """Return (rule, pointer, message)."""
        return (self.rule, self.pointer, self.message)

    def as_dict(self) -> dict[str, str]:
        """Return the violation as a JSON-ready mapping."""
        return {"rule": self.rule, "pointer": self.pointer, "message": self.message}


def merge_violations(
    schema_errors: list[Violation], rule_errors: list[Violation]
) -> list[Violation]:
    """Combine both lists; a rule's specific message replaces a schema error there."""
    specific = {violation.pointer for violation in rule_errors}
    kept = [v for v in schema_errors if v.pointer not in specific]
    return kept + rule_errors


def escape_token(token: object) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def resolve_pointer(document: Any, pointer: str) -> tuple[bool, Any]:
    """Return (found, value) for an RFC 6901 JSON pointer."""
    if pointer in ("", "/"):
        return True, document
    current = document
    for raw in pointer.lstrip("/").split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, Mapping):
            if token not in current:
                return False, None
            current = current[token]
        elif isinstance(current, list) and token.isdigit():
            index = int(token)
            if index >= len(current):
                return False, None
            current = current[index]
        else:
            return False, None
    return True, current


# --- JSON Schema (the subset catgen emits) -------------------------------------------

# A pattern string, not re.compile(): compiling costs ~0.4 ms, half of this module's
# import; re.match compiles it on first use and caches it.
_UTC_TIMESTAMP: Final = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$"


def _type_matches(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    return True


def check_schema(
    value: Any,
    schema: JsonSchema,
    pointer: str,
    out: list[Violation],
    root: JsonSchema | None = None,
) -> None:
    """Append a `schema` violation for every way `value` breaks `schema`."""
    root = schema if root is None else root
    ref = schema.get("$ref")
    if ref is not None:
        target = root
        for part in str(ref).lstrip("#/").split("/"):
            target = target[part]
        check_schema(value, target, pointer, out, root)
        return
    where = pointer or "/"
    if not _check_value(value, schema, where, out):
        return
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            trial: list[Violation] = []
            check_schema(value, option, pointer, trial, root)
            if not trial:
                break
        else:
            out.append(Violation("schema", where, "matches none of the allowed shapes"))
        return
    if isinstance(value, str):
        _check_string(value, schema, where, out)
    elif isinstance(value, dict):
        _check_object(value, schema, pointer, out, root)
    elif isinstance(value, list):
        _check_array(value, schema, pointer, out, root)
    elif (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and value < schema.get("minimum", value)
    ):
        out.append(Violation("schema", where, f"must be >= {schema['minimum']}"))


def _check_value(
    value: Any, schema: JsonSchema, where: str, out: list[Violation]
) -> bool:
    """Check `type`, `const` and `enum`; return False when the rest is moot."""
    expected = schema.get("type")
    if expected is not None:
        names = [expected] if isinstance(expected, str) else list(expected)
        if not any(_type_matches(value, name) for name in names):
            wanted = " or ".join(names)
            out.append(
                Violation("schema", where, f"expected {wanted}, got {_kind(value)}")
            )
            return False
    if "const" in schema and value != schema["const"]:
        out.append(Violation("schema", where, f"must be {schema['const']!r}"))
    if "enum" in schema and value not in schema["enum"]:
        out.append(
            Violation("schema", where, f"{value!r} is not one of the allowed values")
        )
        return False
    return True


def _check_array(
    value: list[Any],
    schema: JsonSchema,
    pointer: str,
    out: list[Violation],
    root: JsonSchema,
) -> None:
    if len(value) < schema.get("minItems", 0):
        out.append(
            Violation(
                "schema", pointer or "/", f"needs at least {schema['minItems']} items"
            )
        )
    items = schema.get("items")
    if items is not None:
        for index, item in enumerate(value):
            check_schema(item, items, f"{pointer}/{index}", out, root)


def _check_string(
    value: str, schema: JsonSchema, where: str, out: list[Violation]
) -> None:
    if len(value) < schema.get("minLength", 0):
        out.append(Violation("schema", where, "must not be empty"))
    pattern = schema.get("pattern")
    if pattern is not None and re.search(pattern, value) is None:
        out.append(Violation("schema", where, f"{value!r} does not match {pattern}"))
    if schema.get("format") == "date-time" and not re.match(_UTC_TIMESTAMP, value):
        out.append(
            Violation("schema", where, f"{value!r} is not a UTC ISO 8601 timestamp")
        )


def _check_object(
    value: dict[str, Any],
    schema: JsonSchema,
    pointer: str,
    out: list[Violation],
    root: JsonSchema,
) -> None:
    where = pointer or "/"
    for name in schema.get("required", ()):
        if name not in value:
            out.append(Violation("schema", where, f"missing required field {name!r}"))
    properties: Mapping[str, JsonSchema] = schema.get("properties", {})
    additional = schema.get("additionalProperties", True)
    for name, item in value.items():
        child = f"{pointer}/{escape_token(name)}"
        if name in properties:
            check_schema(item, properties[name], child, out, root)
        elif additional is False:
            out.append(Violation("schema", child, f"unknown field {name!r}"))
        elif isinstance(additional, Mapping):
            check_schema(item, additional, child, out, root)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    return "number"


# --- configuration conditions --------------------------------------------------------


def config_matches(condition: Condition, config: Mapping[str, Any]) -> bool:
    """Evaluate an override condition against a flat dotted-key configuration."""
    if "all" in condition:
        return all(config_matches(part, config) for part in condition["all"])
    if "any" in condition:
        return any(config_matches(part, config) for part in condition["any"])
    key = condition["key"]
    return key in config and config[key] == condition.get("equals", True)


# --- stage model: fail modes, run status, precedence ---------------------------------


class Override:
    """A policy-dependent override: under `when`, the entry's values become `values`."""

    __slots__ = ("codes", "id", "scope", "values", "when")

    def __init__(
        self,
        id: str,
        scope: str | None,
        codes: frozenset[str],
        when: Condition,
        values: Mapping[str, Any],
    ) -> None:
        self.id = id
        self.scope = scope
        self.codes = codes
        self.when = when
        self.values = values


class StageModel:
    """Everything the stage-outcome rules and status derivation need from a catalog."""

    def __init__(
        self,
        *,
        stage_order: tuple[str, ...],
        parents: Mapping[str, str],
        pairs: frozenset[tuple[str, str]],
        cross_cutting: frozenset[str],
        constrained: Mapping[str, frozenset[str]],
        rule_level: frozenset[str],
        on_failure: Mapping[str, str],
        default_fail_modes: Mapping[str, str],
        fail_mode_when: Mapping[str, tuple[tuple[Condition, str], ...]],
        code_fail_modes: Mapping[tuple[str, str], str],
        overrides: tuple[Override, ...],
        aliases: Mapping[str, str],
        precedence: Mapping[str, tuple[str, ...]],
        run_status_rules: tuple[tuple[str, str, Mapping[str, str]], ...],
        fallback_status: str,
        exit_codes: Mapping[str, int],
        blocked_code: str | None,
        fail_closed: str = "fail_closed",
        failed: str = "failed",
        success: str = "success",
        skipped: str = "skipped",
    ) -> None:
        self.stage_order = stage_order
        self.parents = parents
        self.pairs = pairs
        self.cross_cutting = cross_cutting
        self.constrained = constrained
        self.rule_level = rule_level
        self.on_failure = on_failure
        self.default_fail_modes = default_fail_modes
        self.fail_mode_when = fail_mode_when
        self.code_fail_modes = code_fail_modes
        self.overrides = overrides
        self.aliases = aliases
        self.precedence = precedence
        self.run_status_rules = run_status_rules
        self.fallback_status = fallback_status
        self.exit_codes = exit_codes
        self.blocked_code = blocked_code
        self.fail_closed = fail_closed
        self.failed = failed
        self.success = success
        self.skipped = skipped
        self.known = frozenset(stage_order) | frozenset(parents)
        self.rank = {stage: index for index, stage in enumerate(stage_order)}

    def top_stage(self, stage: str) -> str:
        """Return the top-level stage of a stage or substage id."""
        return self.parents.get(stage, stage)

    def order_key(self, stage: str) -> tuple[int, int, str]:
        """Sort key of the canonical order: parent rank, parent first, then lexicographic."""
        top = self.top_stage(stage)
        return (self.rank.get(top, len(self.rank)), 0 if top == stage else 1, stage)

    def stage_fail_mode(self, stage: str, config: Mapping[str, Any]) -> str:
        """Return the configured fail mode of a stage: explicit key, conditional, default."""
        explicit = config.get(f"{stage}.fail_mode")
        if isinstance(explicit, str):
            return explicit
        for condition, fail_mode in self.fail_mode_when.get(stage, ()):
            if config_matches(condition, config):
                return fail_mode
        parent = self.parents.get(stage)
        default = self.default_fail_modes.get(stage)
        if default is None and parent is not None:
            return self.stage_fail_mode(parent, config)
        return default or self.fail_closed

    def allows(self, stage: str, code: str) -> bool:
        """Return True if `(stage, code)` is a stage-outcome pair of the catalog."""
        if (stage, code) in self.pairs:
            return True
        if code == self.blocked_code:
            return True
        if stage in self.constrained:
            return False
        return code in self.cross_cutting

    def effective_fail_mode(
        self, stage: str, code: str, config: Mapping[str, Any] | None = None
    ) -> str:
        """Return the fail mode of `(stage, code)` under `config`, overrides applied."""
        # Stage fail modes the config leaves unset take their defaults, so conditions
        # such as `runner.fail_mode == fail_closed` hold under the default configuration.
        config = {
            **{
                f"{s}.fail_mode": self.stage_fail_mode(s, config or {})
                for s in self.known
            },
            **(config or {}),
        }
        code = self.aliases.get(code, code)
        fail_mode = self.code_fail_modes.get((stage, code))
        if fail_mode is None:
            fail_mode = self.code_fail_modes.get(("*", code))
        if fail_mode is None:
            fail_mode = self.stage_fail_mode(stage, config)
        for override in self.overrides:
            if code not in override.codes:
                continue
            if override.scope is not None and override.scope not in (stage, "*"):
                continue
            if config_matches(override.when, config):
                value = override.values.get("fail_mode")
                if isinstance(value, str):
                    return value
        return fail_mode

    def derive_run_status(self, outcomes: Sequence[Mapping[str, Any]]) -> str:
        """Derive the run status from stage outcomes, first matching rule wins."""
        for status, quantifier, match in self.run_status_rules:
            hits = (
                all(outcome.get(key) == want for key, want in match.items())
                for outcome in outcomes
            )
            if quantifier == "any" and any(hits):
                return status
            if quantifier == "all" and all(hits):
                return status
        return self.fallback_status

    def exit_code(self, run_status: str) -> int:
        """Return the process exit code for a run status."""
        return self.exit_codes[run_status]

    def aggregate(self, precedence: str, codes: Sequence[str]) -> str | None:
        """Pick the single reason code a precedence list selects among `codes`."""
        present = {self.aliases.get(code, code) for code in codes}
        for code in self.precedence[precedence]:
            if code in present:
                return code
        return None


# --- rule kinds ----------------------------------------------------------------------

# Every rule id `check_stage_outcomes` can report without a status field (that one adds
# "run-status-mismatch"), for documentation and fixture coverage.
STAGE_OUTCOME_RULE_IDS: Final = (
    "unknown-stage",
    "duplicate-stage",
    "stage-order",
    "reason-code-on-success",
    "reason-code-required",
    "unknown-pair",
    "rule-level-code",
    "substage-constraint",
    "downstream-not-blocked",
    "blocked-without-upstream-failure",
    "substage-failure-parent-success",
    "substage-failure-parent-fail-closed",
)


def check_stage_outcomes(
    document: Any,
    list_pointer: str,
    model: StageModel,
    out: list[Violation],
    status_pointer: str | None = None,
) -> None:
    """Apply every stage-outcome rule to the outcome list at `list_pointer`."""
    found, entries = resolve_pointer(document, list_pointer)
    if not found or not isinstance(entries, list):
        return
    walk = _OutcomeWalk(model, out)
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            walk.visit(entry, f"{list_pointer}/{index}")
    _check_substage_parents(model, entries, list_pointer, walk.by_stage, out)
    if status_pointer is not None:
        _check_declared_status(document, status_pointer, model, entries, out)


class _OutcomeWalk:
    """The per-entry rules of an outcome list, with what earlier entries established."""

    def __init__(self, model: StageModel, out: list[Violation]) -> None:
        self.model = model
        self.out = out
        self.seen: set[str] = set()
        self.previous: tuple[int, int, str] | None = None
        self.by_stage: dict[str, Mapping[str, Any]] = {}
        self.first_fatal_rank: int | None = None

    def visit(self, entry: Mapping[str, Any], where: str) -> None:
        """Check one outcome: its stage, order, reason code and blocking."""
        model = self.model
        stage = entry.get("stage")
        status = entry.get("status")
        code = entry.get("reason_code")
        if not isinstance(stage, str) or not self._admit(entry, stage, where):
            return
        rank = model.rank.get(model.top_stage(stage), 0)
        _check_reason_code(model, entry, where, stage, status, code, self.out)
        self._check_blocking(where, stage, status, code, rank)
        if (
            status == model.failed
            and entry.get("fail_mode") == model.fail_closed
            and self.first_fatal_rank is None
        ):
            self.first_fatal_rank = rank

    def _admit(self, entry: Mapping[str, Any], stage: str, where: str) -> bool:
        """Check the stage is known, new and in order; False skips the entry."""
        if stage not in self.model.known:
            self.out.append(
                Violation("unknown-stage", f"{where}/stage", f"unknown stage {stage!r}")
            )
            return False
        if stage in self.seen:
            self.out.append(
                Violation(
                    "duplicate-stage",
                    f"{where}/stage",
                    f"stage {stage!r} is listed twice",
                )
            )
            return False
        self.seen.add(stage)
        self.by_stage[stage] = entry
        key = self.model.order_key(stage)
        previous = self.previous
        if previous is not None and key < previous:
            self.out.append(
                Violation(
                    "stage-order",
                    f"{where}/stage",
                    f"{stage!r} is out of canonical order (after {previous[2]!r})",
                )
            )
        self.previous = key if previous is None or key > previous else previous
        return True

    def _check_blocking(
        self, where: str, stage: str, status: Any, code: Any, rank: int
    ) -> None:
        model = self.model
        first_fatal_rank = self.first_fatal_rank
        if code == model.blocked_code and status == model.skipped:
            if first_fatal_rank is None or rank <= first_fatal_rank:
                self.out.append(
                    Violation(
                        "blocked-without-upstream-failure",
                        f"{where}/reason_code",
                        f"{stage!r} is skipped as {code!r} but no earlier stage failed "
                        "fail-closed",
                    )
                )
        elif first_fatal_rank is not None and rank > first_fatal_rank:
            self.out.append(
                Violation(
                    "downstream-not-blocked",
                    where,
                    f"{stage!r} comes after a fail-closed failure and must be skipped "
                    f"with reason_code {model.blocked_code!r}",
                )
            )


# --- fast path: decides a stage-outcome list in one tight pass -----------------------
#
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


def _check_reason_code(
    model: StageModel,
    entry: Mapping[str, Any],
    where: str,
    stage: str,
    status: Any,
    code: Any,
    out: list[Violation],
) -> None:
    if status == model.success:
        if "reason_code" in entry:
            out.append(
                Violation(
                    "reason-code-on-success",
                    f"{where}/reason_code",
                    "a successful outcome must omit reason_code",
                )
            )
        return
    if not isinstance(code, str):
        out.append(
            Violation(
                "reason-code-required",
                where,
                f"a {status} outcome needs a reason_code",
            )
        )
        return
    if model.allows(stage, code):
        return
    if code in model.rule_level:
        message = f"{code!r} is a per-rule code, not a stage outcome reason_code"
        rule = "rule-level-code"
    elif stage in model.constrained:
        allowed = ", ".join(sorted(model.constrained[stage]))
        message = f"{stage!r} reason_code must be one of: {allowed}"
        rule = "substage-constraint"
    else:
        message = f"({stage!r}, {code!r}) is not in the catalog"
        rule = "unknown-pair"
    out.append(Violation(rule, f"{where}/reason_code", message))


def _check_substage_parents(
    model: StageModel,
    entries: list[Any],
    list_pointer: str,
    by_stage: Mapping[str, Mapping[str, Any]],
    out: list[Violation],
) -> None:
    for stage, effect in model.on_failure.items():
        entry = by_stage.get(stage)
        if entry is None or entry.get("status") != model.failed:
            continue
        parent = model.parents[stage]
        parent_entry = by_stage.get(parent)
        if parent_entry is None:
            continue
        where = f"{list_pointer}/{entries.index(parent_entry)}"
        if (
            effect == "parent_not_success"
            and parent_entry.get("status") == model.success
        ):
            out.append(
                Violation(
                    "substage-failure-parent-success",
                    f"{where}/status",
                    f"{stage!r} failed, so {parent!r} must not be success",
                )
            )
        if effect == "parent_fail_closed" and (
            parent_entry.get("status") != model.failed
            or parent_entry.get("fail_mode") != model.fail_closed
        ):
            out.append(
                Violation(
                    "substage-failure-parent-fail-closed",
                    where,
                    f"{stage!r} failed, so {parent!r} must fail with fail_mode "
                    f"{model.fail_closed!r}",
                )
            )


def _check_declared_status(
    document: Any,
    status_pointer: str,
    model: StageModel,
    entries: list[Any],
    out: list[Violation],
) -> None:
    found, declared = resolve_pointer(document, status_pointer)
    if not found:
        return
    outcomes = [entry for entry in entries if isinstance(entry, dict)]
    derived = model.derive_run_status(outcomes)
    if declared != derived:
        out.append(
            Violation(
                "run-status-mismatch",
                status_pointer,
                f"status is {declared!r} but the stage outcomes derive {derived!r}",
            )
        )


def check_code_in_vocabulary(
    document: Any,
    pointer: str,
    vocabulary: frozenset[object],
    rule: str,
    out: list[Violation],
) -> None:
    """Report the value at `pointer` when it is present but not in the vocabulary."""
    found, value = resolve_pointer(document, pointer)
    # true == 1 in Python; a JSON boolean is never an integer code.
    if found and (value not in vocabulary or isinstance(value, bool)):
        out.append(Violation(rule, pointer, f"{value!r} is not in the vocabulary"))


def check_assert(
    document: Any,
    spec: Mapping[str, Any],
    codes: CodeAttributes,
    out: list[Violation],
) -> None:
    """Apply one `assert` rule: for each item (or the document), when => then."""
    for base, item in _rule_targets(document, spec):
        when = spec.get("when")
        if when is not None and not evaluate(when, item, document, codes):
            continue
        if not evaluate(spec["then"], item, document, codes):
            pointer = base + spec.get("pointer", "") or "/"
            out.append(Violation(spec["id"], pointer, spec["message"]))


def _rule_targets(document: Any, spec: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Return (pointer, value) of each item of `for_each`, or of the whole document."""
    for_each = spec.get("for_each")
    if for_each is None:
        return [("", document)]
    found, items = resolve_pointer(document, for_each)
    if not found or not isinstance(items, list):
        return []
    return [(f"{for_each}/{index}", item) for index, item in enumerate(items)]


# `compare` orderings; `eq` and `ne` compare any two values of the same JSON kind.
_ORDERINGS: Final[Mapping[str, Callable[[Any, Any], bool]]] = {
    "lt": lambda left, right: left < right,
    "le": lambda left, right: left <= right,
    "gt": lambda left, right: left > right,
    "ge": lambda left, right: left >= right,
}


def check_compare(
    document: Any,
    spec: Mapping[str, Any],
    codes: CodeAttributes,
    out: list[Violation],
) -> None:
    """Apply one `compare` rule: for each item (or the document), when => left op right.

    Both pointers are relative to the item; a rule with either value absent holds (a
    missing field is the schema's to report)."""
    for base, item in _rule_targets(document, spec):
        when = spec.get("when")
        if when is not None and not evaluate(when, item, document, codes):
            continue
        left_found, left = resolve_pointer(item, spec["left"])
        right_found, right = resolve_pointer(item, spec["right"])
        if left_found and right_found and not compare_values(left, spec["op"], right):
            pointer = base + spec.get("pointer", spec["left"]) or "/"
            out.append(Violation(spec["id"], pointer, spec["message"]))


def compare_values(left: Any, op: str, right: Any) -> bool:
    """Return whether `left op right` holds for two JSON values.

    Values of different JSON kinds (a number and a string, true and 1) are never equal
    and never ordered; only two numbers or two strings have an order."""
    kind = _kind(left)
    if kind != _kind(right):
        return op == "ne"
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if kind not in ("number", "string"):
        return False
    return _ORDERINGS[op](left, right)


def evaluate(
    condition: Condition, item: Any, document: Any, codes: CodeAttributes
) -> bool:
    """Evaluate one predicate of the `assert` language against `item`."""
    if "all" in condition:
        return all(evaluate(part, item, document, codes) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, item, document, codes) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], item, document, codes)
    if "any_item" in condition or "all_items" in condition:
        quantifier: Callable[[Any], bool] = any if "any_item" in condition else all
        found, items = resolve_pointer(
            item, condition.get("any_item", condition.get("all_items"))
        )
        if not found or not isinstance(items, list):
            return quantifier is all
        return quantifier(
            evaluate(condition["where"], element, document, codes) for element in items
        )
    if "any_entry" in condition or "all_entries" in condition:
        entry_quantifier: Callable[[Any], bool] = (
            any if "any_entry" in condition else all
        )
        found, mapping = resolve_pointer(
            item, condition.get("any_entry", condition.get("all_entries"))
        )
        if not found or not isinstance(mapping, dict):
            return entry_quantifier is all
        keys = condition.get("keys")
        return entry_quantifier(
            evaluate(condition["where"], value, document, codes)
            for key, value in mapping.items()
            if keys is None or key in keys
        )
    found, value = resolve_pointer(item, condition["path"])
    for test, expected in condition.items():
        if test != "path" and not _test(test, expected, found, value, item, codes):
            return False
    return True


def _test(
    test: str,
    expected: Any,
    found: bool,
    value: Any,
    item: Any,
    codes: CodeAttributes,
) -> bool:
    if test == "present":
        return found is bool(expected)
    if test == "equals":
        return found and value == expected
    if test == "in":
        return found and value in expected
    if test == "nonempty":
        return (found and value not in (None, "", [], {})) is bool(expected)
    if test == "is_null":
        return (found and value is None) is bool(expected)
    if test == "equals_count":
        other_found, other = resolve_pointer(item, expected)
        return found and other_found and isinstance(other, list) and value == len(other)
    if test == "code_attribute":
        entry = codes.get(value) if _is_code(value) else None
        return entry is not None and all(
            entry.get(name) == want for name, want in expected.items()
        )
    if test == "utc_timestamp":
        return (
            isinstance(value, str) and bool(re.match(_UTC_TIMESTAMP, value))
        ) is bool(expected)
    raise ValueError(f"unknown predicate test {test!r}")


def _is_code(value: Any) -> bool:
    """Return True for a value that can be a code: a string or a (non-bool) int."""
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def check_ordered(
    document: Any,
    list_pointer: str,
    key: str,
    rule: str,
    out: list[Violation],
) -> None:
    """Report list items whose `key` value is smaller than the previous item's."""
    found, items = resolve_pointer(document, list_pointer)
    if not found or not isinstance(items, list):
        return
    previous: Any = None
    for index, item in enumerate(items):
        item_found, value = resolve_pointer(item, key)
        if not item_found or value is None:
            continue
        if previous is not None and value < previous:
            out.append(
                Violation(
                    rule,
                    f"{list_pointer}/{index}{key}",
                    f"{value!r} comes before the previous item's {previous!r}",
                )
            )
        previous = value


def check_registered_keys(
    document: Any,
    object_pointer: str,
    registry: frozenset[str],
    prefixes: tuple[str, ...],
    rule: str,
    out: list[Violation],
    suffixes: tuple[str, ...] = (),
) -> None:
    """Report keys of the object at `object_pointer` that are not registered but look
    like registry keys: they start with one of `prefixes` or end with one of `suffixes`
    (every unregistered key when both are empty)."""
    found, value = resolve_pointer(document, object_pointer)
    if not found or not isinstance(value, dict):
        return
    for key in value:
        if key in registry:
            continue
        name = str(key)
        if (
            (not prefixes and not suffixes)
            or any(name.startswith(prefix) for prefix in prefixes)
            or any(name.endswith(suffix) for suffix in suffixes)
        ):
            out.append(
                Violation(
                    rule,
                    f"{object_pointer}/{escape_token(key)}",
                    f"key {key!r} is not in the registry",
                )
            )

"""Behaviour-level rules: what the generated helpers return for inputs that already existed.

Section rules (codes, semantics, ...) see what an edit touches; these rules see what it
does. A change that looks additive in the YAML can still change an answer consumers
already rely on: an override whose condition holds under the default configuration
changes `default_fail_mode`, an alias written over a live code changes `canonical_code`,
and reordering codes can change which scope's entry `CODE_ATTRIBUTES` reports for a
code listed in several scopes. Fail modes are computed with the very runtime the
generated registry runs (generator/runtime/), so diff and the helpers cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from ..model import CatalogModel
from ..runtime import Override as RuntimeOverride
from ..runtime import StageModel
from .recorder import Recorder
from .values import bq, code_subject, in_scope, pointer

# Section rules that already report a fail-mode change of the (scope, code) they name.
FAIL_MODE_RULES = frozenset(
    {"CODE_FAIL_MODE_CHANGED", "CODE_SEVERITY_CHANGED", "STATUS_MODEL_CHANGED"}
)


def _scope_arguments(model: CatalogModel) -> dict[str, Any]:
    """Return the StageModel arguments that describe scopes (as python_registry does)."""
    scopes, codes = model.scopes, model.codes
    return {
        "stage_order": tuple(s.id for s in model.stages),
        "parents": {s.id: s.parent for s in scopes if s.kind == "substage"},
        "pairs": frozenset(
            (e.scope, e.code)
            for e in codes
            if model.scope_kind(e.scope) in ("stage", "substage")
        ),
        "cross_cutting": frozenset(
            e.code for e in codes if model.scope_kind(e.scope) == "cross_cutting"
        ),
        "constrained": {
            s.id: frozenset(e.code for e in codes if e.scope == s.id)
            for s in scopes
            if s.constrained
        },
        "rule_level": frozenset(model.rule_level_codes),
        "on_failure": {s.id: s.on_failure for s in scopes if s.on_failure is not None},
        "default_fail_modes": {
            s.id: s.default_fail_mode for s in scopes if s.default_fail_mode is not None
        },
        "fail_mode_when": {
            s.id: tuple((dict(c.when.raw), c.fail_mode) for c in s.fail_mode_when)
            for s in scopes
            if s.fail_mode_when
        },
    }


def stage_model(model: CatalogModel) -> StageModel | None:
    """Return the runtime stage model the generated registry builds, None without one."""
    status = model.status_model
    if status is None:
        return None
    overrides = tuple(
        RuntimeOverride(
            o.id,
            o.scope,
            frozenset(o.codes),
            dict(o.when.raw),
            dict(model.override_values(o)),
        )
        for o in model.overrides
    )
    statuses = {
        key: status.outcome_statuses[key]
        for key in ("failed", "success", "skipped")
        if key in status.outcome_statuses
    }
    # Codes of a catalog with a status model all have a scope.
    code_fail_modes = cast(dict[tuple[str, str], str], dict(model.code_fail_modes))
    extra: dict[str, Any] = dict(statuses)
    if status.fail_closed:
        extra["fail_closed"] = status.fail_closed
    return StageModel(
        **_scope_arguments(model),
        code_fail_modes=code_fail_modes,
        overrides=overrides,
        aliases=dict(model.canonical_codes),
        precedence=dict(model.flat_precedence),
        run_status_rules=tuple(
            (r.status, r.quantifier, dict(r.match)) for r in status.run_status_rules
        ),
        fallback_status=status.fallback,
        exit_codes=dict(status.exit_codes),
        blocked_code=status.blocked_code,
        **extra,
    )


def default_fail_modes(
    model: StageModel, stages: Iterable[str], codes: Iterable[str]
) -> dict[tuple[str, str], str]:
    """Return (stage, code) -> fail mode under the default (empty) configuration."""
    return {
        (stage, code): model.effective_fail_mode(stage, code, {})
        for stage in stages
        for code in codes
        if model.allows(stage, code)
    }


def diff_default_fail_modes(rec: Recorder) -> None:
    """Report codes whose fail mode under the default configuration changed."""
    old, new = stage_model(rec.old), stage_model(rec.new)
    if old is None or new is None:
        return
    stages = sorted(old.known & new.known)
    codes = sorted(set(rec.old.outcome_codes) & set(rec.new.outcome_codes))
    before = default_fail_modes(old, stages, codes)
    after = default_fail_modes(new, stages, codes)
    explained = {
        (c.scope, c.code) for c in rec.result.changes if c.rule in FAIL_MODE_RULES
    }
    changed: dict[str, list[str]] = {}
    for pair, mode in before.items():
        stage, code = pair
        if (
            pair in after
            and after[pair] != mode
            and not _explained(rec.new, explained, stage, code)
        ):
            changed.setdefault(code, []).append(f"{stage}: {mode} -> {after[pair]}")
    for code, moves in changed.items():
        where, why = _fail_mode_cause(rec.new, new, code)
        rec.add(
            "CODE_FAIL_MODE_CHANGED",
            code_subject(None, code),
            f"default fail mode of `{code}` changes under the default configuration"
            f"{why} ({'; '.join(moves)})",
            where,
            code=code,
        )


def _explained(
    model: CatalogModel,
    explained: set[tuple[str | None, str | None]],
    stage: str,
    code: str,
) -> bool:
    """Return whether a section rule already reported this pair's fail-mode change."""
    scope = model.scopes_by_id.get(stage)
    scopes = {stage, "*", None, scope.parent if scope else None}
    return any((s, code) in explained or (s, None) in explained for s in scopes)


def _fail_mode_cause(
    model: CatalogModel, runtime: StageModel, code: str
) -> tuple[str, str]:
    """Return (pointer, ` (because ...)`) of what most likely changed a code's fail mode."""
    canonical = runtime.aliases.get(code, code)
    if canonical != code:
        for index, alias in enumerate(model.aliases):
            if alias.alias == code:
                return pointer("aliases", index), f" (alias to `{canonical}`)"
    for index, override in enumerate(model.overrides):
        if canonical in override.codes and override.when.holds(_defaults(runtime)):
            return pointer("overrides", index), (
                f" (override `{override.id}` holds by default)"
            )
    entry = model.first_entries.get(code)
    return (pointer("codes", entry.index) if entry else "/codes"), ""


def _defaults(runtime: StageModel) -> dict[str, str]:
    """Return the default configuration as the runtime sees it: every stage fail mode."""
    return {f"{s}.fail_mode": runtime.stage_fail_mode(s, {}) for s in runtime.known}


def diff_shadowing_aliases(rec: Recorder) -> None:
    """Report aliases newly written over a code that still exists (canonical_code moves)."""
    old_aliases = {a.alias for a in rec.old.aliases}
    live = rec.old.distinct_codes & rec.new.distinct_codes
    for index, alias in enumerate(rec.new.aliases):
        if alias.alias in old_aliases or alias.alias not in live:
            continue
        if alias.canonical == alias.alias:
            continue  # an identity alias changes no answer
        rec.add(
            "ALIAS_SHADOWS_CODE",
            f"alias {alias.alias}",
            f"alias `{alias.alias}` -> `{alias.canonical}`{in_scope(alias.scope)} is "
            f"written over the existing code `{alias.alias}`: canonical_code and the "
            "fail modes of that code change",
            pointer("aliases", index),
            old=alias.alias,
            new=alias.canonical,
            code=alias.alias,
        )


def diff_primary_entries(rec: Recorder) -> None:
    """Report codes whose first entry (CODE_ATTRIBUTES, `assert` rules) is now another."""
    old_first, new_first = rec.old.first_entries, rec.new.first_entries
    pairs = {(e.scope, e.code) for e in rec.new.codes}
    for code, entry in new_first.items():
        previous = old_first.get(code)
        if previous is None or previous.scope == entry.scope:
            continue
        if (previous.scope, code) not in pairs:
            continue  # that entry is gone: CODE_REMOVED (or a move) already says so
        rec.add(
            "CODE_PRIMARY_SCOPE_CHANGED",
            code_subject(None, code),
            f"code `{code}` is listed in several scopes and its first entry is now the "
            f"one in scope {bq(entry.scope)} (was {bq(previous.scope)}): CODE_ATTRIBUTES "
            "and `assert` rules read another entry",
            pointer("codes", entry.index),
            old=previous.scope,
            new=entry.scope,
            code=code,
        )

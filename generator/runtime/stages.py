"""The stage model: fail modes, overrides and their conditions, run status, precedence."""

from __future__ import annotations

from collections.abc import Mapping

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    Condition = Mapping[str, Any]


def config_matches(condition: Condition, config: Mapping[str, Any]) -> bool:
    """Evaluate an override condition against a flat dotted-key configuration."""
    if "all" in condition:
        return all(config_matches(part, config) for part in condition["all"])
    if "any" in condition:
        return any(config_matches(part, config) for part in condition["any"])
    key = condition["key"]
    return key in config and config[key] == condition.get("equals", True)


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

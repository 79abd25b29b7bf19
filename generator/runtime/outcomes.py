"""The stage-outcome rules: every rule an outcome list and a run status must keep."""

from __future__ import annotations

from collections.abc import Mapping

from .stages import StageModel
from .violations import Violation, resolve_pointer

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final


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

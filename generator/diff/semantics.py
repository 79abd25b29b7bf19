"""Change rules for what decides outcomes: overrides, aliases, precedence, status model."""

from __future__ import annotations

from collections.abc import Sequence

from .recorder import Recorder, match
from .values import bq, in_scope, override_data, pointer, status_items

# Override keys whose change is wording, not behaviour.
OVERRIDE_TEXT_KEYS = ("text", "marks")
# Override keys only the documents read: no generated helper sees them.
OVERRIDE_DOC_KEYS = ("emit_as",)


def diff_overrides(rec: Recorder) -> None:
    """Classify overrides: added, removed, and each changed key."""
    matched = match(rec.old.overrides, rec.new.overrides, lambda o: o.id)
    for oid, i, _ in matched.removed():
        rec.removed(
            "OVERRIDE_REMOVED",
            f"override {oid}",
            f"override `{oid}` removed",
            "overrides",
            i,
        )
    for oid, j, override, before in matched.current():
        where = pointer("overrides", j)
        if before is None:
            codes = ", ".join(f"`{c}`" for c in override.codes)
            rec.add(
                "OVERRIDE_ADDED",
                f"override {oid}",
                f"override `{oid}` added for {codes}{in_scope(override.scope)}",
                where,
            )
            continue
        a, b = override_data(before, rec.old), override_data(override, rec.new)
        for key in a:
            if a[key] == b[key]:
                continue
            if key in OVERRIDE_TEXT_KEYS:
                rule, message = (
                    "DESCRIPTION_CHANGED",
                    f"override `{oid}`: {key} changed",
                )
            elif key in OVERRIDE_DOC_KEYS:
                rule = "DOC_CONTRACT_CHANGED"
                message = (
                    f"override `{oid}`: {key} changed from {bq(a[key])} to {bq(b[key])}"
                )
            else:
                rule = "OVERRIDE_CHANGED"
                message = (
                    f"override `{oid}`: {key} changed from {bq(a[key])} to {bq(b[key])}"
                )
            rec.add(
                rule,
                f"override {oid}",
                message,
                f"{where}/{key}",
                old=a[key],
                new=b[key],
            )


def diff_aliases(rec: Recorder) -> None:
    """Classify legacy aliases: added, removed, canonical code, text."""
    # Matched by name: canonical_code reads an alias by name alone, its scope only the
    # reference page, so moving an alias to another scope is no removal.
    matched = match(rec.old.aliases, rec.new.aliases, lambda a: a.alias)
    for alias, i, removed in matched.removed():
        scope = removed.scope
        rec.removed(
            "ALIAS_REMOVED",
            f"alias {alias}",
            f"alias `{alias}`{in_scope(scope)} removed",
            "aliases",
            i,
        )
    for alias, j, entry, before in matched.current():
        where = pointer("aliases", j)
        scope = entry.scope
        if before is None:
            rec.add(
                "ALIAS_ADDED",
                f"alias {alias}",
                f"alias `{alias}` -> `{entry.canonical}`{in_scope(scope)} added",
                where,
            )
            continue
        if before.scope != entry.scope:
            rec.add(
                "DOC_CONTRACT_CHANGED",
                f"alias {alias}",
                f"alias `{alias}`: scope changed from {bq(before.scope)} to "
                f"{bq(entry.scope)}",
                where + "/scope",
                old=before.scope,
                new=entry.scope,
            )
        if before.canonical != entry.canonical:
            rec.add(
                "ALIAS_CHANGED",
                f"alias {alias}",
                f"alias `{alias}`{in_scope(scope)} now maps to `{entry.canonical}` "
                f"(was `{before.canonical}`)",
                where + "/canonical",
                old=before.canonical,
                new=entry.canonical,
            )
        rec.compare_text(
            f"alias {alias}",
            f"alias `{alias}`",
            (before.text, entry.text),
            where + "/text",
        )


def diff_precedence(rec: Recorder) -> None:
    """Classify precedence lists by the winners they pick (lists flattened by `after`)."""
    matched = match(rec.old.precedence, rec.new.precedence, lambda p: p.id)
    for pid, i, _ in matched.removed():
        rec.removed(
            "PRECEDENCE_REMOVED",
            f"precedence {pid}",
            f"precedence list `{pid}` removed",
            "precedence",
            i,
        )
    for pid, j, entry, before in matched.current():
        where, subject = pointer("precedence", j), f"precedence {pid}"
        if before is None:
            rec.add(
                "PRECEDENCE_ADDED", subject, f"precedence list `{pid}` added", where
            )
            continue
        flat = (rec.old.flat_precedence[pid], rec.new.flat_precedence[pid])
        _diff_order(
            rec,
            pid,
            flat,
            where + ("/order" if before.after == entry.after else "/after"),
        )
        if before.scope != entry.scope:
            rec.add(
                "DOC_CONTRACT_CHANGED",
                subject,
                f"precedence `{pid}`: scope changed from {bq(before.scope)} to "
                f"{bq(entry.scope)}",
                f"{where}/scope",
                old=before.scope,
                new=entry.scope,
            )
        rec.compare_text(
            subject, f"precedence `{pid}`", (before.text, entry.text), where + "/text"
        )


def _diff_order(
    rec: Recorder, pid: str, orders: tuple[Sequence[str], Sequence[str]], where: str
) -> None:
    """Breaking when an input of known codes now gets another winner, else extended.

    `aggregate_reason_code` returns the first listed code present in its input. Inputs
    hold codes the baseline knows, so the winners stay the same exactly when the old
    list is a prefix of the new one restricted to those codes: codes appended, or codes
    that did not exist before inserted anywhere, are additive."""
    a, b = list(orders[0]), list(orders[1])
    known = rec.old.distinct_codes | set(a) | set(rec.old.canonical_codes)
    kept = [c for c in b if c in known]
    if kept[: len(a)] != a:
        rec.add(
            "PRECEDENCE_ORDER_CHANGED",
            f"precedence {pid}",
            f"precedence `{pid}` changed from {' > '.join(a)} to {' > '.join(b)}: "
            "existing inputs get another winner",
            where,
            old=a,
            new=b,
        )
    elif a != b:
        rec.add(
            "PRECEDENCE_EXTENDED",
            f"precedence {pid}",
            f"precedence `{pid}` extended with "
            + ", ".join(f"`{c}`" for c in b if c not in a),
            where,
            old=a,
            new=b,
        )


def diff_status_model(rec: Recorder) -> None:
    """Classify the status model key by key (mapping keys entry by entry)."""
    old, new = status_items(rec.old.status_model), status_items(rec.new.status_model)
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            for sub in sorted(set(a) | set(b)):
                if a.get(sub) != b.get(sub):
                    rec.add(
                        "STATUS_MODEL_CHANGED",
                        f"status_model {key}.{sub}",
                        f"status_model {key}.{sub} changed from {bq(a.get(sub))} to "
                        f"{bq(b.get(sub))}",
                        pointer("status_model", key, sub),
                        old=a.get(sub),
                        new=b.get(sub),
                    )
            continue
        rec.add(
            "STATUS_MODEL_CHANGED",
            f"status_model {key}",
            f"status_model {key} changed",
            pointer("status_model", key),
            old=a,
            new=b,
        )

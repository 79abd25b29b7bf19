"""The one registry of rule kinds: parameters, rule ids, runtime function, reference text.

The catalog checks (`catalog.check_rule`), the validator target (the call of each rule's
runtime function) and the reference page (the rule ids a user sees) all read RULE_KINDS.
Adding a rule kind = a runtime function in generator/runtime/ + one entry here (+ its
`rule` value in the meta-schema).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .runtime import STAGE_OUTCOME_RULE_IDS

# The operators of `compare`, as the reference page words them.
COMPARE_OPERATORS: Mapping[str, str] = {
    "eq": "equals",
    "ne": "differs from",
    "lt": "is less than",
    "le": "is at most",
    "gt": "is greater than",
    "ge": "is at least",
}

# Where one argument of a runtime call comes from:
#   document, out      the validator's document and violation list
#   text               the rule parameter `name` as a string literal
#   optional_text      the same, or None when the rule leaves it out
#   texts              the parameter (a list) as a tuple literal, () when absent
#   keyword_texts      `name=(...)`, passed only when the parameter is set
#   rule_id            the rule's id (its `id:`, else the kind's default id)
#   data               the catalog data `name` imported from _data.py
#   registry           the registry the parameter `name` names, from _data.py
#   spec               the whole rule (minus `rule:`) as a module constant
Source = Literal[
    "document",
    "out",
    "text",
    "optional_text",
    "texts",
    "keyword_texts",
    "rule_id",
    "data",
    "registry",
    "spec",
]


@dataclass(frozen=True)
class Argument:
    """One argument of a rule kind's runtime call."""

    source: Source
    name: str = ""


DOCUMENT = Argument("document")
OUT = Argument("out")
RULE_ID = Argument("rule_id")
SPEC = Argument("spec")

Rule = Mapping[str, Any]


@dataclass(frozen=True)
class RuleKind:
    """What a catalog's `rule: NAME` means, for every consumer."""

    name: str
    function: str  # the function of generator/runtime/ that applies it
    arguments: tuple[Argument, ...]
    required: tuple[str, ...]  # parameters besides `rule`, `id` and `message`
    optional: tuple[str, ...]
    describe: Callable[[Rule], str]  # one sentence for the reference page
    default_id: str | None = None  # None: the catalog must give `id`
    needs_message: bool = False
    # The runtime constant listing the ids the rule reports (instead of one id), and
    # the ids an optional parameter adds when it is set.
    id_list: str | None = None
    added_ids: tuple[tuple[str, str], ...] = ()
    # A catalog key the rule needs, and how to name it in the error.
    needs_key: str | None = None
    needs_text: str = ""
    predicates: bool = False  # holds `when`/`then` predicates with catalog references
    # The parameter naming the outcome list `catgen validate` derives a run status from.
    stage_list: str | None = None

    def allowed(self) -> frozenset[str]:
        """Return every key a rule of this kind may carry."""
        return frozenset({"rule", "id", "message", *self.required, *self.optional})

    def rule_id(self, rule: Rule) -> str:
        """Return the id the rule's violations carry (the first one for a rule list)."""
        return str(rule.get("id", self.default_id or self.name))

    def reported_ids(self, rule: Rule) -> tuple[str, ...]:
        """Return every rule id `catgen validate` can report for this rule."""
        ids = STAGE_OUTCOME_RULE_IDS if self.id_list else (self.rule_id(rule),)
        return ids + tuple(rule_id for key, rule_id in self.added_ids if rule.get(key))


def _code(pointer: str) -> str:
    return f"`{pointer or '/'}`"


def _describe_stage_outcomes(rule: Rule) -> str:
    text = (
        f"each outcome in {_code(rule['list'])} names a known stage, once and in "
        "canonical order, with a reason code the stage allows, and every stage after "
        "a fail-closed failure is skipped as blocked"
    )
    if rule.get("status_field"):
        text += f"; {_code(rule['status_field'])} is the run status the outcomes derive"
    return text + "."


def _describe_code_in_vocabulary(rule: Rule) -> str:
    return f"{_code(rule['field'])}, when present, is a code of this catalog."


def _describe_assert(rule: Rule) -> str:
    scope = f"each item of {_code(rule['for_each'])}" if rule.get("for_each") else ""
    return f"{scope}: {rule['message']}" if scope else f"{rule['message']}"


def _describe_ordered(rule: Rule) -> str:
    return (
        f"the items of {_code(rule['list'])} are in ascending order of "
        f"{_code(rule['key'])}."
    )


def _describe_registered_keys(rule: Rule) -> str:
    shapes = [f"starts with `{p}`" for p in rule.get("prefixes") or ()]
    shapes += [f"ends with `{s}`" for s in rule.get("suffixes") or ()]
    which = " that " + " or ".join(shapes) if shapes else ""
    return (
        f"every key of {_code(rule['object'])}{which} is a key of registry "
        f"`{rule['registry']}`."
    )


def _describe_compare(rule: Rule) -> str:
    scope = (
        f"in each item of {_code(rule['for_each'])}, " if rule.get("for_each") else ""
    )
    when = "when its condition holds, " if rule.get("when") else ""
    return (
        f"{scope}{when}{_code(rule['left'])} {COMPARE_OPERATORS[rule['op']]} "
        f"{_code(rule['right'])} (both present)."
    )


RULE_KINDS: Mapping[str, RuleKind] = {
    kind.name: kind
    for kind in (
        RuleKind(
            "stage_outcomes",
            "check_stage_outcomes",
            (
                DOCUMENT,
                Argument("text", "list"),
                Argument("data", "STAGE_MODEL"),
                OUT,
                Argument("optional_text", "status_field"),
            ),
            required=("list",),
            optional=("status_field",),
            describe=_describe_stage_outcomes,
            default_id="stage-outcomes",
            id_list="STAGE_OUTCOME_RULE_IDS",
            added_ids=(("status_field", "run-status-mismatch"),),
            needs_key="status_model",
            needs_text="a `status_model` and `scopes`",
            stage_list="list",
        ),
        RuleKind(
            "code_in_vocabulary",
            "check_code_in_vocabulary",
            (
                DOCUMENT,
                Argument("text", "field"),
                Argument("data", "CODES"),
                RULE_ID,
                OUT,
            ),
            required=("field",),
            optional=(),
            describe=_describe_code_in_vocabulary,
            default_id="unknown-code",
        ),
        RuleKind(
            "assert",
            "check_assert",
            (DOCUMENT, SPEC, Argument("data", "CODE_ATTRIBUTES"), OUT),
            required=("then",),
            optional=("for_each", "when", "pointer"),
            describe=_describe_assert,
            needs_message=True,
            predicates=True,
        ),
        RuleKind(
            "ordered",
            "check_ordered",
            (DOCUMENT, Argument("text", "list"), Argument("text", "key"), RULE_ID, OUT),
            required=("list", "key"),
            optional=(),
            describe=_describe_ordered,
        ),
        RuleKind(
            "registered_keys",
            "check_registered_keys",
            (
                DOCUMENT,
                Argument("text", "object"),
                Argument("registry", "registry"),
                Argument("texts", "prefixes"),
                RULE_ID,
                OUT,
                Argument("keyword_texts", "suffixes"),
            ),
            required=("object", "registry"),
            optional=("prefixes", "suffixes"),
            describe=_describe_registered_keys,
        ),
        RuleKind(
            "compare",
            "check_compare",
            (DOCUMENT, SPEC, Argument("data", "CODE_ATTRIBUTES"), OUT),
            required=("left", "op", "right"),
            optional=("for_each", "when", "pointer"),
            describe=_describe_compare,
            needs_message=True,
            predicates=True,
        ),
    )
}

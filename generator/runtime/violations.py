"""Violations and JSON pointers: what every check reports, and how it finds a value."""

from __future__ import annotations

from collections.abc import Mapping

# typing, dataclasses and inspect would triple the import cost of a validator; the
# annotations below are only read by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


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

"""One error hierarchy for catgen: every failure carries a location and an exit code."""

from __future__ import annotations

from dataclasses import dataclass

from .entry import github_data, github_property


class ExitCode:
    """Process exit codes, one per kind of failure."""

    OK = 0
    DRIFT = 1  # check: outputs differ from what the catalogs produce
    USAGE = 2  # click's own code for bad command-line usage
    CATALOG = 3  # a catalog (spec/*.catalog.yaml) is invalid
    DOCUMENT = 4  # a spec document's markers are broken or unreadable
    INPUT = (
        5  # validate/extract: an input file is missing, not a file, or not parseable
    )
    INVALID = 6  # validate: an artifact violates its contract
    POLICY = 7  # diff: a change violates a catalog's change-control policy
    BASELINE = 8  # diff: the baseline could not be read (unknown ref, bad path)
    GENERATION = 9  # an output could not be rendered or written


@dataclass(frozen=True)
class Location:
    """A position in a file, 1-based; line 0 means the whole file."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclass(frozen=True)
class Problem:
    """One located problem: what is wrong and how to fix it."""

    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class CatgenError(Exception):
    """Base error; `problems` are printed one per line, then the process exits."""

    exit_code = ExitCode.GENERATION

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CatalogError(CatgenError):
    exit_code = ExitCode.CATALOG


class DocumentError(CatgenError):
    exit_code = ExitCode.DOCUMENT


class InputError(CatgenError):
    exit_code = ExitCode.INPUT


class BaselineError(CatgenError):
    exit_code = ExitCode.BASELINE


class GenerationError(CatgenError):
    exit_code = ExitCode.GENERATION


def problem_json(problem: Problem) -> dict[str, object]:
    """Return one problem as the JSON object of a machine-readable error."""
    return {
        "file": problem.location.path,
        "line": problem.location.line or None,
        "column": (problem.location.column or 1) if problem.location.line else None,
        "message": problem.message,
        "hint": problem.hint or None,
    }


def error_json(exit_code: int, problems: list[Problem]) -> str:
    """Return `{"error": {"exit_code", "problems"}}`, the JSON of a failed command."""
    import json

    body = {"exit_code": exit_code, "problems": [problem_json(p) for p in problems]}
    return json.dumps({"error": body}, indent=2, ensure_ascii=False) + "\n"


def github_annotation(
    kind: str, location: Location, message: str, title: str = ""
) -> str:
    """Return `::kind file=..,line=..,col=..::message`, one GitHub annotation line."""
    properties = [f"file={github_property(location.path)}"] if location.path else []
    if location.line > 0:
        properties.append(f"line={location.line}")
        properties.append(f"col={location.column or 1}")
    if title:
        properties.append(f"title={github_property(title)}")
    return f"::{kind} {','.join(properties)}::{github_data(message)}"


def error_github(problems: list[Problem]) -> str:
    """Return one `::error file=..,line=..,col=..::message — hint` line per problem."""
    lines = [
        github_annotation(
            "error", p.location, f"{p.message} — {p.hint}" if p.hint else p.message
        )
        for p in problems
    ]
    return "".join(line + "\n" for line in lines)

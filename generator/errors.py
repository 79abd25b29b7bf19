"""One error hierarchy for catgen: every failure carries a location and an exit code."""

from __future__ import annotations

from dataclasses import dataclass


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

"""Small text helpers (operate on single cells / inline texts only)."""

from __future__ import annotations

import re

LOWER_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
SCREAMING_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
CODE_TOKEN = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$")
BACKTICKED = re.compile(r"`([^`]+)`")
SCOPE_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")
LINE_SPLIT = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it numbers them (\\r\\n, \\r and \\n all end a line)."""
    return LINE_SPLIT.split(text)


def one_line(text: str) -> str:
    """Join the soft line breaks of an inline text with single spaces."""
    return " ".join(part.strip() for part in text.split("\n"))


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return s.strip("-")


def snake(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", text.lower())
    return s.strip("_")


def pascal(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words)


def strip_parenthetical(text: str) -> str:
    """'Runner stage (`runner`)' -> 'Runner stage'."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()


def unbacktick(text: str) -> str:
    m = re.fullmatch(r"`([^`]*)`", text)
    return m.group(1) if m else text


def is_backticked(text: str) -> bool:
    return re.fullmatch(r"`[^`]+`", text) is not None


def parse_scalar(value: str) -> bool | int | str:
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    return value

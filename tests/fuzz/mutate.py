"""Deterministic mutations of catgen's inputs: bytes, lines, Unicode, numbers, nesting,
types. Every mutator takes a `random.Random` seeded from the case's name, so a case is
rebuilt byte for byte from its family and number alone."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import yaml

# What a hostile or careless author puts into a file: control characters, every line
# break Python or a YAML 1.1 reader splits on, quotes that close a docstring, table
# pipes, fences, catgen's own markers, invisible and combining characters.
HOSTILE = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\t",
    "\v",
    "\f",
    "\r",
    "\r\n",
    "\x1b[31m",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\ud7ff",
    "\U0001f600",
    "e\u0301",
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "|",
    "\\|",
    "`",
    "```",
    "^",
    "*",
    "&a",
    "*a",
    "!!int notanumber",
    "!!python/object:os.system",
    "{{ x }}",
    "{% raw %}",
    "${x}",
    "%",
    "#",
    ": ",
    "- ",
    "---",
    "...",
    "<!-- catgen:begin table=x -->",
    "<!-- catgen:end table=x -->",
    "<!-- catgen:begin -->",
    "<!-- catgen:bgin table=x -->",
    "<!-- catgen:",
    "-->",
    "../../",
    "/etc/passwd",
    "NaN",
    "Infinity",
    "-0",
    "1e999",
    "9" * 400,
    "null",
    "~",
    "yes",
    "No",
    "010",
    "1:30",
    "class",
    "__init__",
    "x" * 300,
]


def pick_hostile(rng: random.Random) -> str:
    """Return one hostile fragment, sometimes two glued together."""
    text = rng.choice(HOSTILE)
    if rng.random() < 0.2:
        text += rng.choice(HOSTILE)
    return text


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def flip_bytes(text: str, rng: random.Random) -> str | bytes:
    """Overwrite one to four bytes with random ones (may leave invalid UTF-8)."""
    data = bytearray(text.encode("utf-8", "surrogateescape"))
    if not data:
        return bytes([rng.randrange(256)])
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def truncate(text: str, rng: random.Random) -> str:
    """Cut the text at a random point."""
    return text[: rng.randrange(len(text) + 1)]


def duplicate_line(text: str, rng: random.Random) -> str:
    """Repeat one line once or a few times."""
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.choice([1, 1, 2, 5])
    return "".join(lines)


def remove_lines(text: str, rng: random.Random) -> str:
    """Drop one line or a short run of lines."""
    lines = _lines(text)
    i = rng.randrange(len(lines))
    del lines[i : i + rng.choice([1, 1, 2, 4])]
    return "".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    """Exchange two lines."""
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def insert_hostile(text: str, rng: random.Random) -> str:
    """Insert a hostile fragment at a random offset."""
    at = rng.randrange(len(text) + 1)
    return text[:at] + pick_hostile(rng) + text[at:]


def hostile_in_value(text: str, rng: random.Random) -> str:
    """Put a hostile fragment inside a line's value: after a `: `, a `| ` or a backtick."""
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if any(s in line for s in SPOTS)]
    if not candidates:
        return insert_hostile(text, rng)
    i = rng.choice(candidates)
    line = lines[i]
    spot = rng.choice([s for s in SPOTS if s in line])
    at = line.index(spot) + len(spot)
    lines[i] = line[:at] + pick_hostile(rng) + line[at:]
    return "".join(lines)


SPOTS = (": ", "| ", "`", "- ")


def huge_number(text: str, rng: random.Random) -> str:
    """Replace a run of digits with a 5,000-digit or otherwise extreme number."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return insert_hostile(text, rng)
    at = rng.choice(digits)
    end = at
    while end < len(text) and text[end].isdigit():
        end += 1
    big = rng.choice(["9" * 5000, "-" + "1" * 700, "1e999", "0x1F", "1_000", "00"])
    return text[:at] + big + text[end:]


def deep_nesting(text: str, rng: random.Random) -> str:
    """Insert a deeply nested flow collection (YAML/JSON) or list (Markdown) at a line."""
    depth = rng.choice([100, 990, 1200, 5000])
    lines = _lines(text)
    i = rng.randrange(len(lines))
    kind = rng.choice(["[", "{", ">", "-"])
    if kind == "[":
        nested = "[" * depth + "]" * depth
    elif kind == "{":
        nested = '{"a":' * depth + "1" + "}" * depth
    elif kind == ">":
        nested = ">" * depth + " quote"
    else:
        nested = "".join("  " * d + "- item\n" for d in range(min(depth, 400)))
    lines.insert(i, nested + "\n")
    return "".join(lines)


def long_line(text: str, rng: random.Random) -> str:
    """Insert a 100 KB run of one character (or a long table row) at a random offset."""
    at = rng.randrange(len(text) + 1)
    filler = rng.choice(["x" * 100_000, "| a " * 5_000 + "|\n", "é" * 50_000])
    return text[:at] + filler + text[at:]


Mutator = Callable[[str, random.Random], str | bytes]

TEXT_MUTATORS: list[Mutator] = [
    flip_bytes,
    truncate,
    duplicate_line,
    remove_lines,
    swap_lines,
    insert_hostile,
    hostile_in_value,
    hostile_in_value,
    huge_number,
    deep_nesting,
    long_line,
]

# Values put where the schema expects something else.
SWAPS: list[Any] = [
    None,
    [],
    {},
    [None],
    {"a": 1},
    "",
    0,
    -1,
    True,
    1.5,
    10**5000,
    "x" * 300,
    '"""',
    "a\u2028b",
    "a\x00b",
    "a\rb",
    "a|b",
    "<!-- catgen:end table=x -->",
    "../../escape",
    "class",
]


def _containers(data: Any) -> list[tuple[Any, ...]]:
    """Return the path of every dict key and list index in data, each shared object
    (a YAML alias) walked once and at most MAX_PATHS paths: aliases nest exponentially.
    """
    found: list[tuple[Any, ...]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack and len(found) < MAX_PATHS:
        value, path = stack.pop()
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            found.append((*path, key))
            stack.append((child, (*path, key)))
    return found


MAX_PATHS = 5_000


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _poison(value: Any, rng: random.Random) -> Any:
    """Return a value of the same type with hostile content (a string gains a hostile
    fragment, a number becomes an extreme one); containers are wrapped."""
    if isinstance(value, bool) or value is None:
        return rng.choice(SWAPS)
    if isinstance(value, int | float):
        return rng.choice([10**5000, -(10**30), 2**63, 0, -1, 1e308, 0.1])
    if isinstance(value, str):
        at = rng.randrange(len(value) + 1)
        return value[:at] + pick_hostile(rng) + value[at:]
    return [value] if rng.random() < 0.5 else {"x": value}


def mutate_tree(data: Any, rng: random.Random) -> Any:
    """Swap a value's type, drop or duplicate a key or item, or rename a key."""
    paths = _containers(data)
    if not paths:
        return rng.choice(SWAPS)
    path = rng.choice(paths)
    parent, last = _parent(data, path), path[-1]
    action = rng.choice(["poison"] * 6 + ["swap"] * 3 + ["drop", "copy", "rename"])
    if action == "poison":  # same type, hostile content: reaches the renderers
        parent[last] = _poison(parent[last], rng)
    elif action == "swap":
        parent[last] = rng.choice(SWAPS)
    elif action == "drop":
        del parent[last]
    elif isinstance(parent, list):
        parent.insert(last, parent[last])
    elif action == "copy":
        parent[f"{last}_copy"] = parent[last]
    else:
        parent[pick_hostile(rng)] = parent.pop(last)
    return data


def mutate_yaml(text: str, rng: random.Random) -> str | bytes:
    """Load YAML, change its tree, and write it back (text mutation if it will not load)."""
    try:
        data = yaml.safe_load(text)
    except Exception:  # noqa: BLE001 - PyYAML raises more than YAMLError (bad !!int)
        return rng.choice(TEXT_MUTATORS)(text, rng)
    data = mutate_tree(data, rng)
    try:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)
    except Exception:  # noqa: BLE001 - whatever the dumper refuses, keep the input
        return text


def mutate_json(text: str, rng: random.Random) -> str | bytes:
    """Load JSON, change its tree, and write it back (text mutation if it will not load)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return rng.choice(TEXT_MUTATORS)(text, rng)
    data = mutate_tree(data, rng)
    try:
        if rng.random() < 0.1:  # a JSON text with a repeated key or a NaN
            return json.dumps(data)[:-1] + ', "a": 1, "a": NaN}'
        return json.dumps(data, ensure_ascii=rng.random() < 0.5)
    except (ValueError, RecursionError):  # a 5,000-digit integer the dumper refuses
        return text


YAML_EXTRAS = [
    "\nnotes: &n [*n]\n",
    "\nx: !!int notanumber\n",
    "\nx: !!python/object/apply:os.system ['true']\n",
    "\n<<: {id: other}\n",
    "\nid: dup\nid: dup\n",
]


def append_yaml_trap(text: str, rng: random.Random) -> str:
    """Append a recursive alias, a bad explicit tag, a code-running tag or a duplicate."""
    return text + rng.choice(YAML_EXTRAS)


def mutate(
    text: str, rng: random.Random, extra: list[Mutator]
) -> tuple[str | bytes, list[str]]:
    """Apply one to three mutations (text ones plus the family's `extra`); return the
    result and the mutators' names."""
    names: list[str] = []
    current: str | bytes = text
    pool = TEXT_MUTATORS + extra
    for _ in range(rng.choice([1, 1, 2, 3])):
        if isinstance(current, bytes):
            break  # invalid UTF-8 already: keep the damage as it is
        mutator = rng.choice(pool)
        current = mutator(current, rng)
        names.append(mutator.__name__)
    return current, names


# The structured mutators weigh as much as all text ones together for YAML and JSON.
YAML_MUTATORS: list[Mutator] = [mutate_yaml] * 10 + [append_yaml_trap] * 2
JSON_MUTATORS: list[Mutator] = [mutate_json] * 12

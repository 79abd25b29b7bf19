"""Acceptance property: any GFM table in a style catgen knows survives adoption.

A random table (aligned with extra padding or compact, separator with or without
spaces, alignment colons, with or without outer pipes, one/two-letter headers, Yes/No
cells, inside a list item or not) in a small non-seed document -> `catgen extract
--mark` -> `catgen generate` -> the document is the original plus two marker lines, and
`catgen check` exits 0. The tables here are drawn by a renderer written from the style
rules, not by the engine under test.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import run_cli

LOWER = st.from_regex(r"[a-z]{2,6}(_[a-z0-9]{1,4}){1,2}", fullmatch=True)
SCREAMING = st.from_regex(r"[A-Z]{2,6}(_[A-Z0-9]{1,4}){1,2}", fullmatch=True)
WORD = st.from_regex(r"[A-Za-z][a-z0-9]{0,7}", fullmatch=True)
CELL = st.one_of(
    st.sampled_from(["Yes", "No", "yes", "no", "1", "42", "n/a", "a \\| b"]),
    st.lists(WORD, min_size=1, max_size=4).map(" ".join),
)
HEADER = st.sampled_from(["Nr", "A", "Id", "Ok", "Note", "Kind", "Owner", "Yes"])
ALIGN = st.sampled_from([None, None, "left", "right", "center"])
SEPARATOR_LEAST = {None: 1, "left": 2, "right": 2, "center": 3}


@st.composite
def tables(draw: Any) -> dict[str, Any]:
    """Draw a table: cells (pipes escaped) and every style choice."""
    codes = draw(
        st.lists(
            draw(st.sampled_from([LOWER, SCREAMING])),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    extra = draw(st.lists(HEADER, min_size=1, max_size=3, unique=True))
    headers = [draw(st.sampled_from(["Code", "Reason code"])), *extra]
    if draw(st.booleans()):
        headers.append("Description")
    backticks = draw(st.booleans())
    rows = [
        [f"`{code}`" if backticks else code] + [draw(CELL) for _ in headers[1:]]
        for code in codes
    ]
    return {
        "grid": [headers, *rows],
        "aligned": draw(st.booleans()),
        "padding": [draw(st.integers(0, 2)) for _ in headers],
        "spaces": draw(st.booleans()),
        "outer": draw(st.booleans()),
        "align": [draw(ALIGN) for _ in headers],
        "compact_widths": [draw(st.integers(0, 4)) for _ in headers],
        "in_list": draw(st.booleans()),
    }


def separator_cell(width: int, align: str | None) -> str:
    left = ":" if align in ("left", "center") else ""
    right = ":" if align in ("right", "center") else ""
    return left + "-" * (width - len(left) - len(right)) + right


def frame(cells: list[str], outer: bool, joint: str = " | ") -> str:
    line = joint.join(cells)
    if outer:
        space = " " if joint == " | " else ""
        return f"|{space}{line}{space}|"
    return line.rstrip()


def draw_table(t: dict[str, Any]) -> list[str]:
    """Lay the table out as a Markdown author following its style would."""
    grid, count = t["grid"], len(t["grid"][0])
    pads = [0] * count if t["spaces"] else [2] * count
    if not t["outer"] and not t["spaces"]:
        pads[0], pads[-1] = pads[0] - 1, pads[-1] - 1
    if t["aligned"]:
        widths = [
            max(len(row[i]) for row in grid) + t["padding"][i] for i in range(count)
        ]
        widths = [
            max(w, SEPARATOR_LEAST[a] - p) for w, a, p in zip(widths, t["align"], pads)
        ]
        grid = [[c.ljust(w) for c, w in zip(row, widths)] for row in grid]
        dashes = [w + p for w, p in zip(widths, pads)]
    else:
        dashes = [
            SEPARATOR_LEAST[a] + n for a, n in zip(t["align"], t["compact_widths"])
        ]
        if not t["outer"]:
            # `- | -` would open a bullet list inside a list item: not a table at all
            dashes[0] = max(dashes[0], 3)
    separator = [separator_cell(w, a) for w, a in zip(dashes, t["align"])]
    lines = [frame(row, t["outer"]) for row in grid]
    joint = " | " if t["spaces"] else "|"
    lines.insert(1, frame(separator, t["outer"], joint))
    return lines


def document(t: dict[str, Any]) -> str:
    lines = draw_table(t)
    if t["in_list"]:
        block = ["- The loader reports these:", ""] + [f"  {line}" for line in lines]
        block += ["- Nothing else is reported."]
    else:
        block = lines
    return "\n".join(
        ["# Loader field notes", "", "Codes seen in the field.", "", "## Codes", ""]
        + block
        + ["", "Written by hand.", ""]
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_extract_mark_generate_keeps_the_document(table: dict[str, Any]) -> None:
    original = document(table)
    with TemporaryDirectory() as tmp:
        root = Path(tmp)
        doc = root / "spec" / "docs" / "notes.md"
        doc.parent.mkdir(parents=True)
        doc.write_text(original, encoding="utf-8", newline="")
        extract = run_cli("extract", "--root", tmp, str(doc), "--mark")
        assert extract.exit_code == 0, extract.output
        marked = doc.read_bytes().decode("utf-8")
        generate = run_cli("generate", "--root", tmp)
        assert generate.exit_code == 0, generate.output
        after = doc.read_bytes().decode("utf-8")
        assert after == marked
        kept = [
            line
            for line in after.split("\n")
            if not line.lstrip().startswith("<!-- catgen:")
        ]
        assert "\n".join(kept) == original
        assert len(after.split("\n")) == len(original.split("\n")) + 2
        check = run_cli("check", "--root", tmp)
        assert (check.exit_code, check.stdout) == (
            0,
            "catgen check: outputs match the catalogs\n",
        )

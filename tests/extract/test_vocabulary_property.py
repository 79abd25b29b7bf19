"""Property: a table of any vocabulary headers and cells either extracts to a catalog
that `generate` and `check` accept (the document unchanged but for marker lines), or
is refused with located errors; never a half model, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import run_cli

HEADERS = st.sampled_from(
    [
        "Code",
        "Reason",
        "Name",
        "ID",
        "Status",
        "Error code",
        "Severity",
        "Retryable",
        "Replayable",
        "Action",
        "Meaning",
        "Description",
        "Situation",
        "Owner",
    ]
)
CELLS = st.sampled_from(
    [
        "`disk_full`",
        "`quota_spent`",
        "disk_full",
        "TIMEOUT",
        "retry",
        "drop",
        "Yes",
        "No",
        "Y",
        "N",
        "✓",
        "✗",
        "3",
        "-1",
        "The file is too big.",
        "warning",
    ]
)


DEFINITIONS = st.sampled_from(
    ["", "- **retry** — try again\n- **drop** — give up\n- **warning**: a warning\n"]
)


@st.composite
def table(draw: st.DrawFn) -> str:
    headers = draw(st.lists(HEADERS, min_size=1, max_size=4, unique=True))
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=len(headers), max_size=len(headers)),
            min_size=1,
            max_size=4,
        )
    )
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


@st.composite
def documents(draw: st.DrawFn) -> str:
    tables = draw(st.lists(table(), min_size=1, max_size=2))
    return (
        "# Property\n\nSome prose.\n\n"
        + "\n".join([*tables, draw(DEFINITIONS)]).rstrip("\n")
        + "\n"
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(documents())
def test_extract_exit_0_means_generate_and_check_exit_0(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.catgen]\n", encoding="utf-8")
        doc = root / "spec" / "p.md"
        doc.parent.mkdir()
        doc.write_text(text, encoding="utf-8")
        extracted = run_cli("extract", "--root", folder, str(doc), "--mark")
        if extracted.exit_code != 0:
            assert extracted.exit_code == 4, extracted.output  # document errors
            assert extracted.stderr.startswith("error: spec/p.md:")
            return
        assert run_cli("generate", "--root", folder).exit_code == 0
        marked = doc.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = "".join(line for line in marked if not line.startswith("<!-- catgen:"))
        if "regenerating the table writes" not in extracted.stderr:  # said so
            assert kept == text
        assert run_cli("check", "--root", folder).exit_code == 0

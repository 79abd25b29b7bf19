"""What the extractor makes of a table's header (reading and layout: markdown.tables)."""

from __future__ import annotations

import re

# Header synonyms -> catalog field.  Keys are normalised header texts.
HEADER_FIELDS = {
    "reason_code": "code",
    "code": "code",
    "error_code": "code",
    "severity": "severity",
    "recovery_class": "recovery_class",
    "description": "description",
    "meaning": "meaning",
    "trigger": "trigger",
    "action": "action",
    "run_status": "run_status",
    "exit_code": "exit_code",
}


def normalise_header(text: str) -> str:
    """Return a header's text lowercased and snake-cased, backticks dropped."""
    text = text.strip().strip("`").strip()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")

"""The syntax of catgen's table markers, shared by every reader and writer of them.

Standard library only: `generator.manifest` uses it on the hot path of `catgen check`.
"""

from __future__ import annotations

TABLE_ID = r"[a-z0-9][a-z0-9_.-]*"


def begin_marker(table_id: str) -> str:
    return f"<!-- catgen:begin table={table_id} -->"


def end_marker(table_id: str) -> str:
    return f"<!-- catgen:end table={table_id} -->"

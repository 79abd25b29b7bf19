"""catgen extractor: Markdown ADR -> catalog data, plus table markers."""

from ..markdown.markers import mark_document, unmark_document
from .core import extract_document
from .model import Extraction, Finding, TableSpan

__all__ = [
    "extract_document",
    "mark_document",
    "unmark_document",
    "Extraction",
    "Finding",
    "TableSpan",
]

"""catgen: failure-taxonomy catalogs in, enums, schemas, tables and validators out."""

__version__ = "0.1.0"

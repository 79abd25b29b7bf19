"""catgen: failure-taxonomy catalogs in, enums, schemas, tables and validators out."""

import os

__version__ = "0.1.0"

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# A wheel carries the templates inside the package; a checkout has them beside it.
TEMPLATES_DIR = os.path.join(PACKAGE_DIR, "templates")
if not os.path.isdir(TEMPLATES_DIR):
    TEMPLATES_DIR = os.path.join(os.path.dirname(PACKAGE_DIR), "templates")

"""archive: a searchable archive of German news articles.

The package imports nothing heavy at the top level (no bs4, no whoosh), so that `archive search`
starts fast; see docs/architecture.md for the flow and who may import what.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

"""archive: a searchable archive of German news articles.

The package imports nothing heavy at the top level (no bs4, no whoosh), so that `archive search`
starts fast; see docs/architecture.md for the flow and who may import what. It does not import
`logging` either: no module of the archive logs, and `logging` (with the `traceback`,
`textwrap` and `string` modules it loads) cost every command's start ~5–10 ms of CPU.
"""

from __future__ import annotations

__version__ = "0.1.0"

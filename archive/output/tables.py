"""Tables of the researcher's data (tags, saved queries, notes) in every output format.

The same rows go out as text for people, one versioned JSON document (`format`
"archive-<kind>", `format_version`, and the rows under `<kind>`, like the search JSON), JSON
Lines (one row per line) or CSV (a header, then the rows; lists joined with "; ", objects as
JSON). Machine formats are inert unless `raw`, text always is (see archive/output/machine.py).
"""

from __future__ import annotations

from typing import Sequence

from archive.output.machine import _csv_text, _flatten, dumps
from archive.output.safe import one_line

TABLE_FORMAT_VERSION = 1
FORMATS = ("text", "json", "jsonl", "csv")


def render_table(kind: str, columns: tuple[str, ...], rows: Sequence[dict[str, object]],
                 output_format: str, raw: bool = False, empty: str = "") -> str:
    """The rows (dicts with `columns` as keys) in `output_format`; `empty` is the text shown
    when there is no row."""
    if output_format == "json":
        return dumps({"format": f"archive-{kind}", "format_version": TABLE_FORMAT_VERSION,
                      kind: list(rows)}, raw, indent=2)
    if output_format == "jsonl":
        return "\n".join(dumps(row, raw) for row in rows)
    if output_format == "csv":
        return _csv_text(columns, (_flatten(row, columns) for row in rows), raw)
    if not rows:
        return empty
    return text_table(columns, rows)


def text_table(columns: tuple[str, ...], rows: Sequence[dict[str, object]]) -> str:
    """Aligned columns for a terminal, each cell inert and on one line; the last column is not
    padded (it is often long text)."""
    cells = [[_text_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[index]) for line in cells))
              for index, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(width) for column, width in zip(columns, widths)).rstrip()]
    for line in cells:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    return "\n".join(lines)


def _text_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return one_line(", ".join(str(item) for item in value))
    if isinstance(value, dict):
        return one_line(dumps(value))
    return one_line(str(value))

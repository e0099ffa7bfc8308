"""Turn the benchmark's results into the tables of docs/performance.md.

Only the part between the BEGIN/END markers is generated; text around it (the analysis) is kept
when the file is rewritten.
"""

from __future__ import annotations

import math

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

BEGIN = "<!-- bench/run.py: generated figures begin -->"
END = "<!-- bench/run.py: generated figures end -->"
TARGET_SIZE = 100_000
ENGINES = {"archive": "archive", "whoosh": "naive Whoosh", "fts5": "SQLite FTS5"}


def machine() -> dict[str, object]:
    """What the figures were measured on (no paths, no host names)."""
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
            "whoosh": version("whoosh-reloaded"), "sqlite": sqlite3.sqlite_version,
            "pystemmer": version("PyStemmer")}


# ---------------------------------------------------------------- formatting


def ms(value: float | None) -> str:
    """Milliseconds, rounded to what is meaningful."""
    if value is None or value != value:
        return "–"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def mb(value: float | None) -> str:
    """Megabytes."""
    return "–" if value is None else f"{value:,.0f} MB"


def versus(archive: float | None, baseline: float | None, lower_is_better: bool = True) -> str:
    """How the archive compares: "3.1× slower", "2.0× faster" (or less/more for memory)."""
    if not archive or not baseline:
        return "–"
    better = archive < baseline if lower_is_better else archive > baseline
    factor = max(archive, baseline) / min(archive, baseline)
    return f"{factor:.1f}× {'better' if better else 'worse'}"


def size_label(size: int | str) -> str:
    """10000 -> 10k."""
    size = int(size)
    return f"{size // 1000}k" if size % 1000 == 0 and size >= 1000 else str(size)


def status(value: float | None, limit: float, measured_at: int, lower: bool = True) -> str:
    """met / missed (by how much); says so when the target size was not measured."""
    if value is None:
        return "not measured"
    ok = value <= limit if lower else value >= limit
    text = "met" if ok else f"missed ({value / limit:.1f}× the limit)" if lower \
        else f"missed ({value / limit:.2f}× of the target)"
    if measured_at != TARGET_SIZE:
        text += f" at {size_label(measured_at)}; 100k not measured"
    return text


# ---------------------------------------------------------------- the figures table


def _largest(results: dict) -> tuple[int, dict]:
    sizes = results["sizes"]
    key = max(sizes, key=int)
    return int(key), sizes[key]


def _row(figure: str, target: str, size: str, archive: str, whoosh: str, fts: str,
         verdict: str) -> str:
    return f"| {figure} | {target} | {size} | {archive} | {whoosh} | {fts} | {verdict} |"


def figures_table(results: dict) -> str:
    """One row per figure the issue asks for: target, measured value, ratios, met/missed."""
    rows = ["| Figure | Target | Size | archive | vs naive Whoosh | vs SQLite FTS5 | Status |",
            "|---|---|---|---|---|---|---|"]
    rows += _import_rows(results)
    for size, entry in sorted(results["sizes"].items(), key=lambda item: int(item[0])):
        rows += _size_rows(int(size), entry)
    largest, entry = _largest(results)
    rows += _verdict_rows(results, largest, entry)
    return "\n".join(rows)


def _import_rows(results: dict) -> list[str]:
    imp = results["import"]
    arch, wh, ft = imp["archive"], imp["whoosh"], imp["fts5"]
    size = size_label(results["docs"])
    ratio = arch["docs_per_s"] / wh["docs_per_s"]
    rows = [
        _row("Import, articles/s (read → parse → store → index)", "≥ 1× naive Whoosh", size,
             f"{arch['docs_per_s']:.1f}/s", f"{wh['docs_per_s']:.1f}/s ({ratio:.2f}×)",
             f"{ft['docs_per_s']:,.0f}/s ({arch['docs_per_s'] / ft['docs_per_s']:.3f}×)",
             "met" if ratio >= 1 else f"missed ({ratio:.2f}× instead of ≥ 1×)"),
        _row("Import, MB/s of article text", "", size, f"{arch['mb_per_s']:.2f}",
             f"{wh['mb_per_s']:.2f}", f"{ft['mb_per_s']:.1f}", ""),
        _row("Import, peak memory of the process", "≤ 500 MB at 100k", size,
             mb(arch["peak_mb"]) + _tree(arch.get("tree_peak_mb")),
             f"{mb(wh['process_peak_mb'])} ({versus(arch['peak_mb'], wh['process_peak_mb'])})",
             f"{mb(ft['process_peak_mb'])} ({versus(arch['peak_mb'], ft['process_peak_mb'])})",
             status(arch["peak_mb"], 500, results["docs"])),
    ]
    return rows


def _tree(peak: float | None) -> str:
    """The process tree's peak (the importer and its workers summed), where measured."""
    return "" if peak is None or math.isnan(peak) else f" (tree {mb(peak)})"


def _size_rows(size: int, entry: dict) -> list[str]:
    label = size_label(size)
    rows = []
    if "grow" in entry:
        grow = entry["grow"]
        cells = []
        for engine in ("whoosh", "fts5"):
            build = entry.get(f"build_{engine}")
            cells.append("–" if not build else
                         f"{build['docs'] / build['seconds']:,.1f}/s, peak"
                         f" {mb(build['process_peak_mb'])} (full build of {label};"
                         f" rate {grow['docs_per_s'] / (build['docs'] / build['seconds']):.3f}×)")
        rows.append(_row(f"Import growing the archive to {label} (`archive import` of"
                         f" {grow['added']:,} more, in chunks of ≤ {_chunk(grow)})",
                         "≤ 500 MB at 100k", label,
                         f"{grow['docs_per_s']:.1f}/s, peak {mb(grow['peak_mb'])}"
                         f"{_tree(grow.get('tree_peak_mb'))}",
                         cells[0], cells[1], status(grow["peak_mb"], 500, size)))
    warm = {engine: entry.get(f"warm_{engine}") for engine in ENGINES}
    cold = {engine: entry.get(f"cold_{engine}") for engine in ENGINES}
    inc = {engine: entry.get(f"incremental_{engine}") for engine in ENGINES}
    rows.append(_compare("Warm search, top 10 with snippets, median",
                         "≤ 15 ms at 100k, below naive Whoosh", label, warm, "top10", "median_ms",
                         _below(warm, "top10", "median_ms", 15, size)))
    rows.append(_compare("Warm search, top 10 with snippets, p95",
                         "≤ 50 ms at 100k, below naive Whoosh", label, warm, "top10", "p95_ms",
                         _below(warm, "top10", "p95_ms", 50, size)))
    rows.append(_compare_mb("Warm search process, peak memory", "≤ 300 MB at 100k", label, warm,
                            "process_peak_mb", status(warm["archive"]["process_peak_mb"], 300,
                                                      size)))
    rows.append(_compare("Cold search (new process), median", "≤ 200 ms at 100k, below naive"
                         " Whoosh", label, cold, None, "median_ms",
                         _below(cold, None, "median_ms", 200, size)))
    rows.append(_compare("Cold search (new process), p95", "", label, cold, None, "p95_ms"))
    rows.append(_compare_mb("Cold search process, peak memory", "≤ 300 MB at 100k", label, cold,
                            "peak_mb", status(cold["archive"]["peak_mb"], 300, size)))
    counts = warm["archive"]["broad_counts"]
    facet_label = f"Facets for '{warm['archive']['broad']}' ({counts['hits']:,} hits), warm"
    facet_ms = warm["archive"]["broad_facets"]["median_ms"]
    rows.append(_compare(facet_label, "≤ 100 ms over 86k hits", label, warm, "broad_facets",
                         "median_ms", status(facet_ms, 100, size)))
    exhaustive = entry.get("exhaustive_archive")
    if exhaustive:
        share = exhaustive["agreed"] / exhaustive["queries"]
        rows.append(_row("Top 10 equal to an exhaustive ranking (bench/exhaustive.py)",
                         "100 % of the queries", label,
                         f"{exhaustive['agreed']}/{exhaustive['queries']}", "", "",
                         "met" if share == 1 else f"missed ({share:.1%})"))
    cold_facets = entry["cold_facets_archive"]
    rows.append(_row("Facets, same query, as a new `archive search --facets`", "", label,
                     ms(cold_facets["median_ms"]), "", "", ""))
    rows.append(_compare("10 new articles, median (new process)", "≤ 1 s at 100k", label, inc,
                         None, "median_ms", status(inc["archive"]["median_ms"], 1000, size)))
    rows.append(_compare("10 new articles, max", "≤ 3 s at 100k", label, inc, None, "max_ms",
                         status(inc["archive"]["max_ms"], 3000, size)))
    return rows


def _below(values: dict, group: str | None, key: str, limit: float, size: int) -> str:
    """The status against a limit, and whether the archive is also below naive Whoosh."""
    verdict = status(_pick(values["archive"], group, key), limit, size)
    whoosh = _pick(values.get("whoosh"), group, key)
    if whoosh is not None and _pick(values["archive"], group, key) >= whoosh:
        verdict += "; not below naive Whoosh"
    return verdict


def _chunk(grow: dict) -> str:
    """The largest chunk, in files given to one `archive import` (every counted outcome)."""
    import re

    sizes = [sum(int(n.replace(",", "")) for n in re.findall(
        r"(\d[\d,]*) (?:added|updated|unchanged|failed)", item["summary"]))
        for item in grow["chunks"]]
    return f"{max(sizes):,}" if sizes else "0"


def _pick(values: dict | None, group: str | None, key: str) -> float | None:
    if values is None:
        return None
    return (values[group] if group else values)[key]


def _compare(figure: str, target: str, label: str, values: dict, group: str | None, key: str,
             verdict: str = "") -> str:
    arch = _pick(values["archive"], group, key)
    cells = []
    for engine in ("whoosh", "fts5"):
        base = _pick(values.get(engine), group, key)
        cells.append("–" if base is None else f"{ms(base)} ({versus(arch, base)})")
    return _row(figure, target, label, ms(arch), cells[0], cells[1], verdict)


def _compare_mb(figure: str, target: str, label: str, values: dict, key: str,
                verdict: str = "") -> str:
    arch = values["archive"][key]
    cells = []
    for engine in ("whoosh", "fts5"):
        base = values[engine][key] if values.get(engine) else None
        cells.append("–" if base is None else f"{mb(base)} ({versus(arch, base)})")
    return _row(figure, target, label, mb(arch), cells[0], cells[1], verdict)


def _verdict_rows(results: dict, largest: int, entry: dict) -> list[str]:
    sizes = sorted(results["sizes"], key=int)
    if len(sizes) < 2:
        return []
    first, last = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    a, b = first["incremental_archive"]["median_ms"], last["incremental_archive"]["median_ms"]
    growth = b / a
    return [_row("Incremental cost growth with archive size (median)", "must not grow",
                 f"{size_label(sizes[0])} → {size_label(sizes[-1])}", f"{growth:.2f}×", "", "",
                 "met" if growth <= 1.25 else f"missed (grows {growth:.1f}×)")]


# ---------------------------------------------------------------- detail tables and the page


def detail_tables(results: dict) -> str:
    """Per size and engine: every raw summary the figures table draws from."""
    lines = ["| Size | Engine | top-10 median / p95 / max | avg hits | warm open |"
             " broad word: top 10 / with facets (median) |"
             " cold median / p95 / peak | +10 median / max |",
             "|---|---|---|---:|---:|---:|---|---|"]
    for size, entry in sorted(results["sizes"].items(), key=lambda item: int(item[0])):
        for engine, name in ENGINES.items():
            warm, cold = entry.get(f"warm_{engine}"), entry.get(f"cold_{engine}")
            inc = entry.get(f"incremental_{engine}")
            if not warm:
                continue
            top = warm["top10"]
            lines.append(
                f"| {size_label(size)} | {name} | {ms(top['median_ms'])} / {ms(top['p95_ms'])} /"
                f" {ms(top['max_ms'])} | {warm['avg_hits']:,.0f} | {ms(warm['open_ms'])} |"
                f" {ms(warm['broad_top10']['median_ms'])} / {ms(warm['broad_facets']['median_ms'])} |"
                f" {ms(cold['median_ms'])} / {ms(cold['p95_ms'])} / {mb(cold['peak_mb'])} |"
                f" {ms(inc['median_ms'])} / {ms(inc['max_ms'])} |")
    return "\n".join(lines)


def build_table(results: dict) -> str:
    """Import/build figures: time, rate, index size, peak memory."""
    lines = ["| Engine | articles indexed | failed | seconds | articles/s | MB/s | index MB | peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for engine, name in ENGINES.items():
        item = results["import"][engine]
        peak = item.get("process_peak_mb", item.get("peak_mb"))
        lines.append(f"| {name} | {item['docs']:,} | {item.get('failed', 0)} | {item['seconds']:.1f} |"
                     f" {item['docs_per_s']:,.1f} | {item['mb_per_s']:.2f} |"
                     f" {item.get('index_mb', 0):,.0f} | {mb(peak)} |")
    return "\n".join(lines)


def profile_table(results: dict) -> str:
    """The cProfile buckets and the top functions, if a profile was taken."""
    profile = results.get("profile")
    if not profile:
        return "(no profile in this run)"
    lines = [f"Import of {profile['docs']:,} articles under cProfile: "
             f"{profile['profiled_seconds']:.1f} s.", "", "| Bucket | seconds | share |",
             "|---|---:|---:|"]
    for name, value in profile["buckets"].items():
        lines.append(f"| {name} | {value['seconds']:.2f} | {value['share']:.0%} |")
    lines += ["", "| Function (top by own time) | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    for row in profile["top"][:15]:
        lines.append(f"| `{row['function']}` | {row['calls']:,} | {row['own_s']:.2f} |"
                     f" {row['cumulative_s']:.2f} |")
    return "\n".join(lines)


def _load_line(results: dict) -> str | None:
    load = results.get("load")
    if not load:
        return None  # type: ignore[return-value]
    return (f"1-minute load average during the run: {load['min']:.1f}–{load['max']:.1f}"
            f" (median {load['median']:.1f}) on {results['machine']['cpus']} CPUs.  ")


def generated(results: dict) -> str:
    """The generated block of docs/performance.md."""
    m = results["machine"]
    return "\n".join(line for line in [
        BEGIN,
        f"Command: `{results['command']}`  ",
        f"Run: {results['started']} to {results['finished']}; {m['cpus']} CPUs, {m['system']},"
        f" Python {m['python']}, whoosh-reloaded {m['whoosh']}, SQLite {m['sqlite']},"
        f" PyStemmer {m['pystemmer']}.  ",
        f"Product code: commit {results.get('head', '?')} plus working-tree changes, sources"
        f" digest {results.get('code', '?')} (every process of the run imported this snapshot"
        f"{'' if results.get('code') == results.get('code_at_end') else '; the working tree changed during the run'}).  ",
        _load_line(results),
        f"Articles: {results['docs']:,} ({results['chars_per_article']:,.0f} characters each on"
        f" average); {results['queries']} queries; broad word '{results['broad']}' in"
        f" {results['broad_share']:.0%} of the articles.",
        "", "### Figures, targets and ratios", "",
        "Ratios read \"the archive is N× better/worse than the baseline\" for the same figure,"
        " measured side by side in this run.", "",
        figures_table(results), "", "### Import", "", build_table(results), "",
        "### Search, facets and incremental imports per archive size", "", detail_tables(results),
        "", "### Import profile", "", profile_table(results), END] if line is not None)


def render(results: dict, existing: Path | None = None) -> str:
    """docs/performance.md: the generated block inside the kept hand-written text."""
    block = generated(results)
    text = existing.read_text(encoding="utf-8") if existing and existing.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return "# Performance\n\n" + block + "\n"

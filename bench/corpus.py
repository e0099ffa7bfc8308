"""The benchmark corpus: read the JSON Lines file, pick and replicate articles, write them as
the archive's input files (text + sidecar), and draw queries from the corpus vocabulary.

Input records have `id`, `url`, `date`, `source` (outlet domain), `header` (headline) and
`article` (body). Reading them is the benchmark's job: the product imports files.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

SEED = 20240501
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Article:
    """One benchmark article in the form every engine receives."""

    id: str
    url: str
    date: str  # YYYY-MM-DD
    outlet: str
    title: str
    body: str

    @property
    def chars(self) -> int:
        """Characters of headline and body."""
        return len(self.title) + len(self.body)

    @property
    def text_bytes(self) -> int:
        """UTF-8 bytes of headline and body: the MB of MB/s."""
        return len(self.title.encode("utf-8")) + len(self.body.encode("utf-8"))


def read_corpus(path: Path) -> list[Article]:
    """Every usable record of a (gzipped) JSON Lines corpus, in file order."""
    opener = gzip.open if path.suffix == ".gz" else open
    articles = []
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            article = _from_record(json.loads(line))
            if article is not None:
                articles.append(article)
    return articles


def _from_record(record: dict) -> Article | None:
    date = str(record.get("date") or "")[:10]
    title = " ".join(str(record.get("header") or "").split())
    body = str(record.get("article") or "").strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or not title or len(body) < 200:
        return None
    return Article(str(record["id"]), str(record.get("url") or ""), date,
                   str(record.get("source") or ""), title, body)


def split(articles: Sequence[Article], docs: int, extra: int) -> tuple[list[Article], list[Article]]:
    """A seeded shuffle: the first `docs` articles for the archive, then `extra` fresh ones
    (for incremental imports), replicated under new ids if the corpus runs short."""
    shuffled = list(articles)
    random.Random(SEED).shuffle(shuffled)
    chosen = list(replicate(shuffled[:min(docs, len(shuffled))], docs))
    rest = shuffled[len(chosen):] if len(shuffled) > docs else []
    fresh = rest[:extra]
    if len(fresh) < extra:
        fresh += list(replicate(chosen, extra - len(fresh), start_copy=1000))
    return chosen, fresh


def replicate(base: Sequence[Article], total: int, start_copy: int = 0) -> Iterator[Article]:
    """`total` articles: the base set (copy 0), then copies of it under new ids and URLs."""
    for number in range(total):
        article = base[number % len(base)]
        copy = number // len(base) + start_copy
        yield article if copy == 0 else copy_of(article, copy)


def copy_of(article: Article, copy: int) -> Article:
    """The same text under a new id and a new URL (so the archive gives it a new id too)."""
    separator = "&" if "?" in article.url else "?"
    return Article(f"{article.id}~r{copy}", f"{article.url}{separator}benchcopy={copy}",
                   article.date, article.outlet, article.title, article.body)


def write_jsonl(articles: Iterable[Article], path: Path) -> Path:
    """The articles as JSON Lines for the baseline engines (which read and parse them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(asdict(article), ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: Path) -> Iterator[Article]:
    """Read back what `write_jsonl` wrote."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield Article(**json.loads(line))


def write_import_files(articles: Iterable[Article], folder: Path, per_folder: int = 1000) -> int:
    """Each article as `<n>.txt` (headline, blank line, paragraphs) plus `<n>.meta.json`
    (title, outlet, published, url), in subfolders of `per_folder` files. Returns the count."""
    count = 0
    for count, article in enumerate(articles, start=1):
        sub = folder / f"{(count - 1) // per_folder:04d}"
        if (count - 1) % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        stem = sub / f"{count:07d}"
        paragraphs = [line.strip() for line in article.body.split("\n") if line.strip()]
        stem.with_suffix(".txt").write_text(article.title + "\n\n" + "\n\n".join(paragraphs) + "\n",
                                            encoding="utf-8")
        sidecar = {"title": article.title, "outlet": article.outlet, "published": article.date,
                   "url": article.url}
        stem.with_name(stem.name + ".meta.json").write_text(json.dumps(sidecar, ensure_ascii=False),
                                                            encoding="utf-8")
    return count


def content_words(text: str, stop: frozenset[str]) -> list[str]:
    """Lower-case alphabetic words of at least 4 letters that are not stop words."""
    return [word for word in (match.group().lower() for match in _WORD.finditer(text))
            if len(word) >= 4 and word not in stop]


def german_stop_words() -> frozenset[str]:
    """Whoosh's German stop list together with the archive's (Snowball's), so that no drawn
    query consists of words the archive rejects as stop words only (e.g. "dass")."""
    from whoosh.lang import stopwords_for_language

    from archive.german.stopwords import GERMAN_STOP_WORDS

    return frozenset(stopwords_for_language("de")) | GERMAN_STOP_WORDS


def draw_queries(articles: Sequence[Article], count: int) -> list[str]:
    """`count` queries of 1-3 words each taken from one random article: half single words,
    40 % pairs, 10 % triples (seeded)."""
    rng = random.Random(SEED + 1)
    stop = german_stop_words()
    queries: list[str] = []
    sizes = [1] * (count // 2) + [2] * (count * 2 // 5)
    sizes += [3] * (count - len(sizes))
    for size in sizes:
        while True:
            words = sorted(set(content_words(rng.choice(articles).body, stop)))
            if len(words) >= size:
                queries.append(" ".join(rng.sample(words, size)))
                break
    return queries


def broad_word(articles: Sequence[Article]) -> tuple[str, int]:
    """The content word in most articles (title or body) and in how many it occurs."""
    stop = german_stop_words()
    frequency: Counter[str] = Counter()
    for article in articles:
        frequency.update(set(content_words(f"{article.title}\n{article.body}", stop)))
    word, documents = frequency.most_common(1)[0]
    return word, documents

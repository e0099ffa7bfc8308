"""The analysis caches' one eviction rule, in one place.

Per-word analysis is cached in plain dicts because news vocabulary is Zipfian: a few hundred
thousand distinct words cover almost every token. When a cache reaches its cap it is emptied
whole rather than evicted one entry at a time: an LRU would cost a bookkeeping step on every hit
(the hot path), while refilling after a rare clear costs only the few words seen again.
"""

from __future__ import annotations

from typing import TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


def remember(cache: dict[Key, Value], key: Key, value: Value, limit: int) -> Value:
    """Store `value` under `key`, emptying the cache first when it holds `limit` entries.

    >>> cache: dict[str, int] = {"a": 1}
    >>> remember(cache, "b", 2, limit=1), cache
    (2, {'b': 2})
    """
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value

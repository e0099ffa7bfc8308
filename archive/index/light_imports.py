"""Import Whoosh without the modules it loads but a search never uses.

`whoosh.compat` runs `from urllib.request import urlretrieve` (for a download helper the archive
never calls) and `whoosh.reading` imports the `cached-property` package, which imports
`asyncio` (for its asynchronous variant). Together they were about 60 ms of every new
`archive search` process, a fifth of its start. Here Whoosh is imported once with two small
stand-ins in their place, which are removed from `sys.modules` right afterwards, so any later
`import urllib.request` or `import asyncio` (by another command) loads the real modules:

- Whoosh's `urlretrieve` becomes a function that imports the real one when called;
- cached-property's `asyncio` becomes an object whose `iscoroutinefunction` answers as asyncio
  would (while asyncio is not loaded, no function carries its legacy coroutine marker, so the
  answer is `inspect.iscoroutinefunction`'s) and whose other attributes load the real asyncio;
- `whoosh.query.terms` imports `variations` from `whoosh.lang.morph_en` (English word forms for
  Whoosh's `Variations` query, which the archive never builds): its module compiles a table of
  regular expressions at import, 7–15 ms of a cold search. `whoosh.query` is therefore imported
  here too, with a stand-in `variations` that imports the real module when first called.

numpy is imported the same way (`import_numpy`): its `numpy._core._add_newdocs` and
`_add_newdocs_scalars` modules only attach docstrings (and text signatures for `help`) to
numpy's compiled functions and types, ~350 calls at import, 8–10 ms of a cold search
measured beside the real ones. They are replaced by empty stand-ins while numpy imports and
removed from `sys.modules` afterwards, so an explicit `import numpy._core._add_newdocs`
still attaches them. Nothing the archive does reads a numpy docstring.

Called by `archive/index/__init__.py`, before any module of the package imports Whoosh or
numpy.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    """urllib.request.urlretrieve, imported on first use."""
    return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)


def _variations(word: str) -> Any:
    """whoosh.lang.morph_en.variations, imported on first use."""
    return importlib.import_module("whoosh.lang.morph_en").variations(word)


class _LazyAsyncio:
    """What cached-property asks of asyncio, without importing it until it must."""

    @staticmethod
    def iscoroutinefunction(func: Any) -> bool:
        real = sys.modules.get("asyncio")  # the real one: the stand-in left sys.modules
        if real is not None:
            return bool(real.iscoroutinefunction(func))
        return inspect.iscoroutinefunction(func)

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("asyncio"), name)


def import_whoosh() -> None:
    """Import whoosh.compat, cached-property and whoosh.query with the stand-ins (once per
    process)."""
    if "whoosh.compat" in sys.modules:
        return
    placed: list[str] = []
    if "urllib.request" not in sys.modules:
        request = types.ModuleType("urllib.request")
        request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        sys.modules["urllib.request"] = request
        placed.append("urllib.request")
    if "asyncio" not in sys.modules:
        sys.modules["asyncio"] = types.ModuleType("asyncio")
        placed.append("asyncio")
    if "whoosh.lang.morph_en" not in sys.modules and "whoosh.query" not in sys.modules:
        morph_en = types.ModuleType("whoosh.lang.morph_en")
        morph_en.variations = _variations  # type: ignore[attr-defined]
        sys.modules["whoosh.lang.morph_en"] = morph_en
        placed.append("whoosh.lang.morph_en")
    try:
        importlib.import_module("whoosh.compat")
        try:
            cached_property = importlib.import_module("cached_property")
        except ImportError:  # pragma: no cover - a Whoosh without the dependency
            cached_property = None
        importlib.import_module("whoosh.query")
    finally:
        for name in placed:
            del sys.modules[name]
        urllib = sys.modules.get("urllib")
        if "urllib.request" in placed and urllib is not None \
                and getattr(urllib, "request", None) is not None \
                and getattr(urllib.request, "__file__", None) is None:
            del urllib.request
        lang = sys.modules.get("whoosh.lang")
        if "whoosh.lang.morph_en" in placed and lang is not None \
                and getattr(getattr(lang, "morph_en", None), "__file__", "") is None:
            del lang.morph_en
    if cached_property is not None and "asyncio" in placed:
        cached_property.asyncio = _LazyAsyncio()  # type: ignore[attr-defined]


# numpy modules that only attach documentation at import (see the module's docstring).
_NUMPY_DOC_MODULES = ("numpy._core._add_newdocs", "numpy._core._add_newdocs_scalars")


def import_numpy() -> None:
    """Import numpy without its documentation modules (once per process; a no-op when numpy
    is imported already)."""
    if "numpy" in sys.modules:
        return
    placed = [name for name in _NUMPY_DOC_MODULES if name not in sys.modules]
    for name in placed:
        sys.modules[name] = types.ModuleType(name)
    try:
        importlib.import_module("numpy")
    finally:
        for name in placed:
            del sys.modules[name]
        core = sys.modules.get("numpy._core")
        for name in placed:
            leaf = name.rpartition(".")[2]
            if core is not None and getattr(getattr(core, leaf, None), "__file__", "") is None:
                delattr(core, leaf)

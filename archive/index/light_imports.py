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

Two more stand-ins are placed only while a module is first imported, by a finder on
`sys.meta_path` (`install_import_hooks`), so that a process that never imports the module
(the analysis workers of `import --jobs`, which import `archive.index` but neither numpy nor
`whoosh.query`) does not load it early:

- while `whoosh.query` is first imported, `whoosh.lang.morph_en` is a stand-in whose
  `variations` (English word forms for Whoosh's `Variations` query, which the archive never
  builds) imports the real module when first called: the real one compiles a table of regular
  expressions at import, 7–15 ms of a cold search;
- while `numpy` is first imported, `numpy._core._add_newdocs` and `_add_newdocs_scalars` are
  empty: they only attach docstrings (and text signatures for `help`) to numpy's compiled
  functions and types, ~350 calls, 8–10 ms of a cold search measured beside the real ones.
  Nothing the archive does reads a numpy docstring, and an explicit
  `import numpy._core._add_newdocs` afterwards still attaches them.

Both stand-ins leave `sys.modules` when the import ends, as the first two do.

Called by `archive/index/__init__.py`, before any module of the package imports Whoosh or
numpy.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from typing import Any, Callable


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
    """Import whoosh.compat and cached-property with the stand-ins (once per process)."""
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
    try:
        importlib.import_module("whoosh.compat")
        try:
            cached_property = importlib.import_module("cached_property")
        except ImportError:  # pragma: no cover - a Whoosh without the dependency
            cached_property = None
    finally:
        for name in placed:
            del sys.modules[name]
        urllib = sys.modules.get("urllib")
        if "urllib.request" in placed and urllib is not None \
                and getattr(urllib, "request", None) is not None \
                and getattr(urllib.request, "__file__", None) is None:
            del urllib.request
    if cached_property is not None and "asyncio" in placed:
        cached_property.asyncio = _LazyAsyncio()  # type: ignore[attr-defined]


def _morph_en() -> dict[str, types.ModuleType]:
    module = types.ModuleType("whoosh.lang.morph_en")
    module.variations = _variations  # type: ignore[attr-defined]
    return {"whoosh.lang.morph_en": module}


def _numpy_docs() -> dict[str, types.ModuleType]:
    names = ("numpy._core._add_newdocs", "numpy._core._add_newdocs_scalars")
    return {name: types.ModuleType(name) for name in names}


# Module -> the stand-ins placed while it is first imported (see the module's docstring).
_DURING_IMPORT: dict[str, Callable[[], dict[str, types.ModuleType]]] = {
    "whoosh.query": _morph_en,
    "numpy": _numpy_docs,
}


class _StandInFinder:
    """A meta path finder that finds nothing itself: on the first import of a module of
    _DURING_IMPORT it asks the other finders for the module's spec and wraps the loader's
    `exec_module` so that the stand-ins are in `sys.modules` while the module runs, then gone
    (and gone from their packages' attributes). It leaves `sys.meta_path` when done."""

    def __init__(self) -> None:
        self.pending = dict(_DURING_IMPORT)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        """The spec of a pending module with the wrapped loader, else None (not found here)."""
        factory = self.pending.pop(name, None)
        if factory is None:
            return None
        if not self.pending and self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        real_exec = getattr(loader, "exec_module", None)
        if real_exec is None:
            return spec

        def exec_module(module: types.ModuleType) -> None:
            stand_ins = {key: value for key, value in factory().items()
                         if key not in sys.modules}
            sys.modules.update(stand_ins)
            try:
                real_exec(module)
            finally:
                for key, value in stand_ins.items():
                    if sys.modules.get(key) is value:
                        del sys.modules[key]
                    parent, _, leaf = key.rpartition(".")
                    if getattr(sys.modules.get(parent), leaf, None) is value:
                        delattr(sys.modules[parent], leaf)

        loader.exec_module = exec_module  # type: ignore[union-attr]
        return spec


def install_import_hooks() -> None:
    """Place the stand-ins of _DURING_IMPORT while those modules are first imported (once per
    process; modules imported already are left as they are)."""
    if any(isinstance(finder, _StandInFinder) for finder in sys.meta_path):
        return
    finder = _StandInFinder()
    for name in list(finder.pending):
        if name in sys.modules:
            del finder.pending[name]
    if finder.pending:
        sys.meta_path.insert(0, finder)

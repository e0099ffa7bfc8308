"""index"""

from archive.index.light_imports import import_numpy, import_whoosh

# Before any module of this package imports Whoosh or numpy (see archive/index/light_imports.py).
import_whoosh()
import_numpy()

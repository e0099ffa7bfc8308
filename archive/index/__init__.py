"""index"""

from archive.index.light_imports import import_whoosh

# Before any module of this package imports Whoosh (see archive/index/light_imports.py).
import_whoosh()

"""index"""

from archive.index.light_imports import import_whoosh, install_import_hooks

# Before any module of this package imports Whoosh or numpy (see archive/index/light_imports.py).
install_import_hooks()
import_whoosh()

"""The bytes of an archive's index segments, for tests that compare two indexes file by file."""

from __future__ import annotations

import re
from pathlib import Path

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

from archive.index.writer import live_generation
from archive.paths import ArchivePaths


def segment_files(home: Path) -> list[dict[str, bytes]]:
    """Each segment's files of the home's live index, the segment's random id masked, in a
    stable order (by document count, then content)."""
    generation = live_generation(ArchivePaths(home))
    assert generation is not None
    storage = FileStorage(str(generation), supports_mmap=False)
    segments = []
    for path in sorted(generation.glob("*.seg")):
        segid = re.fullmatch(r"MAIN_(\w+)\.seg", path.name).group(1)  # type: ignore[union-attr]
        compound = CompoundStorage(storage.open_file(path.name), use_mmap=False)
        segments.append({name.replace(segid, "ID"): compound.open_file(name).read()
                         .replace(segid.encode(), b"ID") for name in compound.list()})
    return sorted(segments, key=lambda files: (len(files.get("MAIN_ID._body_len.col", b"")),
                                               repr(sorted(files.items()))))

"""Is an index generation readable? Reads everything a search could read, so that damage on
disk (a flipped byte, a truncated or deleted segment file, a garbled table of contents) is found
by `archive check` instead of by a search that happens to touch it.

Also the guard of the reading paths (`reading`): an error raised while reading the index
becomes IndexDamagedError, naming `archive check --repair`, when damaged bytes explain it;
otherwise it is a bug and propagates unchanged.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from whoosh.filedb.filestore import FileStorage

from archive.errors import ArchiveError, IndexDamagedError

# What reading damaged bytes raises: zlib's checksum or stream errors, pickle's, a read past
# the end of a truncated file, a file that is gone, a garbled table of contents.
DECODING_ERRORS = (zlib.error, pickle.UnpicklingError, EOFError, struct.error,
                   FileNotFoundError, UnicodeDecodeError)

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.fields import Schema
    from whoosh.reading import SegmentReader


def find_damage(generation: Path, deep: bool = True) -> str | None:
    """None when every part of the generation reads; otherwise one line saying what cannot be
    read (the table of contents, or each unreadable segment with the reason).

    `deep` decodes every term, every posting block, every stored-fields record, every column
    and every field-length column of every segment (seconds for thousands of articles);
    otherwise only the table of contents is read and each segment's files opened
    (milliseconds), which finds missing and truncated segment files.
    """
    from archive.index.trust import TrustedIndex, UntrustedIndexError

    # A deep read maps the files: reading through the map costs a slice per term instead of a
    # seek and a read (Whoosh copies each inner file of a compound segment into memory then,
    # which a full read of everything can afford). The quick check before every import opens
    # the segments unmapped, as a search does: no file is read whole (through a map, a
    # 10-article import into a 100k archive spent 2.2 s copying terms files).
    storage = FileStorage(str(generation), supports_mmap=deep)
    try:
        # Only a table of contents this archive signed is unpickled (archive/index/trust.py).
        index = TrustedIndex(storage)
        # Whoosh's list of the segments the table of contents names; opening each one on its
        # own tells which one is damaged (the multi-segment reader fails as a whole).
        segments = index._segments()
        schema = index.schema
    except UntrustedIndexError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 — anything garbled in the TOC means unreadable
        return f"its table of contents cannot be read ({_reason(error)})"
    problems = []
    for segment in segments:
        try:
            _read_segment(storage, schema, segment, deep)
        except Exception as error:  # noqa: BLE001 — whatever a damaged file makes Whoosh raise
            problems.append(f"segment {segment.segment_id()} is unreadable ({_reason(error)})")
    return "; ".join(problems) or None


def damaged_error(generation: Path, damage: str) -> IndexDamagedError:
    """The error reported for a damaged generation, naming the command that repairs it."""
    return IndexDamagedError(f"the search index in {generation.parent} is damaged: {damage}")


@contextmanager
def reading(generation: Path) -> Iterator[None]:
    """Run a read of `generation`; if it fails because the generation is damaged, raise
    IndexDamagedError (exit status 4, naming `archive check --repair`) instead of Whoosh's or
    zlib's error.

    An error only bytes on disk can cause (a block that does not decompress or unpickle, a
    file that ends early or is gone) is damage at once; any other error is blamed on the index
    only if a full read finds the damage, and otherwise propagates unchanged (a bug).
    """
    try:
        yield
    except ArchiveError:  # already one line for the user (busy, disk full, damaged)
        raise
    except DECODING_ERRORS as error:
        damage = find_damage(generation, deep=False) or _reason(error)
        raise damaged_error(generation, damage) from error
    except Exception as error:
        damage = find_damage(generation)
        if damage is None:
            raise
        raise damaged_error(generation, damage) from error


def _read_segment(storage: FileStorage, schema: "Schema", segment: "Segment", deep: bool) -> None:
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.reading import SegmentReader

    reader: SegmentReader = SegmentReader(storage, schema, segment)
    try:
        if not deep:
            return
        starts = _scan_postings(*_extent(storage, segment, W3Codec.POSTS_EXT))
        # Every term's entry decodes, and each one whose postings are not inline points at
        # the start of a posting list the scan found (a damaged offset would not).
        for (fieldname, text), info in reader._terms.items():
            if info.is_inlined():
                info.inlined_postings()
            elif info.extent()[0] not in starts:
                raise ValueError(f"the postings of {fieldname}:{text!r} are not where the "
                                 "term index says")
        scorable = list(schema.scorable_names())
        for docnum in range(reader.doc_count_all()):
            reader.stored_fields(docnum)
            for fieldname in scorable:
                reader.doc_field_length(docnum, fieldname)
        for fieldname in schema.names():
            if reader.has_column(fieldname):
                for _ in reader.column_reader(fieldname):
                    pass
    finally:
        reader.close()


def _extent(storage: FileStorage, segment: "Segment", extension: str) -> tuple[Path, int, int]:
    """Where one of a segment's files lies on disk: path, offset and length (a compound
    segment keeps its files inside one `.seg` file, listed in a directory at its start)."""
    name = segment.make_filename(extension)
    if not segment.is_compound():
        path = Path(storage.folder) / name
        return path, 0, path.stat().st_size
    compound = segment.open_compound_file(storage)
    try:
        offset, length = compound.range(name)
    finally:
        compound.close()
    return Path(storage.folder) / segment.make_filename(segment.COMPOUND_EXT), offset, length


def _scan_postings(path: Path, offset: int, length: int) -> set[int]:
    """Decode every block of a Whoosh 3 postings file in one sequential pass and return where
    each posting list starts.

    Reading term by term through Whoosh costs a hash lookup and many small reads per term
    (28 s for 3,000 articles); the file is a run of posting lists, each a 4-byte tag followed
    by blocks (a signed length, negative for a list's last block, a pickled info tuple, then
    the block's data, zlib-compressed when the info says so), so one pass reads them all.
    """
    import io

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
    from whoosh.system import _INT_SIZE, unpack_int

    starts: set[int] = set()
    with open(path, "rb", buffering=1 << 20) as stream:
        stream.seek(offset)
        position = 0
        while position < length:
            if stream.read(4) != WHOOSH3_HEADER_MAGIC:
                raise ValueError(f"no posting list starts at byte {position} of the postings")
            starts.add(position)
            position += 4
            last = False
            while not last:
                header = stream.read(_INT_SIZE)
                if len(header) < _INT_SIZE:
                    raise EOFError("the postings end inside a block")
                size = unpack_int(header)[0]
                last, size = size < 0, abs(size)
                block = stream.read(size)
                if len(block) < size or position + _INT_SIZE + size > length:
                    raise EOFError("the postings end inside a block")
                view = io.BytesIO(block)
                compression = pickle.load(view)[3]
                data = block[view.tell():]
                # zlib checks a compressed block's Adler-32 sum: a block that decompresses is
                # the one written; only an uncompressed block needs unpickling to be proven.
                if compression:
                    zlib.decompress(data)
                else:
                    pickle.loads(data)
                position += _INT_SIZE + size
    return starts


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror}: {Path(str(error.filename)).name}"
    text = " ".join(str(error).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__

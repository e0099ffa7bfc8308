"""Named points where the fault tests make the process die or pause, to prove crash safety.

Set `ARCHIVE_FAULT=POINT:N` to kill the process with SIGKILL (as `kill -9` would) the N-th time
it reaches POINT, `ARCHIVE_FAULT=POINT:N:pause=SECONDS` to sleep there instead (to hold a
lock while another process tries its luck), or `ARCHIVE_FAULT=POINT:N:raise` to raise a
ValueError there (an extraction bug no page has shown yet), or `ARCHIVE_FAULT=POINT:N:raise-again`
to raise there the N-th time and again each later time the point is reached with the same
`key` (a bug that one input always triggers, e.g. one article's text). Unset, `checkpoint` is
one comparison.

Points: file-start (before each imported file), extract (inside a file's extraction),
source-blob (a file's kept bytes written under a temporary name, before the rename that
keeps them and before the file's transaction), store-commit (inside a file's transaction,
after its writes, before COMMIT), index-add (after each document given to the Whoosh writer),
analyse (an article's text analysed for the index, keyed by the text), index-commit (after
Whoosh's commit, before the index records what it holds), swap-before /
swap-after (a full rebuild: before and after the live generation is switched), delete-commit
(`archive delete`, `prune`: after the store committed the deletion, before the index),
analysis-worker and extraction-worker (in each worker process of `import --jobs`, before each
task it runs; the count is per worker).
"""

from __future__ import annotations

import os
import signal
import time

_SPEC = os.environ.get("ARCHIVE_FAULT", "")
_POINT, _, _REST = _SPEC.partition(":")
_COUNT_TEXT, _, _ACTION = _REST.partition(":")
_TARGET = int(_COUNT_TEXT) if _COUNT_TEXT.isdigit() else 1
_seen = 0
_failing_key: object = None


def checkpoint(point: str, key: object = None) -> None:
    """Die (or pause) here if ARCHIVE_FAULT names this point and its count is reached."""
    global _seen, _failing_key
    if point != _POINT:
        return
    if _ACTION == "raise-again" and _seen >= _TARGET and key == _failing_key:
        raise ValueError(f"fault injected at {point}")
    _seen += 1
    if _seen != _TARGET:
        return
    if _ACTION.startswith("pause="):
        time.sleep(float(_ACTION.removeprefix("pause=")))
        return
    if _ACTION in ("raise", "raise-again"):
        _failing_key = key
        raise ValueError(f"fault injected at {point}")
    os.kill(os.getpid(), signal.SIGKILL)


def disable_in_this_process(keep: str) -> None:
    """No fault point but `keep` fires in this process (a worker of `import --jobs`: the
    points are the writer process's, which counts them as a serial import does; `keep` is the
    worker's own)."""
    global _POINT
    if _POINT != keep:
        _POINT = ""

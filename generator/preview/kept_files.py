"""The files a preview read, kept between its rebuilds: a file that has not changed is not
read and parsed again.

``load_content`` (content/load.py) reads each file through a reader; a clean build's
reads every file anew and keeps nothing. This one, kept by a preview for as long as it
runs, gives an unchanged file's Document and problems again: one whose size and times
are unchanged (and were not too fresh to trust when it was read), or whose bytes hash
the same, and whose companions (an article's pictures) are unchanged too.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.load import Read, ReadFiles, file_bytes, parse_file

# A file changed less than this long before it was last read may change again within the
# same tick of the file system's clock, keeping its size and time: it is read again (git's
# "racy" entries; FAT and some network file systems count time in steps of 2 s).
RACY_NS = 2_000_000_000

Stamp = tuple[int, int, int, int]  # size, modified, inode, changed (st_ctime_ns)


@dataclass
class _Kept:
    """One file as it was last read."""

    stamp: Stamp
    digest: bytes | None  # of its bytes; None for a file too large to read
    read_at: int  # time.time_ns() when it was read
    read: Read
    # The stamps of the other files its document reads (an article's pictures); None when
    # one was too fresh to trust: the file is then read again next time.
    companions: tuple[tuple[str, Stamp | None], ...] | None = None


class KeptFiles(ReadFiles):
    """What ``load_content`` read, file by file, for its next call in the same process.
    ``changed`` names the files the last call read anew, added or lost."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, _Kept] = {}
        self.seen: dict[str, _Kept] = {}  # this call's, so far

    def begin(self) -> None:
        self.changed, self.seen = set(), {}

    def end(self) -> None:
        self.changed |= self.files.keys() - self.seen.keys()
        self.files, self.seen = self.seen, {}

    def read(self, path: Path, shown: str, kind: str, reader: Callable[..., Any],
             slug: str = "", lang: str = "",
             companions: Callable[[Any], tuple[tuple[str, Path], ...]] | None = None) -> Read:
        entry = self.files.get(shown)
        if entry is not None and companions is not None and (
                entry.companions is None
                or _stamps(companions(entry.read.doc.data)) != entry.companions):
            entry = None
        try:
            status = path.stat()
        except OSError:
            status = None
        stamp = (status.st_size, status.st_mtime_ns, status.st_ino,
                 status.st_ctime_ns) if status else (-1, 0, 0, 0)
        if (entry is not None and status is not None and entry.stamp == stamp
                and stamp[1] < entry.read_at - RACY_NS):
            self.seen[shown] = entry
            return entry.read
        raw = file_bytes(path, status.st_size if status is not None else None)
        digest = hashlib.blake2b(raw, digest_size=16).digest() if raw is not None else None
        now = time.time_ns()
        if entry is not None and digest is not None and entry.digest == digest:
            entry.stamp, entry.read_at = stamp, now
            self.seen[shown] = entry
            return entry.read
        fresh = _Kept(stamp, digest, now, parse_file(path, shown, kind, reader, raw, slug, lang))
        if companions is not None:  # stamped after reading: a later change shows next time
            fresh.companions = _stamps(companions(fresh.read.doc.data))
        self.seen[shown] = fresh
        self.changed.add(shown)
        return fresh.read


def _stamps(files: tuple[tuple[str, Path], ...]) -> tuple[tuple[str, Stamp | None], ...] | None:
    """The size and times of each file (None for one not there), or None when one changed
    too recently to trust its stamp (RACY_NS)."""
    stamps: list[tuple[str, Stamp | None]] = []
    now = time.time_ns()
    for name, path in files:
        try:
            status = path.lstat()
        except OSError:
            stamps.append((name, None))
            continue
        if status.st_mtime_ns >= now - RACY_NS or status.st_ctime_ns >= now - RACY_NS:
            return None
        stamps.append((name, (status.st_size, status.st_mtime_ns, status.st_ino,
                              status.st_ctime_ns)))
    return tuple(stamps)

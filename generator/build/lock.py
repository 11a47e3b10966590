"""One build at a time in a project folder.

Every command that writes output (``briefing build``, ``mkdocs build``, each ``mkdocs
serve`` rebuild, ``briefing clean-site``) holds this lock from before it writes the
Markdown tree until ``site/`` is in place: two builds at once (an editor's save and a CI
job) would otherwise share ``site.new`` and leave a ``site/`` with part of its pages. A
build that cannot get the lock in time changes nothing and says which build is in the way.

The lock is a file in the project's build/ folder locked by the operating system (``filelock``:
``flock`` on Unix, ``LockFileEx`` on Windows), so a build that crashes or is killed
releases it with its process: there is never a stale lock to delete by hand. Nothing here
needs a POSIX-only module: where the system has neither, filelock falls back to a lock
that is the file's existence (its SoftFileLock), which is released by removing the file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock
from filelock import FileLock, Timeout

from ..errors import BriefingError

# In the folder of the generator's output, which version control ignores (.gitignore).
LOCK_FILE = "build/.briefing.lock"
# How long a build waits for another to finish: three times a full `mkdocs build` of 2,000
# deals (about 40 s, benchmarks/README.md, "Scale"), short enough that a hung build is
# noticed.
DEFAULT_TIMEOUT = 120.0
# Overrides the timeout of mkdocs.yml (the plugin's lock_timeout), e.g. for tests.
TIMEOUT_VARIABLE = "BRIEFING_LOCK_TIMEOUT"
# An operating system's lock keeps its file: removing it while another build waits on it
# would let a third build lock a new file beside them. A soft lock is released by removing
# its file, and refuses to keep it.
_KEEP_LOCK_FILE = sys.platform == "win32" or filelock.has_fcntl


class BuildBusy(BriefingError):
    """Another build holds the project folder's lock."""


def lock_file(project_dir: Path) -> Path:
    return project_dir / LOCK_FILE


def timeout(configured: float | None = None) -> float:
    """Seconds to wait for the lock: the environment's, else mkdocs.yml's, else the default."""
    value = os.environ.get(TIMEOUT_VARIABLE)
    if value:
        try:
            return max(float(value), 0.0)
        except ValueError:
            raise BriefingError(f"{TIMEOUT_VARIABLE}={value!r} is not a number of seconds "
                                f"(expected e.g. 60)") from None
    return DEFAULT_TIMEOUT if configured is None else configured


class BuildLock:
    """The lock of one project folder, to acquire and release around a build whose start
    and end are different events (the MkDocs plugin's), or as a context manager."""

    def __init__(self, project_dir: Path, wait: float | None = None):
        self.project_dir = project_dir
        self.path = lock_file(project_dir)
        self.wait = timeout(wait)
        self._lock: FileLock | None = None

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def acquire(self) -> None:
        """Take the lock, waiting up to the timeout; raise BuildBusy, having changed
        nothing but the lock file's existence, when another build keeps it."""
        lock = FileLock(self.path, timeout=self.wait, preserve_lock_file=_KEEP_LOCK_FILE)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:
            raise BuildBusy(f"another build is running in {self.project_dir} (lock "
                            f"{self.path}); try again when it has finished") from None
        except OSError as exc:
            raise BriefingError(f"could not take the build lock {self.path}: "
                                f"{exc.strerror or exc}") from None
        self._lock = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release(force=True)
            self._lock = None


@contextmanager
def holding(project_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the project folder's build lock for the ``with`` block."""
    lock = BuildLock(project_dir, wait)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()

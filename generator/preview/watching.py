"""What a preview watches, and how it learns of a save at once.

MkDocs 1.6's server asks the file system every half second whether anything it watches
changed (watchdog's PollingObserver): a save waited a quarter of a second on average, up
to half a second, before its rebuild began. Where watchdog has the system's own change
notices (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), the
preview hands the server that observer instead, before the server starts it; where it
cannot (no such observer, or the system's limit of watches reached) it keeps polling.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from watchdog.events import (
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.briefing")

# How long the server waits after a change for the next before it rebuilds (MkDocs: 0.1 s).
# A save is one change (written beside and renamed) or a few within milliseconds (written
# in place: truncated, then written); with the system's notices a tenth of a second was
# a fifth of the sample's whole save-to-page time.
SETTLE_S = 0.03

# What a save is. The system also tells of files opened and closed unchanged: a rebuild
# reads the templates, which would start the next rebuild, and so on without end.
CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent,
                                        FileMovedEvent]


class _Changes(Observer):  # type: ignore[misc, valid-type]  # the system's observer
    """The system's observer, telling only of changes (MkDocs schedules without a filter)."""

    def schedule(self, event_handler: FileSystemEventHandler, path: Any, *,
                 recursive: bool = False, event_filter: Any = None,
                 follow_symlink: bool = False) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(
            event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink)
        return watch


def watch(server: Any, paths: Iterable[str], unwatched: str) -> None:
    """Make ``server`` (MkDocs' LiveReloadServer, not yet serving) watch ``paths`` and no
    longer ``unwatched``, told of changes by the system where it can be."""
    server.unwatch(unwatched)
    paths = list(paths)
    watched: dict[str, int] | None = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if (Observer is not PollingObserver and isinstance(observer, PollingObserver)
            and not observer.is_alive() and watched is not None):
        trial = Observer()
        try:  # every path, as a trial: the system may refuse (its limit of watches)
            trial.start()
            for path in [*watched, *paths]:
                trial.schedule(FileSystemEventHandler(), path, recursive=True)
            works = True
        except OSError as exc:
            log.info(f"briefing: no change notices from the system ({exc}); polling")
            works = False
        finally:
            trial.stop()
            trial.join()
        if works:
            if getattr(server, "build_delay", None) is not None:
                server.build_delay = SETTLE_S
            moving = dict(watched)
            for path, count in moving.items():
                for _ in range(count):
                    server.unwatch(path)
            server.observer = _Changes(timeout=observer.timeout)
            for path, count in moving.items():
                for _ in range(count):
                    server.watch(path)
    for path in paths:
        server.watch(path)

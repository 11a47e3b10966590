"""The only stage that writes: output folders are replaced whole, and only when changed.

A new tree is assembled beside the old one (unchanged files hard-linked, so they keep
their identity and time stamp), then moved into place. Readers of the folder, and MkDocs
watching it, see the old tree or the new one, never half of each.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import shutil
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from ..errors import BriefingError
from ..pages.social_image import Picture
from .picture_cache import PictureCache
from .site_files import ROOT_FILES

# Written into every folder this project replaces, so that it never replaces a folder it
# did not make (a mistyped output path must not cost anyone their files).
OUTPUT_MARKER = ".briefing-output"
# Beside drawn pictures: the key of each (what it shows), so that a picture whose key has
# not changed is kept without being drawn again (social_image.py). A dot file: MkDocs
# leaves it out of the site.
PICTURE_KEYS = ".briefing-pictures.json"
_OURS = (OUTPUT_MARKER, PICTURE_KEYS)


class UnsafeOutput(BriefingError):
    """An output folder holds files this project did not write: it is left alone."""


class OutputError(BriefingError):
    """An output folder could not be written (no permission, a full disk, a file in the
    way): the folder keeps what it held before."""


def output_error(error: OSError, folder: Path) -> OutputError:
    """The message for a failed write below ``folder``, naming the folder and the file."""
    reason = error.strerror or str(error)
    written = error.filename2 or error.filename  # a copy's error names its source first
    if written:
        reason += f" ({written})"
    return OutputError(f"could not write {folder}: {reason}; {folder} is as it was")


@contextmanager
def _writing(folder: Path, staging: Path | None = None) -> Iterator[None]:
    """Turn a failed write below ``folder`` into an OutputError, and remove the half-made
    ``staging`` folder, so that the next build starts as if this one had not run."""
    try:
        yield
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise output_error(error, folder) from error


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


def ensure_ours(folder: Path) -> None:
    """Refuse to replace a folder that exists, is not empty, and was not made by us (or
    lies in a folder made by us: each language's part of the Markdown tree)."""
    if (folder.exists() and any(folder.iterdir()) and not (folder / OUTPUT_MARKER).exists()
            and not (folder.parent / OUTPUT_MARKER).exists()):
        raise UnsafeOutput(f"{folder} holds files this project did not write; refusing to "
                           f"replace it (empty it or choose another output folder)")


def write_tree(pages: Mapping[str, str | bytes | Picture] | Iterable[
        tuple[str, str | bytes | Picture]], out_dir: Path,
        keep_previous: bool = False, pictures: PictureCache | None = None) -> WriteReport:
    """Make ``out_dir`` hold exactly ``pages``; touch nothing when it already does.

    ``pages`` may be made as they are asked for ((path, text) pairs): each is compared,
    written into the staging folder and let go before the next, never all at once (every
    page of a language held together was the largest thing in memory at 2,000 deals). A
    ``Picture`` is drawn only if the file is missing or was drawn from another key. Two
    builds of one project take turns (build_lock.py), so no two share a staging folder.
    A write that fails (a full disk, no permission), or a page that cannot be made, leaves
    ``out_dir`` as it was (OutputError for the first). With ``keep_previous``, the tree it
    replaced stays beside it (``<name>.old``) until ``settle`` keeps or restores it: one
    language's tree is not to change while another's may still fail. ``pictures``: the
    language's kept pictures, copied instead of drawn (and new ones kept).
    """
    out_dir = through_link(out_dir)
    with _writing(out_dir):
        recover(out_dir)
        ensure_ours(out_dir)
        existing = _files(out_dir) if out_dir.exists() else set()
        drawn = _picture_keys(out_dir)
    staging = staging_dir(out_dir)
    report = WriteReport()
    keys: dict[str, str] = {}
    listed: set[str] = set()
    with _writing(out_dir, staging), _Drawing(pictures) as drawing:
        for path, text in pages.items() if isinstance(pages, Mapping) else pages:
            drawing.write_drawn()
            listed.add(path)
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, Picture):
                keys[path] = text.key
                same = path in existing and drawn.get(path) == text.key
            else:
                encoded = _encoded(text)
                same = path in existing and (out_dir / path).read_bytes() == encoded
            if same:
                report.unchanged += 1
                os.link(out_dir / path, target)
                if pictures is not None and isinstance(text, Picture):
                    pictures.remember(text, target)
            else:
                report.written.append(path)
                if isinstance(text, Picture):
                    drawing.draw(text, target)
                else:
                    target.write_bytes(encoded)
        drawing.finish()
        report.removed = sorted(existing - listed)
        if keys:
            (staging / PICTURE_KEYS).write_text(json.dumps(keys, indent=0, sort_keys=True),
                                                encoding="utf-8")
    if not report.changed and out_dir.exists() and keys == drawn:
        _discard(staging)
        return report
    replace_dir(staging, out_dir, keep_old=keep_previous)
    return report


def settle(folders: Iterable[Path], keep_new: bool,
           picture_cache: Path | None = None) -> None:
    """After every tree of a build was written with ``keep_previous``: drop the trees they
    replaced (the build succeeded), or put them back (it failed), so that a failed build
    leaves every tree as it was. A build that succeeded also leaves each language's kept
    pictures (``picture_cache``/<language>) holding its tree's pictures only; a failed one
    leaves them as they were, the last good build's included."""
    for folder in folders:
        target = through_link(folder)
        if keep_new and picture_cache is not None:
            PictureCache(picture_cache / folder.name).keep_only(
                _picture_keys(target).values())
        old = _sibling(target, "old")
        if not old.is_dir() or old.is_symlink():
            continue
        with _writing(target):
            if keep_new:
                _discard(old)
                continue
            failed = _sibling(target, "new")
            _discard(failed)
            if target.exists():
                os.rename(target, failed)
            os.rename(old, target)
            _discard(failed)


def write_pages(pages: Mapping[str, str | bytes | Picture], removed: Iterable[str],
                out_dir: Path, pictures: PictureCache | None = None) -> WriteReport:
    """Write each of ``pages`` whose file differs, remove the files of ``removed`` (and the
    folders they leave empty), and leave the rest of ``out_dir`` as it is: a preview's
    rebuild, which knows the rest unchanged (incremental.py). Unchanged files keep their
    time stamps. A changed file is written over in place: the preview's own MkDocs builds
    read it only after this returns, and replacing a large file (the open data, 19 MB at
    2,000 deals) by renaming another over it cost the file system more than writing it.
    A ``Picture`` is drawn only if its file is missing or was drawn from another key; the
    keys beside the pictures are kept in step, as ``write_tree`` leaves them.
    A write that fails raises OutputError; the caller then writes the whole tree anew."""
    report = WriteReport()
    with _writing(out_dir):
        drawn = _picture_keys(out_dir)
        keys = dict(drawn)
        for path, text in pages.items():
            target = out_dir / path
            if isinstance(text, Picture):
                keys[path] = text.key
                if drawn.get(path) == text.key and target.is_file():
                    report.unchanged += 1
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_picture_data(text, pictures))
                report.written.append(path)
                continue
            keys.pop(path, None)
            data = _encoded(text)
            try:
                with target.open("r+b") as existing:
                    if existing.read() == data:
                        report.unchanged += 1
                        continue
                    existing.seek(0)
                    existing.write(data)
                    existing.truncate()
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            report.written.append(path)
        for path in removed:
            keys.pop(path, None)
            target = out_dir / path
            if target.is_file():
                target.unlink()
                report.removed.append(path)
            folder = target.parent
            while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        if keys != drawn:
            if keys:
                (out_dir / PICTURE_KEYS).write_text(
                    json.dumps(keys, indent=0, sort_keys=True), encoding="utf-8")
            else:
                (out_dir / PICTURE_KEYS).unlink(missing_ok=True)
    return report


def _picture_keys(out_dir: Path) -> dict[str, str]:
    """The keys of the pictures last drawn into ``out_dir`` (none if unreadable)."""
    try:
        keys = json.loads((out_dir / PICTURE_KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}


class _Drawing:
    """Pictures a tree needs drawn, each written into its file when drawn. A clean build
    draws two a deal (5 to 12 ms each: at 2,000 deals about half of the generator's time,
    on one core while the other waited for the languages' builds): past the first few,
    they are drawn by processes of their own beside the writer, which meanwhile renders
    and writes the next pages. A preview's save, which draws one or two, draws them here.
    A drawn picture is written at the writer's next page, so memory stays flat."""

    HERE = 16  # pictures drawn here before processes are started for the rest

    def __init__(self, pictures: PictureCache | None):
        self.pictures = pictures
        self.drawn_here = 0
        self.pool: ProcessPoolExecutor | None = None
        self.waiting: deque[tuple[Picture, Path, Future[bytes]]] = deque()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *failed: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def draw(self, picture: Picture, target: Path) -> None:
        if self.pictures is not None and (kept := self.pictures.kept(picture)) is not None:
            target.write_bytes(kept)
            return
        if self.drawn_here < self.HERE or not _importable(picture.draw):
            self.drawn_here += 1
            self._drawn(picture, target, picture.data)
            return
        if self.pool is None:
            # spawn, not fork: the process that writes may run threads (a preview's
            # server), which a forked child would inherit mid-work.
            # As many as the machine's cores: while the writer renders they share them
            # with it, and once it waits for the last pictures they have them all.
            self.pool = ProcessPoolExecutor(
                _cores(), mp_context=multiprocessing.get_context("spawn"))
        self.waiting.append((picture, target, self.pool.submit(picture.draw, **picture.words)))

    def write_drawn(self) -> None:
        """Write the pictures drawn so far, in the order they were asked for (the writer
        calls this after each page: few drawn pictures are ever held)."""
        while self.waiting and self.waiting[0][2].done():
            self._collect()

    def finish(self) -> None:
        while self.waiting:
            self._collect()

    def _collect(self) -> None:
        picture, target, future = self.waiting.popleft()
        self._drawn(picture, target, future.result())

    def _drawn(self, picture: Picture, target: Path, data: bytes) -> None:
        target.write_bytes(data)
        if self.pictures is not None:
            self.pictures.keep(picture, data)


def _cores() -> int:
    try:
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    except AttributeError:  # not on Linux
        return max(1, min(os.cpu_count() or 1, 8))


def _importable(function: Callable[..., bytes]) -> bool:
    """Whether another process can find ``function`` by its module and name."""
    module = sys.modules.get(getattr(function, "__module__", ""))
    return getattr(module, getattr(function, "__qualname__", ""), None) is function


def _picture_data(picture: Picture, pictures: PictureCache | None) -> bytes:
    return picture.data if pictures is None else pictures.data(picture)


def _encoded(text: str | bytes | Picture) -> bytes:
    if isinstance(text, Picture):
        return text.data
    return text.encode("utf-8") if isinstance(text, str) else text


def prepare_markdown_root(root: Path, languages: Iterable[str]) -> None:
    """Make ``root`` a folder of ours for one folder per language, each of which its own
    process then writes with ``write_tree(pages, root / lang)``; the folder of a language
    no longer built goes."""
    root = through_link(root)
    with _writing(root):
        recover(root)
        ensure_ours(root)
        root.mkdir(parents=True, exist_ok=True)
        if not (root / OUTPUT_MARKER).exists():  # an existing one keeps its time stamp
            (root / OUTPUT_MARKER).write_bytes(b"")
        kept = {f"{lang}{suffix}" for lang in languages for suffix in ("", ".new", ".old")}
        for folder in root.iterdir():
            if folder.is_dir() and not folder.is_symlink() and folder.name not in kept:
                shutil.rmtree(folder)


def replace_dir(new: Path, target: Path, keep_old: bool = False) -> None:
    """Put folder ``new`` where ``target`` is, keeping the old one until the new one is in
    (and after, as ``<target>.old``, with ``keep_old``: see ``settle``). A symbolic link
    (``site`` pointing at a web root) stays, and the folder it points at is replaced."""
    target = through_link(target)
    ensure_ours(target)
    old = _sibling(target, "old")
    with _writing(target, new):
        _discard(old)
        ensure_replaceable(target)
        if target.exists():
            os.rename(target, old)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(old, target)  # the old folder back where it was
            raise
    if not keep_old:
        with _writing(target):
            _discard(old)


def through_link(target: Path) -> Path:
    """The folder a symbolic link named ``target`` points at (``site`` linked to a web
    root): that folder is replaced, beside itself, and the link is left alone. Renaming
    the link instead put a folder in its place and left ``site.old`` in every later
    build's way."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def ensure_replaceable(target: Path) -> None:
    """Refuse, before anything is moved, a tree that could be moved away but not removed
    afterwards (a folder in it read-only or immutable), and one whose parent cannot take
    the new tree: the swap must not half succeed."""
    parent = target.parent
    if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, "the folder that holds it cannot be changed", str(parent))
    if not target.is_dir():
        return
    for folder, _subfolders, _files in os.walk(target):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OSError(errno.EACCES, "a folder in it cannot be changed (read-only or "
                          "immutable: make it writable, then build again)", folder)


def recover(target: Path) -> None:
    """Undo a replacement that was cut off between its two renames."""
    target = through_link(target)
    old = _sibling(target, "old")
    if not target.exists() and old.exists():
        os.rename(old, target)


def staging_dir(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` for building its replacement (beside the
    folder a link named ``target`` points at). A tree that could not be replaced is
    refused here, before anything is built."""
    target = through_link(target)
    with _writing(target):
        recover(target)
        ensure_ours(target)
        ensure_replaceable(target)
        staging = _sibling(target, "new")
        _discard(staging)
    with _writing(target, staging):
        staging.mkdir(parents=True)
        (staging / OUTPUT_MARKER).write_bytes(b"")
    return staging


def _discard(folder: Path) -> None:
    """Remove a staging or old folder of ours; one of the same name that someone else made
    (a backup called site.old, say) is refused, not deleted."""
    if folder.is_symlink() or folder.is_file():
        raise UnsafeOutput(f"{folder} is in the way of the generator's output; refusing to "
                           f"remove it (move it elsewhere)")
    if folder.exists():
        ensure_ours(folder)
        shutil.rmtree(folder, onerror=_writable_and_again)


def _writable_and_again(_function: object, path: str, _error: object) -> None:
    """Remove a file or folder of a tree of ours that a read-only folder kept: make the
    folder that holds it writable, then remove it (errors now are the caller's)."""
    holder = os.path.dirname(path)
    os.chmod(holder, os.stat(holder).st_mode | 0o700)
    if os.path.isdir(path) and not os.path.islink(path):
        os.chmod(path, os.stat(path).st_mode | 0o700)
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _sibling(target: Path, suffix: str) -> Path:
    return target.with_name(f"{target.name}.{suffix}")


def _files(root: Path) -> set[str]:
    """Every file below ``root`` but our markers."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.name not in _OURS}


# What a build of this project writes at the top of each language's folder of the site:
# MkDocs' and Material's own files first (assets are copied before any page is written),
# then the pages. A folder holding only such things is a site build, finished or not.
_SITE_BUILD_SIGNS = ("assets", "search", "sitemap.xml", "404.html", "index.html")


def looks_like_site_build(folder: Path, languages: Iterable[str]) -> bool:
    """Whether ``folder`` is what a build of this project makes, even one cut off halfway
    or left by an older version without the marker: at its top only the languages'
    folders and the root files (sitefiles.py), and each language folder begun by MkDocs."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    allowed = {*languages, *ROOT_FILES, OUTPUT_MARKER}
    entries = list(folder.iterdir())
    if not entries or any(entry.name not in allowed for entry in entries):
        return False
    for entry in entries:
        if entry.name in ROOT_FILES or entry.name == OUTPUT_MARKER:
            continue
        if not entry.is_dir() or entry.is_symlink():
            return False
        names = {inner.name for inner in entry.iterdir()}
        if names and not names & set(_SITE_BUILD_SIGNS):
            return False
    return True


def clean_site(site_dir: Path, languages: Iterable[str]) -> list[Path]:
    """Remove ``site_dir`` and its staging and old folders, where each is the output of
    this project (its marker, or the look of a site build); return what was removed.
    Anything else is refused, whole, before anything is removed."""
    languages = tuple(languages)
    found = [folder for folder in (site_dir, _sibling(site_dir, "new"), _sibling(site_dir, "old"))
             if folder.exists() or folder.is_symlink()]
    for folder in found:
        if not ((folder.is_dir() and not folder.is_symlink() and (folder / OUTPUT_MARKER).exists())
                or looks_like_site_build(folder, languages)):
            raise UnsafeOutput(f"{folder} does not look like a site this project built (expected "
                               f"only the folders {', '.join(f'{lang}/' for lang in languages)} "
                               f"and the root files {', '.join(ROOT_FILES)} in it); refusing to "
                               f"remove it")
    with _writing(site_dir):
        for folder in found:
            shutil.rmtree(folder)
    return found

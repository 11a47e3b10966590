"""The only stage that writes: output folders are replaced whole, and only when changed.

A new tree is assembled beside the old one (unchanged files hard-linked, so they keep
their identity and time stamp), then moved into place. Readers of the folder, and MkDocs
watching it, see the old tree or the new one, never half of each.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefingError

# Written into every folder this project replaces, so that it never replaces a folder it
# did not make (a mistyped output path must not cost anyone their files).
OUTPUT_MARKER = ".briefing-output"


class UnsafeOutput(BriefingError):
    """An output folder holds files this project did not write: it is left alone."""


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


def write_tree(pages: dict[str, str | bytes], out_dir: Path) -> WriteReport:
    """Make ``out_dir`` hold exactly ``pages``; touch nothing when it already does.

    Each page is encoded when it is compared and again when it is written, never all at
    once: a second copy of every page would be the largest thing in memory at 2,000 deals.
    Two generators writing the same folder at once (``briefing build`` while ``mkdocs
    serve`` rebuilds, say) take turns instead of sharing one staging folder.
    """
    with _writing(out_dir):
        return _write_tree(pages, out_dir)


@contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """Hold the folder's lock (a file beside it) while it is written."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(out_dir), "ab") as lock:  # "ab": an existing lock keeps its time
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def lock_path(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.lock")


def _write_tree(pages: dict[str, str | bytes], out_dir: Path) -> WriteReport:
    recover(out_dir)
    ensure_ours(out_dir)
    existing = _files(out_dir) if out_dir.exists() else set()
    report = WriteReport()
    for path, text in pages.items():
        if path in existing and (out_dir / path).read_bytes() == _encoded(text):
            report.unchanged += 1
        else:
            report.written.append(path)
    report.removed = sorted(existing - set(pages))
    if not report.changed and out_dir.exists():
        return report

    staging = staging_dir(out_dir)
    written = set(report.written)
    for path, text in pages.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in written:
            target.write_bytes(_encoded(text))
        else:
            os.link(out_dir / path, target)
    replace_dir(staging, out_dir)
    return report


def _encoded(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def prepare_markdown_root(root: Path, languages: Iterable[str]) -> None:
    """Make ``root`` a folder of ours for one folder per language, each of which its own
    process then writes with ``write_tree(pages, root / lang)``; the folder of a language
    no longer built goes."""
    recover(root)
    ensure_ours(root)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / OUTPUT_MARKER).exists():  # an existing one keeps its time stamp
        (root / OUTPUT_MARKER).write_bytes(b"")
    kept = {f"{lang}{suffix}" for lang in languages for suffix in ("", ".new", ".old")}
    for folder in root.iterdir():
        if folder.is_dir() and not folder.is_symlink() and folder.name not in kept:
            shutil.rmtree(folder)


def replace_dir(new: Path, target: Path) -> None:
    """Put folder ``new`` where ``target`` is, keeping the old one until the new one is in."""
    ensure_ours(target)
    old = _sibling(target, "old")
    _discard(old)
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    _discard(old)


def recover(target: Path) -> None:
    """Undo a replacement that was cut off between its two renames."""
    old = _sibling(target, "old")
    if not target.exists() and old.exists():
        os.rename(old, target)


def staging_dir(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` for building its replacement."""
    recover(target)
    ensure_ours(target)
    staging = _sibling(target, "new")
    _discard(staging)
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
        shutil.rmtree(folder)


def _sibling(target: Path, suffix: str) -> Path:
    return target.with_name(f"{target.name}.{suffix}")


def _files(root: Path) -> set[str]:
    """Every file below ``root`` but our markers."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.name != OUTPUT_MARKER}

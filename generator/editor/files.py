"""Which files the editor may read and write: content's records, articles and pictures, and
nothing else.

Every path the browser names is checked here before anything is opened: a relative path of
plain names (no ``..``, no hidden folder, no backslash), below ``content/``, of a kind the
editor edits, with no symbolic link anywhere on the way. Anything else is refused with a
message and nothing is read or written: the reference server of the CMS, asked with a
foreign Host header, wrote into ``.git/`` and ``.venv/``.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..text.messages import msg

CONTENT = "content"
ARTICLES = "content/articles"
IMAGES = "content/images"
# As the check reads pictures (generator/content/load.py; tests/test_editor.py holds them equal).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
IMAGE_MAX_BYTES = 5_000_000
RECORD_MAX_BYTES = 1_000_000
# A file or folder name: what `briefing new` and the check's ids allow, and the dots of
# a suffix or an article's language (amazon-ai-bets.de.md).
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*")


class Refused(Exception):
    """A path or a file the editor must not touch; the message says why, for the editor
    (a message of the check's catalog: the backend says it in the editor's language)."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ContentFiles:
    """The project's content folder as the editor may see it."""

    project_dir: Path

    def resolve(self, path: object, kinds: tuple[str, ...] = ("record", "article", "image"),
                ) -> Path:
        """The file ``path`` names (relative to the project), or Refused.

        ``kinds``: which of a record (content/**/*.yml), an article (content/articles/*.md)
        and a picture (content/images/*) the caller accepts."""
        parts = _parts(path)
        if parts[0] != CONTENT or len(parts) < 2:
            raise Refused(msg("{shown}: the editor reads and writes only files in content/",
                              shown=_shown(path)))
        kind = _kind(parts)
        if kind is None:
            raise Refused(msg("{shown}: the editor edits only records (content/**/*.yml), "
                              "articles (content/articles/*.md) and pictures "
                              "(content/images/*{IMAGE_SUFFIXES})",
                              shown=_shown(path), IMAGE_SUFFIXES='/*'.join(IMAGE_SUFFIXES)))
        if kind not in kinds:
            raise Refused(msg("{shown}: not a picture here", shown=_shown(path))
                          if kinds == ("image",) else
                          msg("{shown}: not a record or article here", shown=_shown(path)))
        return self._unlinked(parts)

    def folder(self, path: object) -> Path:
        """A folder below content/ to list, or Refused."""
        parts = _parts(str(path).rstrip("/") if isinstance(path, str) else path)
        if parts[0] != CONTENT:
            raise Refused(msg("{shown}: the editor lists only folders in content/",
                              shown=_shown(path)))
        return self._unlinked(parts)

    def _unlinked(self, parts: list[str]) -> Path:
        """The path, after making sure that no part of it that exists is a symbolic link
        (or anything but a folder on the way and a plain file at the end)."""
        current = self.project_dir
        for index, part in enumerate(parts):
            current = current / part
            try:
                info = current.lstat()
            except FileNotFoundError:
                return self.project_dir.joinpath(*parts)
            if stat.S_ISLNK(info.st_mode):
                raise Refused(msg("{parts}: is a symbolic link; the editor does not follow links",
                                  parts='/'.join(parts[:index + 1])))
            last = index == len(parts) - 1
            if not last and not stat.S_ISDIR(info.st_mode):
                raise Refused(msg("{parts}: {parts2} is not a folder",
                                  parts='/'.join(parts), parts2='/'.join(parts[:index + 1])))
            if last and not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                raise Refused(msg("{parts}: not a plain file", parts='/'.join(parts)))
        return current

    def relative(self, path: Path) -> str:
        return path.relative_to(self.project_dir).as_posix()

    def listing(self, folder: Path, suffixes: tuple[str, ...], depth: int) -> list[Path]:
        """Files below ``folder`` (at most ``depth`` levels) ending in ``suffixes`` that
        the editor may open; links and hidden names are skipped."""
        found: list[Path] = []
        if not folder.is_dir():
            return found

        def walk(current: Path, level: int) -> None:
            for entry in sorted(os.scandir(current), key=lambda entry: entry.name):
                if not _NAME.fullmatch(entry.name) or entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if level < depth:
                        walk(Path(entry.path), level + 1)
                elif entry.is_file(follow_symlinks=False) and entry.name.endswith(suffixes):
                    path = Path(entry.path)
                    try:
                        self.resolve(self.relative(path))
                    except Refused:
                        continue
                    found.append(path)

        walk(folder, 1)
        return found


def _shown(path: object) -> str:
    return repr(path) if not isinstance(path, str) else path or "''"


def _parts(path: object) -> list[str]:
    if not isinstance(path, str) or not path:
        raise Refused(msg("{shown}: a path must be a non-empty text", shown=_shown(path)), status=422)
    if "\\" in path or "\0" in path or path.startswith("/") or ":" in path:
        raise Refused(msg("{shown}: not a relative path with forward slashes", shown=_shown(path)))
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise Refused(msg("{path}: '..', '.' and empty parts are not allowed in a path",
                              path=path))
        if not _NAME.fullmatch(part):
            raise Refused(msg("{path}: {part!r} is not a name the editor writes (lower-case "
                              "letters, digits, hyphens; no hidden files)",
                              path=path, part=part))
    return parts


def _kind(parts: list[str]) -> str | None:
    name = parts[-1]
    if "/".join(parts[:-1]) == IMAGES and name.endswith(IMAGE_SUFFIXES):
        return "image"
    if "/".join(parts[:-1]) == ARTICLES and name.endswith(".md"):
        return "article"
    if name.endswith(".yml") and IMAGES not in "/".join(parts):
        return "record"
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` whole or not at all: a preview that reads the file in the
    middle of a save sees the old text or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".editor-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

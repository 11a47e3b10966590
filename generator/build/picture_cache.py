"""Link-preview pictures kept by what they show, between builds.

A deal page's picture (pages/social_image.py) costs 4 to 6 ms to draw: at 1,000 deals in
two languages 15 of the 38 s of a clean build's generator step (benchmarks/README.md,
"Preview pictures"). Its key already names everything that decides its
bytes (the words, the drawing code, Pillow, the fonts), so a picture drawn once can be
kept under its key and copied instead of drawn, by every later build that shows the same
words, clean builds included: CI keeps the folder between runs with its own cache (README,
"Publishing"), and a clean build there draws only the pictures whose words changed.

The folder (the plugin's ``picture_cache``, default ``.cache/briefing/pictures``) holds one
folder per language and in it ``<key>.png``. A file is written under another name and
renamed into place, so a build that is killed leaves a whole file or none; a file that is
not a whole PNG (a damaged disk, a cache restored halfway) is drawn again and replaced.
When a build has succeeded (write.settle), the pictures no page of its language uses any
longer are removed, so the folder stays the size of one build's pictures; a build that
fails leaves it holding the last good build's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..pages.social_image import Picture

_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"  # the last chunk of every PNG, with its checksum
# The only files this cache makes and removes: a key (sha256, hex) and .png.
_KEPT = re.compile(r"[0-9a-f]{64}\.png")


class PictureCache:
    """One language's pictures in ``folder``, by key."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.drawn = 0  # pictures drawn by this cache's owner: what the cache did not have
        self.copied = 0

    def data(self, picture: Picture) -> bytes:
        """The picture's bytes: kept ones if whole, else drawn now and kept."""
        data = self.kept(picture)
        if data is None:
            data = picture.data
            self.keep(picture, data)
        return data

    def kept(self, picture: Picture) -> bytes | None:
        """The picture's kept bytes, if whole."""
        try:
            data = (self.folder / f"{picture.key}.png").read_bytes()
        except OSError:
            return None
        if data.startswith(_PNG_START) and data.endswith(_PNG_END):
            self.copied += 1
            return data
        return None

    def keep(self, picture: Picture, data: bytes) -> None:
        """Keep a picture just drawn."""
        self.drawn += 1
        self._keep(self.folder / f"{picture.key}.png", data)

    def remember(self, picture: Picture, drawn: Path) -> None:
        """Keep a picture the output already holds (``drawn``, made from the same key):
        a tree written before the cache was kept fills it too."""
        kept = self.folder / f"{picture.key}.png"
        if not kept.is_file():
            try:
                data = drawn.read_bytes()
            except OSError:
                return
            if data.startswith(_PNG_START) and data.endswith(_PNG_END):
                self._keep(kept, data)

    def _keep(self, kept: Path, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = kept.with_name(f".{kept.name}.{os.getpid()}")
            partial.write_bytes(data)
            os.replace(partial, kept)
        except OSError:
            pass  # a cache that cannot be written only costs the next build the drawing

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove the kept pictures whose key is not among ``keys`` (a language's every
        picture), and any file left half-written; nothing this cache did not make."""
        wanted = {f"{key}.png" for key in keys}
        try:
            names = [entry.name for entry in os.scandir(self.folder)]
        except OSError:
            return
        for name in names:
            stale = (_KEPT.fullmatch(name) and name not in wanted) or (
                name.startswith(".") and _KEPT.fullmatch(name[1:].rsplit(".", 1)[0]))
            if stale:
                try:
                    (self.folder / name).unlink()
                except OSError:
                    pass

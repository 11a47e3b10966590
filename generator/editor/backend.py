"""The part of Decap CMS's local-backend protocol (``/api/v1``) the form needs, answered
from the project's content folder only.

Each request is a JSON object with an ``action`` and its ``params``; the answer is JSON and a
status. A request that is not what the protocol says gets 422, a path the editor may not
touch 403 (files.py), and nothing is written unless every file of a save passed. After a save
the check runs (the git guard included) and its problems go back to the form: a save the
check refuses stays on disk as the editor's draft, and the preview keeps its last good site
until a later save fixes it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..rules.history import GUARD_TEMPLATE
from ..text.messages import Message, in_language, msg, msg_n
from . import merge, names
from .cms_config import LOCALE
from .files import (
    ARTICLES,
    IMAGE_MAX_BYTES,
    IMAGES,
    RECORD_MAX_BYTES,
    ContentFiles,
    Refused,
    write_atomically,
)

# The schema line a new record starts with, by its folder (as `briefing new` writes it).
_SCHEMA_BY_FOLDER = {"content/deals": "deal", "content/companies": "company",
                     "content/authors": "author"}
_SCHEMA_BY_FILE = {"content/topics.yml": "topics", "content/glossary.yml": "glossary"}
_IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


class Malformed(Exception):
    """A request that is not what Decap's protocol says (422)."""


@dataclass
class CheckResult:
    """What the check said after the last save: every problem as
    ``file:line:column: field: message`` in the editor's language, whether any of them
    fails the build, and whether the git guard is among them (the panel then offers a
    correction or a timeline event)."""

    failed: bool = False
    problems: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)
    guard: bool = False
    language: str = LOCALE

    def as_json(self) -> dict[str, Any]:
        return {"failed": self.failed, "problems": self.problems, "saved": self.saved,
                "guard": self.guard, "language": self.language,
                "texts": {key: words.in_language(self.language)
                          for key, words in PANEL_TEXTS.items()}}


# The panel's own words beside the form (admin/editor.js), said in the editor's language
# from the check's catalog like the problems they introduce.
PANEL_TEXTS = {
    "failed": msg("Saved as a draft; the check found problems, the preview keeps the last "
                  "good site."),
    "passed": msg("Saved and checked: no problems."),
    "guard": msg("A key figure changed. Tell readers why: a correction (what was wrong, "
                 "what is right) or a new event in the timeline, then save again."),
    "add_correction": msg("Add a correction"),
    "add_event": msg("Add a timeline event"),
}

# The check, as the server runs it: the project folder in, the problems out and whether
# they fail the build.
Checker = Callable[[], tuple[bool, list[Problem]]]


@dataclass
class Backend:
    files: ContentFiles
    check: Checker
    languages: tuple[str, ...]
    language: str = LOCALE  # the editor's: the check's problems are said in it
    last: CheckResult = field(default_factory=CheckResult)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, body: Any) -> tuple[int, Any]:
        """The status and JSON answer to one request of the protocol."""
        try:
            if not isinstance(body, dict) or not isinstance(body.get("action"), str):
                raise Malformed("a request is a JSON object with an 'action'")
            params = body.get("params", {})
            if not isinstance(params, dict):
                raise Malformed("'params' must be a JSON object")
            action = _ACTIONS.get(body["action"])
            if action is None:
                raise Malformed(f"unknown action {body['action']!r}")
            with self._lock:
                return action(self, params)
        except Malformed as exc:
            return 422, {"error": str(exc)}
        except Refused as exc:
            return exc.status, {"error": in_language(exc.message, self.language)}
        except merge.MergeError as exc:
            return 422, {"error": str(exc)}

    # --- reading ----------------------------------------------------------------------------

    def info(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, {"repo": self.files.project_dir.name, "publish_modes": ["simple"],
                     "type": "local_fs"}

    def _entry(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        if len(data) > RECORD_MAX_BYTES:
            raise Refused(msg("{relative}: larger than {RECORD_MAX_BYTES:,} bytes; open it in a "
                              "text editor",
                              relative=self.files.relative(path), RECORD_MAX_BYTES=RECORD_MAX_BYTES))
        relative = self.files.relative(path)
        text = names.for_form(relative, data.decode("utf-8", errors="replace"),
                              self.languages)
        return {"data": text,
                "file": {"path": self.files.relative(path), "id": _sha(data)}}

    def entries_by_folder(self, params: dict[str, Any]) -> tuple[int, Any]:
        folder = self.files.folder(_text(params, "folder"))
        extension = params.get("extension", "yml")
        if not isinstance(extension, str) or extension not in ("yml", "md"):
            raise Malformed("'extension' must be 'yml' or 'md'")
        depth = params.get("depth", 1)
        if not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= 10:
            raise Malformed("'depth' must be a number from 1 to 10")
        return 200, [self._entry(path)
                     for path in self.files.listing(folder, (f".{extension}",), depth)]

    def entries_by_files(self, params: dict[str, Any]) -> tuple[int, Any]:
        files = params.get("files")
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            raise Malformed("'files' must be a list of objects with a 'path'")
        paths = [self.files.resolve(_text(f, "path"), ("record", "article")) for f in files]
        return 200, [self._entry(path) for path in paths if path.is_file()]

    def get_entry(self, params: dict[str, Any]) -> tuple[int, Any]:
        path = self.files.resolve(_text(params, "path"), ("record", "article"))
        if not path.is_file():
            return 404, {"error": f"{self.files.relative(path)}: no such file"}
        return 200, self._entry(path)

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {"id": _sha(data), "content": base64.b64encode(data).decode("ascii"),
                "encoding": "base64", "path": self.files.relative(path), "name": path.name}

    def get_media(self, params: dict[str, Any]) -> tuple[int, Any]:
        folder = _text(params, "mediaFolder").rstrip("/")
        if folder != IMAGES:
            raise Refused(msg("{folder}: pictures live in {IMAGES}/", folder=folder, IMAGES=IMAGES))
        found = self.files.listing(self.files.folder(folder), tuple(_IMAGE_FORMATS), 1)
        return 200, [self._media(path) for path in found]

    def get_media_file(self, params: dict[str, Any]) -> tuple[int, Any]:
        path = self.files.resolve(_text(params, "path"), ("image",))
        if not path.is_file():
            return 404, {"error": f"{self.files.relative(path)}: no such picture"}
        return 200, self._media(path)

    def deploy_preview(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, None

    # --- writing ----------------------------------------------------------------------------

    def persist_entry(self, params: dict[str, Any]) -> tuple[int, Any]:
        data_files = params.get("dataFiles")
        if data_files is None:
            entry = params.get("entry")
            data_files = [entry] if entry is not None else None
        elif params.get("entry") is not None:
            raise Malformed("'dataFiles' or 'entry', not both")
        if not isinstance(data_files, list) or not data_files:
            raise Malformed("'dataFiles' must be a list of {path, raw}")
        assets = params.get("assets", [])
        if not isinstance(assets, list):
            raise Malformed("'assets' must be a list")
        # Everything is worked out before the first byte is written: one refused file
        # leaves every file as it was.
        writes: list[tuple[Path, bytes]] = []
        removals: list[Path] = []
        for data_file in data_files:
            if not isinstance(data_file, dict):
                raise Malformed("each of 'dataFiles' must be an object {path, raw}")
            path = self.files.resolve(_text(data_file, "path"), ("record", "article"))
            raw = _text(data_file, "raw", empty=True)
            target = path
            if data_file.get("newPath") not in (None, ""):
                target = self.files.resolve(_text(data_file, "newPath"), ("record", "article"))
                if target != path:
                    if target.exists():
                        raise Refused(msg("{relative}: already exists",
                                          relative=self.files.relative(target)))
                    removals.append(path)
            writes.append((target, self._merged(path, raw).encode("utf-8")))
        for asset in assets:
            writes.append(self._picture(asset))
        return self._write_and_check(writes, removals)

    def _merged(self, path: Path, raw: str) -> str:
        relative = self.files.relative(path)
        existing = None
        if path.is_file():
            if path.stat().st_size > RECORD_MAX_BYTES:
                raise Refused(msg("{relative}: larger than {RECORD_MAX_BYTES:,} bytes",
                                  relative=relative, RECORD_MAX_BYTES=RECORD_MAX_BYTES))
            existing = path.read_text("utf-8")
        if relative.startswith(ARTICLES + "/"):
            return merge.merge_article(
                existing, raw, lambda sent: names.from_form(relative, sent, existing))
        sent = names.from_form(relative, merge.load_sent(raw), existing)
        if existing is not None:
            return merge.merge_data(existing, sent)
        kind = _SCHEMA_BY_FILE.get(relative) or _SCHEMA_BY_FOLDER.get(
            relative.rsplit("/", 1)[0])
        depth = relative.count("/")
        header = (f"# yaml-language-server: $schema={'../' * depth}generator/schemas/"
                  f"{kind}.schema.json\n" if kind else "")
        return merge.dump_new(sent, header=header)

    def _picture(self, asset: Any) -> tuple[Path, bytes]:
        """A picture the form uploads, checked as the check checks the pictures articles
        show: a PNG, JPEG or WebP file at most 5 MB that is what its name says."""
        if not isinstance(asset, dict):
            raise Malformed("a picture is an object {path, content, encoding}")
        path = self.files.resolve(_text(asset, "path"), ("image",))
        if asset.get("encoding") != "base64":
            raise Malformed("a picture's 'encoding' must be 'base64'")
        try:
            data = base64.b64decode(_text(asset, "content", empty=True), validate=True)
        except binascii.Error as exc:
            raise Malformed(f"a picture's content is not base64: {exc}") from exc
        relative = self.files.relative(path)
        if len(data) > IMAGE_MAX_BYTES:
            raise Refused(msg("{relative}: {count:,} bytes; a picture may have at most "
                              "{IMAGE_MAX_BYTES:,}",
                              relative=relative, count=len(data), IMAGE_MAX_BYTES=IMAGE_MAX_BYTES), status=413)
        expected = _IMAGE_FORMATS[path.suffix.lower()]
        try:
            from PIL import Image  # the check's own reader of pictures
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                image.verify()
        except Exception as exc:  # Pillow's own words name its buffer, not the file
            raise Refused(msg("{relative}: not a PNG, JPEG or WebP picture that can be read",
                              relative=relative),
                          status=422) from exc
        if found != expected:
            raise Refused(msg("{relative}: the file is {found}, its name says {expected}",
                              relative=relative, found=found, expected=expected),
                          status=422)
        return path, data

    def persist_media(self, params: dict[str, Any]) -> tuple[int, Any]:
        path, data = self._picture(params.get("asset"))
        status, answer = self._write_and_check([(path, data)], [])
        if status != 200:
            return status, answer
        return 200, self._media(path)

    def delete_files(self, params: dict[str, Any]) -> tuple[int, Any]:
        paths = params.get("paths")
        if paths is None and "path" in params:
            paths = [params["path"]]
        if not isinstance(paths, list) or not paths:
            raise Malformed("'paths' must be a list of paths")
        resolved = [self.files.resolve(path) for path in paths]
        return self._write_and_check([], [path for path in resolved if path.is_file()])

    def _write_and_check(self, writes: Sequence[tuple[Path, bytes]],
                         removals: Sequence[Path]) -> tuple[int, Any]:
        for path, data in writes:
            write_atomically(path, data)
        for path in removals:
            path.unlink()
        saved = [self.files.relative(path) for path, _data in writes]
        failed, problems = self.check()
        lines = [problem.in_language(self.language) for problem in problems]
        guard = any(isinstance(problem.message, Message)
                    and GUARD_TEMPLATE in problem.message.templates for problem in problems)
        self.last = CheckResult(failed, lines, saved, guard, self.language)
        if failed:
            count = sum(1 for problem in problems if problem.severity == "error")
            summary = msg_n("Saved as a draft, but the check found {count} problem; the "
                            "preview keeps the last good site until it is fixed:",
                            "Saved as a draft, but the check found {count} problems; the "
                            "preview keeps the last good site until they are fixed:", count)
            return 409, {"error": "\n".join([summary.in_language(self.language), *lines]),
                         "check": self.last.as_json()}
        return 200, {"message": msg("saved and checked").in_language(self.language),
                     "check": self.last.as_json()}


def _sha(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _text(params: dict[str, Any], key: str, empty: bool = False) -> str:
    value = params.get(key)
    if not isinstance(value, str) or (not value and not empty):
        raise Malformed(f"{key!r} must be a {'' if empty else 'non-empty '}text")
    return value


_ACTIONS: dict[str, Callable[[Backend, dict[str, Any]], tuple[int, Any]]] = {
    "info": Backend.info,
    "entriesByFolder": Backend.entries_by_folder,
    "entriesByFiles": Backend.entries_by_files,
    "getEntry": Backend.get_entry,
    "persistEntry": Backend.persist_entry,
    "getMedia": Backend.get_media,
    "getMediaFile": Backend.get_media_file,
    "persistMedia": Backend.persist_media,
    "deleteFile": Backend.delete_files,
    "deleteFiles": Backend.delete_files,
    "getDeployPreview": Backend.deploy_preview,
}

"""Read the content tree into documents that remember where every value stood.

Nothing here judges the content beyond what it takes to read it: a file that cannot be
read becomes a Problem with its line and column, and reading goes on with the next file.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import Problem
from ..schemas import ID_PATTERN, LANGUAGE_KEY
from ..text.messages import a_kind, msg

# Larger files are refused before parsing: no record needs this much, and a huge file
# is far more likely a paste accident or an attack on the build than a deal.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

# Where each kind of content lies in content/: the one place that names these folders.
FOLDERS = {"deal": "deals", "company": "companies", "author": "authors", "article": "articles"}
RECORD_FOLDERS = {folder: kind for kind, folder in FOLDERS.items() if kind != "article"}
# Pictures that articles embed (their front matter's ``images``): read when an article
# names them, never by themselves.
IMAGE_FOLDER = "images"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
IMAGE_MAX_BYTES = 5_000_000
CONTENT_FOLDERS = (*FOLDERS.values(), IMAGE_FOLDER)
# Content that is one file for the whole site, directly in content/: the words for the tags
# (the topic above a headline) and the glossary of terms the pages explain.
FILES = {"topics": "topics.yml", "glossary": "glossary.yml"}
ARTICLE_NAME = re.compile(rf"(?P<slug>{ID_PATTERN})\.(?P<lang>{LANGUAGE_KEY.strip('^$')})\.md")

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML that reads a plain value as a number only when it is written as one.

    YAML 1.1, which PyYAML speaks, reads ``0100`` as 64 (octal), ``0x10`` as 16 and
    ``1:30`` as 90 (sexagesimal), and ``1_000`` as 1000: a figure published wrong without
    a word. Here a whole number is decimal digits with an optional minus sign, a decimal
    number has digits on both sides of its point, and everything else (``+5``, ``.inf``,
    ``.nan``, ``1e3``) stays text, which the schema then refuses where a number belongs.
    Dates stay text too, so that an impossible date such as 2025-02-30 becomes a checked
    problem with a line number instead of an exception inside the YAML library.
    """


_KEPT_RESOLVERS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                   "tag:yaml.org,2002:merge")
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
DECIMAL_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag in _KEPT_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "-0123456789":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).extend(
        [(_INT_TAG, WHOLE_NUMBER), (_FLOAT_TAG, DECIMAL_NUMBER)])
# The largest figure a record may hold (the schemas' "maximum" of an amount): 10^15 - 1,
# "999 trillion", the largest that Babel's compact patterns write in both languages
# ("1000 Bio. US-Dollar" at the limit); beyond 10^100 Babel raises instead. A number of more
# than MAX_NUMBER_DIGITS digits is refused before it is even read as one (Python refuses
# to read an int of more than 4,300 digits).
LARGEST_AMOUNT = 999_999_999_999_999
MAX_NUMBER_DIGITS = 100

# libyaml's composer recurses in C once per level of nesting and overflows the stack
# (signal 11): measured here (PyYAML 6, libyaml 0.2.5), 10,000 levels of [ passed and 30,000
# crashed in the main thread (8 MB of stack); in a thread with 512 KB of stack, 1,000
# passed and 3,000 crashed. A file that could be nested more
# deeply than SAFE_NESTING is first read as a flat stream of parser events, which never
# recurses, and refused when it is nested deeper than MAX_DEPTH.
SAFE_NESTING = 500


@dataclass
class Document:
    """One content file: its parsed data and the position of every value in it."""

    kind: str  # "deal", "company", "author", "article", or one of FILES: "topics", "glossary"
    file: str  # the path shown to editors, relative to the project
    data: Any = None
    # Each value's and field name's line and column, packed into one int (pack_mark): a
    # preview keeps every record's, and as (line, column) tuples they were a fifth of serve's
    # memory at 2,000 deals.
    marks: dict[Path_, int] = field(default_factory=dict)
    key_marks: dict[Path_, int] = field(default_factory=dict)
    body: str = ""  # articles: the Markdown after the front matter
    body_line: int = 0  # articles: the file line the body starts on
    slug: str = ""  # articles: the name before the language
    lang: str = ""  # articles: the language in the file name
    # articles: the pictures its ``images`` name that are files in content/images/, by
    # their ``file``; for any other, why it was not read (the check says so).
    files: dict[str, bytes] = field(default_factory=dict)
    unread_files: dict[str, str] = field(default_factory=dict)

    def locate(self, path: Path_, key: bool = False) -> Mark:
        """Line and column of a field's value (or of its key, for problems with the key
        itself); for a field that is not there, the nearest enclosing field's key."""
        if key and path in self.key_marks:
            return unpack_mark(self.key_marks[path])
        if path in self.marks:
            return unpack_mark(self.marks[path])
        while path:
            path = path[:-1]
            if path in self.key_marks:
                return unpack_mark(self.key_marks[path])
            if path in self.marks:
                return unpack_mark(self.marks[path])
        return unpack_mark(self.marks.get((), pack_mark(1, 1)))


_COLUMN_BITS = 32


def pack_mark(line: int, column: int) -> int:
    return line << _COLUMN_BITS | column


def unpack_mark(packed: int) -> Mark:
    return packed >> _COLUMN_BITS, packed & ((1 << _COLUMN_BITS) - 1)


def field_name(path: Path_) -> str:
    """Write a path the way editors read it: ``timeline[2].sources``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class LoadedContent:
    documents: list[Document]
    problems: list[Problem]
    # Files that exist but could not be read (their problems are in ``problems``); the
    # checker knows their ids exist, so it does not also report references to them.
    unreadable: list[Document] = field(default_factory=list)


@dataclass
class Read:
    """One file as ``load_content`` read it."""

    doc: Document
    problems: list[Problem]
    readable: bool


class FileToRead(NamedTuple):
    """A file ``load_content`` found and how it is read: ``ReadFiles.read``'s arguments."""

    path: Path
    shown: str
    kind: str
    reader: Callable[..., Any]
    slug: str = ""
    lang: str = ""
    companions: Callable[[Any], tuple[tuple[str, Path], ...]] | None = None


class ReadFiles:
    """How ``load_content`` reads the files of one call: each anew, keeping nothing (a
    clean build). A preview's reader (preview/kept_files.py, ``KeptFiles``) gives an
    unchanged file's ``Read`` again instead; ``changed`` then names the files its last
    call read anew, added or lost."""

    def __init__(self, each: Callable[..., list[Any]] | None = None) -> None:
        self.changed: set[str] = set()
        # How a list of files is read: one after the other, or (a clean build's reader,
        # pipeline.py) by ``each``, which may read part of them in another process and
        # hand back what it read (build/second_core.py).
        self.each = each

    def begin(self) -> None:
        """A call of ``load_content`` starts."""

    def read_all(self, files: list[FileToRead]) -> list[Read]:
        """Every file of ``files`` read, in their order."""
        if self.each is None:
            return [self.read(*file) for file in files]
        return self.each(lambda file: self.read(*file), files)

    def read(self, path: Path, shown: str, kind: str, reader: Callable[..., Any],
             slug: str = "", lang: str = "",
             companions: Callable[[Any], tuple[tuple[str, Path], ...]] | None = None) -> Read:
        """``path`` read and parsed by ``reader``. ``companions``: the other files the
        document reads (an article's pictures), from its data, which a reader that keeps
        what it read compares as well."""
        try:
            size: int | None = path.stat().st_size
        except OSError:
            size = None
        return parse_file(path, shown, kind, reader, file_bytes(path, size), slug, lang)

    def end(self) -> None:
        """The call has read every file it found."""


def file_bytes(path: Path, size: int | None) -> bytes | None:
    """The bytes of a file of ``size`` (None: it could not be looked at), or None when it
    is larger than a content file may be or cannot be read: the reader then says why."""
    if size is None or size > MAX_FILE_BYTES:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None  # _read_text says why


def parse_file(path: Path, shown: str, kind: str, reader: Callable[..., Any],
               raw: bytes | None, slug: str = "", lang: str = "") -> Read:
    """A file's bytes (``raw``) made into its Document and problems by ``reader``."""
    doc = Document(kind=kind, file=shown, slug=slug, lang=lang)
    problems: list[Problem] = []
    data = reader(path, doc, problems, raw)
    readable = data is not _UNREADABLE
    doc.data = data if readable else None
    return Read(doc, problems, readable)


def load_content(content_dir: Path, project_dir: Path | None = None,
                 kept: ReadFiles | None = None) -> LoadedContent:
    """Read every record and article below ``content_dir``, in a stable order.

    ``kept``: how to read them; by default each file anew. A preview passes one that
    keeps what an earlier call in this process read (preview/kept_files.py), so that
    files that have not changed are not read again."""
    project_dir = project_dir or content_dir.parent
    kept = kept if kept is not None else ReadFiles()
    kept.begin()
    documents: list[Document] = []
    problems: list[Problem] = []
    unreadable: list[Document] = []

    base = f"{project_dir}{os.sep}"

    def shown(path: Path) -> str:
        text = str(path)  # a prefix cut: Path.relative_to took a tenth of a preview's save
        if os.sep == "/" and text.startswith(base):
            return text[len(base):]
        try:
            return path.relative_to(project_dir).as_posix()
        except ValueError:
            return path.as_posix()

    if not content_dir.is_dir():
        problems.append(Problem(shown(content_dir), 1, 1, "", msg("content folder not found")))
        return LoadedContent(documents, problems, unreadable)

    records, articles = _content_files(content_dir, shown, problems)
    files: list[FileToRead] = []  # the records' and articles' files, read together below
    for kind, name in FILES.items():
        path = content_dir / name
        if path.is_file() and not path.is_symlink():
            read = kept.read(path, shown(path), kind, _read_yaml_file)
            problems.extend(read.problems)
            (documents if read.readable else unreadable).append(read.doc)

    def read_article(path: Path, doc: Document, problems: list[Problem],
                     raw: bytes | None = None) -> Any:
        data = _read_article_file(path, doc, problems, raw)
        doc.files, doc.unread_files = _read_images(data, content_dir)
        return data

    def pictures(data: Any) -> tuple[tuple[str, Path], ...]:
        return _image_files(data, content_dir)
    for folder, kind in RECORD_FOLDERS.items():
        for path in records[folder]:
            if path.suffix == ".yaml":
                problems.append(Problem(shown(path), 1, 1, "", msg("records end in .yml, not "
                                                                   ".yaml (expected {stem}.yml)",
                                                                   stem=path.stem)))
                continue
            if path.suffix != ".yml":
                problems.append(_stray(shown(path), msg("a record (.yml)")))
                continue
            files.append(FileToRead(path, shown(path), kind, _read_yaml_file))

    for path in articles:
        match = ARTICLE_NAME.fullmatch(path.name)
        if not match:
            problems.append(_stray(shown(path), msg("an article named <slug>.<lang>.md")))
            continue
        files.append(FileToRead(path, shown(path), "article", read_article,
                                match["slug"], match["lang"], pictures))
    for read in kept.read_all(files):
        problems.extend(read.problems)
        (documents if read.readable else unreadable).append(read.doc)
    kept.end()
    return LoadedContent(documents, problems, unreadable)


def _content_files(content_dir: Path, shown: Callable[[Path], str], problems: list[Problem],
                   ) -> tuple[dict[str, list[Path]], list[Path]]:
    """The files of each record folder and of articles/, in a stable order, and a problem
    for everything in content/ that would otherwise be read from elsewhere or not at all.

    A symbolic link is refused wherever it is: it would publish a file from outside the
    project (or one that is not there on the next machine), and what a page says must be
    what content/ holds. A folder that is not read is a warning naming it, so that nothing
    an editor wrote is left out without a word."""
    records: dict[str, list[Path]] = {folder: [] for folder in RECORD_FOLDERS}
    articles: list[Path] = []

    def walk(folder: Path, nested: bool, found: list[Path], what: str) -> None:
        # os.scandir: each entry knows whether it is a link, a folder or a file without
        # asking the file system again (2,000 records: three times faster than Path).
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            path = folder / entry.name
            if _is_hidden_content(path, entry.is_dir()):
                problems.append(Problem(shown(path), 1, 1, "", msg("file is hidden (its name "
                                                                   "starts with a dot) and is "
                                                                   "not read (expected the name "
                                                                   "without the dot)"), "warning"))
                continue
            if _is_editor_scratch(path):
                continue
            if entry.is_symlink():
                problems.append(Problem(shown(path), 1, 1, "", _SYMLINK))
            elif entry.is_dir() and path.suffix in (".yml", ".yaml", ".md"):
                problems.append(Problem(shown(path) + "/", 1, 1, "", msg("a folder named like a "
                                                                         "content file; it is "
                                                                         "not read (expected a "
                                                                         "file, or a folder name "
                                                                         "without the ending)"), "warning"))
            elif entry.is_dir() and nested:
                walk(path, nested, found, what)
            elif entry.is_dir():
                unread = sorted(p for p in path.rglob("*.md") if what == FOLDERS["article"])
                for inner in unread:
                    problems.append(Problem(shown(inner), 1, 1, "", msg("article is not read: "
                                                                        "articles lie directly "
                                                                        "in content/articles/ "
                                                                        "(expected "
                                                                        "content/articles/<slug>.<lang>.md)"),
                                            "warning"))
                if not unread:
                    problems.append(Problem(shown(path) + "/", 1, 1, "", msg("folder is not "
                                                                             "read: {what} lie "
                                                                             "directly in "
                                                                             "content/{name}/ "
                                                                             "(move its files "
                                                                             "there)",
                                                                             what=what, name=folder.name), "warning"))
            elif entry.is_file():
                found.append(path)

    for top in sorted(content_dir.iterdir()):
        if _is_editor_scratch(top):
            continue
        if top.is_symlink():
            problems.append(Problem(shown(top), 1, 1, "", _SYMLINK))
        elif top.is_dir() and top.name in RECORD_FOLDERS:
            walk(top, top.name == FOLDERS["deal"], records[top.name], top.name)
        elif top.is_dir() and top.name == FOLDERS["article"]:
            walk(top, False, articles, top.name)
        elif top.is_dir() and top.name == IMAGE_FOLDER:
            continue  # read when an article names a picture (_read_images)
        elif top.is_dir():
            close = difflib.get_close_matches(top.name, CONTENT_FOLDERS, n=1)
            guess = msg(" (did you mean '{close}/'?)", close=close[0]) if close else ""
            expected = ", ".join(f"{name}/" for name in CONTENT_FOLDERS[:-1])
            problems.append(Problem(shown(top) + "/", 1, 1, "", msg("folder is not read{guess} "
                                                                    "(expected only {expected} "
                                                                    "and {last}/ in "
                                                                    "content/)",
                                                                    guess=guess, expected=expected, last=CONTENT_FOLDERS[-1]), "warning"))
    return records, articles


def image_file_problem(file: str) -> str | None:
    """What is wrong with an ``images[].file`` value as an address, before looking for it:
    a picture is a file kept in content/images/, never fetched from elsewhere."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//", file):
        return (msg("'{file}' is a remote address; pictures are kept in content/{IMAGE_FOLDER}/ "
                    "and published with the site (expected a path such as "
                    "{IMAGE_FOLDER}/photo.jpg)",
                    file=file, IMAGE_FOLDER=IMAGE_FOLDER))
    parts = file.split("/")
    if file.startswith("/") or "\\" in file or ".." in parts or "." in parts or "" in parts:
        return (msg("'{file}' leads outside content/{IMAGE_FOLDER}/ (expected a path below "
                    "content/ such as {IMAGE_FOLDER}/photo.jpg, without '..')",
                    file=file, IMAGE_FOLDER=IMAGE_FOLDER))
    if parts[0] != IMAGE_FOLDER or len(parts) < 2:
        return (msg("'{file}' is not in content/{IMAGE_FOLDER}/ (expected a path such as "
                    "{IMAGE_FOLDER}/photo.jpg)",
                    file=file, IMAGE_FOLDER=IMAGE_FOLDER))
    if not file.lower().endswith(IMAGE_SUFFIXES):
        return (msg("'{file}' is not a picture this site publishes (expected a file ending in "
                    "{IMAGE_SUFFIXES})",
                    file=file, IMAGE_SUFFIXES=', '.join(IMAGE_SUFFIXES)))
    return None


def _read_images(data: Any, content_dir: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The pictures an article's front matter names, where each is a file of its own in
    content/images/ (no link, not too large), by their ``file`` value; and for the others
    why not."""
    found: dict[str, bytes] = {}
    unread: dict[str, str] = {}
    images = data.get("images") if isinstance(data, dict) else None
    for entry in images if isinstance(images, list) else []:
        file = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(file, str) or image_file_problem(file) or file in found:
            continue
        path = content_dir / file
        if any(p.is_symlink() for p in (path, *path.parents) if p.is_relative_to(content_dir)):
            unread[file] = (msg("content/{file} is a symbolic link (expected the picture itself "
                                "in content/{IMAGE_FOLDER}/)",
                                file=file, IMAGE_FOLDER=IMAGE_FOLDER))
        elif not path.is_file():
            unread[file] = (msg("no picture content/{file} (expected the file in "
                                "content/{IMAGE_FOLDER}/)",
                                file=file, IMAGE_FOLDER=IMAGE_FOLDER))
        elif path.stat().st_size > IMAGE_MAX_BYTES:
            unread[file] = (msg("content/{file} is {st_size:.1f} MB (expected at most "
                                "{IMAGE_MAX_BYTES} MB: a smaller or more compressed version)",
                                file=file, st_size=path.stat().st_size / 1000000, IMAGE_MAX_BYTES=IMAGE_MAX_BYTES // 1000000))
        else:
            found[file] = path.read_bytes()
    return found, unread


def _image_files(data: Any, content_dir: Path) -> tuple[tuple[str, Path], ...]:
    """Each picture an article's front matter names (by a name a picture may have), with
    its path: the files it reads besides itself, which a preview's reader compares to
    know the pictures unchanged without reading them (preview/kept_files.py)."""
    images = data.get("images") if isinstance(data, dict) else None
    found = []
    for entry in images if isinstance(images, list) else []:
        file = entry.get("file") if isinstance(entry, dict) else None
        if isinstance(file, str) and not image_file_problem(file):
            found.append((file, content_dir / file))
    return tuple(found)


_SYMLINK = (msg("is a symbolic link; content is read only from files in content/ (expected the "
                "file itself, not a link to it)"))


def _is_editor_scratch(path: Path) -> bool:
    # Editors leave swap and backup files beside what they save; they are not content.
    name = path.name
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def _is_hidden_content(path: Path, is_dir: bool) -> bool:
    # ".acme.yml" is no editor's scratch file (those are ".#acme.yml", ".acme.yml.swp"):
    # most likely a record hidden by mistake.
    name = path.name
    return (name.startswith(".") and not name.startswith(".#") and len(name) > 4
            and name.endswith((".yml", ".yaml", ".md")) and not is_dir)


def _stray(file: str, expected: str) -> Problem:
    return Problem(file, 1, 1, "", msg("file is not {expected}; move or rename it",
                                       expected=expected), "warning")


_UNREADABLE = object()


def _read_text(path: Path, doc: Document, problems: list[Problem],
               raw: bytes | None = None) -> str | None:
    """The file's text (``raw``: its bytes, already read), or None after a problem."""
    try:
        size = len(raw) if raw is not None else path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(doc.file, 1, 1, "",
                msg("file is {size:.1f} MB (expected at most {MAX_FILE_BYTES} MB for a content "
                    "file)",
                    size=size / 1000000, MAX_FILE_BYTES=MAX_FILE_BYTES // 1000000)))
            return None
        if raw is None:
            raw = path.read_bytes()
    except OSError as exc:  # no permission to read it, or it went away while being read
        problems.append(Problem(doc.file, 1, 1, "", msg("file cannot be read: {value}",
                                                        value=exc.strerror or exc)))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(doc.file, 1, 1, "",
            msg("file starts with a byte-order mark; save it as UTF-8 without BOM"), "warning"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(doc.file, line, column, "",
            msg("byte 0x{raw:02x} is not UTF-8 (save the file as UTF-8)", raw=raw[exc.start])))
        return None
    # A file saved with Windows line ends reads as one saved with Unix ones (YAML reads
    # both alike; the article body's lines would otherwise end in a control character).
    text = text.replace("\r\n", "\n")
    if not text.strip():
        problems.append(Problem(doc.file, 1, 1, "", msg("file is empty (expected the fields of "
                                                        "{a})",
                                                        a=a_kind(doc.kind))))
        return None
    return text


def _read_yaml_file(path: Path, doc: Document, problems: list[Problem],
                    raw: bytes | None = None) -> Any:
    text = _read_text(path, doc, problems, raw)
    if text is None:
        return _UNREADABLE
    return _parse_yaml(text, doc, problems, line_offset=0)


def _read_article_file(path: Path, doc: Document, problems: list[Problem],
                       raw: bytes | None = None) -> Any:
    text = _read_text(path, doc, problems, raw)
    if text is None:
        return _UNREADABLE
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.append(Problem(doc.file, 1, 1, "",
            msg("file does not start with front matter (expected a line '---', the article's "
                "fields, and another line '---' before the text)")))
        return _UNREADABLE
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.append(Problem(doc.file, 1, 1, "", msg("front matter has no closing line "
                                                        "(expected '---' after the last field)")))
        return _UNREADABLE
    front = "\n".join(lines[1:end])
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    if not front.strip():
        problems.append(Problem(doc.file, 1, 1, "", msg("front matter is empty (expected the "
                                                        "fields of an article)")))
        return _UNREADABLE
    return _parse_yaml(front, doc, problems, line_offset=1)


def _parse_yaml(text: str, doc: Document, problems: list[Problem], line_offset: int) -> Any:
    tagged: dict[tuple[int, int], str] = {}
    if "!" in text or _nesting_bound(text) > SAFE_NESTING:
        scanned = _scan_events(text, doc, problems, line_offset)
        if scanned is None:
            return _UNREADABLE
        tagged = scanned
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        source_line = text.split("\n")[line - 1] if line - 1 < text.count("\n") + 1 else ""
        problems.append(Problem(doc.file, line + line_offset, column, "",
            _yaml_message(exc, source_line[: column + 1])))
        return _UNREADABLE
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        position = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        problems.append(Problem(doc.file, line + line_offset, column, "",
            msg("character {getattr!r} is not allowed in YAML",
                getattr=getattr(exc, 'character', '?'))))
        return _UNREADABLE
    except RecursionError:
        problems.append(Problem(doc.file, 1, 1, "", _TOO_DEEP))
        return _UNREADABLE
    finally:
        loader.dispose()
    if node is None:
        what = msg("front matter") if doc.kind == "article" else msg("file")
        problems.append(Problem(doc.file, 1 + line_offset, 1, "",
                                msg("{what} holds only comments (expected the fields of {a})",
                                    what=what, a=a_kind(doc.kind))))
        return _UNREADABLE
    if not isinstance(node, yaml.MappingNode):
        what = msg("a list") if isinstance(node, yaml.SequenceNode) else msg("a single value")
        problems.append(Problem(doc.file, node.start_mark.line + 1 + line_offset,
            node.start_mark.column + 1, "", msg("file holds {what}; a record is a mapping of "
                                                "fields",
                                                what=what)))
        return _UNREADABLE
    builder = _TreeBuilder(loader, doc, problems, line_offset, tagged)
    data = builder.build(node, ())
    if builder.aliases:
        builder.report_aliases(_alias_marks(text))
    return _UNREADABLE if builder.failed else data


_LINE_LEAD = re.compile(r"^[ ?-]*", re.MULTILINE)


def _nesting_bound(text: str) -> int:
    """How deeply ``text`` can at most nest lists and mappings, found without parsing.

    Each flow collection opens with ``[`` or ``{``; a block collection inside another
    starts further right (a list that is a field's value may start at the field's column):
    at most two levels for each character of the longest run of spaces, dashes and question
    marks that begins a line."""
    lead = max(map(len, _LINE_LEAD.findall(text)), default=0)
    return text.count("[") + text.count("{") + 2 * (lead + 1)


def _scan_events(text: str, doc: Document, problems: list[Problem],
                 line_offset: int) -> dict[tuple[int, int], str] | None:
    """Read ``text`` as parser events, which nest nothing, before it is composed into a
    tree: where each explicitly tagged value starts (0-based line and column) and its tag,
    or None after reporting a file nested too deeply to be composed safely.

    A syntax error ends the scan quietly: composing the file reports it as ever, before
    reaching any depth the scan has not seen."""
    tagged: dict[tuple[int, int], str] = {}
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            assert mark is not None  # the parser marks every event it makes
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    problems.append(Problem(doc.file, mark.line + 1 + line_offset,
                                            mark.column + 1, "", _TOO_DEEP))
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            tag = getattr(event, "tag", None)
            if tag is not None:
                tagged[(mark.line, mark.column)] = tag
    except yaml.YAMLError:
        pass
    return tagged


_TOO_DEEP = msg("YAML is nested too deeply (expected at most {MAX_DEPTH} levels of fields and "
                "lists)", MAX_DEPTH=MAX_DEPTH)


def _alias_marks(text: str) -> list[Mark]:
    """Where each alias (*name) stands, in document order.

    The composed tree shares one node between an anchor and its aliases, so the aliases'
    own positions are only in the parser's events.
    """
    return [(event.start_mark.line + 1, event.start_mark.column + 1)
            for event in yaml.parse(text, Loader=_Loader)
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None]


# libyaml's words for the mistakes editors make most, and what to do about each.
_YAML_HINTS = {
    "mapping values are not allowed in this context": msg(
        "a ':' where no field can start (expected 'field: value' lined up with the fields"
        " around it, or quotes around a text that contains ': ')"),
    "mapping values are not allowed here": msg(
        "a ':' where no field can start (expected 'field: value' lined up with the fields"
        " around it, or quotes around a text that contains ': ')"),
    "could not find expected ':'": msg(
        "a line that is not 'field: value' (expected a ':' after the field name, or "
        "quotes around a text that runs over several lines)"),
    "did not find expected key": msg(
        "a line indented differently from the fields around it (expected it lined up with"
        " them)"),
    "did not find expected '-' indicator": msg(
        "a line indented differently from the list around it (expected '- ' entries lined"
        " up with each other)"),
    "found character that cannot start any token": msg(
        "a character YAML cannot start a value with, such as ` or @ (expected quotes "
        "around the text)"),
}


def _yaml_message(exc: yaml.MarkedYAMLError, text_up_to_error: str) -> str:
    problem = exc.problem or str(exc)
    if "\t" in problem or "\t" in text_up_to_error:
        return msg("YAML syntax error: a tab character; indent with spaces")
    if problem in _YAML_HINTS:
        return msg("YAML syntax error: {hint}", hint=_YAML_HINTS[problem])
    if exc.context:
        return msg("YAML syntax error: {problem} ({context})", problem=problem, context=exc.context)
    return msg("YAML syntax error: {problem}", problem=problem)


class _TreeBuilder:
    """Turn a composed YAML node tree into plain data, noting each value's position.

    Aliases are refused rather than expanded: a record never needs them, and expanding
    them is how a few hundred bytes of YAML become gigabytes (the 'billion laughs').
    """

    def __init__(self, loader: Any, doc: Document, problems: list[Problem], line_offset: int,
                 tagged: dict[tuple[int, int], str]):
        self.loader, self.doc, self.problems = loader, doc, problems
        self.line_offset = line_offset
        # Values written with an explicit tag (!!int, !!timestamp, !foo): refused before
        # the constructor can build, or fail to build, what the tag asks for.
        self.tagged = tagged
        self.seen: set[int] = set()
        self.failed = False
        self.aliases: list[Path_] = []

    def mark(self, node: yaml.Node) -> Mark:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def packed_mark(self, node: yaml.Node) -> int:
        return pack_mark(*self.mark(node))

    def fail(self, node: yaml.Node, path: Path_, message: str) -> None:
        line, column = self.mark(node)
        self.problems.append(Problem(self.doc.file, line, column, field_name(path), message))
        self.failed = True

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            # An alias is the node its anchor made; it is reported with its own position
            # once the whole tree is built (report_aliases).
            self.aliases.append(path)
            self.failed = True
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            self.fail(node, path, _TOO_DEEP)
            return None
        self.doc.marks[path] = self.packed_mark(node)
        tag = self.tagged.get((node.start_mark.line, node.start_mark.column)) if (
            self.tagged) else None
        if tag is not None or not isinstance(node, yaml.ScalarNode) and (
                node.tag not in _PLAIN_TAGS):
            self.fail(node, path, msg("YAML tag {short_tag} is not allowed (expected plain "
                                      "values, lists and fields)",
                                      short_tag=_short_tag(tag or node.tag)))
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, path, msg("YAML merge keys (<<) are not allowed "
                                                  "(expected the fields written out)"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, path, msg("a field name must be plain text"))
                    continue
                key_tag = self.tagged.get((key_node.start_mark.line,
                                           key_node.start_mark.column)) if self.tagged else None
                if key_tag is not None:
                    self.fail(key_node, path + (key_node.value,), msg("YAML tag {short_tag} is "
                                                                      "not allowed (expected "
                                                                      "plain values, lists and "
                                                                      "fields)",
                                                                      short_tag=_short_tag(key_tag)))
                    continue
                key = key_node.value
                if key in result:
                    self.fail(key_node, path + (key,), msg("field appears twice in the same "
                                                           "place (expected it once)"))
                    continue
                child = path + (key,)
                self.doc.key_marks[child] = self.packed_mark(key_node)
                result[key] = self.text_or_build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.text_or_build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # what the constructor would return, without its overhead
        if node.tag == _INT_TAG and len(node.value.lstrip("-")) > MAX_NUMBER_DIGITS:
            self.fail(node, path, msg("a number of {count} digits is too large (expected at most "
                                      "{LARGEST_AMOUNT})",
                                      count=len(node.value.lstrip('-')), LARGEST_AMOUNT=LARGEST_AMOUNT))
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            # Only what the resolver above lets through gets here (null, true/false, decimal
            # numbers, '<<' as a value); what fails is reported, never raised.
            self.fail(node, path, msg("YAML tag {short_tag} is not allowed (expected plain "
                                      "values, lists and fields)",
                                      short_tag=_short_tag(node.tag)))
            return None

    def text_or_build(self, node: yaml.Node, path: Path_) -> Any:
        """``build`` for any node, with the common case of plain text inlined: a record
        is mostly texts, and at 2,000 deals this walk was half of the loading time."""
        if (node.tag == _STR_TAG and type(node) is yaml.ScalarNode and id(node) not in self.seen
                and len(path) <= MAX_DEPTH and not self.tagged):
            self.seen.add(id(node))
            # pack_mark written out: the loader's most frequent step (every plain text).
            self.doc.marks[path] = ((node.start_mark.line + 1 + self.line_offset) << _COLUMN_BITS
                                    | node.start_mark.column + 1)
            return node.value
        return self.build(node, path)

    def report_aliases(self, marks: list[Mark]) -> None:
        """One problem for the first alias, counting the others: a 'billion laughs' file
        holds thousands, and one line says all there is to say."""
        if marks:
            line, column = marks[0][0] + self.line_offset, marks[0][1]
        else:
            line, column = self.doc.locate(self.aliases[0])
        more = max(len(marks), len(self.aliases)) - 1
        count = msg("; {more} more in this file", more=more) if more else ""
        self.problems.append(Problem(self.doc.file, line, column,
            field_name(self.aliases[0]), msg("YAML aliases (*name) are not allowed (expected the "
                                             "value written out{count})",
                                             count=count)))


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")

"""Read the content tree into documents that remember where every value stood.

Nothing here judges the content beyond what it takes to read it: a file that cannot be
read becomes a Problem with its line and column, and reading goes on with the next file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

# Larger files are refused before parsing: no record needs this much, and a huge file
# is far more likely a paste accident or an attack on the build than a deal.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

RECORD_FOLDERS = {"deals": "deal", "companies": "company", "authors": "author"}
ARTICLE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps.

    Dates stay strings so that an impossible date such as 2025-02-30 becomes a checked
    problem with a line number instead of an exception inside the YAML library.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """One content file: its parsed data and the position of every value in it."""

    kind: str  # "deal", "company", "author" or "article"
    file: str  # the path shown to editors, relative to the project
    data: Any = None
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    body: str = ""  # articles: the Markdown after the front matter
    body_line: int = 0  # articles: the file line the body starts on
    slug: str = ""  # articles: the name before the language
    lang: str = ""  # articles: the language in the file name

    def locate(self, path: Path_, key: bool = False) -> Mark:
        """Line and column of a field's value (or of its key, for problems with the key
        itself); for a field that is not there, the nearest enclosing field's key."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        if path in self.marks:
            return self.marks[path]
        while path:
            path = path[:-1]
            if path in self.key_marks:
                return self.key_marks[path]
            if path in self.marks:
                return self.marks[path]
        return self.marks.get((), (1, 1))


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


def load_content(content_dir: Path, project_dir: Path | None = None) -> LoadedContent:
    """Read every record and article below ``content_dir``, in a stable order."""
    project_dir = project_dir or content_dir.parent
    documents: list[Document] = []
    problems: list[Problem] = []
    unreadable: list[Document] = []

    def shown(path: Path) -> str:
        try:
            return path.relative_to(project_dir).as_posix()
        except ValueError:
            return path.as_posix()

    if not content_dir.is_dir():
        problems.append(Problem(shown(content_dir), 1, 1, "", "content folder not found"))
        return LoadedContent(documents, problems, unreadable)

    for folder, kind in RECORD_FOLDERS.items():
        base = content_dir / folder
        pattern = "**/*" if kind == "deal" else "*"
        for path in sorted(base.glob(pattern)) if base.is_dir() else []:
            if not path.is_file() or _is_editor_scratch(path):
                continue
            if path.suffix == ".yaml":
                problems.append(Problem(shown(path), 1, 1, "", f"records end in .yml, not "
                                        f".yaml (expected {path.stem}.yml)"))
                continue
            if path.suffix != ".yml":
                problems.append(_stray(shown(path), "a record (.yml)"))
                continue
            doc = Document(kind=kind, file=shown(path))
            doc.data = _read_yaml_file(path, doc, problems)
            (unreadable if doc.data is _UNREADABLE else documents).append(doc)

    articles = content_dir / "articles"
    for path in sorted(articles.iterdir()) if articles.is_dir() else []:
        if not path.is_file() or _is_editor_scratch(path):
            continue
        match = ARTICLE_NAME.match(path.name)
        if not match:
            problems.append(_stray(shown(path), "an article named <slug>.<lang>.md"))
            continue
        doc = Document(kind="article", file=shown(path), **match.groupdict())
        doc.data = _read_article_file(path, doc, problems)
        (unreadable if doc.data is _UNREADABLE else documents).append(doc)
    for doc in unreadable:
        doc.data = None
    return LoadedContent(documents, problems, unreadable)


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _is_editor_scratch(path: Path) -> bool:
    # Editors leave swap and backup files beside what they save; they are not content.
    name = path.name
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def _stray(file: str, expected: str) -> Problem:
    return Problem(file, 1, 1, "", f"file is not {expected}; move or rename it", "warning")


_UNREADABLE = object()


def _read_text(path: Path, doc: Document, problems: list[Problem]) -> str | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(Problem(doc.file, 1, 1, "",
            f"file is {size / 1_000_000:.1f} MB (expected at most "
            f"{MAX_FILE_BYTES // 1_000_000} MB for a content file)"))
        return None
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(doc.file, 1, 1, "",
            "file starts with a byte-order mark; save it as UTF-8 without BOM", "warning"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(doc.file, line, column, "",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 (save the file as UTF-8)"))
        return None
    if not text.strip():
        problems.append(Problem(doc.file, 1, 1, "", f"file is empty (expected the fields of "
                                                    f"{_a(doc.kind)})"))
        return None
    return text


def _read_yaml_file(path: Path, doc: Document, problems: list[Problem]) -> Any:
    text = _read_text(path, doc, problems)
    if text is None:
        return _UNREADABLE
    return _parse_yaml(text, doc, problems, line_offset=0)


def _read_article_file(path: Path, doc: Document, problems: list[Problem]) -> Any:
    text = _read_text(path, doc, problems)
    if text is None:
        return _UNREADABLE
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.append(Problem(doc.file, 1, 1, "",
            "file does not start with front matter (expected a line '---', the article's "
            "fields, and another line '---' before the text)"))
        return _UNREADABLE
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.append(Problem(doc.file, 1, 1, "", "front matter has no closing line "
                                                    "(expected '---' after the last field)"))
        return _UNREADABLE
    front = "\n".join(lines[1:end])
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    if not front.strip():
        problems.append(Problem(doc.file, 1, 1, "", "front matter is empty (expected the "
                                                    "fields of an article)"))
        return _UNREADABLE
    return _parse_yaml(front, doc, problems, line_offset=1)


def _parse_yaml(text: str, doc: Document, problems: list[Problem], line_offset: int) -> Any:
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
            f"character {getattr(exc, 'character', '?')!r} is not allowed in YAML"))
        return _UNREADABLE
    except RecursionError:
        problems.append(Problem(doc.file, 1, 1, "", "YAML is nested too deeply"))
        return _UNREADABLE
    finally:
        loader.dispose()
    if node is None:
        what = "front matter" if doc.kind == "article" else "file"
        problems.append(Problem(doc.file, 1 + line_offset, 1, "",
                                f"{what} holds only comments (expected the fields of "
                                f"{_a(doc.kind)})"))
        return _UNREADABLE
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        problems.append(Problem(doc.file, node.start_mark.line + 1 + line_offset,
            node.start_mark.column + 1, "", f"file holds {what}; a record is a mapping of fields"))
        return _UNREADABLE
    builder = _TreeBuilder(loader, doc, problems, line_offset)
    data = builder.build(node, ())
    if builder.aliases:
        builder.report_aliases(_alias_marks(text))
    return _UNREADABLE if builder.failed else data


def _alias_marks(text: str) -> list[Mark]:
    """Where each alias (*name) stands, in document order.

    The composed tree shares one node between an anchor and its aliases, so the aliases'
    own positions are only in the parser's events.
    """
    return [(event.start_mark.line + 1, event.start_mark.column + 1)
            for event in yaml.parse(text, Loader=_Loader) if isinstance(event, yaml.AliasEvent)]


# libyaml's words for the mistakes editors make most, and what to do about each.
_YAML_HINTS = {
    "mapping values are not allowed in this context": "a ':' where no field can start "
        "(expected 'field: value' lined up with the fields around it, or quotes around a "
        "text that contains ': ')",
    "mapping values are not allowed here": "a ':' where no field can start (expected "
        "'field: value' lined up with the fields around it, or quotes around a text that "
        "contains ': ')",
    "could not find expected ':'": "a line that is not 'field: value' (expected a ':' after "
        "the field name, or quotes around a text that runs over several lines)",
    "did not find expected key": "a line indented differently from the fields around it "
        "(expected it lined up with them)",
    "did not find expected '-' indicator": "a line indented differently from the list "
        "around it (expected '- ' entries lined up with each other)",
    "found character that cannot start any token": "a character YAML cannot start a value "
        "with, such as ` or @ (expected quotes around the text)",
}


def _yaml_message(exc: yaml.MarkedYAMLError, text_up_to_error: str) -> str:
    problem = exc.problem or str(exc)
    if "\t" in problem or "\t" in text_up_to_error:
        return "YAML syntax error: a tab character; indent with spaces"
    if problem in _YAML_HINTS:
        return f"YAML syntax error: {_YAML_HINTS[problem]}"
    if exc.context:
        return f"YAML syntax error: {problem} ({exc.context})"
    return f"YAML syntax error: {problem}"


class _TreeBuilder:
    """Turn a composed YAML node tree into plain data, noting each value's position.

    Aliases are refused rather than expanded: a record never needs them, and expanding
    them is how a few hundred bytes of YAML become gigabytes (the 'billion laughs').
    """

    def __init__(self, loader: Any, doc: Document, problems: list[Problem], line_offset: int):
        self.loader, self.doc, self.problems = loader, doc, problems
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.failed = False
        self.aliases: list[Path_] = []

    def mark(self, node: yaml.Node) -> Mark:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

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
            self.fail(node, path, "YAML is nested too deeply")
            return None
        self.doc.marks[path] = self.mark(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            self.fail(node, path, f"YAML tag {_short_tag(node.tag)} is not allowed (expected "
                                  f"plain values, lists and fields)")
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, path, "YAML merge keys (<<) are not allowed (expected "
                                              "the fields written out)")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, path, "a field name must be plain text")
                    continue
                key = key_node.value
                if key in result:
                    self.fail(key_node, path + (key,), "field appears twice in the same place "
                                                         "(expected it once)")
                    continue
                child = path + (key,)
                self.doc.key_marks[child] = self.mark(key_node)
                result[key] = self.text_or_build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.text_or_build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # what the constructor would return, without its overhead
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            self.fail(node, path, f"YAML tag {_short_tag(node.tag)} is not allowed (expected "
                                  f"plain values, lists and fields)")
            return None

    def text_or_build(self, node: yaml.Node, path: Path_) -> Any:
        """``build`` for any node, with the common case of plain text inlined: a record
        is mostly texts, and at 2,000 deals this walk was half of the loading time."""
        if (node.tag == _STR_TAG and type(node) is yaml.ScalarNode and id(node) not in self.seen
                and len(path) <= MAX_DEPTH):
            self.seen.add(id(node))
            self.doc.marks[path] = (node.start_mark.line + 1 + self.line_offset,
                                    node.start_mark.column + 1)
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
        count = f"; {more} more in this file" if more else ""
        self.problems.append(Problem(self.doc.file, line, column,
            field_name(self.aliases[0]), f"YAML aliases (*name) are not allowed (expected the "
                                         f"value written out{count})"))


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
